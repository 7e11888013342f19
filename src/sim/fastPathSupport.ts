/**
 * Support for the fast path (fastPath.ts): whether a run qualifies, and the cold helpers its hot loop
 * calls rarely (array growth, closing the time-weighted windows) or inlines (Welford's update), kept out
 * of the loop's function so that it stays as small as it can be.
 */
import { AVAILABLE_ALWAYS, type CompiledModel } from './compile';
import type { RunOptions } from './engineState';
import type { TimeSnapshot } from './results';

/**
 * Whether a run qualifies for the fast path.
 * @returns true when the model is a plain network (see the module comment) and nothing is recorded.
 */
export function canRunFast(c: CompiledModel, o: RunOptions): boolean {
  if (o.trace || o.record) return false;
  if (c.sources.some((s) => s.kind !== 'arrivals')) return false;
  if (c.poolAvailability.some((a) => a !== AVAILABLE_ALWAYS)) return false;
  for (let s = 0; s < c.stepNames.length; s++) {
    if (c.stepK[s] === 0) continue;
    if (c.stepSimple[s] !== 1 || c.stepPatience[s] !== null) return false;
    if (c.poolUsers[c.needPool[c.needStart[s]]].length !== 1) return false;
  }
  return true;
}

/** A copy of `a` grown to length n. */
export function growF64(a: Float64Array, n: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(n);
  b.set(a);
  return b;
}

/** A copy of `a` grown to length n. */
export function growI32(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

/** The time-weighted state {@link closeWindows} reads (references to the run's arrays). */
export interface TwState {
  nPools: number;
  nSteps: number;
  size: Int32Array;
  memberBase: Int32Array;
  mBusy: Uint8Array;
  mBusyMin: Float64Array;
  mBusySince: Float64Array;
  mServed: Float64Array;
  mLastFree: Float64Array;
  winStart: Float64Array;
  busyStart: Float64Array;
  busyLast: Float64Array;
  busyArea: Float64Array;
  busyCount: Int32Array;
  dutyStart: Float64Array;
  dutyLast: Float64Array;
  lStart: Float64Array;
  lLast: Float64Array;
  lArea: Float64Array;
  lLen: Int32Array;
  lMax: Float64Array;
}

/** Freezes the time-weighted statistics at `now` (as takeSnapshot with StaffPool.closeWindow). */
export function closeWindows(w: TwState, now: number, windowStart: number): TimeSnapshot {
  const span = now - windowStart;
  const members: Float64Array[] = [];
  const poolBusy = new Float64Array(w.nPools);
  const poolDuty = new Float64Array(w.nPools);
  for (let p = 0; p < w.nPools; p++) {
    const base = w.memberBase[p];
    const a = new Float64Array(w.size[p] * 4);
    for (let m = 0; m < w.size[p]; m++) {
      const k = base + m;
      if (w.mBusy[k] === 1) w.mBusyMin[k] += now - Math.max(w.mBusySince[k], w.winStart[p]);
      w.mBusySince[k] = now;
      a[4 * m] = w.mBusyMin[k];
      a[4 * m + 2] = w.mServed[k];
      a[4 * m + 3] = w.mLastFree[k];
    }
    w.winStart[p] = now;
    members.push(a);
    poolBusy[p] = span > 0 ? twMean(w.busyStart[p], w.busyLast[p], w.busyArea[p], w.busyCount[p], now) : NaN;
    poolDuty[p] = span > 0 ? twMean(w.dutyStart[p], w.dutyLast[p], 0, w.size[p], now) : NaN;
  }
  const lineMean = new Float64Array(w.nSteps);
  for (let s = 0; s < w.nSteps; s++) lineMean[s] = span > 0 ? twMean(w.lStart[s], w.lLast[s], w.lArea[s], w.lLen[s], now) : NaN;
  return { windowStart, windowEnd: now, lineMean, lineMax: Float64Array.from(w.lMax), poolBusy, poolDuty, members };
}

/** Doubles the ring region of line s in the shared buffer (cold path). @returns the new buffer. */
export function growLine(s: number, ring: Int32Array, lBase: Int32Array, lCap: Int32Array, lHead: Int32Array, lLen: Int32Array): Int32Array<ArrayBuffer> {
  const n = lCap.length;
  const caps = Array.from(lCap, (cp, i) => (i === s ? cp * 2 : cp));
  let total = 0;
  const bases = caps.map((cp) => {
    const b = total;
    total += cp;
    return b;
  });
  const next = new Int32Array(total);
  for (let i = 0; i < n; i++) {
    for (let q = 0; q < lLen[i]; q++) next[bases[i] + q] = ring[lBase[i] + ((lHead[i] + q) & (lCap[i] - 1))];
    lBase[i] = bases[i];
    lCap[i] = caps[i];
    lHead[i] = 0;
  }
  return next;
}

/** Welford's update of [count, mean, m2, min, max] stored at a[o … o+4] (as Tally.add). */
export function welford(a: Float64Array, o: number, x: number): void {
  const n = ++a[o];
  const delta = x - a[o + 1];
  a[o + 1] += delta / n;
  a[o + 2] += delta * (x - a[o + 1]);
  if (x < a[o + 3]) a[o + 3] = x;
  if (x > a[o + 4]) a[o + 4] = x;
}

/** TimeWeighted.mean from its fields: (area + level·(until − last)) / (until − start). */
export function twMean(startT: number, last: number, area: number, level: number, until: number): number {
  const span = until - startT;
  if (span === 0) return level;
  return (area + level * (until - last)) / span;
}
