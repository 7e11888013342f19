/**
 * Plain-language validation of distribution specs, shared by the samplers (which throw) and the scenario
 * validator (which reports the message to the person editing the scenario).
 */
import type { DistributionSpec } from './distributions';
import { pow } from './detMath';

/**
 * What a distribution is used for. A `duration` (a service time, a gap between arrivals) must never be
 * negative; an `offset` (how early or late a patient arrives) may be.
 */
export type DistributionUse = 'duration' | 'offset';

/** Thrown by `makeSampler` and `distributionMoments` for an invalid spec; the message names the bad parameter and value. */
export class DistributionError extends Error {
  override readonly name = 'DistributionError';
  /** The offending spec, as given. */
  readonly spec: unknown;
  /** @param message what is wrong, with the bad value. @param spec the offending spec. */
  constructor(message: string, spec: unknown) {
    super(message);
    this.spec = spec;
  }
}

/**
 * Largest gamma shape (mean/sd)² or Erlang k accepted: inverting P(a, x) costs O(√a) terms per draw, and
 * with sd below 0.1% of the mean the duration is, for a clinic, fixed (use `deterministic`).
 */
export const MAX_GAMMA_SHAPE = 1e6;

type Problem = string | null;

function finite(name: string, v: unknown): Problem {
  return typeof v === 'number' && Number.isFinite(v) ? null : `${name} must be a finite number (got ${String(v)})`;
}

function atLeastZero(name: string, v: unknown): Problem {
  return finite(name, v) ?? ((v as number) >= 0 ? null : `${name} must be ≥ 0 (got ${String(v)})`);
}

function aboveZero(name: string, v: unknown): Problem {
  return finite(name, v) ?? ((v as number) > 0 ? null : `${name} must be above 0 (got ${String(v)})`);
}

/** A lower end: any finite number for an offset, at least 0 for a duration. */
function lowerEnd(use: DistributionUse, name: string, v: unknown): Problem {
  return use === 'duration' ? atLeastZero(name, v) : finite(name, v);
}

function numberList(use: DistributionUse, name: string, list: unknown): Problem {
  if (!Array.isArray(list) || list.length === 0) return `${name} must be a non-empty list of numbers`;
  for (let i = 0; i < list.length; i++) {
    const problem = lowerEnd(use, `${name}[${i}]`, list[i]);
    if (problem !== null) return problem;
  }
  return null;
}

function weightList(weights: unknown, count: number): Problem {
  if (weights === undefined) return null;
  if (!Array.isArray(weights) || weights.length !== count) {
    return `weights must list one weight per value (${count} values)`;
  }
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    const problem = atLeastZero(`weights[${i}]`, weights[i]);
    if (problem !== null) return problem;
    total += weights[i] as number;
  }
  return total > 0 && Number.isFinite(total) ? null : 'weights must add up to more than 0';
}

/**
 * Checks a distribution spec and explains the first problem in plain language.
 * @param spec the distribution, possibly straight from scenario JSON (so every field is checked at run time).
 * @param use `'duration'` (default): nothing it can produce may be negative, so a normal needs `minMinutes`
 *   ≥ 0 and lower ends must be ≥ 0; `'offset'`: negative values are fine.
 * @returns null if valid, otherwise one message such as "sdMinutes must be ≥ 0 (got -2)".
 */
export function checkDistribution(spec: DistributionSpec, use: DistributionUse = 'duration'): string | null {
  if (spec === null || typeof spec !== 'object') return 'a distribution must be an object with a kind';
  switch (spec.kind) {
    case 'exponential':
      return aboveZero('meanMinutes', spec.meanMinutes);
    case 'deterministic':
      return lowerEnd(use, 'valueMinutes', spec.valueMinutes);
    case 'uniform':
      return lowerEnd(use, 'minMinutes', spec.minMinutes) ?? finite('maxMinutes', spec.maxMinutes) ??
        (spec.minMinutes < spec.maxMinutes ? null
          : `minMinutes must be below maxMinutes (got ${spec.minMinutes} and ${spec.maxMinutes})`);
    case 'triangular':
      return lowerEnd(use, 'minMinutes', spec.minMinutes) ?? finite('modeMinutes', spec.modeMinutes) ??
        finite('maxMinutes', spec.maxMinutes) ??
        (spec.minMinutes < spec.maxMinutes ? null
          : `minMinutes must be below maxMinutes (got ${spec.minMinutes} and ${spec.maxMinutes})`) ??
        (spec.minMinutes <= spec.modeMinutes && spec.modeMinutes <= spec.maxMinutes ? null
          : `modeMinutes must lie between minMinutes and maxMinutes (got ${spec.modeMinutes})`);
    case 'normal':
      return finite('meanMinutes', spec.meanMinutes) ?? atLeastZero('sdMinutes', spec.sdMinutes) ??
        (spec.minMinutes !== undefined ? lowerEnd(use, 'minMinutes', spec.minMinutes)
          : use === 'duration' ? 'a duration needs minMinutes (for example 0) so it can never be negative' : null);
    case 'lognormal':
      return aboveZero('meanMinutes', spec.meanMinutes) ?? atLeastZero('sdMinutes', spec.sdMinutes);
    case 'gamma':
      return aboveZero('meanMinutes', spec.meanMinutes) ?? aboveZero('sdMinutes', spec.sdMinutes) ??
        (pow(spec.meanMinutes / spec.sdMinutes, 2) <= MAX_GAMMA_SHAPE ? null
          : `sdMinutes must be at least meanMinutes/1000 (got ${spec.sdMinutes}); use deterministic for a fixed duration`);
    case 'erlang':
      return (Number.isInteger(spec.k) && spec.k >= 1 && spec.k <= MAX_GAMMA_SHAPE ? null
        : `k must be a whole number from 1 to ${MAX_GAMMA_SHAPE} (got ${String(spec.k)})`) ??
        aboveZero('meanMinutes', spec.meanMinutes);
    case 'empirical':
      return numberList(use, 'values', spec.values) ?? weightList(spec.weights, spec.values.length);
    case 'empiricalContinuous':
      return numberList(use, 'samplesMinutes', spec.samplesMinutes);
    default:
      return `unknown distribution kind '${String((spec as { kind?: unknown }).kind)}'`;
  }
}
