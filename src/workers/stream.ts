/**
 * Runs a scenario's replications in chunks so results stream to the page: the first few days early, then
 * growing chunks, combined with the core's `aggregateResults` (bit-identical to one call). A view of the
 * replications done so far is emitted at most every `intervalMs`, and never more often than the cost of
 * building it allows, so a long run spends its time simulating, not summarising.
 */
import { aggregateResults, runScenario, type Scenario, type SimulationResults } from '../sim/office/api';
import { resultsView, type ResultsView } from './view';

/** A streamed update: progress, and (when due) the view of the replications done so far. */
export interface StreamUpdate {
  done: number;
  total: number;
  view?: ResultsView;
}

/** Options of {@link runStreaming}. */
export interface StreamOptions {
  seed: number;
  replications: number;
  /** Shortest gap between two updates (ms). */
  intervalMs?: number;
  /** Monotonic clock in ms (the worker passes `performance.now`). */
  now: () => number;
  /**
   * Receives progress and views. It may return a promise: the run waits for it (the page resolves it once
   * the update is drawn), so the worker does not compete with the page for the CPU while the page draws.
   */
  onUpdate?: (u: StreamUpdate) => void | Promise<unknown>;
}

/** Shortest gap between two progress-only updates (ms): a few a second. */
const PROGRESS_INTERVAL_MS = 250;

/** Replications in chunk `k` (0-based): 2, 4, 8 … capped at a fifth of the run and at 500. */
export function chunkSize(k: number, total: number): number {
  const cap = Math.max(2, Math.min(500, Math.ceil(total / 5)));
  return Math.min(cap, 2 ** (k + 1));
}

/** Runs every replication of a validated scenario in chunks; resolves to the combined results. */
export async function runStreaming(scenario: Scenario, o: StreamOptions): Promise<SimulationResults> {
  const total = o.replications;
  const interval = o.intervalMs ?? 500;
  let parts: SimulationResults[] = [];
  let lastEmit = -Infinity;
  let viewCost = 0;
  let lastProgress = -Infinity;
  // The page draws "started" before the first day is simulated (the run waits for it), so that frame does
  // not compete with the simulation for the CPU either.
  await o.onUpdate?.({ done: 0, total });
  for (let from = 0, k = 0; from < total; k++) {
    const to = Math.min(total, from + chunkSize(k, total));
    parts.push(runScenario(scenario, { seed: o.seed, replications: total, from, to }));
    from = to;
    if (!o.onUpdate || to === total) continue;
    const t = o.now();
    if (t - lastEmit >= Math.max(interval, 4 * viewCost)) {
      const combined = aggregateResults(parts);
      parts = [combined];
      const view = resultsView(combined, total);
      viewCost = o.now() - t;
      lastEmit = o.now();
      lastProgress = lastEmit;
      await o.onUpdate({ done: to, total, view });
    } else if (t - lastProgress >= PROGRESS_INTERVAL_MS) {
      lastProgress = t;
      await o.onUpdate({ done: to, total });
    }
  }
  return parts.length === 1 ? parts[0] : aggregateResults(parts);
}
