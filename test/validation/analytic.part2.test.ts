/**
 * Statistical validation against queueing theory, part 2 of 2 (the cases are split over two files so
 * that vitest runs them on both cores). The decision rule, the run-length formula and the seeds are
 * fixed in ./analytic.ts and written there before any run.
 */
import { describe, expect, it } from 'vitest';
import { casesOfPart, validateCases } from './analytic';

describe('engine agrees with queueing theory (99% CIs, part 2 of 2)', () => {
  const ids = casesOfPart(1, 2);
  it(`${ids.length} cases: every check inside its CI with a half-width ≤ 5% (≤ 0.005 for probabilities)`, () => {
    const t0 = Date.now();
    const { table, failures } = validateCases(ids);
    console.log(`${table}\nwall time of part 2: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    expect(failures).toEqual([]);
  });
});
