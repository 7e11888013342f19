/**
 * Paired comparison of a run against a pinned baseline. Both runs use the same seed, so replication i of
 * each simulates the same patients (common random numbers): the change is the mean of the per-replication
 * differences, with a Student-t 95% interval from the core's statistics (far tighter than comparing two
 * independent intervals).
 */
import { confidenceInterval } from '../sim/stats';

/** A paired change: mean difference (current − baseline) and its 95% CI; null bounds with fewer than 2 pairs. */
export interface PairedChange {
  mean: number;
  low: number | null;
  high: number | null;
  /** Replications paired (those where both runs have a value). */
  n: number;
}

/**
 * The paired change of per-replication values `current` against `baseline` (same seed, replication order).
 * Only the first min(length) replications are paired; pairs where either is NaN are skipped.
 * @returns null when no replication can be paired.
 */
export function pairedChange(current: ArrayLike<number>, baseline: ArrayLike<number>): PairedChange | null {
  const n = Math.min(current.length, baseline.length);
  const diffs: number[] = [];
  for (let i = 0; i < n; i++) {
    const d = current[i] - baseline[i];
    if (Number.isFinite(d)) diffs.push(d);
  }
  if (diffs.length === 0) return null;
  const ci = confidenceInterval(diffs, 0.95);
  return { mean: ci.mean, low: ci.low, high: ci.high, n: ci.n };
}
