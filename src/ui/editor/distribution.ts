/**
 * The distribution picker's logic: the kinds on offer with their fields in plain language, switching kind
 * while keeping the mean, and a preview (the core's exact mean and sd, and a histogram of the core's own
 * sampler's draws, so the curve shows exactly what the simulation will draw).
 */
import { bin } from 'd3-array';
import { distributionMoments, makeSampler, makeStream, type DistributionSpec } from '../../workers/scenarioCheck';

/** A numeric field of a distribution kind. */
export interface DistField {
  key: string;
  label: string;
  min?: number;
  step?: number;
}

/** Kinds the picker offers (the list-valued empirical kinds are kept when loaded but edited as JSON). */
export const KINDS: { kind: DistributionSpec['kind']; label: string; fields: DistField[] }[] = [
  { kind: 'deterministic', label: 'Always the same', fields: [{ key: 'valueMinutes', label: 'Minutes' }] },
  { kind: 'exponential', label: 'Exponential (memoryless)', fields: [{ key: 'meanMinutes', label: 'Mean (min)' }] },
  { kind: 'uniform', label: 'Uniform', fields: [{ key: 'minMinutes', label: 'From (min)' }, { key: 'maxMinutes', label: 'To (min)' }] },
  { kind: 'triangular', label: 'Triangular (usually…, between…)', fields: [{ key: 'minMinutes', label: 'Shortest (min)' }, { key: 'modeMinutes', label: 'Usually (min)' }, { key: 'maxMinutes', label: 'Longest (min)' }] },
  { kind: 'normal', label: 'Normal', fields: [{ key: 'meanMinutes', label: 'Mean (min)' }, { key: 'sdMinutes', label: 'Spread, sd (min)' }, { key: 'minMinutes', label: 'Never below (min)' }] },
  { kind: 'lognormal', label: 'Lognormal (skewed, long tail)', fields: [{ key: 'meanMinutes', label: 'Mean (min)' }, { key: 'sdMinutes', label: 'Spread, sd (min)' }] },
  { kind: 'gamma', label: 'Gamma', fields: [{ key: 'meanMinutes', label: 'Mean (min)' }, { key: 'sdMinutes', label: 'Spread, sd (min)' }] },
  { kind: 'erlang', label: 'Erlang (k phases)', fields: [{ key: 'k', label: 'Phases k', min: 1, step: 1 }, { key: 'meanMinutes', label: 'Mean (min)' }] },
];

/** A spec of `kind` with about the same mean (and spread) as `from`. */
export function switchKind(from: Record<string, unknown>, kind: DistributionSpec['kind'], signed = false): Record<string, unknown> {
  let mean = 5;
  let sd = 2;
  try {
    const m = distributionMoments(from as DistributionSpec);
    mean = m.mean;
    sd = m.sd > 0 ? m.sd : Math.max(0.5, Math.abs(mean) / 3);
  } catch {
    /* an invalid spec: start from the defaults */
  }
  const r = (x: number) => Math.round(x * 10) / 10;
  const pos = Math.max(0.5, r(mean));
  switch (kind) {
    case 'deterministic':
      return { kind, valueMinutes: r(mean) };
    case 'exponential':
      return { kind, meanMinutes: pos };
    case 'uniform':
      return { kind, minMinutes: signed ? r(mean - sd * 1.7) : Math.max(0, r(mean - sd * 1.7)), maxMinutes: r(mean + sd * 1.7) };
    case 'triangular':
      return { kind, minMinutes: signed ? r(mean - 2 * sd) : Math.max(0, r(mean - 2 * sd)), modeMinutes: r(mean), maxMinutes: r(mean + 2 * sd) };
    case 'normal':
      return signed ? { kind, meanMinutes: r(mean), sdMinutes: r(sd) } : { kind, meanMinutes: r(mean), sdMinutes: r(sd), minMinutes: 0 };
    case 'erlang':
      return { kind, k: Math.max(1, Math.min(1000, Math.round((mean / sd) ** 2))), meanMinutes: pos };
    default:
      return { kind, meanMinutes: pos, sdMinutes: Math.max(0.1, r(sd)) };
  }
}

/** The preview of a spec: exact mean and sd, and a density-scaled histogram of draws; null if invalid. */
export interface Preview {
  mean: number;
  sd: number;
  bins: { x0: number; x1: number; density: number }[];
}

/** Draws `n` variates from the core's sampler (a fixed preview stream) and bins them. */
export function preview(spec: unknown, n = 3000): Preview | null {
  try {
    const s = spec as DistributionSpec;
    const { mean, sd } = distributionMoments(s);
    const sample = makeSampler(s, makeStream(1, 0, 'editor/preview'));
    const xs = Array.from({ length: n }, sample);
    const lo = Math.min(...xs);
    const hi = Math.max(...xs);
    if (!(hi > lo)) return { mean, sd, bins: [{ x0: lo - 0.5, x1: lo + 0.5, density: 1 }] };
    const groups = bin().domain([lo, hi]).thresholds(30)(xs);
    return { mean, sd, bins: groups.map((g) => ({ x0: g.x0 ?? lo, x1: g.x1 ?? hi, density: g.length / n / Math.max(1e-9, (g.x1 ?? hi) - (g.x0 ?? lo)) })) };
  } catch {
    return null;
  }
}
