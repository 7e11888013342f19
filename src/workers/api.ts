/**
 * The worker's API: a plain object of functions, callable without a Worker (tests call it directly).
 * Expected failures (an invalid scenario) come back as data; `throw` is for bugs.
 */
import { runScenario, validateScenario, type SimulationResults } from '../sim/office/api';

/** What the UI asks for. */
export interface RunOptions {
  /** Seed for the named random streams; same seed ⇒ same results. */
  seed: number;
  /** Number of simulated days (replications), ≥ 1. */
  replications: number;
}

/** Streamed progress: replications done so far. */
export interface RunProgress {
  done: number;
  total: number;
}

/** A problem found in a scenario: a JSON path (`$` is the root) and what is wrong. */
export interface ScenarioProblem {
  path: string;
  message: string;
}

export type ValidateOutcome = { ok: true } | { ok: false; issues: ScenarioProblem[] };
export type RunOutcome = { ok: true; results: SimulationResults } | { ok: false; issues: ScenarioProblem[] };

/** Shortest gap between two progress callbacks (ms): a few updates a second keep rendering smooth. */
const PROGRESS_INTERVAL_MS = 150;

export const simApi = {
  /** Validates scenario JSON: every problem at once, each with its path. */
  validate(json: unknown): ValidateOutcome {
    const v = validateScenario(json);
    return v.ok ? { ok: true } : { ok: false, issues: v.issues.map((i) => ({ path: i.path, message: i.message })) };
  },

  /** Validates, then runs the scenario; progress is throttled to a few updates a second. */
  async run(json: unknown, options: RunOptions, onProgress?: (p: RunProgress) => void): Promise<RunOutcome> {
    const v = validateScenario(json);
    if (!v.ok) return { ok: false, issues: v.issues.map((i) => ({ path: i.path, message: i.message })) };
    let last = 0;
    const results = runScenario(v.scenario, {
      seed: options.seed,
      replications: options.replications,
      onProgress: onProgress
        ? (done: number, total: number) => {
            const now = performance.now();
            if (done === total || now - last >= PROGRESS_INTERVAL_MS) {
              last = now;
              void onProgress({ done, total });
            }
          }
        : undefined,
    });
    return { ok: true, results };
  },
};

export type SimApi = typeof simApi;
