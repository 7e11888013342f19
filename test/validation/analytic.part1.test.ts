/**
 * Statistical validation against queueing theory, part 1 of 2 (the cases are split over two files so
 * that vitest can run them on both cores).
 *
 * Decision rule (fixed in advance; its constants, the seeds and the run-length formula are in
 * ./analytic.ts): each case runs 20 replications, each dropping the first 10% of its horizon as warm-up.
 * A check passes when the exact value lies inside the replications' 99% Student-t CI and the half-width
 * is at most 5% of the value (at most 0.005 absolute for probabilities). A check that misses is re-run on
 * two fixed backup seeds and fails if it misses on either. Seeds and tolerances are never changed to make
 * a case pass.
 */
import { describe, expect, it } from 'vitest';
import { casesOfPart, validateCases } from './analytic';

describe('engine agrees with queueing theory (99% CIs, part 1 of 2)', () => {
  const ids = casesOfPart(0, 2);
  it(`${ids.length} cases: every check inside its CI with a half-width ≤ 5% (≤ 0.005 for probabilities)`, () => {
    const t0 = Date.now();
    const { table, failures } = validateCases(ids);
    console.log(`${table}\nwall time of part 1: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    expect(failures).toEqual([]);
  });
});
