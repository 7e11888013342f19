/**
 * Patients in the building, stored in slots of parallel typed arrays. A slot is reused after its patient
 * leaves, so a long steady-state run touches only as much memory as its busiest moment needs (records of
 * past patients are kept separately, and only on request). Grows by doubling.
 *
 * Each slot carries its patient's pre-drawn randomness: a fixed block of uniforms (service, routing,
 * patience, post-service busy time, for a bounded number of visits per step), drawn when the patient is
 * created, in creation order, from per-purpose streams (common random numbers by construction).
 */
import { resizeF64, resizeI32 } from './calendar';

/** Slot-indexed patient state. Field arrays are public for the engine's hot loop. */
export class PatientTable {
  /** Slots allocated. */
  capacity = 0;
  id = new Int32Array(0);
  cls = new Int32Array(0);
  source = new Int32Array(0);
  /** Current stage (global stage index). */
  stage = new Int32Array(0);
  arrival = new Float64Array(0);
  /** Priority key (minutes). */
  key = new Float64Array(0);
  /** Time of joining the current line (minutes). */
  join = new Float64Array(0);
  /** Earliest start at the current step (eligibility), minutes. */
  eligible = new Float64Array(0);
  /** Sum of waits so far (minutes). */
  totalWait = new Float64Array(0);
  /** 1 if the patient's statistics count (arrived inside the observation window). */
  counted = new Uint8Array(0);
  /** 1 while a patience timer is pending. */
  renegePending = new Uint8Array(0);
  /** Step whose line the patient is in, or −1. */
  lineStep = new Int32Array(0);
  pinPool = new Int32Array(0);
  pinMember = new Int32Array(0);
  /** Current visit's record number (records on) or −1. */
  visitRec = new Int32Array(0);
  /** Members held: count, and per pool [slot·nPools + pool] the member (−1), release step and post-busy minutes. */
  nHeld = new Int32Array(0);
  held = new Int32Array(0);
  heldUntil = new Int32Array(0);
  heldPost = new Float64Array(0);
  /** Visits per step so far [slot·nSteps + step]. */
  visits = new Int32Array(0);
  /** Uses of limited branches [slot·nCounters + counter]. */
  branchUses = new Int32Array(0);
  /** Pre-drawn uniforms [slot·blockSize + offset]. */
  u = new Float64Array(0);

  private freeSlots = new Int32Array(0);
  private nFree = 0;

  /**
   * @param nPools pools in the model; @param nSteps steps; @param nCounters limited branches;
   * @param blockSize uniforms pre-drawn per patient; @param initialCapacity slots before the first growth.
   */
  constructor(
    readonly nPools: number,
    readonly nSteps: number,
    readonly nCounters: number,
    readonly blockSize: number,
    initialCapacity = 64,
  ) {
    this.grow(Math.max(4, initialCapacity));
  }

  /** Takes a free slot (growing if needed) and resets its per-visit state. @returns the slot. */
  alloc(): number {
    if (this.nFree === 0) this.grow(this.capacity * 2);
    const slot = this.freeSlots[--this.nFree];
    this.renegePending[slot] = 0;
    this.lineStep[slot] = -1;
    this.totalWait[slot] = 0;
    this.nHeld[slot] = 0;
    this.visitRec[slot] = -1;
    const ns = this.nSteps;
    if (ns === 1) this.visits[slot] = 0;
    else this.visits.fill(0, slot * ns, slot * ns + ns);
    if (this.nCounters > 0) this.branchUses.fill(0, slot * this.nCounters, (slot + 1) * this.nCounters);
    return slot;
  }

  /** Returns a slot to the free list. */
  free(slot: number): void {
    this.freeSlots[this.nFree++] = slot;
  }

  /** Slots in use. */
  get inUse(): number {
    return this.capacity - this.nFree;
  }

  private grow(n: number): void {
    const old = this.capacity;
    this.id = resizeI32(this.id, n);
    this.cls = resizeI32(this.cls, n);
    this.source = resizeI32(this.source, n);
    this.stage = resizeI32(this.stage, n);
    this.arrival = resizeF64(this.arrival, n);
    this.key = resizeF64(this.key, n);
    this.join = resizeF64(this.join, n);
    this.eligible = resizeF64(this.eligible, n);
    this.totalWait = resizeF64(this.totalWait, n);
    this.counted = resizeU8(this.counted, n);
    this.renegePending = resizeU8(this.renegePending, n);
    this.lineStep = resizeI32(this.lineStep, n);
    this.pinPool = resizeI32(this.pinPool, n);
    this.pinMember = resizeI32(this.pinMember, n);
    this.visitRec = resizeI32(this.visitRec, n);
    this.nHeld = resizeI32(this.nHeld, n);
    this.held = resizeI32(this.held, n * this.nPools);
    this.held.fill(-1, old * this.nPools);
    this.heldUntil = resizeI32(this.heldUntil, n * this.nPools);
    this.heldPost = resizeF64(this.heldPost, n * this.nPools);
    this.visits = resizeI32(this.visits, n * this.nSteps);
    this.branchUses = resizeI32(this.branchUses, n * this.nCounters);
    this.u = resizeF64(this.u, n * this.blockSize);
    const free = new Int32Array(n);
    free.set(this.freeSlots.subarray(0, this.nFree));
    // Lowest new slot on top of the stack, so slots are handed out in increasing order.
    let k = this.nFree;
    for (let s = n - 1; s >= old; s--) free[k++] = s;
    this.freeSlots = free;
    this.nFree = k;
    this.capacity = n;
  }
}

function resizeU8(a: Uint8Array, n: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(n);
  b.set(a);
  return b;
}

/**
 * Counter-based uniform on [0, 1) with 32-bit resolution, for visits beyond the pre-drawn block: a hash
 * of (stream key, patient id, index), so the value depends only on who the patient is and which draw it
 * is, never on when it is asked for (staffing cannot shift it). Hash: Chris Wellons' "lowbias32"
 * integer finaliser (hash-prospector), applied in a chain.
 * @param key 32-bit stream key; @param patient patient id ≥ 0; @param index draw index ≥ 0.
 */
export function counterUniform(key: number, patient: number, index: number): number {
  const h = lowbias32(key ^ lowbias32((patient + 0x9e3779b9) ^ lowbias32(index + 0x85ebca6b)));
  return h / 4294967296;
}

function lowbias32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}
