/**
 * A waiting line in front of a step: patients (by slot number) in service order. Either first-come
 * first-served, or ordered by a priority key (appointment time for booked patients, arrival time for
 * walk-ins) with ties broken by the time of joining and then by patient id, so the order never depends on
 * how the calendar happened to be shaped. A ring buffer over typed arrays; grows by doubling.
 *
 * The line also integrates its own length over time (the time-average number waiting).
 */
import { TimeWeighted } from './tally';

/** Service order of a {@link WaitingLine}. */
export type LineOrder = 'fifo' | 'key';

/** Waiting patients of one step, in the order they will be considered for service. */
export class WaitingLine {
  /** Time-weighted number waiting (patients), integrated between changes. */
  readonly level: TimeWeighted;
  /** Number of patients waiting. */
  length = 0;
  private readonly byKey: boolean;
  private slots: Int32Array;
  private keys: Float64Array;
  private joins: Float64Array;
  private ids: Float64Array;
  private head = 0;
  private mask = 0;

  /**
   * @param order `fifo` or `key` (see {@link LineOrder}).
   * @param startMinutes where time-averaging of the length starts.
   * @param initialCapacity rounded up to a power of two; the line grows by doubling.
   */
  constructor(order: LineOrder, startMinutes = 0, initialCapacity = 16) {
    this.byKey = order === 'key';
    let cap = 4;
    while (cap < initialCapacity) cap *= 2;
    this.mask = cap - 1;
    this.slots = new Int32Array(cap);
    const kcap = this.byKey ? cap : 0;
    this.keys = new Float64Array(kcap);
    this.joins = new Float64Array(kcap);
    this.ids = new Float64Array(kcap);
    this.level = new TimeWeighted(startMinutes, 0);
  }

  /**
   * Adds a patient. FIFO lines append; key lines insert after every entry that comes first by
   * (key, joinMinutes, id).
   * @param slot the patient's slot number.
   * @param key priority key (minutes); ignored by FIFO lines.
   * @param joinMinutes time of joining (minutes) = now.
   * @param id the patient's id (creation order), the final tie-break.
   */
  push(slot: number, key: number, joinMinutes: number, id: number): void {
    if (this.length > this.mask) this.grow();
    const mask = this.mask;
    if (!this.byKey) {
      this.slots[(this.head + this.length) & mask] = slot;
    } else {
      // Walk back from the tail: new patients usually belong at or near the end.
      let pos = this.length;
      while (pos > 0) {
        const j = (this.head + pos - 1) & mask;
        const kj = this.keys[j];
        if (kj < key || (kj === key && (this.joins[j] < joinMinutes || (this.joins[j] === joinMinutes && this.ids[j] < id)))) break;
        const to = (this.head + pos) & mask;
        this.slots[to] = this.slots[j];
        this.keys[to] = kj;
        this.joins[to] = this.joins[j];
        this.ids[to] = this.ids[j];
        pos--;
      }
      const at = (this.head + pos) & mask;
      this.slots[at] = slot;
      this.keys[at] = key;
      this.joins[at] = joinMinutes;
      this.ids[at] = id;
    }
    this.length++;
    this.level.update(joinMinutes, this.length);
  }

  /** The slot at position `i` (0 = next to be served). No bounds check: 0 ≤ i < length. */
  at(i: number): number {
    return this.slots[(this.head + i) & this.mask];
  }

  /**
   * Removes and returns the first patient's slot (−1 if empty).
   * @param now current time (minutes), for the time-weighted length.
   */
  shift(now: number): number {
    if (this.length === 0) return -1;
    const slot = this.slots[this.head];
    this.head = (this.head + 1) & this.mask;
    this.length--;
    this.level.update(now, this.length);
    return slot;
  }

  /**
   * Removes the patient at position `i` (0 ≤ i < length), keeping the others' order.
   * @param now current time (minutes), for the time-weighted length.
   */
  removeAt(i: number, now: number): void {
    if (i === 0) {
      this.shift(now);
      return;
    }
    const mask = this.mask;
    for (let p = i; p < this.length - 1; p++) {
      const from = (this.head + p + 1) & mask;
      const to = (this.head + p) & mask;
      this.slots[to] = this.slots[from];
      if (this.byKey) {
        this.keys[to] = this.keys[from];
        this.joins[to] = this.joins[from];
        this.ids[to] = this.ids[from];
      }
    }
    this.length--;
    this.level.update(now, this.length);
  }

  /** Position of `slot` in the line, or −1. O(length). */
  indexOf(slot: number): number {
    for (let p = 0; p < this.length; p++) if (this.slots[(this.head + p) & this.mask] === slot) return p;
    return -1;
  }

  private grow(): void {
    const cap = (this.mask + 1) * 2;
    const slots = new Int32Array(cap);
    const keys = new Float64Array(this.byKey ? cap : 0);
    const joins = new Float64Array(this.byKey ? cap : 0);
    const ids = new Float64Array(this.byKey ? cap : 0);
    for (let p = 0; p < this.length; p++) {
      const j = (this.head + p) & this.mask;
      slots[p] = this.slots[j];
      if (this.byKey) {
        keys[p] = this.keys[j];
        joins[p] = this.joins[j];
        ids[p] = this.ids[j];
      }
    }
    this.slots = slots;
    this.keys = keys;
    this.joins = joins;
    this.ids = ids;
    this.head = 0;
    this.mask = cap - 1;
  }
}
