import { describe, expect, it } from 'vitest';
import { quantilesInPlace, summarise } from '../../../src/sim/results/summary';
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

  it('has no interval for one value and nothing for none', () => {
    expect(summarise([NaN, 4])).toEqual({ mean: 4, ci95: null, sd: null, n: 1 });
    expect(summarise([NaN])).toEqual({ mean: null, ci95: null, sd: null, n: 0 });
  });
});

describe('quantilesInPlace', () => {
  it('equals the sorted order statistics (type 7), ties and zeros included, small and large ranges', () => {
    const s = makeStream(6, 0, 'test/select');
    const ps = [0, 0.1, 0.5, 0.9, 0.95, 1];
    for (const n of [1, 2, 5, 80, 601, 602, 5000, 40_001]) {
      for (const zeros of [0, 0.5, 0.9, 1]) {
        const values = Float64Array.from({ length: n }, () => (s.next() < zeros ? 0 : Math.round(s.next() * 50) / 4));
        const sorted = Float64Array.from(values).sort();
        const expected = ps.map((p) => {
          const h = (n - 1) * p;
          const i = Math.floor(h);
          return i + 1 < n && h > i ? sorted[i] + (sorted[i + 1] - sorted[i]) * (h - i) : sorted[i];
        });
        const out = new Float64Array(ps.length);
        const a = new Float64Array(n + 6).fill(-1);
        a.set(values, 3);
        quantilesInPlace(a, 3, n, ps, out);
        expect(Array.from(out)).toEqual(expected);
        expect(Array.from(a.subarray(3, 3 + n)).sort((x, y) => x - y)).toEqual(Array.from(sorted));
        expect([a[0], a[1], a[2], a[n + 3], a[n + 4], a[n + 5]]).toEqual([-1, -1, -1, -1, -1, -1]);
      }
    }
  });
});
