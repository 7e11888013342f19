/** The simulation worker: exposes the plain API object through comlink. No model logic lives here. */
import { expose, releaseProxy, type Remote } from 'comlink';
import { simApi, type RunOptions, type RunProgress, type SimApi } from './api';

const exposed: SimApi = {
  ...simApi,
  async run(json: unknown, options: RunOptions, onProgress?: (p: RunProgress) => void) {
    try {
      return await simApi.run(json, options, onProgress);
    } finally {
      // The callback is a comlink proxy to the page: release its port when the run ends.
      (onProgress as Remote<(p: RunProgress) => void> | undefined)?.[releaseProxy]();
    }
  },
};

expose(exposed);
