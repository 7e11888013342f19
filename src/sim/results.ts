/**
 * What one run reports: a flat vector of named metrics (a Float64Array, cheap to send across a worker
 * boundary and to aggregate), plus the statistics accumulated during the run that fill it.
 *
 * Metric names (minutes unless stated):
 * - `run.startMinutes`, `run.endMinutes`, `run.observedMinutes` (length of the time-average window), `run.events`
 * - `patients.created`, `.arrived` (came in inside the window), `.served` (left after service), `.noShow`,
 *   `.reneged` (left a line unserved), `.inBuildingAtEnd`, `.pReneged` (reneged / arrived),
 *   `.timeInSystem.mean|sd|max`, `.totalWait.mean|sd`, and `.timeInSystem.p<q>`, `.totalWait.p<q>` for each
 *   requested percentile q (e.g. `p90`), over patients who arrived in the window and left after service
 * - per step `step.<name>.`: `exits` (started + reneged), `started`, `reneged`, `wait.mean|sd|max` (all
 *   exits: a reneging patient's wait is the time until they left), `waitServed.mean`, `pWaitPositive`,
 *   `pWaitGt.<t>` per threshold, `service.mean`, `line.mean` (time-average number waiting), `line.max`
 * - per pool `pool.<name>.`: `utilisation` (busy member-minutes / on-duty member-minutes), `busy.mean`,
 *   `onDuty.mean` (members), `overtimeMinutes` (sum over members), and per member i
 *   `member.<i>.busyMinutes|overtimeMinutes|served|lastFreeMinutes` (lastFree NaN if never busy)
 */
import type { CompiledModel } from './compile';
import type { Departures } from './engineState';
import { InvariantError } from './errors';
import { GrowableSamples } from './results/record';
import type { StaffPool } from './staffPool';
import { quantile } from './stats';
import { Tally } from './tally';
import type { WaitingLine } from './waitingLine';

/** Metric names of a compiled model and their positions in a result vector. */
export interface MetricLayout {
  /** Names in vector order. */
  readonly names: readonly string[];
  /** Position of each name. */
  readonly index: Readonly<Record<string, number>>;
}

/** Formats a percentile probability as a metric suffix: 0.9 → `p90`, 0.975 → `p97.5`. */
export function percentileName(q: number): string {
  return `p${+(q * 100).toFixed(6)}`;
}

/** The metric layout of a compiled model (deterministic: same model, same layout). */
export function metricLayout(c: CompiledModel): MetricLayout {
  const names: string[] = ['run.startMinutes', 'run.endMinutes', 'run.observedMinutes', 'run.events'];
  for (const n of ['created', 'arrived', 'served', 'noShow', 'reneged', 'inBuildingAtEnd', 'pReneged']) names.push(`patients.${n}`);
  names.push('patients.timeInSystem.mean', 'patients.timeInSystem.sd', 'patients.timeInSystem.max', 'patients.totalWait.mean', 'patients.totalWait.sd');
  for (const q of c.percentiles) names.push(`patients.timeInSystem.${percentileName(q)}`, `patients.totalWait.${percentileName(q)}`);
  for (const s of c.stepNames) {
    const b = `step.${s}.`;
    names.push(`${b}exits`, `${b}started`, `${b}reneged`, `${b}wait.mean`, `${b}wait.sd`, `${b}wait.max`, `${b}waitServed.mean`, `${b}pWaitPositive`);
    for (const t of c.thresholds) names.push(`${b}pWaitGt.${t}`);
    names.push(`${b}service.mean`, `${b}line.mean`, `${b}line.max`);
  }
  c.poolNames.forEach((p, i) => {
    const b = `pool.${p}.`;
    names.push(`${b}utilisation`, `${b}busy.mean`, `${b}onDuty.mean`, `${b}overtimeMinutes`);
    for (let m = 0; m < c.poolSize[i]; m++) {
      for (const f of ['busyMinutes', 'overtimeMinutes', 'served', 'lastFreeMinutes']) names.push(`${b}member.${m}.${f}`);
    }
  });
  const index: Record<string, number> = {};
  names.forEach((n, i) => (index[n] = i));
  return { names, index };
}

/** Statistics accumulated during one run (only patients who arrived inside the window count). */
export class RunStats {
  /** Per step: waits of every line exit (started or reneged). */
  readonly wait: Tally[];
  /** Per step: waits of patients who were served. */
  readonly waitServed: Tally[];
  /** Per step: sum and count of service durations (minutes). */
  readonly serviceSum: Float64Array;
  readonly serviceCount: Float64Array;
  /** Per step: exits with a positive wait. */
  readonly positive: Float64Array;
  /** [step·nThresholds + k]: exits with wait > threshold k. */
  readonly above: Float64Array;
  readonly reneged: Float64Array;
  readonly timeInSystem = new Tally();
  readonly totalWait = new Tally();
  created = 0;
  arrived = 0;
  served = 0;
  noShow = 0;
  renegedPatients = 0;
  private readonly thresholds: Float64Array;
  private readonly nThr: number;
  private tisStore: Float64Array | null;
  private waitStore: Float64Array | null;
  private nStored = 0;
  /** Whether departures are kept ({@link store} does something). */
  readonly storing: boolean;
  /** Whether line-exit waits are kept, and the waits per step. */
  readonly keepingLines: boolean;
  private readonly lineStore: GrowableSamples[] | null;

  /**
   * @param c the compiled model (steps, thresholds, percentiles).
   * @param keepDepartures keep every served patient's time in system and total wait (RunOptions.departures), as
   *   the model's percentiles need anyway.
   * @param keepLineWaits keep every line exit's wait, per step (RunOptions.lineWaits).
   */
  constructor(c: CompiledModel, keepDepartures = false, keepLineWaits = false) {
    const n = c.stepNames.length;
    this.wait = Array.from({ length: n }, () => new Tally());
    this.waitServed = Array.from({ length: n }, () => new Tally());
    this.serviceSum = new Float64Array(n);
    this.serviceCount = new Float64Array(n);
    this.positive = new Float64Array(n);
    this.thresholds = c.thresholds;
    this.nThr = c.thresholds.length;
    this.above = new Float64Array(n * this.nThr);
    this.reneged = new Float64Array(n);
    const store = c.percentiles.length > 0 || keepDepartures;
    this.storing = store;
    this.keepingLines = keepLineWaits;
    this.lineStore = keepLineWaits ? Array.from({ length: n }, () => new GrowableSamples()) : null;
    this.tisStore = store ? new Float64Array(1024) : null;
    this.waitStore = store ? new Float64Array(1024) : null;
  }

  /** A counted patient left step s's line after waiting `wait` minutes (served or reneging). */
  lineExit(s: number, wait: number, served: boolean): void {
    if (this.lineStore !== null) this.keepLineWait(s, wait);
    this.wait[s].add(wait);
    if (served) this.waitServed[s].add(wait);
    else this.reneged[s]++;
    if (wait > 0) {
      this.positive[s]++;
      const nt = this.nThr;
      for (let k = 0; k < nt; k++) if (wait > this.thresholds[k]) this.above[s * nt + k]++;
    }
  }

  /** A counted patient left after service. */
  departed(timeInSystem: number, totalWait: number): void {
    this.served++;
    this.timeInSystem.add(timeInSystem);
    this.totalWait.add(totalWait);
    if (this.tisStore !== null) this.store(timeInSystem, totalWait);
  }

  /**
   * Where the fast paths hand over a departure for {@link storePending}: [time in system, total wait]. Through
   * a typed array, because a double passed to a call that V8 does not inline into a big loop is boxed (two
   * heap numbers per patient).
   */
  readonly pending = new Float64Array(2);

  /** {@link store} of the values in {@link pending}. */
  storePending(): void {
    this.store(this.pending[0], this.pending[1]);
  }

  /** Keeps one served patient's time in system and total wait for the percentiles (if any were asked for). */
  store(timeInSystem: number, totalWait: number): void {
    if (this.tisStore !== null && this.waitStore !== null) {
      if (this.nStored === this.tisStore.length) {
        const a = new Float64Array(this.nStored * 2);
        a.set(this.tisStore);
        this.tisStore = a;
        const b = new Float64Array(this.nStored * 2);
        b.set(this.waitStore);
        this.waitStore = b;
      }
      this.tisStore[this.nStored] = timeInSystem;
      this.waitStore[this.nStored++] = totalWait;
    }
  }

  /** Keeps a counted patient's wait at a line exit of step s (if line waits are kept). */
  keepLineWait(s: number, wait: number): void {
    if (this.lineStore === null) return;
    const kept = this.lineStore[s];
    kept.room(1)[kept.n++] = wait;
  }

  /** {@link keepLineWait} of the wait in `pending[0]` (for the fast paths: no boxed double). */
  keepLinePending(s: number): void {
    this.keepLineWait(s, this.pending[0]);
  }

  /** The kept line-exit waits per step (views), or null if none are kept. */
  lineWaitsKept(): Float64Array[] | null {
    return this.lineStore === null ? null : this.lineStore.map((kept) => kept.toArray());
  }

  /** The kept departures (views of the first nStored values), or null if none are kept. */
  departuresKept(): Departures | null {
    if (this.tisStore === null || this.waitStore === null) return null;
    return { timeInSystem: this.tisStore.subarray(0, this.nStored), totalWait: this.waitStore.subarray(0, this.nStored) };
  }

  /** R-7 percentile q of time in system / total wait (d3-array's quantile); NaN with no patients. */
  percentiles(q: number): [number, number] {
    if (this.tisStore === null || this.waitStore === null || this.nStored === 0) return [NaN, NaN];
    return [quantile(this.tisStore.subarray(0, this.nStored), q) ?? NaN, quantile(this.waitStore.subarray(0, this.nStored), q) ?? NaN];
  }
}

/**
 * Time-weighted statistics frozen at the end of the observation window (the horizon of a steady-state run,
 * or the end of a day), so that patients followed after the horizon do not change them.
 */
export interface TimeSnapshot {
  windowStart: number;
  windowEnd: number;
  lineMean: Float64Array;
  lineMax: Float64Array;
  poolBusy: Float64Array;
  poolDuty: Float64Array;
  /** Per pool: [busyMinutes, overtimeMinutes, served, lastFreeMinutes] per member, flattened. */
  members: Float64Array[];
}

/** Freezes the time-weighted statistics at `now` (closing the pools' busy windows). */
export function takeSnapshot(pools: StaffPool[], lines: WaitingLine[], windowStart: number, now: number): TimeSnapshot {
  const span = now - windowStart;
  const mean = (x: number) => (span > 0 ? x : NaN);
  const members = pools.map((pool) => {
    pool.closeWindow(now);
    const a = new Float64Array(pool.size * 4);
    for (let m = 0; m < pool.size; m++) {
      a[4 * m] = pool.busyMinutes[m];
      a[4 * m + 1] = pool.overtimeMinutes[m];
      a[4 * m + 2] = pool.served[m];
      a[4 * m + 3] = pool.lastFreeMinutes[m];
    }
    return a;
  });
  return {
    windowStart,
    windowEnd: now,
    lineMean: Float64Array.from(lines, (l) => mean(l.level.mean(now))),
    lineMax: Float64Array.from(lines, (l) => l.level.maxLevel),
    poolBusy: Float64Array.from(pools, (p) => mean(p.busyLevel.mean(now))),
    poolDuty: Float64Array.from(pools, (p) => mean(p.onDutyLevel.mean(now))),
    members,
  };
}

/** Run-level numbers for {@link writeMetrics}. */
export interface RunMeta {
  startMinutes: number;
  endMinutes: number;
  events: number;
  inBuildingAtEnd: number;
}

/**
 * Fills the metric vector of a finished run.
 * @returns a Float64Array in `layout` order.
 */
export function writeMetrics(layout: MetricLayout, c: CompiledModel, st: RunStats, tw: TimeSnapshot, meta: RunMeta): Float64Array {
  const v = new Float64Array(layout.names.length);
  let i = 0;
  const put = (x: number) => (v[i++] = x);
  put(meta.startMinutes);
  put(meta.endMinutes);
  put(tw.windowEnd - tw.windowStart);
  put(meta.events);
  put(st.created);
  put(st.arrived);
  put(st.served);
  put(st.noShow);
  put(st.renegedPatients);
  put(meta.inBuildingAtEnd);
  put(st.arrived > 0 ? st.renegedPatients / st.arrived : NaN);
  put(st.timeInSystem.count > 0 ? st.timeInSystem.mean : NaN);
  put(st.timeInSystem.sd);
  put(st.timeInSystem.count > 0 ? st.timeInSystem.max : NaN);
  put(st.totalWait.count > 0 ? st.totalWait.mean : NaN);
  put(st.totalWait.sd);
  for (const q of c.percentiles) {
    const [a, b] = st.percentiles(q);
    put(a);
    put(b);
  }
  const nt = c.thresholds.length;
  c.stepNames.forEach((_, s) => {
    const w = st.wait[s];
    const n = w.count;
    put(n);
    put(st.waitServed[s].count);
    put(st.reneged[s]);
    put(n > 0 ? w.mean : NaN);
    put(w.sd);
    put(n > 0 ? w.max : NaN);
    put(st.waitServed[s].count > 0 ? st.waitServed[s].mean : NaN);
    put(n > 0 ? st.positive[s] / n : NaN);
    for (let k = 0; k < nt; k++) put(n > 0 ? st.above[s * nt + k] / n : NaN);
    put(st.serviceCount[s] > 0 ? st.serviceSum[s] / st.serviceCount[s] : NaN);
    put(tw.lineMean[s]);
    put(tw.lineMax[s]);
  });
  c.poolNames.forEach((_, p) => {
    const busy = tw.poolBusy[p];
    const duty = tw.poolDuty[p];
    put(duty > 0 ? busy / duty : NaN);
    put(busy);
    put(duty);
    const mem = tw.members[p];
    let ot = 0;
    for (let m = 1; m < mem.length; m += 4) ot += mem[m];
    put(ot);
    for (let k = 0; k < mem.length; k++) put(mem[k]);
  });
  if (i !== v.length) throw new InvariantError(meta.endMinutes, 'metric vector', i, `layout has ${v.length} metrics`);
  return v;
}
