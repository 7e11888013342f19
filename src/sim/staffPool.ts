/**
 * A staff pool (or a set of physical resources such as exam rooms): individually addressable members,
 * each free, busy with a patient, or busy after a patient (documentation, room turnover), and on or off
 * duty by its shift schedule.
 *
 * Free members wait in a list ordered by (time they became free, member index): the member idle longest
 * takes the next patient, ties to the lower index. A member whose shift ends while busy finishes first
 * (the extra minutes are overtime) and then goes off duty.
 */
import { InvariantError } from './errors';
import { TimeWeighted } from './tally';

/** Member state: idle (free if on duty). */
export const IDLE = 0;
/** Member state: serving a patient. */
export const SERVING = 1;
/** Member state: busy after a patient left (post-service busy time). */
export const POST_BUSY = 2;

/**
 * A member's on-duty intervals, optionally repeating with a period.
 * Intervals are [on, off) in minutes, sorted and merged; with a period they repeat every `period` minutes.
 */
export class ShiftSchedule {
  /**
   * @param bounds flattened sorted, disjoint, non-adjacent intervals [on0, off0, on1, off1, …] (minutes).
   * @param period repeat period (minutes > 0), or 0 for no repeat (then intervals are absolute times).
   */
  constructor(
    readonly bounds: Float64Array,
    readonly period: number,
  ) {}

  /** Whether the member is on duty at time t (minutes). */
  isOnAt(t: number): boolean {
    const p = this.period;
    const base = p > 0 ? Math.floor(t / p) * p : 0;
    const r = t - base;
    const b = this.bounds;
    for (let i = 0; i < b.length; i += 2) if (r >= b[i] && r < b[i + 1]) return true;
    return false;
  }

  /** The first time strictly after t (minutes) at which on/off duty changes; Infinity if never. */
  nextChangeAfter(t: number): number {
    const b = this.bounds;
    if (b.length === 0) return Infinity;
    const p = this.period;
    if (p === 0) {
      for (let i = 0; i < b.length; i++) if (b[i] > t) return b[i];
      return Infinity;
    }
    const k = Math.floor(t / p);
    for (let cycle = k; cycle <= k + 1; cycle++) {
      const base = cycle * p;
      for (let i = 0; i < b.length; i++) if (base + b[i] > t) return base + b[i];
    }
    return Infinity;
  }
}

/** One pool's members and its statistics. Times are minutes. */
export class StaffPool {
  /** Number of members. */
  readonly size: number;
  /** Member state: {@link IDLE}, {@link SERVING} or {@link POST_BUSY}. */
  readonly state: Uint8Array;
  /** 1 while the member's shift says on duty. */
  readonly onShift: Uint8Array;
  /** Time the member last became free (minutes). */
  readonly idleSince: Float64Array;
  /** Per member: busy minutes inside the statistics window. */
  readonly busyMinutes: Float64Array;
  /** Per member: overtime minutes (busy past the end of a shift). */
  readonly overtimeMinutes: Float64Array;
  /** Per member: time of the last release (minutes), or NaN if never busy. */
  readonly lastFreeMinutes: Float64Array;
  /** Per member: patients started. */
  readonly served: Float64Array;
  /** Time-weighted number of busy members (serving or post-busy). */
  readonly busyLevel: TimeWeighted;
  /** Time-weighted number of members on duty. */
  readonly onDutyLevel: TimeWeighted;
  /** Members busy (serving or post-busy). */
  busyCount = 0;
  /** Members on duty by schedule. */
  onShiftCount = 0;
  /** Members busy although their shift has ended (finishing a patient). */
  overtimeBusyCount = 0;
  /** Free members (idle and on duty). */
  freeCount = 0;

  private readonly busySince: Float64Array;
  private readonly shiftEndedAt: Float64Array;
  private readonly free: Int32Array;
  private freeHead = 0;
  private windowStart = 0;
  private readonly presentMode: boolean;
  private present = false;

  /**
   * @param size number of members (integer ≥ 0).
   * @param startMinutes start of the run; everyone idle since then.
   * @param onAtStart per member, whether on duty at the start.
   * @param presentMode true for pools on duty only while patients are in the building (for the on-duty
   *   statistic; service is unaffected).
   */
  constructor(size: number, startMinutes: number, onAtStart: (member: number) => boolean, presentMode = false) {
    this.size = size;
    this.state = new Uint8Array(size);
    this.onShift = new Uint8Array(size);
    this.idleSince = new Float64Array(size).fill(startMinutes);
    this.busyMinutes = new Float64Array(size);
    this.overtimeMinutes = new Float64Array(size);
    this.lastFreeMinutes = new Float64Array(size).fill(NaN);
    this.served = new Float64Array(size);
    this.busySince = new Float64Array(size);
    this.shiftEndedAt = new Float64Array(size);
    this.free = new Int32Array(Math.max(1, size));
    this.windowStart = startMinutes;
    this.presentMode = presentMode;
    for (let m = 0; m < size; m++) {
      if (onAtStart(m)) {
        this.onShift[m] = 1;
        this.onShiftCount++;
        this.free[this.freeCount++] = m;
      }
    }
    this.busyLevel = new TimeWeighted(startMinutes, 0);
    this.onDutyLevel = new TimeWeighted(startMinutes, presentMode ? 0 : this.onShiftCount);
  }

  /** The free member idle longest (ties: lower index), or −1 if none. Does not take it. */
  peekLongestIdle(): number {
    return this.freeCount > 0 ? this.free[this.freeHead] : -1;
  }

  /** Whether member m is free (idle and on duty). */
  isFree(m: number): boolean {
    return this.state[m] === IDLE && this.onShift[m] === 1;
  }

  /**
   * Takes the free member idle longest. The caller must have checked `freeCount > 0`.
   * @returns the member index.
   */
  takeLongestIdle(now: number): number {
    const m = this.free[this.freeHead];
    this.freeHead = this.freeHead + 1 === this.size ? 0 : this.freeHead + 1;
    this.freeCount--;
    this.markBusy(m, now);
    return m;
  }

  /**
   * Takes member m, which must be free.
   * @throws InvariantError if m is not free.
   */
  take(m: number, now: number): void {
    const pos = this.freePosition(m);
    if (pos < 0) throw new InvariantError(now, `member ${m}`, this.state[m], 'taken while not free');
    this.removeFreeAt(pos);
    this.markBusy(m, now);
  }

  /**
   * Member m stops serving. With `postMinutes` > 0 it stays busy (post-service) and the caller must call
   * {@link finishPost} later; otherwise it becomes free, or goes off duty if its shift has ended.
   * @returns true if the member is now free (so waiting patients may be matched).
   */
  release(m: number, now: number, postMinutes: number): boolean {
    if (this.state[m] !== SERVING) throw new InvariantError(now, `member ${m}`, this.state[m], 'released while not serving');
    if (postMinutes > 0) {
      this.state[m] = POST_BUSY;
      return false;
    }
    return this.becomeIdle(m, now);
  }

  /** Post-service busy time of member m is over. @returns true if the member is now free. */
  finishPost(m: number, now: number): boolean {
    if (this.state[m] !== POST_BUSY) throw new InvariantError(now, `member ${m}`, this.state[m], 'post-service end while not post-busy');
    return this.becomeIdle(m, now);
  }

  /**
   * Applies a shift change for member m at `now`.
   * @returns true if the member just became free (on duty and idle).
   */
  setOnShift(m: number, on: boolean, now: number): boolean {
    const was = this.onShift[m] === 1;
    if (was === on) return false;
    this.onShift[m] = on ? 1 : 0;
    this.onShiftCount += on ? 1 : -1;
    if (!this.presentMode) this.onDutyLevel.update(now, this.onShiftCount);
    if (this.state[m] === IDLE) {
      if (on) {
        this.idleSince[m] = now;
        this.insertFree(m);
        return true;
      }
      this.removeFreeAt(this.freePosition(m));
      return false;
    }
    // Busy: going off duty means finishing the patient first (overtime); coming back cancels that.
    if (on) {
      this.overtimeBusyCount--;
    } else {
      this.overtimeBusyCount++;
      this.shiftEndedAt[m] = now;
    }
    return false;
  }

  /** For `while-patients-present` pools: whether patients are in the building changed at `now`. */
  setPresent(present: boolean, now: number): void {
    if (!this.presentMode || present === this.present) return;
    this.present = present;
    this.onDutyLevel.update(now, present ? this.onShiftCount : 0);
  }

  /** Restarts all statistics at `now` (end of warm-up). */
  resetStats(now: number): void {
    this.busyLevel.reset(now);
    this.onDutyLevel.reset(now);
    this.windowStart = now;
    this.busyMinutes.fill(0);
    this.overtimeMinutes.fill(0);
    this.served.fill(0);
  }

  /** Adds the busy minutes of members still busy at `now` to {@link busyMinutes} (end of observation). */
  closeWindow(now: number): void {
    for (let m = 0; m < this.size; m++) {
      if (this.state[m] !== IDLE) this.busyMinutes[m] += now - Math.max(this.busySince[m], this.windowStart);
      this.busySince[m] = now;
    }
    this.windowStart = now;
  }

  private markBusy(m: number, now: number): void {
    this.state[m] = SERVING;
    this.busySince[m] = now;
    this.served[m]++;
    this.busyCount++;
    this.busyLevel.update(now, this.busyCount);
  }

  private becomeIdle(m: number, now: number): boolean {
    this.state[m] = IDLE;
    this.busyCount--;
    this.busyLevel.update(now, this.busyCount);
    this.busyMinutes[m] += now - Math.max(this.busySince[m], this.windowStart);
    this.lastFreeMinutes[m] = now;
    this.idleSince[m] = now;
    if (this.onShift[m] === 0) {
      this.overtimeBusyCount--;
      this.overtimeMinutes[m] += now - Math.max(this.shiftEndedAt[m], this.windowStart);
      return false;
    }
    this.insertFree(m);
    return true;
  }

  /** Inserts m into the free ring, keeping (idleSince, index) order; usually appends. */
  private insertFree(m: number): void {
    const size = this.size;
    const t = this.idleSince[m];
    let pos = this.freeCount;
    while (pos > 0) {
      const j = wrap(this.freeHead + pos - 1, size);
      const o = this.free[j];
      const to = this.idleSince[o];
      if (to < t || (to === t && o < m)) break;
      this.free[wrap(this.freeHead + pos, size)] = o;
      pos--;
    }
    this.free[wrap(this.freeHead + pos, size)] = m;
    this.freeCount++;
  }

  private freePosition(m: number): number {
    for (let p = 0; p < this.freeCount; p++) if (this.free[wrap(this.freeHead + p, this.size)] === m) return p;
    return -1;
  }

  private removeFreeAt(pos: number): void {
    const size = this.size;
    for (let p = pos; p > 0; p--) this.free[wrap(this.freeHead + p, size)] = this.free[wrap(this.freeHead + p - 1, size)];
    this.freeHead = wrap(this.freeHead + 1, size);
    this.freeCount--;
  }
}

function wrap(i: number, n: number): number {
  return i >= n ? i - n : i;
}
