/**
 * Turns one simulated day into its per-replication values (every metric of docs/results.md) and appends its
 * per-patient values to the pooled samples. Values are written into typed arrays owned by a
 * {@link RunRecord}, one column per metric, one row per replication, so chunks of replications combine by
 * concatenation in replication order.
 */
import { BOOKED, LEFT_WITHOUT_BEING_SEEN, REBOOKED, WALK_IN } from './buffers';
import { GRID_MINUTES, type CompiledOffice } from './compile';
import type { OfficeDay } from './day';
import { GrowableSamples, RunRecord } from '../results/record';
import { quantilesInPlace, quantilesOfNonzero } from '../results/percentiles';

/** Threshold for "exam started within 15 minutes of the appointment". */
export const ON_TIME_MINUTES = 15;

/** The per-patient metrics whose percentiles are reported (pooled, and as daily values). */
export const PATIENT_TIME_METRICS = ['patients.totalWaitMinutes', 'patients.timeInOfficeMinutes', 'patients.delayPastAppointmentMinutes'] as const;

/** The metric keys of an office run, in a fixed order. */
export function officeMetricKeys(c: CompiledOffice): { repKeys: string[]; sampleKeys: string[] } {
  const repKeys: string[] = [];
  const sampleKeys: string[] = [];
  for (const id of c.stepIds) {
    repKeys.push(`steps.${id}.waitMinutes`, `steps.${id}.waitMinutes#p50`, `steps.${id}.waitMinutes#p90`, `steps.${id}.waitMinutes#p95`, `steps.${id}.maxWaitMinutes`, `steps.${id}.visits`, `steps.${id}.serviceMinutes`);
    sampleKeys.push(`steps.${id}.waitMinutes`);
  }
  for (const k of PATIENT_TIME_METRICS) {
    repKeys.push(k, `${k}#p50`, `${k}#p90`, `${k}#p95`);
    sampleKeys.push(k);
  }
  repKeys.push(...PATIENT_COUNT_KEYS);
  for (const id of c.poolIds) repKeys.push(...POOL_FIELDS.map((f) => `pools.${id}.${f}`));
  repKeys.push(...PROVIDER_SUMMARY_KEYS);
  for (const id of c.providerIds) repKeys.push(...PROVIDER_FIELDS.map((f) => `providers.byId.${id}.${f}`));
  repKeys.push(...DAY_KEYS);
  const g = overbookingGrid(c);
  for (const t of g.slotTimes) repKeys.push(...SLOT_FIELDS.map((f) => `overbooking.slots.${slotKey(t)}.${f}`));
  for (let h = 0; h < c.hours; h++) repKeys.push(...HOUR_FIELDS.map((f) => `overbooking.hours.${hourKey(c.hourStart + h)}.${f}`));
  return { repKeys, sampleKeys };
}

/** One value per day each (docs/results.md): counts and shares over the day's patients. */
const PATIENT_COUNT_KEYS = [
  'patients.maxTotalWaitMinutes',
  'patients.startedWithin15MinutesShare',
  'patients.booked',
  'patients.noShows',
  'patients.arrived',
  'patients.walkIns',
  'patients.seen',
  'patients.walkInsSeen',
  'patients.leftWithoutBeingSeen',
  'patients.rebooked',
] as const;
/** Per staff pool, in this order (the recorder indexes them by position). */
const POOL_FIELDS = ['utilisation', 'busyMinutes', 'scheduledMinutes', 'overtimeMinutes'] as const;
/** Averages over the providers. */
const PROVIDER_SUMMARY_KEYS = ['providers.utilisation', 'providers.idleMinutes', 'providers.overtimeMinutes', 'providers.maxOvertimeMinutes', 'providers.anyOvertime'] as const;
/** Per provider, in this order (the recorder indexes them by position). */
const PROVIDER_FIELDS = ['utilisation', 'idleMinutes', 'overtimeMinutes', 'patientsSeen'] as const;
/** Rooms and the day as a whole. */
const DAY_KEYS = ['rooms.utilisation', 'day.lastDepartureMinutes', 'day.labourCost', 'day.overtimeCost', 'day.costPerVisit'] as const;

/** Per appointment slot: booked (from the book), arrived and seen (docs/results.md, "Overbooking"). */
const SLOT_FIELDS = ['booked', 'arrived', 'seen'] as const;
/** Per clock hour: providers' idle minutes and the wait for the provider of visits ready in that hour. */
const HOUR_FIELDS = ['providerIdleMinutes', 'providerWaitMinutes'] as const;

/** A slot's key: its appointment time in minutes after opening, "m0015". */
export const slotKey = (minutes: number) => `m${String(Math.round(minutes)).padStart(4, '0')}`;
/** An hour's key: its clock hour, "h09". */
export const hourKey = (clockHour: number) => `h${String(clockHour).padStart(2, '0')}`;

/**
 * The overbooking grid of a compiled office, computed once per run: the distinct appointment times of the
 * book (ascending), the expected number booked at each (a template place counts its fill rate), and the
 * providers' session minutes in each clock hour of the hourly grid (summed over providers).
 */
export function overbookingGrid(c: CompiledOffice): { slotTimes: Float64Array; slotBooked: Float64Array; hourSession: Float64Array } {
  const times = [...new Set(c.book.map((p) => p.time))].sort((a, b) => a - b);
  const slotTimes = Float64Array.from(times);
  const slotBooked = new Float64Array(times.length);
  for (const place of c.book) slotBooked[times.indexOf(place.time)] += place.template && c.fillRate < 1 ? c.fillRate : 1;
  const hourSession = new Float64Array(c.hours);
  const nSessions = c.sessionStart.length;
  for (let q = 0; q < c.providerIds.length; q++)
    for (let s = 0; s < nSessions; s++) {
      if (c.providerWorks[q * nSessions + s] !== 1) continue;
      for (let h = 0; h < c.hours; h++) hourSession[h] += overlap(c.sessionStart[s], c.sessionEnd[s], hourFrom(c, h), hourFrom(c, h) + 60);
    }
  return { slotTimes, slotBooked, hourSession };
}

/** Start of hour `h` of the hourly grid, in minutes after opening. */
const hourFrom = (c: CompiledOffice, h: number) => (c.hourStart + h) * 60 - c.opensClock;
const overlap = (a0: number, a1: number, b0: number, b1: number) => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));

/** The columns of one per-patient metric: day mean, day percentiles, and its pooled samples. */
interface PatientColumns {
  /** Replications in this record. */
  rows: number;
  mean: Float64Array;
  p50: Float64Array;
  p90: Float64Array;
  p95: Float64Array;
  pooled: GrowableSamples;
}

/** The columns of the one-value-per-day metrics of {@link PATIENT_COUNT_KEYS}, {@link PROVIDER_SUMMARY_KEYS} and {@link DAY_KEYS}. */
interface SingleColumns {
  maxTotalWait: Float64Array;
  startedWithin15Share: Float64Array;
  booked: Float64Array;
  noShows: Float64Array;
  arrived: Float64Array;
  walkIns: Float64Array;
  seen: Float64Array;
  walkInsSeen: Float64Array;
  leftWithoutBeingSeen: Float64Array;
  rebooked: Float64Array;
  providerUtilisation: Float64Array;
  providerIdle: Float64Array;
  providerOvertime: Float64Array;
  providerMaxOvertime: Float64Array;
  providerAnyOvertime: Float64Array;
  roomUtilisation: Float64Array;
  lastDeparture: Float64Array;
  labourCost: Float64Array;
  overtimeCost: Float64Array;
  costPerVisit: Float64Array;
}

/**
 * The columns an office day writes, looked up once per run (the hot path then indexes typed arrays, never
 * a map by name), and scratch space for one day's per-patient values.
 */
export class OfficeColumns {
  values = new Float64Array(256);
  /** Work space of {@link quantilesOfNonzero}, twice as long as `values`. */
  work = new Float64Array(512);
  /** The day's p50, p90, p95 and max of one metric. */
  readonly q = new Float64Array(4);
  stepCount: Int32Array;
  stepOffset: Int32Array;
  /** The day's service minutes by step (summed in visit order, then divided by the visits). */
  readonly stepServiceSum: Float64Array;
  readonly stepWait: PatientColumns[];
  readonly stepMax: Float64Array[];
  readonly stepVisits: Float64Array[];
  readonly stepService: Float64Array[];
  readonly totalWait: PatientColumns;
  readonly timeInOffice: PatientColumns;
  readonly delay: PatientColumns;
  readonly col: (key: string) => Float64Array;
  /** Per pool: utilisation, busy, scheduled, overtime columns; per provider: utilisation, idle, overtime, seen. */
  readonly poolCols: Float64Array[][];
  readonly providerCols: Float64Array[][];
  /** Overbooking: slot times and expected bookings, providers' session minutes by hour, their columns, scratch. */
  readonly slotTimes: Float64Array;
  readonly slotBooked: Float64Array;
  readonly hourSession: Float64Array;
  readonly slotCols: Float64Array[][];
  readonly hourCols: Float64Array[][];
  readonly slotArrived: Float64Array;
  readonly slotSeen: Float64Array;
  readonly hourBusy: Float64Array;
  readonly hourWait: Float64Array;
  readonly hourWaitN: Float64Array;
  /**
   * The providers' sessions clipped to each clock hour of the hourly grid, only where they overlap it: hour
   * h's pieces are [hourPieceLo[k], hourPieceHi[k]) for k in [hourPieceFrom[h], hourPieceFrom[h + 1]), in
   * session order. A visit's overlap with a piece that does not exist would be 0, which adds nothing.
   */
  readonly hourPieceFrom: Int32Array;
  readonly hourPieceLo: Float64Array;
  readonly hourPieceHi: Float64Array;
  /**
   * Slot index by whole minute from `slotMinute0` (−1: no slot then), so a booked patient's slot is one
   * load instead of a search; null when the slots are not all whole minutes or span too long a day.
   */
  readonly slotByMinute: Int32Array | null;
  readonly slotMinute0: number;
  /** The day's started visits to provider steps, in visit order (collected while bucketing the waits). */
  providerVisits = new Int32Array(256);
  /** The remaining single columns, as fields of one object (not a map by metric key: the hot path then reads properties of one shape). */
  readonly single: SingleColumns;

  constructor(
    readonly c: CompiledOffice,
    readonly rec: RunRecord,
  ) {
    const col = (key: string) => rec.column(key);
    const patient = (key: string): PatientColumns => ({ rows: rec.to - rec.from, mean: col(key), p50: col(`${key}#p50`), p90: col(`${key}#p90`), p95: col(`${key}#p95`), pooled: rec.sample(key) });
    this.col = col;
    this.stepWait = c.stepIds.map((id) => patient(`steps.${id}.waitMinutes`));
    this.stepMax = c.stepIds.map((id) => col(`steps.${id}.maxWaitMinutes`));
    this.stepVisits = c.stepIds.map((id) => col(`steps.${id}.visits`));
    this.stepService = c.stepIds.map((id) => col(`steps.${id}.serviceMinutes`));
    this.totalWait = patient('patients.totalWaitMinutes');
    this.timeInOffice = patient('patients.timeInOfficeMinutes');
    this.delay = patient('patients.delayPastAppointmentMinutes');
    this.poolCols = c.poolIds.map((id) => POOL_FIELDS.map((f) => col(`pools.${id}.${f}`)));
    this.providerCols = c.providerIds.map((id) => PROVIDER_FIELDS.map((f) => col(`providers.byId.${id}.${f}`)));
    this.single = {
      maxTotalWait: col('patients.maxTotalWaitMinutes'),
      startedWithin15Share: col('patients.startedWithin15MinutesShare'),
      booked: col('patients.booked'),
      noShows: col('patients.noShows'),
      arrived: col('patients.arrived'),
      walkIns: col('patients.walkIns'),
      seen: col('patients.seen'),
      walkInsSeen: col('patients.walkInsSeen'),
      leftWithoutBeingSeen: col('patients.leftWithoutBeingSeen'),
      rebooked: col('patients.rebooked'),
      providerUtilisation: col('providers.utilisation'),
      providerIdle: col('providers.idleMinutes'),
      providerOvertime: col('providers.overtimeMinutes'),
      providerMaxOvertime: col('providers.maxOvertimeMinutes'),
      providerAnyOvertime: col('providers.anyOvertime'),
      roomUtilisation: col('rooms.utilisation'),
      lastDeparture: col('day.lastDepartureMinutes'),
      labourCost: col('day.labourCost'),
      overtimeCost: col('day.overtimeCost'),
      costPerVisit: col('day.costPerVisit'),
    };
    const g = overbookingGrid(c);
    this.slotTimes = g.slotTimes;
    this.slotBooked = g.slotBooked;
    this.hourSession = g.hourSession;
    this.slotCols = Array.from(g.slotTimes, (t) => SLOT_FIELDS.map((f) => col(`overbooking.slots.${slotKey(t)}.${f}`)));
    this.hourCols = Array.from({ length: c.hours }, (_, h) => HOUR_FIELDS.map((f) => col(`overbooking.hours.${hourKey(c.hourStart + h)}.${f}`)));
    this.slotArrived = new Float64Array(g.slotTimes.length);
    this.slotSeen = new Float64Array(g.slotTimes.length);
    this.hourBusy = new Float64Array(c.hours);
    this.hourWait = new Float64Array(c.hours);
    this.hourWaitN = new Float64Array(c.hours);
    const pieces = hourPieces(c);
    this.hourPieceFrom = pieces.from;
    this.hourPieceLo = pieces.lo;
    this.hourPieceHi = pieces.hi;
    const t = g.slotTimes;
    const span = t.length > 0 ? t[t.length - 1] - t[0] + 1 : 0;
    this.slotMinute0 = t.length > 0 ? t[0] : 0;
    if (t.length > 0 && span <= 100_000 && t.every(Number.isInteger)) {
      this.slotByMinute = new Int32Array(span).fill(-1);
      t.forEach((time, i) => (this.slotByMinute![time - this.slotMinute0] = i));
    } else this.slotByMinute = null;
    this.stepCount = new Int32Array(c.stepIds.length);
    this.stepOffset = new Int32Array(c.stepIds.length + 1);
    this.stepServiceSum = new Float64Array(c.stepIds.length);
  }

  ensure(n: number): Float64Array {
    if (this.values.length < n) {
      this.values = new Float64Array(Math.max(n, this.values.length * 2));
      this.work = new Float64Array(2 * this.values.length);
      this.providerVisits = new Int32Array(this.values.length);
    }
    return this.values;
  }
}

/**
 * The sessions clipped to each hour of the hourly grid ({@link OfficeColumns.hourPieceFrom}), with bounds
 * computed by the same expressions as recordOverbooking used per visit, so the overlaps are the same numbers.
 */
function hourPieces(c: CompiledOffice): { from: Int32Array; lo: Float64Array; hi: Float64Array } {
  const first = hourFrom(c, 0);
  const from = new Int32Array(c.hours + 1);
  const lo: number[] = [];
  const hi: number[] = [];
  for (let h = 0; h < c.hours; h++) {
    from[h] = lo.length;
    for (let s = 0; s < c.sessionStart.length; s++) {
      const a = Math.max(c.sessionStart[s], first + h * 60);
      const z = Math.min(c.sessionEnd[s], first + h * 60 + 60);
      if (a < z) {
        lo.push(a);
        hi.push(z);
      }
    }
  }
  from[c.hours] = lo.length;
  return { from, lo: Float64Array.from(lo), hi: Float64Array.from(hi) };
}

const DAY_PERCENTILES = [0.5, 0.9, 0.95, 1];

/** Writes a day's mean and p50/p90/p95 of `values[from, from + n)` at `row`, pools them; returns the max. */
function summariseDay(cols: PatientColumns, row: number, values: Float64Array, from: number, n: number, q: Float64Array, work: Float64Array): number {
  // Expect every replication to produce about as many values as this one has so far.
  const pooled = cols.pooled;
  const dst = pooled.room(n, row > 0 ? ((pooled.n + n) / (row + 1)) * cols.rows : 0);
  // One pass pools the values, sums them and copies the nonzero ones for the percentiles. The count
  // updates are branch-free: on waits a data-dependent branch is mispredicted often enough to cost more.
  let o = pooled.n;
  let sum = 0;
  let m = 0;
  let negative = 0;
  for (let i = from; i < from + n; i++) {
    const x = values[i];
    dst[o++] = x;
    sum += x;
    work[m] = x;
    m += +(x !== 0);
    negative += +(x < 0);
  }
  pooled.n = o;
  if (n === 0) return NaN;
  cols.mean[row] = sum / n;
  // A NaN sum means a NaN among the values (or both infinities): quantilesOfNonzero takes no NaN.
  if (sum === sum) quantilesOfNonzero(values, from, n, work, m, negative, DAY_PERCENTILES, q);
  else quantilesInPlace(values, from, n, DAY_PERCENTILES, q);
  cols.p50[row] = q[0];
  cols.p90[row] = q[1];
  cols.p95[row] = q[2];
  return q[3];
}

/**
 * Records the finished day `day` as row `row` (columns start as NaN: a value left unset is undefined).
 * Patient statistics are over every patient who came in (booked patients who showed and were not sent away
 * to rebook, and walk-ins), including those who left without being seen (their waits up to leaving).
 */
export function recordDay(day: OfficeDay, cols: OfficeColumns, row: number): void {
  const c = day.c;
  const b = day.b;
  const counts = day.counts;
  const col = cols.single;
  const nSteps = c.stepIds.length;
  // Waits by step (one value per visit that started), bucketed by step in one pass: step s's bucket starts
  // at s · cap, room for every visit of the day, so no counting pass is needed to place the buckets.
  const cap = Math.max(b.n, b.nVisits) + 1;
  const buf = cols.ensure(nSteps * cap);
  const count = cols.stepCount;
  const offset = cols.stepOffset;
  count.fill(0);
  for (let s = 0; s <= nSteps; s++) offset[s] = s * cap;
  const service = cols.stepServiceSum;
  service.fill(0);
  const providerVisits = cols.providerVisits;
  const hasProvider = c.stepHasProvider;
  // The day's arrays in locals: the loops below then index them without reloading them from `b`.
  const { start, end, wait, visitStep, left, routeStart, routeLen, departure, readyAt, arrival, seenAt, kind, appointment } = b;
  const nVisits = b.nVisits;
  const nPatients = b.n;
  let nProvider = 0;
  for (let v = 0; v < nVisits; v++) {
    const st = start[v];
    if (st !== st) continue;
    const s = visitStep[v];
    buf[offset[s] + count[s]++] = wait[v];
    service[s] += end[v] - st;
    providerVisits[nProvider] = v;
    nProvider += hasProvider[s];
  }
  for (let s = 0; s < nSteps; s++) {
    const n = count[s];
    cols.stepVisits[s][row] = n;
    cols.stepService[s][row] = n > 0 ? service[s] / n : NaN;
    cols.stepMax[s][row] = summariseDay(cols.stepWait[s], row, buf, offset[s], n, cols.q, cols.work);
  }

  // Per patient: total wait (the waits before each step, up to leaving) and time in the office.
  let n = 0;
  for (let p = 0; p < nPatients; p++) {
    const lp = left[p];
    if (lp === REBOOKED) continue;
    let w = 0;
    const v0 = routeStart[p];
    const v1 = v0 + routeLen[p];
    for (let v = v0; v < v1; v++) {
      const x = wait[v];
      if (x === x) w += x;
    }
    if (lp === LEFT_WITHOUT_BEING_SEEN) w += departure[p] - readyAt[p];
    buf[n++] = w;
  }
  col.maxTotalWait[row] = summariseDay(cols.totalWait, row, buf, 0, n, cols.q, cols.work);
  n = 0;
  for (let p = 0; p < nPatients; p++) if (left[p] !== REBOOKED) buf[n++] = departure[p] - arrival[p];
  summariseDay(cols.timeInOffice, row, buf, 0, n, cols.q, cols.work);

  // Delay past appointment: exam (first "seen" step) start − appointment, booked patients who were seen.
  n = 0;
  let showed = 0;
  let onTime = 0;
  let seen = 0;
  let walkInsSeen = 0;
  let lwbs = 0;
  let walkIns = 0;
  for (let p = 0; p < nPatients; p++) {
    const seenAtP = seenAt[p];
    const isSeen = seenAtP === seenAtP;
    if (isSeen) seen++;
    const lp = left[p];
    if (lp === LEFT_WITHOUT_BEING_SEEN) lwbs++;
    const k = kind[p];
    if (k === WALK_IN) {
      walkIns++;
      if (isSeen) walkInsSeen++;
      continue;
    }
    if (k !== BOOKED || lp === REBOOKED) continue;
    showed++;
    if (isSeen) {
      const delay = seenAtP - appointment[p];
      buf[n++] = delay;
      if (delay <= ON_TIME_MINUTES) onTime++;
    }
  }
  summariseDay(cols.delay, row, buf, 0, n, cols.q, cols.work);
  col.startedWithin15Share[row] = showed > 0 ? onTime / showed : NaN;
  col.booked[row] = counts.booked;
  col.noShows[row] = counts.noShows;
  col.arrived[row] = b.n - counts.rebooked;
  col.walkIns[row] = walkIns;
  col.seen[row] = seen;
  col.walkInsSeen[row] = walkInsSeen;
  col.leftWithoutBeingSeen[row] = lwbs;
  col.rebooked[row] = counts.rebooked;
  recordStaff(day, cols, row, seen);
  recordOverbooking(day, cols, row, nProvider);
}

/**
 * Index of the slot at appointment time `t` (a booked patient's, never NaN) in the ascending slot times,
 * or −1, where `slotByMinute` cannot say (a slot time that is not a whole minute). A binary search whose steps do not branch on the data (the base advances by `half` times 0 or 1):
 * the next probe would otherwise be a coin flip for the branch predictor on every step, for every booked
 * patient.
 */
function slotIndex(times: Float64Array, t: number): number {
  const n = times.length;
  if (n === 0) return -1;
  let base = 0;
  for (let len = n; len > 1; ) {
    const half = len >>> 1;
    base += half * +(times[base + half] <= t);
    len -= half;
  }
  return times[base] === t ? base : -1;
}

/**
 * Overbooking (docs/results.md): per slot, booked patients who arrived and who were seen; per clock hour,
 * providers' idle minutes in their sessions (session minutes less provider-step service in them) and the
 * mean wait for the provider of visits that became ready in that hour. Scratch arrays only, no allocation.
 */
function recordOverbooking(day: OfficeDay, cols: OfficeColumns, row: number, nProvider: number): void {
  const c = day.c;
  const b = day.b;
  const arrived = cols.slotArrived;
  const seenBy = cols.slotSeen;
  arrived.fill(0);
  seenBy.fill(0);
  const byMinute = cols.slotByMinute;
  for (let p = 0; p < b.n; p++) {
    if (b.kind[p] !== BOOKED) continue;
    const t = b.appointment[p];
    const k = t - cols.slotMinute0;
    const i = byMinute !== null && k >= 0 && k < byMinute.length && k === Math.floor(k) ? byMinute[k] : slotIndex(cols.slotTimes, t);
    if (i < 0) continue;
    arrived[i]++;
    if (b.seenAt[p] === b.seenAt[p]) seenBy[i]++;
  }
  for (let i = 0; i < cols.slotCols.length; i++) {
    const sc = cols.slotCols[i];
    sc[0][row] = cols.slotBooked[i];
    sc[1][row] = arrived[i];
    sc[2][row] = seenBy[i];
  }
  const busy = cols.hourBusy;
  const wait = cols.hourWait;
  const waitN = cols.hourWaitN;
  busy.fill(0);
  wait.fill(0);
  waitN.fill(0);
  const first = hourFrom(c, 0);
  const hours = c.hours;
  const providerVisits = cols.providerVisits;
  const pieceFrom = cols.hourPieceFrom;
  const pieceLo = cols.hourPieceLo;
  const pieceHi = cols.hourPieceHi;
  const { start: starts, end: ends, wait: waits } = b;
  for (let j = 0; j < nProvider; j++) {
    const v = providerVisits[j];
    const start = starts[v];
    const w = waits[v];
    const hr = Math.floor((start - w - first) / 60);
    if (hr >= 0 && hr < hours) {
      wait[hr] += w;
      waitN[hr]++;
    }
    const end = ends[v];
    // Service in the sessions, hour by hour: the overlap of [start, end) with each piece of a session.
    for (let h = Math.max(0, Math.floor((start - first) / 60)); h < hours && first + h * 60 < end; h++)
      for (let k = pieceFrom[h]; k < pieceFrom[h + 1]; k++) busy[h] += overlap(start, end, pieceLo[k], pieceHi[k]);
  }
  const nQ = c.providerIds.length;
  for (let h = 0; h < c.hours; h++) {
    const hc = cols.hourCols[h];
    hc[0][row] = nQ > 0 && cols.hourSession[h] > 0 ? Math.max(0, cols.hourSession[h] - busy[h]) / nQ : NaN;
    hc[1][row] = waitN[h] > 0 ? wait[h] / waitN[h] : NaN;
  }
}

/** Pools, providers, rooms, cost and the waiting-room grid. */
function recordStaff(day: OfficeDay, cols: OfficeColumns, row: number, seen: number): void {
  const c = day.c;
  const col = cols.single;
  const rec = cols.rec;
  let labour = 0;
  let overtimeCost = 0;
  for (let pool = 0; pool < c.poolIds.length; pool++) {
    let busy = 0;
    let overtime = 0;
    const scheduled = c.poolScheduledMinutes[pool];
    const finalEnd = c.poolFinalShiftEnd[pool];
    for (let m = day.poolFirst[pool]; m < day.poolFirst[pool + 1]; m++) {
      busy += day.busyMinutes[m];
      // "While patients present" pools have no shift-end rule: their overtime is work past the last shift.
      const last = day.lastBusyEnd[m];
      overtime += c.poolWhilePresent[pool] ? (last > finalEnd ? last - finalEnd : 0) : day.overtime[m];
    }
    const pc = cols.poolCols[pool];
    pc[0][row] = scheduled > 0 ? busy / scheduled : NaN;
    pc[1][row] = busy;
    pc[2][row] = scheduled;
    pc[3][row] = overtime;
    labour += (scheduled / 60) * c.poolWage[pool];
    overtimeCost += (overtime / 60) * c.poolWage[pool] * c.poolOvertimeMult[pool];
    const hours = rec.hourly(pool);
    for (let h = 0; h < c.hours; h++) hours[row * c.hours + h] = day.poolHourBusy[pool * c.hours + h];
  }

  // Providers: utilisation and idle time inside their sessions, overtime past their last session.
  let util = 0;
  let idle = 0;
  let ot = 0;
  let maxOt = 0;
  const nQ = c.providerIds.length;
  for (let q = 0; q < nQ; q++) {
    const m = day.nPoolMembers + q;
    const sessionMinutes = c.providerSessionMinutes[q];
    const inSession = day.busyInSession[q];
    const last = day.lastBusyEnd[m];
    const overtime = last > c.providerLastSessionEnd[q] ? last - c.providerLastSessionEnd[q] : 0;
    const u = sessionMinutes > 0 ? inSession / sessionMinutes : NaN;
    const qc = cols.providerCols[q];
    qc[0][row] = u;
    qc[1][row] = sessionMinutes - inSession;
    qc[2][row] = overtime;
    qc[3][row] = day.providerSeen[q];
    util += u;
    idle += sessionMinutes - inSession;
    ot += overtime;
    if (overtime > maxOt) maxOt = overtime;
    labour += (sessionMinutes / 60) * c.providerWage[q];
    overtimeCost += (overtime / 60) * c.providerWage[q] * c.providerOvertimeMult[q];
  }
  col.providerUtilisation[row] = util / nQ;
  col.providerIdle[row] = idle / nQ;
  col.providerOvertime[row] = ot / nQ;
  col.providerMaxOvertime[row] = maxOt;
  col.providerAnyOvertime[row] = maxOt > 0 ? 1 : 0;

  col.roomUtilisation[row] = c.closes > 0 ? day.roomBusyMinutes / (c.rooms * c.closes) : NaN;
  col.lastDeparture[row] = day.lastDeparture;
  col.labourCost[row] = labour + overtimeCost;
  col.overtimeCost[row] = overtimeCost;
  col.costPerVisit[row] = seen > 0 ? (labour + overtimeCost) / seen : NaN;
  const grid = rec.grid;
  for (let i = 0; i < c.gridBins; i++) grid[row * c.gridBins + i] = day.grid[i] / GRID_MINUTES;
}
