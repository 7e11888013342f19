import fc from 'fast-check';
import { quantile } from 'd3-array';
import { describe, expect, it } from 'vitest';
import { pooledQuantiles } from '../../../src/sim/results/percentiles';
import { metricOf, metricsJsonReplacer, summarise } from '../../../src/sim/results/summary';
import type { RawRecord } from '../../../src/sim/results/record';

describe('summaries', () => {
  it('pooled percentiles by selection equal d3-array\'s quantile (R-7), NaN ignored', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ min: -100, max: 100, noNaN: true }), fc.integer({ min: 0, max: 3 }), fc.constant(Number.NaN)), { maxLength: 300 }), (xs) => {
        const ps = [0, 0.1, 0.5, 0.9, 0.95, 1];
        const got = pooledQuantiles(Float64Array.from(xs), ps);
        ps.forEach((p, i) => {
          const want = quantile(xs, p);
          if (want === undefined) expect(got[i]).toBeNull();
          else expect(got[i]).toBeCloseTo(want, 9);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('mean, sd and a Student-t 95% CI over the finite values; null when undefined', () => {
    const s = summarise([1, 2, 3, NaN]);
    expect(s).toMatchObject({ mean: 2, sd: 1, n: 3 });
    // t(0.975, 2) = 4.302653
    expect(s.ci95![0]).toBeCloseTo(2 - 4.302653 / Math.sqrt(3), 5);
    expect(s.ci95![1]).toBeCloseTo(2 + 4.302653 / Math.sqrt(3), 5);
    expect(summarise([5])).toEqual({ mean: 5, sd: null, n: 1, ci95: null });
    expect(summarise([NaN])).toEqual({ mean: null, sd: null, n: 0, ci95: null });
  });

  it("a metric's values are its raw column (no copy, NaN kept); JSON writes them as a list with null", () => {
    const column = Float64Array.from([4, NaN, 6, Infinity]);
    const raw: RawRecord = { from: 0, to: 4, repKeys: ['a.b'], columns: [column], sampleKeys: [], samples: [], hourly: [], hours: 0, grid: new Float64Array(0), gridBins: 0, events: new Float64Array(4) };
    const m = metricOf(raw, 'a.b');
    expect(m.values).toBe(column);
    expect(m).toMatchObject({ mean: 5, n: 2 });
    expect(JSON.parse(JSON.stringify({ m }, metricsJsonReplacer)).m.values).toEqual([4, null, 6, null]);
  });
});
