/**
 * Clinic days per second for the default office scenario, timed as the worker's `run` call does the work
 * (src/workers/api.ts) minus the worker: validate the scenario JSON, then `runScenario(scenario, { seed,
 * replications })`, which compiles it, simulates every day with its per-patient records and returns the
 * summary statistics. On the main thread, so no worker start-up is included.
 */
import { readFileSync } from 'node:fs';
import { runScenario, validateScenario } from '../src/sim/office';
import { interleave, median, repeat } from './measure';

/** The office figures. */
export interface OfficeBench {
  replications: number;
  runs: number;
  /** Times of the warm-up calls, ms. */
  warmupMs: number[];
  /** Median wall time of one call (validate + compile + run + summarise), ms. */
  medianMs: number;
  daysPerSecond: number;
  /** Median time of validation + compilation alone (a one-replication call minus one day), ms. */
  setupMs: number;
  /** Mean events per simulated day. */
  eventsPerDay: number;
  /** Mean patients seen per day. */
  patientsPerDay: number;
}

/** Times `runs` calls of validate + runScenario on scenarios/default.json, after `warmups` warm-up calls. */
export function officeBench(replications: number, runs: number, warmups: number): OfficeBench {
  const json: unknown = JSON.parse(readFileSync(new URL('../scenarios/default.json', import.meta.url), 'utf8'));
  const call = (seed: number, n: number) => {
    const v = validateScenario(json);
    if (!v.ok) throw new Error(`scenarios/default.json is invalid: ${v.issues[0]?.path} ${v.issues[0]?.message}`);
    return runScenario(v.scenario, { seed, replications: n });
  };
  const [series] = interleave(runs, warmups, [(r: number) => call(1000 + r, replications)]);
  const timedRuns = series.runs;
  const medianMs = median(timedRuns.map((t) => t.ms));
  const last = timedRuns[timedRuns.length - 1].value;
  const single = median(repeat(runs * 3, 3, (r) => call(2000 + r, 1)).map((t) => t.ms));
  const seen = last.patients.seen?.mean ?? NaN;
  return {
    replications,
    runs,
    warmupMs: series.warmupMs,
    medianMs,
    daysPerSecond: (replications / medianMs) * 1e3,
    setupMs: Math.max(0, single - medianMs / replications),
    eventsPerDay: last.eventsPerReplication.mean ?? NaN,
    patientsPerDay: seen,
  };
}
