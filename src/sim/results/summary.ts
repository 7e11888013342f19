/**
 * Summaries of a raw run record: each metric's per-replication values reported as `mean` (of the
 * replications' values), `sd` (between replications) and `ci95` (Student t, via stats.ts), with pooled
 * percentiles (linear interpolation, d3-array's R-7) for per-patient times and the mean of each day's
 * percentile with its own CI. The definitions are in docs/results.md.
 */
import { confidenceInterval, quantileSorted, sortedCopy } from '../stats';
import type { RawRecord } from './record';

/** Mean, sd and 95% CI of per-replication values (null where undefined: no finite value, or one value). */
export interface Summary {
  mean: number | null;
  /** Student-t 95% confidence interval of the mean over replications. */
  ci95: [number, number] | null;
  /** Standard deviation between replications. */
  sd: number | null;
  /** Replications with a value (a day without any visit to a step has no wait there). */
  n: number;
}

/** A metric: its summary, its per-replication values, and for per-patient times pooled percentiles. */
export interface Metric extends Summary {
  /** One value per replication, in replication order (null where the day had none). */
  values: (number | null)[];
  /** Pooled over every patient (or visit) of every replication: one number each, no CI. */
  p50?: number | null;
  p90?: number | null;
  p95?: number | null;
  max?: number | null;
  /** The day's own percentiles, summarised over replications (mean of the daily p90, with its CI…). */
  daily?: { p50: Summary; p90: Summary; p95: Summary };
}

/** Summarises values, ignoring NaN. */
export function summarise(values: ArrayLike<number>): Summary {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) finite.push(values[i]);
  if (finite.length === 0) return { mean: null, ci95: null, sd: null, n: 0 };
  const ci = confidenceInterval(finite, 0.95);
  return {
    mean: ci.mean,
    ci95: ci.low === null || ci.high === null ? null : [ci.low, ci.high],
    sd: ci.sd,
    n: ci.n,
  };
}

const orNull = (x: number | undefined): number | null => (x === undefined || !Number.isFinite(x) ? null : x);

/** The metric for column `key` of `raw` (with pooled and daily percentiles where the record has them). */
export function metricOf(raw: RawRecord, key: string): Metric {
  const i = raw.repKeys.indexOf(key);
  if (i < 0) throw new Error(`no metric ${key}`);
  const col = raw.columns[i];
  const m: Metric = { ...summarise(col), values: Array.from(col, (x) => (Number.isFinite(x) ? x : null)) };
  const s = raw.sampleKeys.indexOf(key);
  if (s >= 0) {
    const sorted = sortedCopy(raw.samples[s]);
    m.p50 = orNull(quantileSorted(sorted, 0.5));
    m.p90 = orNull(quantileSorted(sorted, 0.9));
    m.p95 = orNull(quantileSorted(sorted, 0.95));
    m.max = sorted.length > 0 ? sorted[sorted.length - 1] : null;
  }
  const daily = (p: string) => {
    const j = raw.repKeys.indexOf(`${key}#${p}`);
    return j >= 0 ? summarise(raw.columns[j]) : null;
  };
  const d50 = daily('p50');
  const d90 = daily('p90');
  const d95 = daily('p95');
  if (d50 && d90 && d95) m.daily = { p50: d50, p90: d90, p95: d95 };
  return m;
}

/**
 * Every metric of `raw` as a nested object: key `a.b.c` becomes `out.a.b.c`. Keys with a `#pXX` suffix
 * (a day's percentile) are folded into their base metric's `daily`.
 */
export function nestMetrics(raw: RawRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of raw.repKeys) {
    if (key.includes('#')) continue;
    const parts = key.split('.');
    let node = out;
    for (let i = 0; i < parts.length - 1; i++) {
      node[parts[i]] ??= {};
      node = node[parts[i]] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]] = metricOf(raw, key);
  }
  return out;
}

/** Mean over replications of each column of a row-major [rep × width] table (NaN ignored). */
export function columnMeans(table: Float64Array, width: number): number[] {
  const rows = width > 0 ? table.length / width : 0;
  return Array.from({ length: width }, (_, j) => {
    let sum = 0;
    let n = 0;
    for (let r = 0; r < rows; r++) {
      const x = table[r * width + j];
      if (Number.isFinite(x)) {
        sum += x;
        n++;
      }
    }
    return n > 0 ? sum / n : 0;
  });
}

/** The p-quantile over replications of each column of a row-major [rep × width] table. */
export function columnQuantiles(table: Float64Array, width: number, p: number): number[] {
  const rows = width > 0 ? table.length / width : 0;
  const col = new Float64Array(rows);
  return Array.from({ length: width }, (_, j) => {
    for (let r = 0; r < rows; r++) col[r] = table[r * width + j];
    return quantileSorted(col.sort(), p) ?? 0;
  });
}
