/**
 * The engine on the same M/M/c model as the bare loop, through its two public entry points, trace off:
 * - the engine's own API, `runReplications(model, { seed, from, to })`: the full metric vector, no records;
 * - the app's API, `runScenario(networkScenario, …)` after `validateScenario`, as the worker calls it:
 *   per-customer records, pooled percentiles and summary statistics.
 */
import type { NetworkModel } from '../src/sim/model';
import { runScenario, validateScenario } from '../src/sim/office';
import { runReplications } from '../src/sim/replications';

/** What one engine run returns. */
export interface EngineMmcResult {
  /** Patients served (those arriving before the horizon, followed until they leave). */
  customers: number;
  /** Events the engine reports having processed. */
  events: number;
  /** The engine's mean wait in line at the step (minutes). */
  meanWaitMinutes: number;
  warnings: string[];
}

/**
 * The M/M/c model as a {@link NetworkModel}: Poisson arrivals for as long as `customers` arrivals take on
 * average, no warm-up deletion (the bare loop also counts every customer from an empty start).
 */
export function mmcModel(customers: number, servers: number, arrivalsPerHour: number, meanServiceMinutes: number): NetworkModel {
  return {
    pools: [{ name: 'servers', size: servers }],
    steps: [{ name: 'desk', needs: [{ pool: 'servers' }], service: { kind: 'exponential', meanMinutes: meanServiceMinutes } }],
    sources: [{ kind: 'arrivals', name: 'arrivals', arrivals: { kind: 'poisson', ratePerHour: arrivalsPerHour } }],
    run: { kind: 'steady-state', horizonMinutes: (customers / arrivalsPerHour) * 60, warmupMinutes: 0 },
  };
}

/** Runs replication `replication` of `model` with the engine. */
export function engineMmc(model: NetworkModel, seed: string, replication: number): EngineMmcResult {
  const batch = runReplications(model, { seed, from: replication, to: replication + 1 });
  const run = batch.replications[0];
  const at = (name: string): number => {
    const i = batch.layout.index[name];
    if (i === undefined) throw new Error(`engine result has no metric ${name}`);
    return run.values[i];
  };
  return {
    customers: at('patients.served'),
    events: at('run.events'),
    meanWaitMinutes: at(`step.${model.steps[0].name}.wait.mean`),
    warnings: [...batch.warnings, ...run.warnings],
  };
}

/** The same M/M/c as a network scenario (scenario format v1), as a user of the app writes it. */
export function mmcScenario(customers: number, servers: number, arrivalsPerHour: number, meanServiceMinutes: number): unknown {
  return {
    version: 1,
    kind: 'network',
    name: `M/M/${servers} benchmark`,
    notes: 'npm run bench: the engine against the bare loop (bench/bareMmc.ts).',
    horizonMinutes: (customers / arrivalsPerHour) * 60,
    warmupMinutes: 0,
    stations: [{ id: 'desk', name: 'Desk', servers, serviceMinutes: { kind: 'exponential', meanMinutes: meanServiceMinutes } }],
    sources: [{ id: 'arrivals', to: 'desk', ratePerHour: arrivalsPerHour }],
  };
}

/**
 * Runs replication `replication` of the scenario through the app's API, as the worker does: validate, then
 * `runScenario` (engine run with per-customer records, pooled percentiles and summary statistics).
 */
export function scenarioMmc(json: unknown, seed: string, replication: number): EngineMmcResult {
  const v = validateScenario(json);
  if (!v.ok) throw new Error(`benchmark scenario is invalid: ${v.issues[0]?.path} ${v.issues[0]?.message}`);
  const r = runScenario(v.scenario, { seed, replications: replication + 1, from: replication, to: replication + 1 });
  if (r.kind !== 'network') throw new Error('expected network results');
  const desk = Object.values(r.steps)[0];
  return {
    customers: r.patients.seen?.mean ?? NaN,
    events: r.eventsPerReplication.mean ?? NaN,
    meanWaitMinutes: desk?.waitMinutes.mean ?? NaN,
    warnings: r.warnings,
  };
}
