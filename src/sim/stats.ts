/**
 * Summaries across replications and patients: Student's t distribution, confidence intervals from
 * replication means, and percentiles (d3-array's type-7 quantiles) of per-patient values.
 */
import { quantile as d3Quantile, quantileSorted as d3QuantileSorted } from 'd3-array';
import { normalCdf, normalQuantile } from './normal';
import { logGamma, regularizedBeta } from './specialFunctions';
import { StatisticError, Tally } from './tally';
import { exp, expm1, log, log1p, pow, tan } from './detMath';

/**
 * P(T > t) for t ≥ 0 with ν degrees of freedom: ½·I_x(ν/2, ½) with x = ν/(ν + t²) (Abramowitz & Stegun
 * 26.7.1 via 26.5.27), passing 1 − x = t²/(ν + t²) exactly so that small t keeps its accuracy.
 */
function upperTail(t: number, df: number): number {
  const denom = df + t * t;
  return 0.5 * regularizedBeta(df / denom, df / 2, 0.5, (t * t) / denom);
}

function checkDf(df: number): void {
  if (!(df >= 1)) throw new StatisticError(`degrees of freedom must be ≥ 1 (got ${df})`);
}

/**
 * Student's t CDF, P(T ≤ t).
 * @param t any number. @param df degrees of freedom, ≥ 1 (need not be whole; Infinity gives the normal).
 * @returns a probability in [0, 1], accurate to about 1e-14 (relative, in the tails) for df up to 10⁴.
 * @throws StatisticError if df < 1 or NaN.
 */
export function studentTCdf(t: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(t)) return NaN;
  if (df === Infinity) return normalCdf(t);
  if (t === Infinity || t === -Infinity) return t > 0 ? 1 : 0;
  return t >= 0 ? 1 - upperTail(t, df) : upperTail(-t, df);
}

/**
 * Student's t quantile: the t with P(T ≤ t) = p.
 *
 * Method: exact formulas for df = 1 (Cauchy) and df = 2; otherwise G. W. Hill's Algorithm 396, "Student's
 * t-quantiles", CACM 13 (1970) 619–620 (as in R's `qt`), refined by Newton steps on the tail probability
 * computed from the incomplete beta function, so the result is accurate to about 1e-13 for any df ≥ 1.
 * @param p probability in [0, 1]; 0 and 1 give −Infinity and Infinity.
 * @param df degrees of freedom, ≥ 1 (need not be whole; Infinity gives the normal quantile).
 * @throws StatisticError if p is outside [0, 1] or df < 1.
 */
export function studentTQuantile(p: number, df: number): number {
  checkDf(df);
  if (!(p >= 0 && p <= 1)) throw new StatisticError(`probability must be between 0 and 1 (got ${p})`);
  if (df === Infinity) return normalQuantile(p);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  const tail = p < 0.5 ? p : 1 - p;
  const sign = p < 0.5 ? -1 : 1;
  const twoSided = 2 * tail;
  if (df === 1) return sign / tan(twoSided * (Math.PI / 2));
  // df = 2: t = (1 − P)·√(2/(P(2 − P))), the cancellation-free form of √(2/(P(2 − P)) − 2).
  if (df === 2) return sign * (1 - twoSided) * Math.sqrt(2 / (twoSided * (2 - twoSided)));
  let t = hillInitialGuess(twoSided, df);
  const logDensityScale = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * log(df * Math.PI);
  for (let i = 0; i < 50; i++) {
    const density = exp(logDensityScale - ((df + 1) / 2) * log1p((t * t) / df));
    // Newton on P(T > t) − tail, whose derivative is −density.
    const step = (upperTail(t, df) - tail) / density;
    // The tail is convex in t: from above the root a step can overshoot past 0, so halve instead.
    t = t + step > 0 ? t + step : t / 2;
    // Newton converges quadratically: after a step below 1e-12·t the error is far below double precision.
    if (!(Math.abs(step) > 1e-12 * t)) break;
  }
  return sign * t;
}

/** Hill (1970): t > 0 whose two-sided tail probability is about `twoSided`, for df > 1 (a starting point for Newton). */
function hillInitialGuess(twoSided: number, df: number): number {
  const a = 1 / (df - 0.5);
  const b = 48 / (a * a);
  let c = ((20700 * a / b - 98) * a - 16) * a + 96.36;
  const d = ((94.5 / (b + c) - 3) / b + 1) * Math.sqrt(a * (Math.PI / 2)) * df;
  let y = pow(d * twoSided, 2 / df);
  if ((df < 2.1 && twoSided > 0.5) || y > 0.05 + a) {
    // Asymptotic inverse expansion about the normal.
    const x = normalQuantile(0.5 * twoSided);
    y = x * x;
    if (df < 5) c += 0.3 * (df - 4.5) * (x + 0.6);
    c = (((0.05 * d * x - 5) * x - 7) * x - 2) * x + b + c;
    y = (((((0.4 * y + 6.3) * y + 36) * y + 94.5) / c - y - 3) / b + 1) * x;
    y = expm1(a * y * y);
  } else {
    y = ((1 / (((df + 6) / (df * y) - 0.089 * d - 0.822) * (df + 2) * 3) + 0.5 / (df + 4)) * y - 1) *
      (df + 1) / (df + 2) + 1 / y;
  }
  return Math.sqrt(df * y);
}

/** A two-sided confidence interval for a mean. JSON-safe: undefined quantities are null, never NaN or Infinity. */
export interface ConfidenceInterval {
  /** Number of values (replications). */
  n: number;
  /** Confidence level, e.g. 0.95. */
  level: number;
  /** Sample mean. */
  mean: number;
  /** Sample standard deviation (n − 1 divisor); null when n = 1. */
  sd: number | null;
  /** t(1 − (1 − level)/2, n − 1)·sd/√n; null when n = 1 (one replication says nothing about its own spread). */
  halfWidth: number | null;
  /** mean − halfWidth; null when n = 1. */
  low: number | null;
  /** mean + halfWidth; null when n = 1. */
  high: number | null;
}

/**
 * Student-t confidence interval for the mean of independent values (typically one value per replication,
 * e.g. each replication's mean wait): mean ± t(1 − α/2, n − 1)·s/√n with α = 1 − level.
 * @param values the values (any units; the interval is in the same units).
 * @param level confidence level in (0, 1); default 0.95.
 * @returns the interval; with a single value, sd/halfWidth/low/high are null.
 * @throws StatisticError if there are no values, a value is not finite, or level is outside (0, 1).
 */
export function confidenceInterval(values: ArrayLike<number>, level = 0.95): ConfidenceInterval {
  if (!(level > 0 && level < 1)) throw new StatisticError(`confidence level must be between 0 and 1 (got ${level})`);
  if (values.length === 0) throw new StatisticError('a confidence interval needs at least one value (got none)');
  const tally = new Tally();
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new StatisticError(`values[${i}] must be a finite number (got ${values[i]})`);
    tally.add(values[i]);
  }
  const n = tally.count;
  if (n === 1) return { n, level, mean: tally.mean, sd: null, halfWidth: null, low: null, high: null };
  const sd = tally.sd;
  const halfWidth = (studentTQuantile(1 - (1 - level) / 2, n - 1) * sd) / Math.sqrt(n);
  return { n, level, mean: tally.mean, sd, halfWidth, low: tally.mean - halfWidth, high: tally.mean + halfWidth };
}

/**
 * The p-quantile of values already sorted ascending, by linear interpolation between order statistics
 * (Hyndman & Fan type 7, R's default), via d3-array's `quantileSorted`.
 * @param sorted ascending values, e.g. a sorted Float64Array (not checked). @param p in [0, 1] (clamped).
 * @returns the quantile, or undefined if there are no values or p is NaN.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number | undefined {
  // d3 only reads .length and [i], so any array-like works; its typings ask for an Array.
  return d3QuantileSorted(sorted as unknown as number[], p);
}

/**
 * The p-quantile (type 7) of unsorted values, via d3-array's `quantile`; copies the values (the input is
 * not reordered) and ignores NaN. To read several percentiles, sort once with {@link sortedCopy} and use
 * {@link quantileSorted}.
 * @param values e.g. a Float64Array of per-patient waits. @param p in [0, 1] (clamped).
 * @returns the quantile, or undefined if there are no values or p is NaN.
 */
export function quantile(values: Iterable<number>, p: number): number | undefined {
  return d3Quantile(values, p);
}

/** An ascending Float64Array copy of `values` (numeric order; NaN last). */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}
