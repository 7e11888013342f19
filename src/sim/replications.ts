/**
 * Replications and their aggregation. A replication's numbers depend only on (model, seed, replication
 * number): streams are seeded from that triple. Aggregation sorts by replication number before summing, so
 * one pass, several chunks, or several workers give bit-identical aggregates for the same seed.
 */
import { compileModel, type CompiledModel } from './compile';
import { runOnce, type RunResult } from './engine';
import { SimulationError } from './errors';
import type { NetworkModel } from './model';
import { metricLayout, type MetricLayout } from './results';
import { studentTQuantile } from './stats';

/** Which replications to run. */
export interface ReplicationRange {
  /** Scenario seed. */
  seed: string | number;
  /** First replication number (integer ≥ 0). */
  from: number;
  /** One past the last replication number (integer ≥ from). */
  to: number;
  /** Record per-patient timestamps (default false). */
  record?: boolean;
  /** Record the event trace (default false). */
  trace?: boolean;
  /** Event budget per replication. */
  maxEvents?: number;
}

/** The per-replication results of a range. */
export interface ReplicationBatch {
  /** Metric names of every `values` vector. */
  layout: MetricLayout;
  /** One result per replication, in replication order. */
  replications: RunResult[];
  /** Compile-time warnings of the model. */
  warnings: string[];
}

/** Thrown for an invalid replication range or an empty aggregate. */
export class ReplicationError extends SimulationError {
  override name = 'ReplicationError';
}

/**
 * Runs replications `from` … `to − 1` of a model, one after the other.
 * @param model a model (compiled here) or an already compiled model.
 * @returns per-replication results in replication order.
 * @throws ModelError for an invalid model; ReplicationError for a bad range; engine errors from runs.
 */
export function runReplications(model: NetworkModel | CompiledModel, range: ReplicationRange): ReplicationBatch {
  const c = 'stageStep' in model ? model : compileModel(model);
  const { from, to } = range;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < from) {
    throw new ReplicationError(`replication range must be integers with 0 ≤ from ≤ to (got from=${from}, to=${to})`);
  }
  const replications: RunResult[] = [];
  for (let r = from; r < to; r++) {
    replications.push(runOnce(c, { seed: range.seed, replication: r, record: range.record, trace: range.trace, maxEvents: range.maxEvents }));
  }
  return { layout: metricLayout(c), replications, warnings: [...c.warnings] };
}

/** Across-replication summary of every metric (arrays in layout order). */
export interface Aggregate {
  /** Confidence level of the intervals, e.g. 0.95. */
  level: number;
  /** Replications aggregated. */
  replications: number;
  /** Per metric: replications with a finite value (NaN values, e.g. a step nobody visited, are skipped). */
  n: Float64Array;
  /** Per metric: mean over replications. */
  mean: Float64Array;
  /** Per metric: sample standard deviation between replications (NaN if n < 2). */
  sd: Float64Array;
  /** Per metric: Student-t half-width t(1 − α/2, n − 1)·sd/√n (NaN if n < 2). */
  halfWidth: Float64Array;
  /** Distinct warnings of all replications, in order of first appearance. */
  warnings: string[];
}

/**
 * Aggregates per-replication results: mean, sd and Student-t confidence half-width per metric. Results
 * are put in replication order first (Welford's update in that order), so the outcome never depends on
 * the order in which chunks or workers delivered them.
 * @param results per-replication results (any order; each replication number once).
 * @param level confidence level in (0, 1); default 0.95.
 * @throws ReplicationError if there are no results, a replication appears twice, or vector lengths differ.
 */
export function aggregate(results: readonly Pick<RunResult, 'replication' | 'values' | 'warnings'>[], level = 0.95): Aggregate {
  if (results.length === 0) throw new ReplicationError('nothing to aggregate: no replications');
  if (!(level > 0 && level < 1)) throw new ReplicationError(`confidence level must be in (0, 1) (got ${level})`);
  const sorted = [...results].sort((a, b) => a.replication - b.replication);
  const m = sorted[0].values.length;
  const n = new Float64Array(m);
  const mean = new Float64Array(m);
  const m2 = new Float64Array(m);
  const warnings: string[] = [];
  const seen = new Set<string>();
  for (let r = 0; r < sorted.length; r++) {
    const res = sorted[r];
    if (r > 0 && res.replication === sorted[r - 1].replication) throw new ReplicationError(`replication ${res.replication} appears twice`);
    if (res.values.length !== m) throw new ReplicationError(`replication ${res.replication} has ${res.values.length} metrics, expected ${m}`);
    for (let k = 0; k < m; k++) {
      const x = res.values[k];
      if (!Number.isFinite(x)) continue;
      const cnt = ++n[k];
      const d = x - mean[k];
      mean[k] += d / cnt;
      m2[k] += d * (x - mean[k]);
    }
    for (const w of res.warnings) {
      if (!seen.has(w)) {
        seen.add(w);
        warnings.push(w);
      }
    }
  }
  const sd = new Float64Array(m);
  const halfWidth = new Float64Array(m);
  const tCache = new Map<number, number>();
  for (let k = 0; k < m; k++) {
    if (n[k] === 0) mean[k] = NaN;
    if (n[k] < 2) {
      sd[k] = NaN;
      halfWidth[k] = NaN;
      continue;
    }
    sd[k] = Math.sqrt(m2[k] / (n[k] - 1));
    let t = tCache.get(n[k]);
    if (t === undefined) {
      t = studentTQuantile(1 - (1 - level) / 2, n[k] - 1);
      tCache.set(n[k], t);
    }
    halfWidth[k] = (t * sd[k]) / Math.sqrt(n[k]);
  }
  return { level, replications: sorted.length, n, mean, sd, halfWidth, warnings };
}

/**
 * One metric of an aggregate by name.
 * @returns mean, sd, half-width and interval bounds; throws ReplicationError for an unknown name.
 */
export function metric(agg: Aggregate, layout: MetricLayout, name: string): { mean: number; sd: number; halfWidth: number; low: number; high: number } {
  const k = layout.index[name];
  if (k === undefined) throw new ReplicationError(`unknown metric "${name}"`);
  const hw = agg.halfWidth[k];
  return { mean: agg.mean[k], sd: agg.sd[k], halfWidth: hw, low: agg.mean[k] - hw, high: agg.mean[k] + hw };
}

export { metricLayout };
