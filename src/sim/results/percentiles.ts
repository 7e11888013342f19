/**
 * Percentiles by selection, for the summaries (summary.ts) and the office's daily percentiles
 * (office/metrics.ts): the p-quantiles of a range of values with linear interpolation between order
 * statistics (R-7, as d3-array's `quantile`), found by quickselect instead of a sort, in place or through a
 * scratch buffer, and bit-identical to sorting (the same order statistics, −0 and NaN included).
 */
import { exp, log } from '../detMath';

/** Exchanges a[i] and a[j]. */
function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/** Above this many values, {@link select} narrows the range by Floyd–Rivest sampling before partitioning. */
const SAMPLED_SELECT = 600;

/**
 * Rearranges a[left..right] so that a[k] is the value a sort would put there, with smaller-or-equal values
 * before it and larger-or-equal after: O(n) on average, where a full sort would be O(n log n). Large ranges
 * (pooled per-patient values: tens of thousands) use Floyd & Rivest's selection (CACM 18(3), 1975,
 * Algorithm 489, as in d3-array's quickselect): k is first selected within a sample range around its
 * expected place, so the pivot a[k] splits close to k and each pass discards most of the range (about
 * 1.5n comparisons for a median, against about 2.75n for Hoare's selection with a median-of-three pivot,
 * which small ranges use). The result is exact either way; only the work differs.
 */
export function select(a: Float64Array, k: number, left: number, right: number): void {
  while (right - left > SAMPLED_SELECT) {
    const n = right - left + 1;
    const m = k - left + 1;
    const z = log(n);
    const s = 0.5 * exp((2 * z) / 3);
    const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (m - n / 2 < 0 ? -1 : 1);
    select(a, k, Math.max(left, Math.floor(k - (m * s) / n + sd)), Math.min(right, Math.floor(k + ((n - m) * s) / n + sd)));
    const t = a[k];
    let i = left;
    let j = right;
    swap(a, left, k);
    if (a[right] > t) swap(a, left, right);
    while (i < j) {
      swap(a, i, j);
      i++;
      j--;
      while (a[i] < t) i++;
      while (a[j] > t) j--;
    }
    if (a[left] === t) swap(a, left, j);
    else {
      j++;
      swap(a, j, right);
    }
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
  hoareSelect(a, k, left, right);
}

/** {@link select} by Hoare's selection with a median-of-three pivot. */
function hoareSelect(a: Float64Array, k: number, left: number, right: number): void {
  while (right > left) {
    const mid = (left + right) >>> 1;
    if (a[mid] < a[left]) swap(a, mid, left);
    if (a[right] < a[left]) swap(a, right, left);
    if (a[right] < a[mid]) swap(a, right, mid);
    const pivot = a[mid];
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

/**
 * Percentiles of a[from, from + n) (no NaN) by linear interpolation between order statistics (Hyndman–Fan
 * type 7, as d3-array's `quantile`: h = (n − 1)p, x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎)), found by selection;
 * reorders that range. `ps` must be ascending in [0, 1]; results go to `out`.
 */
export function quantilesInPlace(a: Float64Array, from: number, n: number, ps: readonly number[], out: Float64Array): void {
  const end = from + n - 1;
  let lo = from;
  for (let j = 0; j < ps.length; j++) {
    const h = (n - 1) * ps[j];
    const i0 = Math.floor(h);
    const k = from + i0;
    select(a, k, lo, end);
    lo = k;
    const v0 = a[k];
    if (k >= end || h === i0) {
      out[j] = v0;
      continue;
    }
    // The next order statistic is the smallest value after position k (all of them are ≥ a[k]).
    let v1 = a[k + 1];
    for (let i = k + 2; i <= end; i++) if (a[i] < v1) v1 = a[i];
    out[j] = v0 + (v1 - v0) * (h - i0);
  }
}

/**
 * Moves the values of a[lo..hi] below `p` to the front, keeping their order, and returns where the others
 * (kept in order in t[t0, …) meanwhile) start. No branch depends on the data: every value is written to
 * both sides and the two ends advance by 0 or 1 (`+(v < p)` compiles to a flag, not a jump). On random
 * values a comparison's branch is mispredicted half the time, which costs more than the whole step.
 */
function partitionBelow(a: Float64Array, lo: number, hi: number, p: number, t: Float64Array, t0: number): number {
  let s = lo;
  let g = t0;
  for (let i = lo; i <= hi; i++) {
    const v = a[i];
    a[s] = v;
    t[g] = v;
    const below = +(v < p);
    s += below;
    g += 1 - below;
  }
  const split = s;
  for (let i = t0; i < g; i++) a[s++] = t[i];
  return split;
}

/** {@link partitionBelow} for the values equal to `p`, in a range where none is below it. */
function partitionEqual(a: Float64Array, lo: number, hi: number, p: number, t: Float64Array, t0: number): number {
  let s = lo;
  let g = t0;
  for (let i = lo; i <= hi; i++) {
    const v = a[i];
    a[s] = v;
    t[g] = v;
    const equal = +(v === p);
    s += equal;
    g += 1 - equal;
  }
  const split = s;
  for (let i = t0; i < g; i++) a[s++] = t[i];
  return split;
}

/**
 * {@link select} without data-dependent branches (quickselect over {@link partitionBelow}; work space
 * t[t0, t0 + hi − lo + 1)); no NaN in a[lo..hi]. Large ranges take their pivot as Floyd–Rivest do, from
 * a selection within a sample range around k, so that few passes over the whole range are needed. Which
 * of several equal values (+0 and −0) ends at k may differ from {@link select}.
 */
function selectFlat(a: Float64Array, k: number, lo: number, hi: number, t: Float64Array, t0: number): void {
  while (hi - lo > 12) {
    let p: number;
    if (hi - lo > SAMPLED_SELECT) {
      const n = hi - lo + 1;
      const m = k - lo + 1;
      const z = log(n);
      const s = 0.5 * exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (m - n / 2 < 0 ? -1 : 1);
      selectFlat(a, k, Math.max(lo, Math.floor(k - (m * s) / n + sd)), Math.min(hi, Math.floor(k + ((n - m) * s) / n + sd)), t, t0);
      p = a[k];
    } else {
      const x = a[lo];
      const y = a[(lo + hi) >>> 1];
      p = Math.max(Math.min(x, y), Math.min(Math.max(x, y), a[hi]));
    }
    let s = partitionBelow(a, lo, hi, p, t, t0);
    if (k < s) {
      hi = s - 1;
      continue;
    }
    // Nothing below the pivot: it is the range's minimum, so the values equal to it go first and, if k is
    // among them, they are all a[k].
    if (s === lo) {
      s = partitionEqual(a, lo, hi, p, t, t0);
      if (k < s) return;
    }
    lo = s;
  }
  for (let i = lo + 1; i <= hi; i++) {
    const x = a[i];
    let j = i - 1;
    while (j >= lo && a[j] > x) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = x;
  }
}

/**
 * Exactly {@link quantilesInPlace}'s numbers for a[from, from + n), with less work and without reordering
 * `a` (unless it holds NaN): the zeros (most waits at most steps) are counted rather than selected among,
 * and the nonzero values are copied to `w` (at least 2n long: copy, then partition space) and selected
 * there without data-dependent branches.
 */
export function quantilesOf(a: Float64Array, from: number, n: number, ps: readonly number[], out: Float64Array, w: Float64Array): void {
  let m = 0;
  let negative = 0;
  let nan = 0;
  for (let i = from; i < from + n; i++) {
    const x = a[i];
    w[m] = x;
    m += +(x !== 0);
    negative += +(x < 0);
    nan |= +(x !== x);
  }
  if (nan === 0) quantilesOfNonzero(a, from, n, w, m, negative, ps, out);
  else quantilesInPlace(a, from, n, ps, out);
}

/**
 * {@link quantilesOf} once its copying pass is done (callers that produce the values fuse it into their
 * own loop): w[0, m) holds the nonzero values of a[from, from + n) in any order, `negative` of them below
 * zero, and none is NaN; `w` is at least 2m long. Where a percentile lands on a zero and a[from, from + n)
 * holds a −0 (which of several equal values ends up at a position then decides the bits), quantilesInPlace
 * itself runs on `a` (and reorders the range).
 */
export function quantilesOfNonzero(a: Float64Array, from: number, n: number, w: Float64Array, m: number, negative: number, ps: readonly number[], out: Float64Array): void {
  if (orderQuantiles(w, m, n, negative, ps, out, w, m) === 1 && hasNegativeZero(a, from, n)) quantilesInPlace(a, from, n, ps, out);
}

/**
 * {@link quantilesInPlace} over n values of which the m nonzero ones are in w[0, m) (no NaN), `negative` of
 * them below zero; the n − m others are zeros, which sort between the negative and the positive values.
 * @returns 1 if a percentile used one of the zeros (as +0), else 0.
 */
function orderQuantiles(w: Float64Array, m: number, n: number, negative: number, ps: readonly number[], out: Float64Array, t: Float64Array, t0: number): number {
  const zeros = n - m;
  let lo = 0;
  let usedZero = 0;
  for (let j = 0; j < ps.length; j++) {
    const h = (n - 1) * ps[j];
    const i0 = Math.floor(h);
    // Rank among the nonzero values, or −1 for one of the zeros.
    const r0 = i0 < negative ? i0 : i0 < negative + zeros ? -1 : i0 - zeros;
    let v0 = 0;
    if (r0 < 0) usedZero = 1;
    else {
      selectFlat(w, r0, lo, m - 1, t, t0);
      lo = r0;
      v0 = w[r0];
    }
    if (i0 >= n - 1 || h === i0) {
      out[j] = v0;
      continue;
    }
    const i1 = i0 + 1;
    const r1 = i1 < negative ? i1 : i1 < negative + zeros ? -1 : i1 - zeros;
    let v1 = 0;
    if (r1 < 0) usedZero = 1;
    else if (r0 >= 0) {
      // The next order statistic is the smallest value after position r0 (all of them are ≥ w[r0]); w holds
      // neither NaN nor a zero, so Math.min (branch-free) finds exactly that value.
      v1 = w[r1];
      for (let i = r1 + 1; i < m; i++) v1 = Math.min(v1, w[i]);
    } else {
      selectFlat(w, r1, lo, m - 1, t, t0);
      lo = r1;
      v1 = w[r1];
    }
    out[j] = v0 + (v1 - v0) * (h - i0);
  }
  return usedZero;
}

/**
 * Whether a[from, from + n) holds a −0. `Object.is` compiles to a test of the value's bits, a branch that
 * is always taken the same way; `a[i] === 0 && 1 / a[i] < 0` branched on each zero, which on waits (zeros
 * and nonzeros mixed at random) was mispredicted often enough to cost more than the selections.
 */
function hasNegativeZero(a: Float64Array, from: number, n: number): boolean {
  for (let i = from; i < from + n; i++) if (Object.is(a[i], -0)) return true;
  return false;
}

/**
 * Percentiles of pooled per-patient values (type 7, as d3-array's `quantile`), NaN ignored; the input is
 * not changed. `ps` must be ascending in [0, 1]. `scratch` (optional, at least twice as long as `values`) is
 * used as work space instead of a new array: summarising several samples, one buffer serves them all (a fresh
 * array of tens of thousands of values costs more to touch for the first time than the selection).
 * @returns one value per p, null when there are no values.
 */
export function pooledQuantiles(values: Float64Array, ps: readonly number[], scratch?: Float64Array): (number | null)[] {
  const a = scratch && scratch.length >= 2 * values.length ? scratch : new Float64Array(2 * values.length);
  // The nonzero values (NaN left out) go to the work space; the zeros are only counted.
  let m = 0;
  let negative = 0;
  let zeros = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    a[m] = x;
    const nonzero = +(x === x) & +(x !== 0);
    m += nonzero;
    negative += +(x < 0);
    zeros += +(x === 0);
  }
  const n = m + zeros;
  if (n === 0) return ps.map(() => null);
  const out = new Float64Array(ps.length);
  if (orderQuantiles(a, m, n, negative, ps, out, a, m) === 1 && hasNegativeZero(values, 0, values.length)) {
    let k = 0;
    for (let i = 0; i < values.length; i++) if (values[i] === values[i]) a[k++] = values[i];
    quantilesInPlace(a, 0, k, ps, out);
  }
  return Array.from(out);
}
