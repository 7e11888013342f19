/**
 * The UI's side of the simulation worker. It owns the worker's life: one run at a time, cancel terminates
 * the worker (a message cannot interrupt a synchronous loop) and rejects the calls pending on it, and a
 * crashed worker is reported and replaced by a fresh one on the next call.
 */
import { wrap, proxy, type Remote } from 'comlink';
import type { RunOptions, RunProgress, RunOutcome, ValidateOutcome } from './api';
import type { WorkerApi } from './workerApi';
import type { PlannerOutcome, PlannerRunOptions } from './plannerApi';
import type { StreamUpdate } from './stream';

/** Why a run did not finish: the user cancelled it, or the worker crashed. */
export class RunAbortedError extends Error {
  override name = 'RunAbortedError';
  constructor(
    message: string,
    readonly reason: 'cancelled' | 'crashed',
  ) {
    super(message);
  }
}

interface Pending {
  reject: (e: Error) => void;
}

/** Client for the simulation worker; create one per page. */
export class SimClient {
  #worker: Worker | null = null;
  #remote: Remote<WorkerApi> | null = null;
  #pending = new Set<Pending>();

  #ensure(): Remote<WorkerApi> {
    if (this.#remote) return this.#remote;
    const worker = new Worker(new URL('./sim.worker.ts', import.meta.url), { type: 'module' });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.#discard(new RunAbortedError(`The simulation stopped unexpectedly: ${event.message || 'worker error'}`, 'crashed'));
    });
    this.#worker = worker;
    this.#remote = wrap<WorkerApi>(worker);
    return this.#remote;
  }

  /** Terminates the worker and rejects everything pending on it (comlink would leave them pending forever). */
  #discard(error: RunAbortedError): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#remote = null;
    const pending = [...this.#pending];
    this.#pending.clear();
    for (const p of pending) p.reject(error);
  }

  #track<T>(call: (remote: Remote<WorkerApi>) => Promise<T>): Promise<T> {
    const remote = this.#ensure();
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = { reject };
      this.#pending.add(entry);
      call(remote).then(
        (value) => {
          if (this.#pending.delete(entry)) resolve(value);
        },
        (error: unknown) => {
          if (this.#pending.delete(entry)) reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  /** Validates scenario JSON in the worker; problems come back as data, never as a throw. */
  validate(json: unknown): Promise<ValidateOutcome> {
    return this.#track((remote) => remote.validate(json) as Promise<ValidateOutcome>);
  }

  /**
   * Runs a scenario. `json` must be plain data (send `$state.snapshot(…)`, never a rune proxy).
   * Progress arrives through `onProgress`, throttled by the worker. Rejects with {@link RunAbortedError}
   * when cancelled or when the worker crashes.
   */
  run(json: unknown, options: RunOptions, onProgress?: (p: RunProgress) => void): Promise<RunOutcome> {
    // The worker releases this proxy when the run ends; a terminated worker takes its port with it.
    const callback = onProgress ? proxy(onProgress) : undefined;
    return this.#track((remote) => remote.run(json, options, callback) as Promise<RunOutcome>);
  }

  /**
   * Runs a scenario in chunks: `onUpdate` receives progress and, a few times a second, the view of the
   * replications done so far. Same cancel and crash rules as {@link SimClient.run}.
   */
  runStreaming(json: unknown, options: PlannerRunOptions, onUpdate?: (u: StreamUpdate) => void | Promise<unknown>): Promise<PlannerOutcome> {
    const callback = onUpdate ? proxy(onUpdate) : undefined;
    return this.#track((remote) => remote.runStreaming(json, options, callback) as Promise<PlannerOutcome>);
  }

  /** An export of the last finished run (results JSON/CSV, or the event log of its first `days` days); null if none. */
  exportLast(what: 'json' | 'csv' | 'events', days = 1): Promise<string | null> {
    return this.#track((remote) => remote.exportLast(what, days) as Promise<string | null>);
  }

  /** Stops the current run at once: terminates the worker; the next call starts a fresh one. */
  cancel(): void {
    if (this.#pending.size > 0 || this.#worker) this.#discard(new RunAbortedError('Run cancelled', 'cancelled'));
  }

  /** Releases the worker (page teardown). */
  dispose(): void {
    this.cancel();
  }
}
