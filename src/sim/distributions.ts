/**
 * Duration and inter-arrival distributions, parameterised the way people talk about durations.
 * Each is a factory over a {@link Stream} returning a {@link Sampler}; inverse-transform sampling, so one
 * uniform makes one variate and streams stay aligned across scenarios (common random numbers).
 */
import type { Stream } from './streams';

/** Draws one variate (minutes). */
export type Sampler = () => number;

/** A distribution as written in a scenario. All times in minutes. */
export type DistributionSpec =
  | { kind: 'exponential'; meanMinutes: number }
  | { kind: 'deterministic'; valueMinutes: number }
  | { kind: 'lognormal'; meanMinutes: number; sdMinutes: number };

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.15e-9).
 * @param p probability in (0, 1); 0 and 1 map to ∓Infinity.
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const pLow = 0.02425;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  if (p > 1 - pLow) {
    const q = Math.sqrt(-2 * Math.log1p(-p));
    return -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q /
    (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/** Builds a sampler for `spec` drawing one uniform per variate from `stream`. */
export function makeSampler(spec: DistributionSpec, stream: Stream): Sampler {
  switch (spec.kind) {
    case 'exponential': {
      const m = spec.meanMinutes;
      // log1p(-u), never log(u): alea can return exactly 0.
      return () => -m * Math.log1p(-stream.next());
    }
    case 'deterministic': {
      const v = spec.valueMinutes;
      return () => v;
    }
    case 'lognormal': {
      // Underlying normal from the duration's own mean m and sd s: σ² = ln(1 + s²/m²), μ = ln m − σ²/2.
      const s2 = Math.log1p((spec.sdMinutes * spec.sdMinutes) / (spec.meanMinutes * spec.meanMinutes));
      const sigma = Math.sqrt(s2);
      const mu = Math.log(spec.meanMinutes) - s2 / 2;
      return () => Math.exp(mu + sigma * normalQuantile(stream.next()));
    }
  }
}
