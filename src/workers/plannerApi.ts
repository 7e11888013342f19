/**
 * The planner's worker calls: a streaming run (views of the replications done so far, then the final view
 * and one day's patients), and exports of the last run. A plain object of functions, callable without a
 * Worker in tests. Invalid scenarios come back as data; `throw` is for bugs.
 */
import { validateScenario, type SimulationResults } from '../sim/office/api';
import { runStreaming, type StreamUpdate } from './stream';
import { resultsView, type ResultsView } from './view';
import { dayView, eventLogCsv, type DayView } from './dayView';
import { resultsCsv, resultsJson } from './exporting';
import type { ScenarioProblem } from './api';

/** Options of a planner run. */
export interface PlannerRunOptions {
  seed: number;
  replications: number;
}

/** A finished planner run: the final view and one simulated day (office scenarios). */
export type PlannerOutcome = { ok: true; view: ResultsView; day: DayView | null } | { ok: false; issues: ScenarioProblem[] };

/** The last finished run, kept for exports (a worker that is replaced forgets it: the page reruns). */
let last: { results: SimulationResults; json: unknown; seed: number } | null = null;

const issuesOf = (v: { issues: { path: string; message: string }[] }): ScenarioProblem[] => v.issues.map((i) => ({ path: i.path, message: i.message }));

export const plannerApi = {
  /** Runs in chunks, calling `onUpdate` with progress and, a few times a second, the view so far. */
  async runStreaming(json: unknown, options: PlannerRunOptions, onUpdate?: (u: StreamUpdate) => void | Promise<unknown>): Promise<PlannerOutcome> {
    const v = validateScenario(json);
    if (!v.ok) return { ok: false, issues: issuesOf(v) };
    const results = await runStreaming(v.scenario, {
      seed: options.seed,
      replications: options.replications,
      // A view a second: each one costs the page a few frames of work, progress alone is cheap.
      intervalMs: 1000,
      now: () => performance.now(),
      onUpdate,
    });
    last = { results, json, seed: options.seed };
    const view = resultsView(results, options.replications);
    const day = v.scenario.kind === 'office' ? dayView(v.scenario, options.seed, 0) : null;
    return { ok: true, view, day };
  },

  /** Exports of the last finished run: results as JSON or CSV, or the event log of its first `days` days. */
  exportLast(what: 'json' | 'csv' | 'events', days = 1): string | null {
    if (!last) return null;
    if (what === 'json') return resultsJson(last.results, 'ClinicFlow planner');
    if (what === 'csv') return resultsCsv(last.results);
    const v = validateScenario(last.json);
    if (!v.ok || v.scenario.kind !== 'office') return null;
    return eventLogCsv(v.scenario, last.seed, Math.max(1, Math.min(days, last.results.replications)));
  },
};

export type PlannerApi = typeof plannerApi;
