/**
 * The standard normal distribution to full double precision, including the far tails: the CDF, the upper
 * tail, the quantile function and the Mills ratio. Used by the normal, truncated-normal and lognormal
 * samplers and by the Student-t quantile's initial guess.
 *
 * Sources: W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969)
 * 631–637 (the CDF, as in R's `pnorm`); M. J. Wichura, "Algorithm AS 241: the percentage points of the
 * normal distribution", Applied Statistics 37 (1988) 477–484 (the quantile, relative error about 1e-16).
 */
import { exp, log } from './detMath';

const SQRT_2PI = 2.5066282746310002;
const INV_SQRT_2PI = 0.3989422804014327;
const SQRT_32 = 5.656854249492381;
/** Below this |x| Cody's first (central) approximation applies; Φ(0.67448975) ≈ 0.75. */
const CENTRAL = 0.67448975;

// Cody (1969), three intervals: |x| ≤ 0.674, 0.674 < |x| ≤ √32, |x| > √32.
// Coefficients as published, written as the nearest double's shortest form (same values at run time).
const CA = [2.2352520354606837, 161.02823106855587, 1067.6894854603709, 18154.98125334356, 0.06568233791820745];
const CB = [47.202581904688245, 976.0985517377767, 10260.932208618979, 45507.78933502673];
const CC = [0.39894151208813466, 8.883149794388377, 93.50665613217785, 597.2702763948002,
  2494.5375852903726, 6848.190450536283, 11602.65143764735, 9842.714838383978, 1.0765576773720192e-8];
const CD = [22.266688044328117, 235.387901782625, 1519.3775994075547, 6485.558298266761,
  18615.571640885097, 34900.95272114598, 38912.00328609327, 19685.429676859992];
const CP = [0.215898534057957, 0.12740116116024736, 0.022235277870649807, 0.0014216191932278934,
  0.000029112874951168793, 0.023073441764940174];
const CQ = [1.284260096144911, 0.4682382124808651, 0.06598813786892856, 0.0037823963320275824, 0.00007297515550839662];

/** Φ(x) − 1/2 for |x| ≤ {@link CENTRAL} (Cody's first interval). */
function centralPart(x: number): number {
  const xsq = x * x;
  let num = CA[4] * xsq;
  let den = xsq;
  for (let i = 0; i < 3; i++) {
    num = (num + CA[i]) * xsq;
    den = (den + CB[i]) * xsq;
  }
  return (x * (num + CA[3])) / (den + CB[3]);
}

/** For y > {@link CENTRAL}: the factor T(y) with Q(y) = P(Z > y) = exp(−y²/2)·T(y) (Cody's outer intervals). */
function tailFactor(y: number): number {
  if (y <= SQRT_32) {
    let num = CC[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + CC[i]) * y;
      den = (den + CD[i]) * y;
    }
    return (num + CC[7]) / (den + CD[7]);
  }
  const z = 1 / (y * y);
  let num = CP[5] * z;
  let den = z;
  for (let i = 0; i < 4; i++) {
    num = (num + CP[i]) * z;
    den = (den + CQ[i]) * z;
  }
  return (INV_SQRT_2PI - (z * (num + CP[4])) / (den + CQ[4])) / y;
}

/** exp(−y²/2), with y split at a multiple of 1/16 so that the large part of the square is exact (Cody). */
function expHalfSquare(y: number): number {
  const head = Math.trunc(y * 16) / 16;
  const del = (y - head) * (y + head);
  return exp(-head * head * 0.5) * exp(-del * 0.5);
}

/**
 * The standard normal CDF Φ(x) = P(Z ≤ x), relative error about 1e-16 in both tails (Cody 1969).
 * @param x any number; ±Infinity give 1 and 0, NaN gives NaN.
 * @returns a probability in [0, 1]; underflows to 0 only below x ≈ −38.4.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  if (y <= CENTRAL) return 0.5 + centralPart(x);
  if (y === Infinity) return x > 0 ? 1 : 0;
  const tail = expHalfSquare(y) * tailFactor(y);
  return x > 0 ? 1 - tail : tail;
}

/**
 * The standard normal density φ(x) = exp(−x²/2)/√(2π).
 * @param x any number.
 */
export function normalPdf(x: number): number {
  return INV_SQRT_2PI * expHalfSquare(Math.abs(x));
}

/**
 * The Mills ratio R(x) = Q(x)/φ(x), where Q(x) = 1 − Φ(x), computed without underflow for any x > 0
 * (the inverse Mills ratio 1/R(x) is the mean of a standard normal truncated below at x).
 * @param x any number; for x < −38 the ratio overflows to Infinity.
 */
export function normalMillsRatio(x: number): number {
  if (x > CENTRAL) return SQRT_2PI * tailFactor(x);
  return normalCdf(-x) / normalPdf(x);
}

/**
 * log Q(x) = log P(Z > x), finite for every finite x (no underflow in the far upper tail).
 * @param x any number.
 */
export function normalLogUpperTail(x: number): number {
  if (x > CENTRAL) return -0.5 * x * x + log(tailFactor(x));
  return log(normalCdf(-x));
}

// Wichura (1988), AS 241 (PPND16): central region |p − 1/2| ≤ 0.425, then r = √(−log min(p, 1−p)) ≤ 5, > 5.
// Coefficients as published, written as the nearest double's shortest form (same values at run time).
const WA = [3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946,
  45921.95393154987, 67265.7709270087, 33430.57558358813, 2509.0809287301227];
const WB = [1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597,
  39307.89580009271, 28729.085735721943, 5226.495278852854];
const WC = [1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045,
  1.2704582524523684, 0.2417807251774506, 0.022723844989269184, 0.0007745450142783414];
const WD = [1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008,
  0.015198666563616457, 0.0005475938084995345, 1.0507500716444169e-9];
const WE = [6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487,
  0.026532189526576124, 0.0012426609473880784, 0.000027115555687434876, 2.0103343992922881e-7];
const WF = [1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615,
  0.0007868691311456133, 0.000018463183175100548, 1.421511758316446e-7, 2.0442631033899397e-15];

/** Σ c[i]·x^i for the 8 coefficients of an AS 241 polynomial (Horner). */
function poly7(c: readonly number[], x: number): number {
  return ((((((c[7] * x + c[6]) * x + c[5]) * x + c[4]) * x + c[3]) * x + c[2]) * x + c[1]) * x + c[0];
}

/**
 * Inverse of the standard normal CDF, Φ⁻¹(p) (Wichura's AS 241, relative error about 1e-16).
 * @param p probability in (0, 1); 0 and 1 give −Infinity and +Infinity, values outside [0, 1] and NaN give NaN.
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * poly7(WA, r)) / poly7(WB, r);
  }
  let r = Math.sqrt(-log(q < 0 ? p : 1 - p));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x = poly7(WC, r) / poly7(WD, r);
  } else {
    r -= 5;
    x = poly7(WE, r) / poly7(WF, r);
  }
  return q < 0 ? -x : x;
}

/**
 * Φ⁻¹ in place: `values[i]` = {@link normalQuantile}(`values[i]`), bit for bit. For samplers in hot loops:
 * the central region (|p − 1/2| ≤ 0.425, 85% of uniforms) is written here, small enough to be inlined with
 * its caller, and the value goes through the typed array, so it is never boxed; the tails call
 * `normalQuantile`.
 * @param values an array of probabilities; `i` must be a valid index of it.
 */
export function normalQuantileAt(values: Float64Array, i: number): void {
  if (!normalQuantileCentralAt(values, i)) values[i] = normalQuantile(values[i]);
}

/**
 * Φ⁻¹'s central case in place: if |`values[i]` − 1/2| ≤ 0.425, replaces it by {@link normalQuantile}(`values[i]`)
 * (bit for bit) and returns true; otherwise leaves it and returns false (the caller maps it with
 * `normalQuantile`, e.g. in a later pass over the tails only, so a loop over many uniforms runs the short
 * central case without the tails' long calls in between).
 * @param values an array of probabilities; `i` must be a valid index of it.
 */
export function normalQuantileCentralAt(values: Float64Array, i: number): boolean {
  const q = values[i] - 0.5;
  if (!(Math.abs(q) <= 0.425)) return false;
  // As normalQuantile's central case (p ∈ [0.075, 0.925] passes its range checks).
  const r = 0.180625 - q * q;
  values[i] = (q * poly7(WA, r)) / poly7(WB, r);
  return true;
}

/**
 * Φ⁻¹'s tails in place: for |`values[i]` − 1/2| > 0.425 (the values {@link normalQuantileCentralAt} leaves),
 * replaces `values[i]` by {@link normalQuantile}(`values[i]`), bit for bit: the same operations as its tail
 * case. Why a copy: normalQuantile called out of line takes and returns its double boxed (two heap numbers
 * a call); this one reads and writes the typed array, so a loop over a block's tails allocates nothing.
 * @param values an array of probabilities; `values[i]` must lie in (0, 1) outside the central region.
 */
export function normalQuantileTailAt(values: Float64Array, i: number): void {
  const p = values[i];
  const q = p - 0.5;
  let r = Math.sqrt(-log(q < 0 ? p : 1 - p));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x = poly7(WC, r) / poly7(WD, r);
  } else {
    r -= 5;
    x = poly7(WE, r) / poly7(WF, r);
  }
  values[i] = q < 0 ? -x : x;
}

/**
 * The x with log Q(x) = `logUpper`, for upper-tail probabilities far too small for a double (used to sample
 * a normal truncated dozens of standard deviations above its mean). Initial guess from the asymptotic
 * Q(x) ≈ φ(x)/x, then Newton steps on log Q, whose derivative is −1/R(x) (Mills ratio).
 * @param logUpper log of the upper-tail probability; meant for logUpper < −20 (x above about 6).
 */
export function normalQuantileFromLogUpper(logUpper: number): number {
  const big = -2 * logUpper;
  let x = Math.sqrt(big - log(2 * Math.PI * big));
  for (let i = 0; i < 8; i++) {
    const step = (normalLogUpperTail(x) - logUpper) * normalMillsRatio(x);
    x += step;
    if (Math.abs(step) <= 1e-15 * x) break;
  }
  return x;
}
