/**
 * Growable typed-array storage for one simulated day: patients, their visits (one per step on their route)
 * and busy-after times. Allocated once per run and reused by every replication, so a day allocates nothing
 * once the buffers have grown to the day's size.
 */

/** Grows `a` (by doubling) to hold at least `n` elements, keeping its contents. */
function grow<T extends Float64Array | Int32Array | Uint8Array>(a: T, n: number): T {
  if (a.length >= n) return a;
  let cap = Math.max(16, a.length);
  while (cap < n) cap *= 2;
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}

/** Patient kinds. */
export const BOOKED = 0;
export const WALK_IN = 1;

/** Patient states. */
export const NOT_ARRIVED = 0;
export const WAITING = 1;
export const IN_SERVICE = 2;
export const GONE = 3;

/** How a patient left. */
export const LEFT_NORMALLY = 0;
export const LEFT_WITHOUT_BEING_SEEN = 1;
export const REBOOKED = 2;

/** Per-patient and per-visit arrays of one day. Times are minutes after opening. */
export class DayBuffers {
  /** Number of patients (booked who showed, including rebooked ones, and walk-ins). */
  n = 0;
  /** Number of visits (route entries) over all patients. */
  nVisits = 0;
  /** Number of busy-after durations drawn. */
  nAfter = 0;

  // Patients.
  kind = new Uint8Array(0);
  visitType = new Int32Array(0);
  /** Own provider (booked), or −1 (walk-in). */
  provider = new Int32Array(0);
  /** Appointment time (booked) or NaN. */
  appointment = new Float64Array(0);
  arrival = new Float64Array(0);
  /** Priority key with the provider: appointment time (or the session's end under the late rule) or arrival. */
  key = new Float64Array(0);
  session = new Int32Array(0);
  /** Patience deadline (minutes after opening) or Infinity. */
  patienceAt = new Float64Array(0);
  /** First visit index and number of visits. */
  routeStart = new Int32Array(0);
  routeLen = new Int32Array(0);
  /** 1 if the late rule sends this patient away to rebook. */
  rebook = new Uint8Array(0);
  // Patient state during the day.
  state = new Uint8Array(0);
  cursor = new Int32Array(0);
  /** When the patient became ready for their current step (end of the previous one, or arrival). */
  readyAt = new Float64Array(0);
  holdsRoom = new Uint8Array(0);
  roomSince = new Float64Array(0);
  seenAt = new Float64Array(0);
  departure = new Float64Array(0);
  left = new Uint8Array(0);
  /** Members serving the patient now (up to 4), and how many. */
  serving = new Int32Array(0);
  servingCount = new Uint8Array(0);
  /** 1 if the current service is the step's alternative. */
  servingAlt = new Uint8Array(0);

  // Visits.
  visitPatient = new Int32Array(0);
  visitStep = new Int32Array(0);
  duration = new Float64Array(0);
  altDuration = new Float64Array(0);
  /** Offset of this visit's busy-after durations in `afterDur`. */
  afterOff = new Int32Array(0);
  /** Room turnover after this visit (if the room is released after it), else 0. */
  turnover = new Float64Array(0);
  start = new Float64Array(0);
  end = new Float64Array(0);
  wait = new Float64Array(0);
  /** First member who served the visit (global member index), or −1. */
  servedBy = new Int32Array(0);
  /** 1 if served by the step's alternative staff. */
  byAlt = new Uint8Array(0);
  afterDur = new Float64Array(0);

  /** Makes room for `n` patients. */
  ensurePatients(n: number): void {
    if (this.kind.length >= n) return;
    this.kind = grow(this.kind, n);
    this.visitType = grow(this.visitType, n);
    this.provider = grow(this.provider, n);
    this.appointment = grow(this.appointment, n);
    this.arrival = grow(this.arrival, n);
    this.key = grow(this.key, n);
    this.session = grow(this.session, n);
    this.patienceAt = grow(this.patienceAt, n);
    this.routeStart = grow(this.routeStart, n);
    this.routeLen = grow(this.routeLen, n);
    this.rebook = grow(this.rebook, n);
    this.state = grow(this.state, n);
    this.cursor = grow(this.cursor, n);
    this.readyAt = grow(this.readyAt, n);
    this.holdsRoom = grow(this.holdsRoom, n);
    this.roomSince = grow(this.roomSince, n);
    this.seenAt = grow(this.seenAt, n);
    this.departure = grow(this.departure, n);
    this.left = grow(this.left, n);
    this.serving = grow(this.serving, 4 * n);
    this.servingCount = grow(this.servingCount, n);
    this.servingAlt = grow(this.servingAlt, n);
  }

  /** Makes room for `n` visits. */
  ensureVisits(n: number): void {
    if (this.visitStep.length >= n) return;
    this.visitPatient = grow(this.visitPatient, n);
    this.visitStep = grow(this.visitStep, n);
    this.duration = grow(this.duration, n);
    this.altDuration = grow(this.altDuration, n);
    this.afterOff = grow(this.afterOff, n);
    this.turnover = grow(this.turnover, n);
    this.start = grow(this.start, n);
    this.end = grow(this.end, n);
    this.wait = grow(this.wait, n);
    this.servedBy = grow(this.servedBy, n);
    this.byAlt = grow(this.byAlt, n);
  }

  /** Makes room for `n` busy-after durations. */
  ensureAfter(n: number): void {
    this.afterDur = grow(this.afterDur, n);
  }
}
