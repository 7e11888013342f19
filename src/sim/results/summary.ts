/**
 * Summaries of a raw run record: each metric's per-replication values reported as `mean` (of the
 * replications' values), `sd` (between replications) and `ci95` (Student t, via stats.ts), with pooled
 * percentiles (linear interpolation, d3-array's R-7) for per-patient times and the mean of each day's
 * percentile with its own CI. The definitions are in docs/results.md.
 */
import { confidenceInterval } from '../stats';
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


/** The metric for column `key` of `raw` (with pooled and daily percentiles where the record has them). */
export function metricOf(raw: RawRecord, key: string): Metric {
  const i = raw.repKeys.indexOf(key);
  if (i < 0) throw new Error(`no metric ${key}`);
  const col = raw.columns[i];
  const values: (number | null)[] = new Array(col.length);
  for (let r = 0; r < col.length; r++) values[r] = Number.isFinite(col[r]) ? col[r] : null;
  const m: Metric = { ...summarise(col), values };
  const s = raw.sampleKeys.indexOf(key);
  if (s >= 0) {
    const [p50, p90, p95, max] = pooledQuantiles(raw.samples[s], [0.5, 0.9, 0.95, 1]);
    m.p50 = p50;
    m.p90 = p90;
    m.p95 = p95;
    m.max = max;
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

/** The p-quantiles over replications (type 7) of each column of a row-major [rep × width] table: one array per p. */
export function columnQuantiles(table: Float64Array, width: number, ps: readonly number[]): number[][] {
  const rows = width > 0 ? table.length / width : 0;
  const col = new Float64Array(rows);
  const q = new Float64Array(ps.length);
  const out = ps.map(() => new Array<number>(width).fill(0));
  for (let j = 0; j < width && rows > 0; j++) {
    for (let r = 0; r < rows; r++) col[r] = table[r * width + j];
    quantilesInPlace(col, 0, rows, ps, q);
    for (let k = 0; k < ps.length; k++) out[k][j] = q[k];
  }
  return out;
}

/** Exchanges a[i] and a[j]. */
function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/**
 * Rearranges a[left..right] so that a[k] is the value a sort would put there, with smaller-or-equal values
 * before it and larger-or-equal after (Hoare's selection, median-of-three pivot): O(n) on average, where a
 * full sort would be O(n log n).
 */
export function select(a: Float64Array, k: number, left: number, right: number): void {
  while (right > left) {
    const mid = (left + right) >>> 1;
    if (a[mid] < a[left]) swap(a, mid, left);
    if (a[right] < a[left]) swap(a, right, left);
    if (a[right] < a[mid]) swap(a, right, mid);
    const pivot = a[mid];
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

/**
 * Percentiles of a[from, from + n) (no NaN) by linear interpolation between order statistics (Hyndman–Fan
 * type 7, as d3-array's `quantile`: h = (n − 1)p, x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎)), found by selection;
 * reorders that range. `ps` must be ascending in [0, 1]; results go to `out`.
 */
export function quantilesInPlace(a: Float64Array, from: number, n: number, ps: readonly number[], out: Float64Array): void {
  const end = from + n - 1;
  let lo = from;
  for (let j = 0; j < ps.length; j++) {
    const h = (n - 1) * ps[j];
    const i0 = Math.floor(h);
    const k = from + i0;
    select(a, k, lo, end);
    lo = k;
    const v0 = a[k];
    if (k >= end || h === i0) {
      out[j] = v0;
      continue;
    }
    // The next order statistic is the smallest value after position k (all of them are ≥ a[k]).
    let v1 = a[k + 1];
    for (let i = k + 2; i <= end; i++) if (a[i] < v1) v1 = a[i];
    out[j] = v0 + (v1 - v0) * (h - i0);
  }
}

/**
 * Percentiles of pooled per-patient values (type 7, as d3-array's `quantile`), NaN ignored; the input is
 * not changed. `ps` must be ascending in [0, 1].
 * @returns one value per p, null when there are no values.
 */
export function pooledQuantiles(values: Float64Array, ps: readonly number[]): (number | null)[] {
  let n = 0;
  const a = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) a[n++] = values[i];
  if (n === 0) return ps.map(() => null);
  const out = new Float64Array(ps.length);
  quantilesInPlace(a, 0, n, ps, out);
  return Array.from(out);
}
