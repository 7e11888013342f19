/**
 * Exact mean and standard deviation of what each sampler in `distributions.ts` actually draws (after
 * truncation, sorting and interpolation), for the scenario editor, the queueing-theory checks (M/G/1 needs
 * the service time's mean and sd) and the samplers' own tests.
 */
import type { DistributionSpec } from './distributions';
import { checkDistribution, DistributionError } from './distributionChecks';
import { normalCdf, normalPdf } from './normal';

/** Mean and standard deviation, in the distribution's units (minutes). */
export interface DistributionMoments {
  mean: number;
  sd: number;
}

/**
 * Above this standardised truncation point the truncated normal's moments come from Laplace's continued
 * fraction for the Mills ratio instead of φ(α)/Q(α), which would cancel catastrophically in the variance.
 */
const FRACTION_ABOVE = 5;
/** Terms of the continued fraction, evaluated backwards; 50 already reach double precision at α = 3. */
const FRACTION_TERMS = 100;

/**
 * Mean and sd of a normal(μ, σ) truncated below at `min` (Johnson, Kotz & Balakrishnan, Continuous
 * Univariate Distributions vol. 1, §10.1): with α = (min − μ)/σ and λ = φ(α)/(1 − Φ(α)),
 * mean = μ + σλ and variance = σ²(1 + αλ − λ²).
 */
function truncatedNormalMoments(mu: number, sigma: number, min: number): DistributionMoments {
  if (sigma === 0) return { mean: Math.max(mu, min), sd: 0 };
  const alpha = (min - mu) / sigma;
  if (alpha < FRACTION_ABOVE) {
    const lambda = normalPdf(alpha) / normalCdf(-alpha);
    return { mean: mu + sigma * lambda, sd: sigma * Math.sqrt(1 + alpha * lambda - lambda * lambda) };
  }
  // Laplace: λ = α + 1/(α + g), g = 2/(α + 3/(α + 4/(α + …))). With δ = λ − α = 1/(α + g),
  // 1 + αλ − λ² = 1 − (α + δ)δ = δ(g − δ): no cancellation however large α is.
  let g = 0;
  for (let k = FRACTION_TERMS; k >= 2; k--) g = k / (alpha + g);
  const delta = 1 / (alpha + g);
  return { mean: min + sigma * delta, sd: sigma * Math.sqrt(delta * (g - delta)) };
}

/** Weighted mean and population sd of discrete values (two-pass, so no cancellation). */
function discreteMoments(values: readonly number[], weights: readonly number[] | undefined): DistributionMoments {
  let total = 0;
  let sum = 0;
  values.forEach((v, i) => {
    const w = weights === undefined ? 1 : weights[i];
    total += w;
    sum += w * v;
  });
  const mean = sum / total;
  let squares = 0;
  values.forEach((v, i) => {
    const w = weights === undefined ? 1 : weights[i];
    squares += w * (v - mean) * (v - mean);
  });
  return { mean, sd: Math.sqrt(squares / total) };
}

/**
 * Type-7 interpolation of n sorted samples is a mixture, with weights 1/(n − 1), of uniforms on
 * [x₍ᵢ₎, x₍ᵢ₊₁₎]; a uniform on [a, b] has mean (a + b)/2 and E[(X − m)²] = (d_a² + d_a·d_b + d_b²)/3
 * with d = x − m, which is summed around the overall mean m.
 */
function interpolatedMoments(samples: readonly number[]): DistributionMoments {
  const xs = Float64Array.from(samples).sort();
  const segments = xs.length - 1;
  if (segments === 0) return { mean: xs[0], sd: 0 };
  let sum = 0;
  for (let i = 0; i < segments; i++) sum += (xs[i] + xs[i + 1]) / 2;
  const mean = sum / segments;
  let squares = 0;
  for (let i = 0; i < segments; i++) {
    const da = xs[i] - mean;
    const db = xs[i + 1] - mean;
    squares += (da * da + da * db + db * db) / 3;
  }
  return { mean, sd: Math.sqrt(squares / segments) };
}

/**
 * The exact mean and standard deviation of the variates `makeSampler(spec, …)` draws: of the truncated
 * normal (not of its parent), of the sorted-and-interpolated empirical samples, and so on.
 * @returns minutes (for `empirical`, the units of its values).
 * @throws DistributionError when the spec is invalid (as `makeSampler` would).
 */
export function distributionMoments(spec: DistributionSpec): DistributionMoments {
  const problem = checkDistribution(spec, 'offset');
  if (problem !== null) throw new DistributionError(`${String(spec?.kind)} distribution: ${problem}`, spec);
  switch (spec.kind) {
    case 'exponential':
      return { mean: spec.meanMinutes, sd: spec.meanMinutes };
    case 'deterministic':
      return { mean: spec.valueMinutes, sd: 0 };
    case 'uniform':
      return { mean: (spec.minMinutes + spec.maxMinutes) / 2, sd: (spec.maxMinutes - spec.minMinutes) / Math.sqrt(12) };
    case 'triangular': {
      // Variance (a² + b² + c² − ab − ac − bc)/18, written relative to a so that large clock-like values don't cancel.
      const b = spec.maxMinutes - spec.minMinutes;
      const c = spec.modeMinutes - spec.minMinutes;
      return { mean: spec.minMinutes + (b + c) / 3, sd: Math.sqrt((b * b + c * c - b * c) / 18) };
    }
    case 'normal':
      return spec.minMinutes === undefined
        ? { mean: spec.meanMinutes, sd: spec.sdMinutes }
        : truncatedNormalMoments(spec.meanMinutes, spec.sdMinutes, spec.minMinutes);
    case 'lognormal':
    case 'gamma':
      return { mean: spec.meanMinutes, sd: spec.sdMinutes };
    case 'erlang':
      return { mean: spec.meanMinutes, sd: spec.meanMinutes / Math.sqrt(spec.k) };
    case 'empirical':
      return discreteMoments(spec.values, spec.weights);
    case 'empiricalContinuous':
      return interpolatedMoments(spec.samplesMinutes);
  }
}
