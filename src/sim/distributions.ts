/**
 * Duration and inter-arrival distributions, parameterised the way people talk about durations.
 * Each is a factory over a {@link Stream} returning a {@link Sampler}. Every sampler, whatever its kind,
 * consumes exactly one uniform per variate and maps it through the inverse CDF (monotone in u), so
 * streams stay aligned and scenarios that differ only in a distribution's parameters share common random
 * numbers. Per-spec constants are computed once in the factory; a draw allocates nothing.
 */
export { normalCdf, normalQuantile } from './normal';
// The samplers themselves: one implementation, in typedSampler.ts.
export { makeSampler, makeTypedSampler, empiricalTables, sortedSamples, TypedSampler } from './typedSampler';
export type { EmpiricalTables } from './typedSampler';
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
