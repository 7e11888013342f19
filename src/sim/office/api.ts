/**
 * The public API of the simulation core, as the worker, the CLI and tests call it: validate scenario JSON,
 * run replications of a validated scenario, combine chunks of replications, export the per-patient event
 * log. Plain data in and out (results are structured-clone safe; `raw` holds typed arrays).
 */
import pkg from '../../../package.json';
import { SimulationError } from '../errors';
import { CAPS, type OfficeScenario, type Scenario } from '../scenario/schema';
import { scenarioHash } from '../scenario/hash';
import { combineRaw, type RawRecord } from '../results/record';
import { summarise, type Summary } from '../results/summary';
import { compileOffice, type CompiledOffice } from './compile';
import { runOfficeRange, officeMetrics, clockLabel, type OfficeMetrics } from './run';
import { runNetworkRange, networkMetrics, type NetworkMetrics } from './network';

export { validateScenario, type ValidationResult, type ValidationIssue } from '../scenario/validate';
export type { Scenario, OfficeScenario, NetworkScenario } from '../scenario/schema';
export type { Metric, Summary } from '../results/summary';
export { metricsJsonReplacer } from '../results/summary';
export type { RawRecord } from '../results/record';
export type { OfficeMetrics } from './run';
export type { NetworkMetrics } from './network';

/** The app version stamped on every result. */
export const APP_VERSION: string = pkg.version;

/** Options of `runScenario`. */
export interface RunScenarioOptions {
  /** Seed of the run (required: there is no unseeded mode). */
  seed: number | string;
  /** Total replications of the run (1 … 100,000). */
  replications: number;
  /** Run only replications [from, to) of it (default the whole run), e.g. one chunk on one worker. */
  from?: number;
  to?: number;
  /** Called with (replications done, replications in this call), a few times a second at most. */
  onProgress?: (done: number, total: number) => void;
}

/** What every result carries so a number can be traced back to its inputs. */
export interface ResultsMeta {
  kind: 'office' | 'network';
  appVersion: string;
  scenarioName: string;
  /** cyrb53 hash of the validated scenario's key-sorted JSON. */
  scenarioHash: string;
  seed: number | string;
  /** Replications summarised here (`to − from`), and the range. */
  replications: number;
  from: number;
  to: number;
  /** Office runs: opening time ("HH:MM"), time 0 of every minute value. */
  opensAt?: string;
  /** Events processed per replication (mean over replications). */
  eventsPerReplication: Summary;
  /** The validated scenario (so chunks can be combined and results re-read without the file). */
  scenario: Scenario;
  /** Per-replication raw values: combine chunks with `aggregateResults`. */
  raw: RawRecord;
}

/** Results of an office run. */
export type OfficeResults = ResultsMeta & { kind: 'office' } & OfficeMetrics;
/** Results of a network run. */
export type NetworkResults = ResultsMeta & { kind: 'network' } & NetworkMetrics;
/** Results of a run. */
export type SimulationResults = OfficeResults | NetworkResults;

/** Thrown for run options outside their range (a bug in the caller; invalid scenarios never get here). */
export class RunOptionsError extends SimulationError {
  override name = 'RunOptionsError';
}

const compiledCache = new WeakMap<OfficeScenario, CompiledOffice>();
function compiled(s: OfficeScenario): CompiledOffice {
  let c = compiledCache.get(s);
  if (!c) {
    c = compileOffice(s);
    compiledCache.set(s, c);
  }
  return c;
}

/**
 * Runs replications [from, to) of a validated scenario (from `validateScenario`).
 * @returns summarised results with their raw per-replication values.
 * @throws RunOptionsError for a bad range; EventBudgetError if a replication runs away.
 */
export function runScenario(scenario: Scenario, options: RunScenarioOptions): SimulationResults {
  const { seed, replications } = options;
  const from = options.from ?? 0;
  const to = options.to ?? replications;
  if (!(Number.isInteger(replications) && replications >= 1 && replications <= CAPS.replications))
    throw new RunOptionsError(`replications must be a whole number from 1 to ${CAPS.replications} (got ${replications})`);
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from < to && to <= replications))
    throw new RunOptionsError(`replication range must satisfy 0 ≤ from < to ≤ replications (got ${from}…${to} of ${replications})`);
  if (typeof seed !== 'number' && typeof seed !== 'string') throw new RunOptionsError('a seed is required');
  const onProgress = options.onProgress;
  const raw =
    scenario.kind === 'office'
      ? runOfficeRange(compiled(scenario), { seed, from, to, onProgress })
      : runNetworkRange(scenario, { seed, from, to, onProgress });
  return assemble(scenario, seed, raw);
}

/**
 * Combines results of consecutive replication ranges of the same run (same scenario and seed) into the
 * results of the whole range, bit-identical to running it in one call.
 * @throws Error if the parts differ in scenario or seed, overlap or leave a gap.
 */
export function aggregateResults(parts: SimulationResults[]): SimulationResults {
  if (parts.length === 0) throw new RunOptionsError('aggregateResults needs at least one part');
  const first = parts[0];
  for (const p of parts)
    if (p.scenarioHash !== first.scenarioHash || p.seed !== first.seed) throw new RunOptionsError('cannot combine results of different scenarios or seeds');
  return assemble(first.scenario, first.seed, combineRaw(parts.map((p) => p.raw)));
}

function assemble(scenario: Scenario, seed: number | string, raw: RawRecord): SimulationResults {
  const meta = {
    appVersion: APP_VERSION,
    scenarioName: scenario.name,
    scenarioHash: scenarioHash(scenario),
    seed,
    replications: raw.to - raw.from,
    from: raw.from,
    to: raw.to,
    eventsPerReplication: summarise(raw.events),
    scenario,
    raw,
  };
  if (scenario.kind === 'office') {
    const c = compiled(scenario);
    return { kind: 'office', ...meta, opensAt: clockLabel(c.opensClock), ...officeMetrics(c, raw) };
  }
  return { kind: 'network', ...meta, ...networkMetrics(scenario, raw) };
}
