import { describe, expect, it } from 'vitest';
import { confidenceInterval, quantile, quantileSorted, sortedCopy, studentTCdf, studentTQuantile } from '../../src/sim/stats';
import { StatisticError } from '../../src/sim/tally';

describe('Student t quantiles', () => {
  it('match table values', () => {
    // Table values (e.g. R's qt) to the digits given.
    const table: [number, number, number, number][] = [
      [0.995, 19, 2.860935, 6],
      [0.975, 1, 12.7062, 4],
      [0.975, 4, 2.776445, 6],
      [0.995, 1999, 2.578291, 6],
      [0.95, 10, 1.812461, 6],
      [0.9, 2, 1.885618, 6],
      [0.999, 3, 10.21453, 5],
      [0.975, 30, 2.042272, 6],
      [0.975, Infinity, 1.959964, 6],
    ];
    for (const [p, df, t, digits] of table) {
      expect(studentTQuantile(p, df), `t(${p}, ${df})`).toBeCloseTo(t, digits);
      expect(studentTQuantile(1 - p, df)).toBeCloseTo(-t, digits);
    }
    expect(studentTQuantile(0.995, 1999)).toBeCloseTo(2.578, 3);
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(studentTQuantile(1, 7)).toBe(Infinity);
    expect(studentTQuantile(0, 7)).toBe(-Infinity);
  });

  it('invert the t CDF to ~1e-13 for whole and fractional df, including far tails', () => {
    for (const df of [1, 1.5, 2, 2.5, 3, 5, 9, 29, 120, 1000, 10_000]) {
      for (const p of [1e-10, 1e-4, 0.01, 0.1, 0.3, 0.6, 0.9, 0.975, 0.999]) {
        const t = studentTQuantile(p, df);
        // Compare the smaller tail, where relative accuracy is meaningful.
        const error = p < 0.5 ? studentTCdf(t, df) / p - 1 : (1 - studentTCdf(t, df)) / (1 - p) - 1;
        expect(Math.abs(error), `df=${df} p=${p}`).toBeLessThan(1e-12);
      }
    }
  });

  it('the CDF has the closed forms for df 1 and 2', () => {
    // Cauchy: 1/2 + atan(t)/π; df 2: 1/2 + t/(2√(2 + t²)).
    for (const t of [-30, -1, 0.3, 4]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 14);
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 14);
    }
  });

  it('rejects df below 1 and probabilities outside [0, 1]', () => {
    expect(() => studentTQuantile(0.9, 0.5)).toThrowError(StatisticError);
    expect(() => studentTQuantile(1.2, 5)).toThrowError(/between 0 and 1/);
  });
});

describe('confidenceInterval', () => {
  it('mean ± t·s/√n for the replication values', () => {
    const ci = confidenceInterval(Float64Array.of(1, 2, 3, 4, 5), 0.95);
    expect(ci.n).toBe(5);
    expect(ci.mean).toBe(3);
    expect(ci.sd).toBeCloseTo(Math.sqrt(2.5), 15);
    // t(0.975, 4) = 2.776445; s/√n = √0.5.
    expect(ci.halfWidth).toBeCloseTo(2.776445105 * Math.sqrt(0.5), 8);
    expect(ci.low).toBeCloseTo(3 - ci.halfWidth!, 15);
    expect(ci.high).toBeCloseTo(3 + ci.halfWidth!, 15);
    const ci99 = confidenceInterval([10, 12, 11, 13], 0.99);
    expect(ci99.halfWidth).toBeCloseTo(5.840909 * (Math.sqrt(5 / 3) / 2), 5);
  });

  it('one value: no interval, and the result survives JSON', () => {
    const ci = confidenceInterval([42]);
    expect(ci).toEqual({ n: 1, level: 0.95, mean: 42, sd: null, halfWidth: null, low: null, high: null });
    expect(JSON.parse(JSON.stringify(ci))).toEqual(ci);
  });

  it('identical values give a zero-width interval', () => {
    const ci = confidenceInterval([5, 5, 5]);
    expect(ci.halfWidth).toBe(0);
    expect([ci.low, ci.high]).toEqual([5, 5]);
  });

  it('no values, a non-finite value or a bad level throw a named error', () => {
    expect(() => confidenceInterval([])).toThrowError(StatisticError);
    expect(() => confidenceInterval([1, NaN])).toThrowError('values[1] must be a finite number (got NaN)');
    expect(() => confidenceInterval([1, 2], 95)).toThrowError(/between 0 and 1/);
  });
});

describe('quantiles (type 7, d3-array)', () => {
  it('interpolate linearly between order statistics', () => {
    const sorted = Float64Array.of(1, 2, 3, 4);
    // h = (n − 1)p: p = 0.25 → 1.75; 0.5 → 2.5; 0.9 → 3.7.
    expect(quantileSorted(sorted, 0.25)).toBe(1.75);
    expect(quantileSorted(sorted, 0.5)).toBe(2.5);
    expect(quantileSorted(sorted, 0.9)).toBeCloseTo(3.7, 15);
    expect(quantileSorted(sorted, 0)).toBe(1);
    expect(quantileSorted(sorted, 1)).toBe(4);
    expect(quantileSorted(Float64Array.of(7), 0.3)).toBe(7);
    expect(quantileSorted(new Float64Array(0), 0.5)).toBeUndefined();
  });

  it('quantile sorts a copy (leaving the input alone) and matches R', () => {
    const waits = Float64Array.of(12, 0, 7, 3, 25, 3);
    // R: quantile(c(12, 0, 7, 3, 25, 3), c(.5, .9)) gives 5 and 18.5.
    expect(quantile(waits, 0.5)).toBe(5);
    expect(quantile(waits, 0.9)).toBeCloseTo(18.5, 14);
    expect(Array.from(waits)).toEqual([12, 0, 7, 3, 25, 3]);
    expect(Array.from(sortedCopy(waits))).toEqual([0, 3, 3, 7, 12, 25]);
    expect(quantileSorted(sortedCopy(waits), 0.9)).toBe(quantile(waits, 0.9));
  });
});
