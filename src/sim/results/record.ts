/**
 * The raw record of a run (or of a chunk of its replications): one typed-array column per metric with one
 * row per replication, pooled per-patient samples, hourly busy minutes per pool and the waiting-room grid.
 * Plain data (typed arrays and numbers), so it crosses the worker boundary cheaply and chunks combine by
 * concatenation in replication order: summaries computed from the combined record are bit-identical
 * whatever the chunking.
 */

/** A growable Float64Array of pooled per-patient values. */
export class GrowableSamples {
  n = 0;
  values = new Float64Array(1024);
  /**
   * Appends `src[from, from + n)`. `expectedTotal` (optional) sizes the first growth from what the first
   * replications produced, so a long run does not copy its samples over and over.
   */
  append(src: Float64Array, from: number, n: number, expectedTotal = 0): void {
    const dst = this.room(n, expectedTotal);
    let o = this.n;
    for (let i = from; i < from + n; i++) dst[o++] = src[i];
    this.n = o;
  }
  /**
   * Makes room for `n` more values (`expectedTotal` as for {@link append}) and returns the buffer: write
   * them from index `this.n` on, then advance `this.n`.
   */
  room(n: number, expectedTotal = 0): Float64Array {
    if (this.n + n > this.values.length) {
      let cap = Math.max(this.values.length * 2, Math.ceil(expectedTotal * 1.1));
      while (cap < this.n + n) cap *= 2;
      const bigger = new Float64Array(cap);
      bigger.set(this.values.subarray(0, this.n));
      this.values = bigger;
    }
    return this.values;
  }
  /**
   * The values appended so far: a view of the first n values, not a copy (a copy of every pooled sample
   * doubled the memory a run touches). Its buffer may be longer than the view; nothing reads or transfers
   * a raw sample's buffer, and a structured clone of the view keeps its length and values.
   */
  toArray(): Float64Array {
    return this.values.subarray(0, this.n);
  }
}

/** Raw results of replications [from, to): plain data, structured-clone and transfer friendly. */
export interface RawRecord {
  /** First replication index (inclusive) and last (exclusive). */
  from: number;
  to: number;
  /** Metric keys, and one column per key with one value per replication (NaN where undefined that day). */
  repKeys: string[];
  columns: Float64Array[];
  /** Pooled per-patient samples, by key, in replication order (within a replication, in the order the run gives them). */
  sampleKeys: string[];
  samples: Float64Array[];
  /** Per staff pool: busy minutes by replication and hour, row-major [rep * hours + h]. */
  hourly: Float64Array[];
  hours: number;
  /** Waiting-room occupancy (time-average per 5-minute bin) by replication, row-major [rep * bins + i]. */
  grid: Float64Array;
  gridBins: number;
  /** Events processed per replication. */
  events: Float64Array;
}

/** Collects the rows of replications [from, to). */
export class RunRecord {
  readonly columns: Float64Array[];
  readonly hourlyBusy: Float64Array[];
  readonly grid: Float64Array;
  readonly events: Float64Array;
  private readonly index = new Map<string, number>();
  private readonly pooled = new Map<string, GrowableSamples>();

  constructor(
    readonly from: number,
    readonly to: number,
    readonly repKeys: string[],
    readonly sampleKeys: string[],
    pools: number,
    readonly hours: number,
    readonly gridBins: number,
  ) {
    const rows = to - from;
    this.columns = repKeys.map((k, i) => {
      this.index.set(k, i);
      return new Float64Array(rows).fill(NaN);
    });
    for (const k of sampleKeys) this.pooled.set(k, new GrowableSamples());
    this.hourlyBusy = Array.from({ length: pools }, () => new Float64Array(rows * hours));
    this.grid = new Float64Array(rows * gridBins);
    this.events = new Float64Array(rows);
  }

  /** The column of a metric key (look it up once, then index it in hot loops). */
  column(key: string): Float64Array {
    const i = this.index.get(key);
    if (i === undefined) throw new Error(`unknown metric ${key}`);
    return this.columns[i];
  }

  /** Sets metric `key` of row `row` (0-based within this record). */
  set(key: string, row: number, value: number): void {
    this.column(key)[row] = value;
  }

  /** The pooled samples of a per-patient metric. */
  sample(key: string): GrowableSamples {
    const s = this.pooled.get(key);
    if (!s) throw new Error(`unknown sample ${key}`);
    return s;
  }

  /** Busy minutes by hour of pool `pool`, row-major. */
  hourly(pool: number): Float64Array {
    return this.hourlyBusy[pool];
  }

  /** The record as plain data. */
  toRaw(): RawRecord {
    return {
      from: this.from,
      to: this.to,
      repKeys: this.repKeys,
      columns: this.columns,
      sampleKeys: this.sampleKeys,
      samples: this.sampleKeys.map((k) => this.sample(k).toArray()),
      hourly: this.hourlyBusy,
      hours: this.hours,
      grid: this.grid,
      gridBins: this.gridBins,
      events: this.events,
    };
  }
}

function concat(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Combines raw records of consecutive replication ranges (any order given; sorted by `from`) into one.
 * @throws Error if the ranges overlap, leave a gap, or the records have different metrics.
 */
export function combineRaw(parts: RawRecord[]): RawRecord {
  if (parts.length === 0) throw new Error('nothing to combine');
  const sorted = [...parts].sort((a, b) => a.from - b.from);
  const first = sorted[0];
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].from !== sorted[i - 1].to) throw new Error(`replication ranges do not join: ${sorted[i - 1].to} then ${sorted[i].from}`);
    if (sorted[i].repKeys.join() !== first.repKeys.join() || sorted[i].sampleKeys.join() !== first.sampleKeys.join())
      throw new Error('cannot combine results of different scenarios');
  }
  if (sorted.length === 1) return first;
  return {
    from: first.from,
    to: sorted[sorted.length - 1].to,
    repKeys: first.repKeys,
    columns: first.columns.map((_, i) => concat(sorted.map((p) => p.columns[i]))),
    sampleKeys: first.sampleKeys,
    samples: first.samples.map((_, i) => concat(sorted.map((p) => p.samples[i]))),
    hourly: first.hourly.map((_, i) => concat(sorted.map((p) => p.hourly[i]))),
    hours: first.hours,
    grid: concat(sorted.map((p) => p.grid)),
    gridBins: first.gridBins,
    events: concat(sorted.map((p) => p.events)),
  };
}
