/**
 * Summaries of a raw run record: each metric's per-replication values reported as `mean` (of the
 * replications' values), `sd` (between replications) and `ci95` (Student t, via stats.ts), with pooled
 * percentiles (linear interpolation, d3-array's R-7) for per-patient times and the mean of each day's
 * percentile with its own CI. The definitions are in docs/results.md.
 */
import { studentTQuantile } from '../stats';
import { Tally } from '../tally';
import { quantilesOf, pooledQuantiles } from './percentiles';
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
  /**
   * One value per replication, in replication order, NaN where the day had none: the record's own column
   * (a view, not a copy), so a result holds each per-replication value once and crosses the worker boundary
   * as typed arrays. JSON exports write it as a list with null for NaN ({@link metricsJsonReplacer}).
   */
  values: Float64Array;
  /** Pooled over every patient (or visit) of every replication: one number each, no CI. */
  p50?: number | null;
  p90?: number | null;
  p95?: number | null;
  max?: number | null;
  /** The day's own percentiles, summarised over replications (mean of the daily p90, with its CI…). */
  daily?: { p50: Summary; p90: Summary; p95: Summary };
}

/** Confidence level of every summary's interval. */
const LEVEL = 0.95;
/**
 * t(1 − (1 − level)/2, n − 1) by n, as `confidenceInterval` computes it: a run summarises a few hundred
 * columns that nearly all have the same n, and each quantile costs a Newton solve on the incomplete beta.
 */
const tQuantileByN = new Map<number, number>();
function tQuantile(n: number): number {
  let t = tQuantileByN.get(n);
  if (t === undefined) {
    t = studentTQuantile(1 - (1 - LEVEL) / 2, n - 1);
    tQuantileByN.set(n, t);
  }
  return t;
}

/**
 * Summarises values, ignoring NaN (and ±Infinity): the same numbers as `confidenceInterval(finite, 0.95)`
 * (stats.ts), computed in one pass with the same Welford tally and the t quantile looked up by n.
 */
export function summarise(values: ArrayLike<number>): Summary {
  const tally = new Tally();
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (Number.isFinite(x)) tally.add(x);
  }
  return summaryOf(tally.count, tally.mean, tally.m2);
}

/** The summary of a Welford tally (count, mean, M2), as {@link summarise} reports it. */
function summaryOf(n: number, mean: number, m2: number): Summary {
  if (n === 0) return { mean: null, ci95: null, sd: null, n: 0 };
  if (n === 1) return { mean, ci95: null, sd: null, n };
  const sd = Math.sqrt(m2 / (n - 1));
  const halfWidth = (tQuantile(n) * sd) / Math.sqrt(n);
  return { mean, ci95: [mean - halfWidth, mean + halfWidth], sd, n };
}

/**
 * {@link summarise} of every column (equal lengths), bit for bit, four columns per pass: each column's
 * Welford update waits on its own previous division, so four independent chains keep the divider busy
 * where one leaves it idle most of the time.
 */
export function summariseColumns(columns: readonly Float64Array[]): Summary[] {
  const out: Summary[] = new Array(columns.length);
  let i = 0;
  for (; i + 4 <= columns.length; i += 4) {
    const a = columns[i];
    const b = columns[i + 1];
    const c = columns[i + 2];
    const d = columns[i + 3];
    const rows = a.length;
    if (b.length !== rows || c.length !== rows || d.length !== rows) break;
    let na = 0;
    let nb = 0;
    let nc = 0;
    let nd = 0;
    let ma = 0;
    let mb = 0;
    let mc = 0;
    let md = 0;
    let sa = 0;
    let sb = 0;
    let sc = 0;
    let sd = 0;
    for (let r = 0; r < rows; r++) {
      const xa = a[r];
      const xb = b[r];
      const xc = c[r];
      const xd = d[r];
      if (Number.isFinite(xa)) {
        const delta = xa - ma;
        ma += delta / ++na;
        sa += delta * (xa - ma);
      }
      if (Number.isFinite(xb)) {
        const delta = xb - mb;
        mb += delta / ++nb;
        sb += delta * (xb - mb);
      }
      if (Number.isFinite(xc)) {
        const delta = xc - mc;
        mc += delta / ++nc;
        sc += delta * (xc - mc);
      }
      if (Number.isFinite(xd)) {
        const delta = xd - md;
        md += delta / ++nd;
        sd += delta * (xd - md);
      }
    }
    out[i] = summaryOf(na, ma, sa);
    out[i + 1] = summaryOf(nb, mb, sb);
    out[i + 2] = summaryOf(nc, mc, sc);
    out[i + 3] = summaryOf(nd, md, sd);
  }
  for (; i < columns.length; i++) out[i] = summarise(columns[i]);
  return out;
}

/** Column index by metric key, and sample index by key, of a raw record (built once per nesting). */
export interface KeyIndex {
  columns: Map<string, number>;
  samples: Map<string, number>;
  /** By base key: the columns of its daily p50, p90 and p95 (`key#p50`…; −1 where there is none). */
  daily: Map<string, [number, number, number]>;
  /** Every column's {@link summarise}, when computed for many keys at once ({@link nestMetrics}). */
  summaries: Summary[] | null;
  /** Work space for pooled percentiles, twice as long as the longest sample (made on first use): one buffer for every key. */
  scratch: Float64Array | null;
}

/** The key index of `raw` (the first column of a key, as `indexOf` finds it). */
export function keyIndex(raw: RawRecord): KeyIndex {
  const first = (keys: string[]) => {
    const m = new Map<string, number>();
    keys.forEach((k, i) => {
      if (!m.has(k)) m.set(k, i);
    });
    return m;
  };
  const columns = first(raw.repKeys);
  // Found once per record from the suffixed keys, rather than three key strings built and hashed per metric.
  const daily = new Map<string, [number, number, number]>();
  columns.forEach((i, k) => {
    const d = DAILY_SUFFIXES.indexOf(k.slice(-4));
    if (d < 0) return;
    const base = k.slice(0, -4);
    let js = daily.get(base);
    if (!js) daily.set(base, (js = [-1, -1, -1]));
    js[d] = i;
  });
  return { columns, samples: first(raw.sampleKeys), daily, summaries: null, scratch: null };
}

/** Suffixes of the columns of a day's percentiles, in the order of {@link Metric.daily}. */
const DAILY_SUFFIXES = ['#p50', '#p90', '#p95'];

/**
 * The metric for column `key` of `raw` (with pooled and daily percentiles where the record has them).
 * `index`: the record's {@link keyIndex}, when summarising many keys.
 * @throws Error for a key the record does not have.
 */
export function metricOf(raw: RawRecord, key: string, index: KeyIndex = keyIndex(raw)): Metric {
  const i = index.columns.get(key);
  if (i === undefined) throw new Error(`no metric ${key}`);
  const col = raw.columns[i];
  const sm = index.summaries?.[i] ?? summarise(col);
  const m: Metric = { mean: sm.mean, ci95: sm.ci95, sd: sm.sd, n: sm.n, values: col };
  const s = index.samples.get(key);
  if (s !== undefined) {
    index.scratch ??= new Float64Array(2 * raw.samples.reduce((longest, x) => Math.max(longest, x.length), 0));
    const [p50, p90, p95, max] = pooledQuantiles(raw.samples[s], [0.5, 0.9, 0.95, 1], index.scratch);
    m.p50 = p50;
    m.p90 = p90;
    m.p95 = p95;
    m.max = max;
  }
  const js = index.daily.get(key);
  if (js && js[0] >= 0 && js[1] >= 0 && js[2] >= 0) {
    const daily = (j: number) => index.summaries?.[j] ?? summarise(raw.columns[j]);
    m.daily = { p50: daily(js[0]), p90: daily(js[1]), p95: daily(js[2]) };
  }
  return m;
}

/**
 * Every metric of `raw` as a nested object: key `a.b.c` becomes `out.a.b.c`. Keys with a `#pXX` suffix
 * (a day's percentile) are folded into their base metric's `daily`.
 */
export function nestMetrics(raw: RawRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const index = keyIndex(raw);
  index.summaries = summariseColumns(raw.columns);
  for (const key of raw.repKeys) {
    if (key.includes('#')) continue;
    const parts = key.split('.');
    let node = out;
    for (let i = 0; i < parts.length - 1; i++) {
      node[parts[i]] ??= {};
      node = node[parts[i]] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]] = metricOf(raw, key, index);
  }
  return out;
}

/**
 * A `JSON.stringify` replacer for results: typed arrays (a metric's `values`) become plain lists, with null
 * for NaN and ±Infinity (a day without a value), as docs/results.md specifies the JSON.
 */
export function metricsJsonReplacer(_key: string, value: unknown): unknown {
  return value instanceof Float64Array ? Array.from(value, (x) => (Number.isFinite(x) ? x : null)) : value;
}

/** Mean over replications of each column of a row-major [rep × width] table (NaN ignored). */
export function columnMeans(table: Float64Array, width: number): number[] {
  const rows = width > 0 ? table.length / width : 0;
  // Row by row (in memory order), each column summed in replication order as before.
  const sum = new Float64Array(width);
  const count = new Float64Array(width);
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < width; j++) {
      const x = table[r * width + j];
      if (Number.isFinite(x)) {
        sum[j] += x;
        count[j]++;
      }
    }
  return Array.from({ length: width }, (_, j) => (count[j] > 0 ? sum[j] / count[j] : 0));
}

/** Columns that {@link columnQuantiles} gathers per pass over the rows: 8 doubles share a cache line. */
const COLUMN_BLOCK = 8;

/** The p-quantiles over replications (type 7) of each column of a row-major [rep × width] table: one array per p. */
export function columnQuantiles(table: Float64Array, width: number, ps: readonly number[]): number[][] {
  const rows = width > 0 ? table.length / width : 0;
  const block = new Float64Array(COLUMN_BLOCK * rows);
  const work = new Float64Array(2 * rows);
  const q = new Float64Array(ps.length);
  const out = ps.map(() => new Array<number>(width).fill(0));
  for (let j0 = 0; j0 < width && rows > 0; j0 += COLUMN_BLOCK) {
    const b = Math.min(COLUMN_BLOCK, width - j0);
    for (let r = 0; r < rows; r++) for (let jj = 0; jj < b; jj++) block[jj * rows + r] = table[r * width + j0 + jj];
    for (let jj = 0; jj < b; jj++) {
      quantilesOf(block, jj * rows, rows, ps, q, work);
      for (let k = 0; k < ps.length; k++) out[k][j0 + jj] = q[k];
    }
  }
  return out;
}
