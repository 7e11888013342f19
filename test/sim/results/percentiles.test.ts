import { describe, expect, it } from 'vitest';
import { pooledQuantiles, quantilesInPlace, quantilesOf } from '../../../src/sim/results/percentiles';
import { makeStream } from '../../../src/sim/streams';

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

describe('quantilesOf', () => {
  it('gives quantilesInPlace\'s numbers bit for bit, as does pooledQuantiles, (zeros, −0, negatives, NaN, ties) and leaves a range without NaN or −0 as it was', () => {
    const s = makeStream(7, 0, 'test/quantilesOf');
    const ps = [0, 0.1, 0.5, 0.9, 0.95, 1];
    const pick = (kinds: number) => {
      const u = s.next();
      const k = Math.floor(s.next() * kinds);
      return k === 0 ? 0 : k === 1 ? -0 : k === 2 ? -Math.round(u * 8) : k === 3 ? NaN : Math.round(u * 50) / 4;
    };
    for (const n of [1, 2, 3, 13, 79, 80, 700, 3000]) {
      for (const kinds of [5, 3, 2, 4]) {
        for (let trial = 0; trial < 20; trial++) {
          // kinds 5: everything; 3: +0, −0 and negatives; 2: zeros of both signs; 4: no positives.
          const values = Float64Array.from({ length: n }, () => (kinds === 5 && s.next() < 0.5 ? s.next() * 100 : pick(kinds)));
          const expected = new Float64Array(ps.length);
          quantilesInPlace(Float64Array.from(values), 0, n, ps, expected);
          const a = new Float64Array(n + 4).fill(7);
          a.set(values, 2);
          const out = new Float64Array(ps.length);
          quantilesOf(a, 2, n, ps, out, new Float64Array(2 * n));
          expect(Array.from(out).map((x) => Object.is(x, -0) ? '-0' : x)).toEqual(Array.from(expected).map((x) => Object.is(x, -0) ? '-0' : x));
          // Pooled: the same numbers as quantilesInPlace over the values that are not NaN.
          const finite = values.filter((x) => x === x);
          const pooled = new Float64Array(ps.length);
          if (finite.length > 0) quantilesInPlace(finite, 0, finite.length, ps, pooled);
          const sign = (x: number | null) => (Object.is(x, -0) ? '-0' : x);
          expect(pooledQuantiles(values, ps).map(sign)).toEqual(finite.length > 0 ? Array.from(pooled).map(sign) : ps.map(() => null));
          if (!values.some((x) => x !== x || Object.is(x, -0))) expect(a.subarray(2, 2 + n)).toEqual(values);
          expect([a[0], a[1], a[n + 2], a[n + 3]]).toEqual([7, 7, 7, 7]);
        }
      }
    }
  });
});
