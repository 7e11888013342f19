/** The simulation worker: exposes the plain API objects through comlink. No model logic lives here. */
import { expose, releaseProxy, transfer, type Remote } from 'comlink';
import { simApi, type RunOptions, type RunProgress } from './api';
import { plannerApi, type PlannerRunOptions } from './plannerApi';
import type { StreamUpdate } from './stream';
import { viewTransferables } from './view';
import { dayTransferables } from './dayView';
import type { WorkerApi } from './workerApi';

/** Releases a comlink callback proxy (its port) when a run ends. */
const release = (callback: unknown) => (callback as Remote<() => void> | undefined)?.[releaseProxy]();

const exposed: WorkerApi = {
  ...simApi,
  ...plannerApi,
  async run(json: unknown, options: RunOptions, onProgress?: (p: RunProgress) => void) {
    try {
      return await simApi.run(json, options, onProgress);
    } finally {
      release(onProgress);
    }
  },
  async runStreaming(json: unknown, options: PlannerRunOptions, onUpdate?: (u: StreamUpdate) => void | Promise<unknown>) {
    try {
      // Views cross as transferred typed arrays: no copy, and the worker never touches them again. The run
      // waits for the page to draw an update (the callback's promise) before it simulates on.
      const send = onUpdate ? (u: StreamUpdate) => onUpdate(u.view ? transfer(u, viewTransferables(u.view)) : u) : undefined;
      const out = await plannerApi.runStreaming(json, options, send);
      return out.ok ? transfer(out, [...viewTransferables(out.view), ...(out.day ? dayTransferables(out.day) : [])]) : out;
    } finally {
      release(onUpdate);
    }
  },
};

expose(exposed);
