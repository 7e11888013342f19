/**
 * Special functions behind the gamma/Erlang samplers and the Student-t quantile: log Γ, the regularized
 * incomplete gamma function and its inverse, and the regularized incomplete beta function.
 *
 * Source: W. H. Press et al., Numerical Recipes, 3rd ed. (2007), §6.1 (`gammln`), §6.2 (`gser`, `gcf`,
 * `invgammp`, Halley's method on P(a, x)) and §6.4 (`betai`, `betacf`, modified Lentz continued fraction).
 */
import { normalQuantile } from './normal';
import { exp, log, log1p, pow } from './detMath';

/** Relative accuracy at which the series and continued fractions stop. */
const EPS = Number.EPSILON;
/** Guards the Lentz continued fractions against division by zero. */
const FPMIN = 1e-300;
/** Iteration cap; series and fractions need O(√a) terms, so this allows shapes up to about 10⁶. */
const MAX_ITER = 100_000;

// Lanczos approximation, g = 607/128, 14 terms (Numerical Recipes 3rd ed., §6.1): relative error < 1e-15.
// Coefficients as published, written as the nearest double's shortest form (same values at run time).
const LANCZOS = [57.15623566586292, -59.59796035547549, 14.136097974741746, -0.4919138160976202,
  0.00003399464998481189, 0.00004652362892704858, -0.00009837447530487956, 0.0001580887032249125,
  -0.00021026444172410488, 0.00021743961811521265, -0.0001643181065367639, 0.00008441822398385275,
  -0.000026190838401581408, 0.0000036899182659531625];

/**
 * log Γ(x) for x > 0 (Lanczos, relative error below 1e-15).
 * @param x a positive number; x ≤ 0 or NaN gives NaN.
 */
export function logGamma(x: number): number {
  if (!(x > 0)) return NaN;
  let y = x;
  const t = x + 5.2421875;
  let sum = 0.9999999999999971;
  for (let j = 0; j < 14; j++) sum += LANCZOS[j] / ++y;
  return (x + 0.5) * log(t) - t + log((2.5066282746310007 * sum) / x);
}

/** P(a, x)/f by its power series, f = x^a·e^(−x)/Γ(a); converges fast for x < a + 1 (Numerical Recipes `gser`). */
function gammaSeries(a: number, x: number): number {
  let ap = a;
  let del = 1 / a;
  let sum = del;
  for (let n = 0; n < MAX_ITER; n++) {
    del *= x / ++ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPS) break;
  }
  return sum;
}

/** Q(a, x)/f by its continued fraction (modified Lentz); converges fast for x ≥ a + 1 (Numerical Recipes `gcf`). */
function gammaFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / FPMIN;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = b + an / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) <= EPS) break;
  }
  return h;
}

/**
 * P(a, x) (upper = false) or Q(a, x) = 1 − P(a, x) (upper = true), each computed directly from whichever
 * expansion converges, so a small tail probability keeps its relative accuracy.
 * @param front x^a·e^(−x)/Γ(a), which the caller may already have (it is x times the gamma density).
 */
function incompleteGamma(a: number, x: number, front: number, upper: boolean): number {
  if (x <= 0) return upper ? 1 : 0;
  if (x === Infinity) return upper ? 0 : 1;
  if (x < a + 1) {
    const p = front * gammaSeries(a, x);
    return upper ? 1 - p : p;
  }
  const q = front * gammaFraction(a, x);
  return upper ? q : 1 - q;
}

/** x^a·e^(−x)/Γ(a), computed in logs so that neither factor overflows. */
function gammaFront(a: number, x: number, logGammaA: number): number {
  return exp(-x + a * log(x) - logGammaA);
}

/**
 * The regularized lower incomplete gamma function P(a, x) = γ(a, x)/Γ(a): the CDF at x of a gamma variate
 * with shape a and scale 1.
 * @param a shape, > 0. @param x ≥ 0. @returns a probability in [0, 1]; NaN for invalid arguments.
 */
export function regularizedGammaP(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return NaN;
  return incompleteGamma(a, x, gammaFront(a, x, logGamma(a)), false);
}

/**
 * The regularized upper incomplete gamma function Q(a, x) = 1 − P(a, x), accurate far into the upper tail.
 * @param a shape, > 0. @param x ≥ 0. @returns a probability in [0, 1]; NaN for invalid arguments.
 */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return NaN;
  return incompleteGamma(a, x, gammaFront(a, x, logGamma(a)), true);
}

/**
 * Builds the inverse of P(a, ·) for one shape a, with the per-shape constants (log Γ(a), log Γ(a + 1), √a)
 * computed once: a sampler calls the result once per variate (2–3 Halley steps, about 0.2 µs for a ≤ 25).
 *
 * Method (Numerical Recipes `invgammp`): Wilson–Hilferty initial guess from an accurate normal quantile
 * (a > 1) or NR's small-shape guess (a ≤ 1), then Halley iterations on P(a, x) − p, whose derivative is
 * the gamma density. Above the median the iteration works on Q(a, x) − q instead, so a small upper-tail
 * probability keeps full relative accuracy.
 *
 * @param a shape, > 0 and finite (not checked here: callers validate it).
 * @returns `(p, q) => x` with P(a, x) = p, where q must be 1 − p computed exactly (for a uniform u from a
 *   stream, pass u and 1 − u). p = 0 gives 0; q = 0 gives Infinity. Relative accuracy of P(a, x) (or of Q
 *   above the median) about 1e-13 for a ≤ 25, 1e-12 for a ≤ 400, for p down to 1e-14 (far below any
 *   stream's smallest uniform; much smaller p with a small shape gives x below the smallest double, i.e. 0).
 */
export function makeInverseRegularizedGammaP(a: number): (p: number, q: number) => number {
  const logGammaA = logGamma(a);
  const a1 = a - 1;
  const smallShapeSplit = 1 - a * (0.253 + a * 0.12);
  const sqrtA = Math.sqrt(a);
  const logGammaA1 = logGamma(a + 1);
  return (p: number, q: number): number => {
    if (p <= 0) return 0;
    if (q <= 0) return Infinity;
    const upper = p > 0.5;
    let x: number;
    if (a > 1) {
      const z = upper ? -normalQuantile(q) : normalQuantile(p);
      const base = 1 - 1 / (9 * a) + z / (3 * sqrtA);
      // Far in the lower tail Wilson–Hilferty fails; there P(a, x) ≈ x^a/Γ(a + 1).
      x = base > 0.1 ? a * base * base * base : exp((log(p) + logGammaA1) / a);
    } else if (p < smallShapeSplit) {
      x = pow(p / smallShapeSplit, 1 / a);
    } else {
      x = 1 - log(q / (1 - smallShapeSplit));
    }
    for (let j = 0; j < 100; j++) {
      if (x <= 0) return 0;
      // One exp and one log per iteration: the series' prefactor is x times the density.
      const front = gammaFront(a, x, logGammaA);
      const err = upper ? q - incompleteGamma(a, x, front, true) : incompleteGamma(a, x, front, false) - p;
      const density = front / x;
      if (density === 0) break;
      const u = err / density;
      const step = u / (1 - 0.5 * Math.min(1, u * (a1 / x - 1)));
      x -= step;
      if (x <= 0) x = 0.5 * (x + step);
      // Halley converges cubically: once a step is below 1e-6·x the remaining error is below double precision.
      if (Math.abs(step) < 1e-6 * x) break;
    }
    return x;
  };
}

/**
 * The x with P(a, x) = p: the p-quantile of a gamma variate with shape a and scale 1. For repeated calls
 * with one shape, build the inverse once with {@link makeInverseRegularizedGammaP}.
 * @param a shape, > 0. @param p probability in [0, 1]. @returns x ≥ 0 (Infinity for p = 1); NaN for invalid arguments.
 */
export function inverseRegularizedGammaP(a: number, p: number): number {
  if (!(a > 0 && a < Infinity) || !(p >= 0 && p <= 1)) return NaN;
  return makeInverseRegularizedGammaP(a)(p, 1 - p);
}

/** The continued fraction for I_x(a, b) (modified Lentz), converging fast for x < (a + 1)/(a + b + 2). */
function betaFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) <= EPS) break;
  }
  return h;
}

/**
 * The regularized incomplete beta function I_x(a, b) (Numerical Recipes `betai`).
 * @param x in [0, 1]. @param a > 0. @param b > 0.
 * @param y 1 − x; pass it when it is known more accurately than `1 - x` (e.g. t²/(ν + t²) for Student's t).
 * @returns a probability in [0, 1]; NaN for invalid arguments.
 */
export function regularizedBeta(x: number, a: number, b: number, y: number = 1 - x): number {
  if (!(a > 0) || !(b > 0) || !(x >= 0) || !(y >= 0)) return NaN;
  if (x === 0) return 0;
  if (y === 0) return 1;
  // log x from log1p(−y) when x is near 1 (and vice versa): with a large a, a·log x would magnify x's rounding.
  const logX = x < 0.5 ? log(x) : log1p(-y);
  const logY = y < 0.5 ? log(y) : log1p(-x);
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * logX + b * logY;
  const front = exp(logFront);
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(a, b, x)) / a;
  return 1 - (front * betaFraction(b, a, y)) / b;
}
