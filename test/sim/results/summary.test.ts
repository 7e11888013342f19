import { describe, expect, it } from 'vitest';
import { summarise, summariseColumns } from '../../../src/sim/results/summary';
import { confidenceInterval } from '../../../src/sim/stats';
import { makeStream } from '../../../src/sim/streams';

describe('summarise', () => {
  it('gives exactly the numbers of confidenceInterval over the finite values, whatever n', () => {
    const s = makeStream(5, 0, 'test/summarise');
    for (const n of [2, 3, 7, 30, 1000, 1000, 4999]) {
      const values = Float64Array.from({ length: n }, (_, i) => (i % 11 === 5 ? NaN : i % 17 === 3 ? Infinity : 100 * s.next() - 20));
      const finite = Array.from(values).filter(Number.isFinite);
      const ci = confidenceInterval(finite, 0.95);
      expect(summarise(values)).toEqual({ mean: ci.mean, sd: ci.sd, n: ci.n, ci95: [ci.low, ci.high] });
    }
  });

  it('summariseColumns gives every column\'s summarise, bit for bit', () => {
    const s = makeStream(8, 0, 'test/summariseColumns');
    for (const [columns, rows] of [[1, 10], [4, 1], [4, 0], [7, 50], [13, 333]]) {
      const table = Array.from({ length: columns }, (_, j) =>
        Float64Array.from({ length: rows }, () => (j % 5 === 1 ? 3 : s.next() < 0.1 ? [NaN, Infinity, -Infinity][Math.floor(s.next() * 3)] : 1e3 * s.next() - 100)),
      );
      expect(summariseColumns(table)).toEqual(table.map((c) => summarise(c)));
    }
  });

  it('has no interval for one value and nothing for none', () => {
    expect(summarise([NaN, 4])).toEqual({ mean: 4, ci95: null, sd: null, n: 1 });
    expect(summarise([NaN])).toEqual({ mean: null, ci95: null, sd: null, n: 0 });
  });
});
