/**
 * The calendar: the future-event list of a run. A binary min-heap over parallel typed arrays, ordered by
 * (time, priority, insertion sequence) so simultaneous events always resolve the same way, whatever the
 * heap's shape: reruns with the same seed replay the same history, and ties are never broken by chance
 * (a random tie-break would silently break common random numbers between scenarios).
 *
 * Nothing is allocated per event: {@link Calendar.pop} writes the event into the public fields
 * `popTime`, `popKind`, `popEntity` and `popData`. Cancellation is lazy: an event scheduled with
 * {@link Calendar.scheduleCancellable} is stamped with its entity's generation, {@link Calendar.cancel}
 * bumps that generation, and stale entries are skipped when they reach the top (and compacted away if
 * they ever make up most of the heap).
 */
import { ScheduleTimeError, SimulationError } from './errors';

/** Largest priority accepted by {@link Calendar.schedule}: priorities are packed with the sequence number. */
export const MAX_PRIORITY = 4095;
/** 2^40: sequence numbers below this fit beside a 12-bit priority in one double's 53-bit mantissa. */
const SEQ_SPAN = 1_099_511_627_776;
/** Generation stamp of an event that cannot be cancelled. */
const NOT_CANCELLABLE = -1;

/** Thrown by {@link Calendar.schedule} for a priority that is not an integer in [0, {@link MAX_PRIORITY}]. */
export class CalendarPriorityError extends SimulationError {
  override name = 'CalendarPriorityError';
  /** @param now clock (minutes); @param entity event entity; @param value the rejected priority */
  constructor(
    readonly now: number,
    readonly entity: number,
    readonly value: number,
  ) {
    super(`t=${now}: entity ${entity}: event priority must be an integer in [0, ${MAX_PRIORITY}] (value: ${value})`);
  }
}

/**
 * Future-event list. Times are minutes (any finite number, including negative ones before the day's
 * opening); an event may never be scheduled before the current clock.
 */
export class Calendar {
  /**
   * Current simulation time (minutes): the time of the last popped event, or the start time. Initialised
   * here, not only in the constructor: a field declared without a value starts as `undefined` (ES2022
   * class fields), V8 then stores it as a tagged value, and every `pop` would allocate a heap number.
   */
  now = 0;
  /** Time (minutes) of the event returned by the last successful {@link pop}. */
  popTime = 0;
  /** Kind (small integer) of the event returned by the last successful {@link pop}. */
  popKind = 0;
  /** Entity id of the event returned by the last successful {@link pop}. */
  popEntity = 0;
  /** Payload of the event returned by the last successful {@link pop}. */
  popData = 0;

  // Heap arrays: what ordering needs (time, priority·2^40 + sequence) and the event's record number.
  private times: Float64Array;
  private keys: Float64Array;
  private recs: Int32Array;
  // Event records (kind, entity, payload, generation stamp), recycled through a free stack: a sift moves
  // three numbers per level instead of six.
  private kinds: Int32Array;
  private entities: Int32Array;
  private data: Float64Array;
  private gens: Int32Array;
  private freeRecs: Int32Array;
  private nFreeRecs: number;
  private generation: Int32Array;
  private n = 0;
  private seq = 0;
  private stale = 0;

  /**
   * @param startMinutes the clock's initial value (minutes); may be negative.
   * @param initialCapacity number of events stored before the first growth (doubles when full).
   */
  constructor(startMinutes = 0, initialCapacity = 64) {
    if (!Number.isFinite(startMinutes)) throw new ScheduleTimeError(NaN, -1, startMinutes, -1);
    this.now = startMinutes;
    const cap = Math.max(4, initialCapacity | 0);
    this.times = new Float64Array(cap);
    this.keys = new Float64Array(cap);
    this.recs = new Int32Array(cap);
    this.kinds = new Int32Array(cap);
    this.entities = new Int32Array(cap);
    this.data = new Float64Array(cap);
    this.gens = new Int32Array(cap);
    this.freeRecs = new Int32Array(cap);
    for (let i = 0; i < cap; i++) this.freeRecs[i] = cap - 1 - i;
    this.nFreeRecs = cap;
    this.generation = new Int32Array(64);
  }

  /** Number of entries held, stale (cancelled) ones included. */
  get size(): number {
    return this.n;
  }

  /** Number of cancelled entries still held. */
  get staleCount(): number {
    return this.stale;
  }

  /** Capacity of the underlying arrays (for growth tests). */
  get capacity(): number {
    return this.times.length;
  }

  /**
   * Schedules an event that cannot be cancelled.
   * @param time event time (minutes); must be finite and ≥ {@link now}.
   * @param priority integer in [0, {@link MAX_PRIORITY}]; among events at the same time, lower first.
   * @param kind event kind (any int32), passed back in `popKind`.
   * @param entity entity id (int32 ≥ 0), passed back in `popEntity`.
   * @param data payload (any double), passed back in `popData`.
   * @throws ScheduleTimeError for a NaN, infinite or past time; CalendarPriorityError for a bad priority.
   */
  schedule(time: number, priority: number, kind: number, entity: number, data: number): void {
    this.insert(time, priority, kind, entity, data, NOT_CANCELLABLE);
  }

  /**
   * Schedules an event that {@link cancel}(entity) will void. Used for patience (reneging) timers.
   * Same parameters and errors as {@link schedule}; `entity` must be ≥ 0.
   */
  scheduleCancellable(time: number, priority: number, kind: number, entity: number, data: number): void {
    if (entity >= this.generation.length) this.growGenerations(entity);
    this.insert(time, priority, kind, entity, data, this.generation[entity]);
  }

  /**
   * Voids every pending cancellable event of `entity` (lazy: O(1) now, skipped when popped).
   * @param entity entity id ≥ 0.
   * @param pending number of pending cancellable events of that entity (for compaction bookkeeping; 1 by default).
   */
  cancel(entity: number, pending = 1): void {
    if (entity >= this.generation.length) this.growGenerations(entity);
    this.generation[entity] = (this.generation[entity] + 1) | 0;
    this.stale += pending;
    if (this.stale > 1024 && this.stale * 2 > this.n) this.compact();
  }

  /** Time (minutes) of the next live event, or Infinity when none is left. Removes stale entries on the way. */
  peekTime(): number {
    this.dropStaleTop();
    return this.n > 0 ? this.times[0] : Infinity;
  }

  /**
   * Removes the earliest live event, advances {@link now} to its time and writes it to the `pop*` fields.
   * @returns false (and changes nothing) when the calendar holds no live event.
   */
  pop(): boolean {
    for (;;) {
      if (this.n === 0) return false;
      const r = this.recs[0];
      const g = this.gens[r];
      this.removeTop();
      this.freeRecs[this.nFreeRecs++] = r;
      if (g !== NOT_CANCELLABLE && g !== this.generation[this.entities[r]]) {
        if (this.stale > 0) this.stale--;
        continue;
      }
      this.popTime = this.times[this.n];
      this.popKind = this.kinds[r];
      this.popEntity = this.entities[r];
      this.popData = this.data[r];
      this.now = this.popTime;
      return true;
    }
  }

  private dropStaleTop(): void {
    while (this.n > 0) {
      const r = this.recs[0];
      const g = this.gens[r];
      if (g === NOT_CANCELLABLE || g === this.generation[this.entities[r]]) return;
      this.removeTop();
      this.freeRecs[this.nFreeRecs++] = r;
      if (this.stale > 0) this.stale--;
    }
  }

  private insert(time: number, priority: number, kind: number, entity: number, data: number, gen: number): void {
    if (!(Number.isFinite(time) && time >= this.now)) throw new ScheduleTimeError(this.now, entity, time, kind);
    if (!(priority >= 0 && priority <= MAX_PRIORITY && (priority | 0) === priority)) {
      throw new CalendarPriorityError(this.now, entity, priority);
    }
    if (this.n === this.times.length) this.grow();
    const r = this.freeRecs[--this.nFreeRecs];
    this.kinds[r] = kind;
    this.entities[r] = entity;
    this.data[r] = data;
    this.gens[r] = gen;
    const key = priority * SEQ_SPAN + this.seq++;
    const times = this.times;
    const keys = this.keys;
    const recs = this.recs;
    let i = this.n++;
    // Sift up with a hole: move parents down until the new event's place is found.
    while (i > 0) {
      const p = (i - 1) >> 1;
      const tp = times[p];
      if (tp < time || (tp === time && keys[p] < key)) break;
      times[i] = tp;
      keys[i] = keys[p];
      recs[i] = recs[p];
      i = p;
    }
    times[i] = time;
    keys[i] = key;
    recs[i] = r;
  }

  /**
   * Removes the top entry; its time is left at index n (the new size) for {@link pop} to read.
   */
  private removeTop(): void {
    const times = this.times;
    const keys = this.keys;
    const recs = this.recs;
    const top = times[0];
    const last = --this.n;
    if (last > 0) {
      const t = times[last];
      const k = keys[last];
      const rl = recs[last];
      let i = 0;
      // Sift down with a hole, then drop the former last element into it.
      for (;;) {
        let c = 2 * i + 1;
        if (c >= last) break;
        const r = c + 1;
        if (r < last && (times[r] < times[c] || (times[r] === times[c] && keys[r] < keys[c]))) c = r;
        const tc = times[c];
        if (t < tc || (t === tc && k < keys[c])) break;
        times[i] = tc;
        keys[i] = keys[c];
        recs[i] = recs[c];
        i = c;
      }
      times[i] = t;
      keys[i] = k;
      recs[i] = rl;
    }
    times[last] = top;
  }

  private grow(): void {
    const old = this.times.length;
    const cap = old * 2;
    this.times = resizeF64(this.times, cap);
    this.keys = resizeF64(this.keys, cap);
    this.recs = resizeI32(this.recs, cap);
    this.kinds = resizeI32(this.kinds, cap);
    this.entities = resizeI32(this.entities, cap);
    this.data = resizeF64(this.data, cap);
    this.gens = resizeI32(this.gens, cap);
    const free = new Int32Array(cap);
    free.set(this.freeRecs.subarray(0, this.nFreeRecs));
    for (let i = cap - 1; i >= old; i--) free[this.nFreeRecs++] = i;
    this.freeRecs = free;
  }

  private growGenerations(entity: number): void {
    let cap = this.generation.length;
    while (cap <= entity) cap *= 2;
    this.generation = resizeI32(this.generation, cap);
  }

  /** Drops every stale entry and rebuilds the heap (Floyd's bottom-up heapify); order is unchanged. */
  private compact(): void {
    let w = 0;
    for (let i = 0; i < this.n; i++) {
      const r = this.recs[i];
      const g = this.gens[r];
      if (g === NOT_CANCELLABLE || g === this.generation[this.entities[r]]) {
        this.times[w] = this.times[i];
        this.keys[w] = this.keys[i];
        this.recs[w] = r;
        w++;
      } else this.freeRecs[this.nFreeRecs++] = r;
    }
    this.n = w;
    this.stale = 0;
    for (let i = (w >> 1) - 1; i >= 0; i--) this.siftDownFrom(i);
  }

  private siftDownFrom(start: number): void {
    const times = this.times;
    const keys = this.keys;
    let i = start;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= this.n) return;
      const r = c + 1;
      if (r < this.n && (times[r] < times[c] || (times[r] === times[c] && keys[r] < keys[c]))) c = r;
      if (times[i] < times[c] || (times[i] === times[c] && keys[i] < keys[c])) return;
      swapIn(this.times, i, c);
      swapIn(this.keys, i, c);
      swapIn(this.recs, i, c);
      i = c;
    }
  }
}

function swapIn(a: Float64Array | Int32Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/** Copies `a` into a new Float64Array of length `n` (n ≥ a.length). */
export function resizeF64(a: Float64Array, n: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(n);
  b.set(a);
  return b;
}

/** Copies `a` into a new Int32Array of length `n` (n ≥ a.length). */
export function resizeI32(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
