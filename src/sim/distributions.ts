/**
 * Duration and inter-arrival distributions, parameterised the way people talk about durations.
 * Each is a factory over a {@link Stream} returning a {@link Sampler}. Every sampler, whatever its kind,
 * consumes exactly one uniform per variate and maps it through the inverse CDF (monotone in u), so
 * streams stay aligned and scenarios that differ only in a distribution's parameters share common random
 * numbers. Per-spec constants are computed once in the factory; a draw allocates nothing.
 */
import type { Stream } from './streams';
import { normalCdf, normalLogUpperTail, normalQuantile, normalQuantileFromLogUpper } from './normal';
import { makeInverseRegularizedGammaP } from './specialFunctions';
import { checkDistribution, DistributionError } from './distributionChecks';
import { exp, log, log1p, log1pNeg, pow } from './detMath';

export { normalCdf, normalQuantile } from './normal';
export { checkDistribution, DistributionError } from './distributionChecks';
export type { DistributionUse } from './distributionChecks';
export { distributionMoments } from './distributionMoments';
export type { DistributionMoments } from './distributionMoments';

/** Draws one variate (minutes; for `empirical`, one of its `values`). */
export type Sampler = () => number;

/**
 * A distribution as written in a scenario. All times in minutes.
 * - `exponential`: mean `meanMinutes` > 0.
 * - `deterministic`: always `valueMinutes` (still consumes one uniform, so switching kinds never shifts a stream).
 * - `uniform`: on [minMinutes, maxMinutes), minMinutes < maxMinutes.
 * - `triangular`: minMinutes ≤ modeMinutes ≤ maxMinutes, minMinutes < maxMinutes.
 * - `normal`: `meanMinutes`, `sdMinutes` ≥ 0 are those of the underlying normal; with `minMinutes` it is
 *   truncated below there (re-normalised, not clipped), as a duration needs; without it the variate can be
 *   negative, which suits a punctuality offset.
 * - `lognormal`: `meanMinutes` > 0 and `sdMinutes` ≥ 0 of the duration itself (not of its logarithm).
 * - `gamma`: `meanMinutes` > 0 and `sdMinutes` > 0 of the duration; shape = (mean/sd)², scale = sd²/mean.
 * - `erlang`: sum of `k` (integer ≥ 1) exponential phases, total mean `meanMinutes` > 0; sd = mean/√k.
 * - `empirical`: one of `values`, chosen with probability proportional to `weights` (default: equal).
 * - `empiricalContinuous`: piecewise-linear interpolation of the sorted samples' ECDF (Hyndman & Fan
 *   type 7, as R's default `quantile` and d3-array), so every variate lies between the smallest and largest sample.
 */
export type DistributionSpec =
  | { kind: 'exponential'; meanMinutes: number }
  | { kind: 'deterministic'; valueMinutes: number }
  | { kind: 'uniform'; minMinutes: number; maxMinutes: number }
  | { kind: 'triangular'; minMinutes: number; modeMinutes: number; maxMinutes: number }
  | { kind: 'normal'; meanMinutes: number; sdMinutes: number; minMinutes?: number }
  | { kind: 'lognormal'; meanMinutes: number; sdMinutes: number }
  | { kind: 'gamma'; meanMinutes: number; sdMinutes: number }
  | { kind: 'erlang'; k: number; meanMinutes: number }
  | { kind: 'empirical'; values: readonly number[]; weights?: readonly number[] }
  | { kind: 'empiricalContinuous'; samplesMinutes: readonly number[] };

/** The `kind` strings of {@link DistributionSpec}. */
export type DistributionKind = DistributionSpec['kind'];

/**
 * Stand-in for u = 0 where the inverse CDF is unbounded (normal, lognormal): half of alea's 2⁻³² step,
 * so the variate stays finite (about −6.4 sd) instead of −Infinity. Happens about once in 4·10⁹ draws.
 */
const SMALLEST_U = pow(2, -33);
/**
 * Above this standardised truncation point Q(α) = P(Z > α) nears the smallest double (Q(30) ≈ 5e-198),
 * so the truncated normal is inverted in log space.
 */
const LOG_TAIL_ABOVE = 30;

/**
 * Builds a sampler for `spec` that draws exactly one uniform from `stream` per variate, by inverse transform.
 * The spec is checked structurally (`checkDistribution(spec, 'offset')`); whether a duration can be negative
 * is the scenario validator's job (`checkDistribution(spec, 'duration')`).
 * @throws DistributionError when a parameter is invalid (the message names it and gives the bad value).
 */
export function makeSampler(spec: DistributionSpec, stream: Stream): Sampler {
  const problem = checkDistribution(spec, 'offset');
  if (problem !== null) throw new DistributionError(`${String(spec?.kind)} distribution: ${problem}`, spec);
  switch (spec.kind) {
    case 'exponential': {
      const m = spec.meanMinutes;
      // log1p(-u), never log(u): alea can return exactly 0.
      return () => -m * log1pNeg(stream.next());
    }
    case 'deterministic': {
      const v = spec.valueMinutes;
      return () => {
        stream.next();
        return v;
      };
    }
    case 'uniform': {
      const lo = spec.minMinutes;
      const width = spec.maxMinutes - lo;
      return () => lo + width * stream.next();
    }
    case 'triangular':
      return triangular(stream, spec.minMinutes, spec.modeMinutes, spec.maxMinutes);
    case 'normal':
      return normal(stream, spec.meanMinutes, spec.sdMinutes, spec.minMinutes);
    case 'lognormal': {
      // Underlying normal from the duration's own mean m and sd s: σ² = ln(1 + s²/m²), μ = ln m − σ²/2.
      const s2 = log1p((spec.sdMinutes * spec.sdMinutes) / (spec.meanMinutes * spec.meanMinutes));
      const sigma = Math.sqrt(s2);
      const mu = log(spec.meanMinutes) - s2 / 2;
      return () => exp(mu + sigma * normalQuantile(stream.next() || SMALLEST_U));
    }
    case 'gamma': {
      const cv = spec.sdMinutes / spec.meanMinutes;
      return gamma(stream, 1 / (cv * cv), spec.sdMinutes * cv);
    }
    case 'erlang':
      return gamma(stream, spec.k, spec.meanMinutes / spec.k);
    case 'empirical':
      return empirical(stream, spec.values, spec.weights);
    case 'empiricalContinuous':
      return empiricalContinuous(stream, spec.samplesMinutes);
  }
}

/** Inverse CDF of the triangular distribution: two square-root branches split at F(mode). */
function triangular(stream: Stream, a: number, c: number, b: number): Sampler {
  const split = (c - a) / (b - a);
  const left = (b - a) * (c - a);
  const right = (b - a) * (b - c);
  return () => {
    const u = stream.next();
    return u < split ? a + Math.sqrt(u * left) : b - Math.sqrt((1 - u) * right);
  };
}

/**
 * Normal, optionally truncated below at `min`, by inversion on the truncated range: u′ = Φ(α) + u(1 − Φ(α)),
 * α = (min − μ)/σ. It is evaluated in its complementary form 1 − u′ = Q(α)(1 − u), x = μ − σ·Φ⁻¹(Q(α)(1 − u))
 * with Q = 1 − Φ computed directly, so it keeps full precision however far out the truncation point is and
 * can never reach Φ⁻¹(1) = Infinity; beyond α = 30 it works with log Q.
 */
function normal(stream: Stream, mu: number, sigma: number, min: number | undefined): Sampler {
  if (min === undefined) return () => mu + sigma * normalQuantile(stream.next() || SMALLEST_U);
  if (sigma === 0) {
    const v = Math.max(mu, min);
    return () => {
      stream.next();
      return v;
    };
  }
  const alpha = (min - mu) / sigma;
  if (alpha <= LOG_TAIL_ABOVE) {
    const upperTail = normalCdf(-alpha);
    // max(): rounding must never put a variate below the truncation point.
    return () => Math.max(min, mu - sigma * normalQuantile(upperTail * (1 - stream.next())));
  }
  const logUpperTail = normalLogUpperTail(alpha);
  return () => Math.max(min, mu + sigma * normalQuantileFromLogUpper(logUpperTail + log1pNeg(stream.next())));
}

/** Gamma with the given shape and scale by inverting P(shape, ·); shape 1 is the exponential, inverted in closed form. */
function gamma(stream: Stream, shape: number, scale: number): Sampler {
  if (shape === 1) return () => -scale * log1pNeg(stream.next());
  const inverse = makeInverseRegularizedGammaP(shape);
  return () => {
    const u = stream.next();
    return scale * inverse(u, 1 - u);
  };
}

/** Tables of a weighted discrete distribution: values ascending, cumulative weights, the last rank of positive weight. */
export interface EmpiricalTables {
  sorted: Float64Array;
  cumulative: Float64Array;
  total: number;
  lastPositive: number;
}

/** Sorts `values` ascending (so the map from u is monotone) and accumulates their weights (default: equal). */
export function empiricalTables(values: readonly number[], weights: readonly number[] | undefined): EmpiricalTables {
  const order = values.map((_, i) => i).sort((i, j) => values[i] - values[j]);
  const sorted = Float64Array.from(order, (i) => values[i]);
  const cumulative = new Float64Array(order.length);
  let total = 0;
  let lastPositive = 0;
  order.forEach((i, rank) => {
    const w = weights === undefined ? 1 : weights[i];
    total += w;
    cumulative[rank] = total;
    if (w > 0) lastPositive = rank;
  });
  return { sorted, cumulative, total, lastPositive };
}

/** Weighted discrete values: binary search of u·total on the cumulative weights. */
function empirical(stream: Stream, values: readonly number[], weights: readonly number[] | undefined): Sampler {
  const { sorted, cumulative, total, lastPositive } = empiricalTables(values, weights);
  return () => {
    const target = stream.next() * total;
    // Smallest rank with target < cumulative[rank]; a zero-weight value can never be that rank.
    let lo = 0;
    let hi = lastPositive;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (target < cumulative[mid]) hi = mid;
      else lo = mid + 1;
    }
    return sorted[lo];
  };
}

/** Type-7 interpolation of the sorted samples: Q(u) = x₍ᵢ₎ + (h − i)(x₍ᵢ₊₁₎ − x₍ᵢ₎), h = u(n − 1), i = ⌊h⌋. */
function empiricalContinuous(stream: Stream, samples: readonly number[]): Sampler {
  const sorted = sortedSamples(samples);
  const last = sorted.length - 1;
  return () => {
    const h = stream.next() * last;
    const i = Math.floor(h);
    if (i >= last) return sorted[last];
    return sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]);
  };
}

/** The samples of an `empiricalContinuous` distribution, ascending. */
export function sortedSamples(samples: readonly number[]): Float64Array {
  return Float64Array.from(samples).sort();
}
