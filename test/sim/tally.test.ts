import { describe, expect, it } from 'vitest';
import { makeStream } from '../../src/sim/streams';
import { StatisticError, Tally, TimeWeighted } from '../../src/sim/tally';

/** Mean and sample variance by the textbook two-pass method, the reference for Welford's update. */
function twoPass(xs: ArrayLike<number>): { mean: number; variance: number } {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i];
  const mean = sum / xs.length;
  let squares = 0;
  for (let i = 0; i < xs.length; i++) squares += (xs[i] - mean) ** 2;
  return { mean, variance: squares / (xs.length - 1) };
}

function values(n: number, offset: number, name: string): Float64Array {
  const stream = makeStream(99, 0, name);
  return Float64Array.from({ length: n }, () => offset + 30 * stream.next() ** 2);
}

describe('Tally (Welford)', () => {
  it('matches the two-pass mean and variance, min and max', () => {
    const xs = values(10_000, 0, 'tally/a');
    const tally = new Tally();
    for (const x of xs) tally.add(x);
    const ref = twoPass(xs);
    expect(tally.count).toBe(10_000);
    expect(tally.mean).toBeCloseTo(ref.mean, 12);
    expect(tally.variance / ref.variance - 1).toBeCloseTo(0, 12);
    expect(tally.sd).toBeCloseTo(Math.sqrt(ref.variance), 12);
    expect(tally.min).toBe(Math.min(...xs));
    expect(tally.max).toBe(Math.max(...xs));
  });

  it('stays accurate on a large offset where Σx² − (Σx)²/n would cancel', () => {
    // Values near 1e9 minutes with spread ~10: the naive formula loses every digit of the variance.
    const xs = values(10_000, 1e9, 'tally/offset');
    const tally = new Tally();
    for (const x of xs) tally.add(x);
    const ref = twoPass(xs);
    expect(Math.abs(tally.variance / ref.variance - 1)).toBeLessThan(1e-8);
  });

  it('merging tallies of parts equals one tally of the whole (Chan et al.)', () => {
    const xs = values(9_001, 5, 'tally/merge');
    const whole = new Tally();
    for (const x of xs) whole.add(x);
    const parts = [new Tally(), new Tally(), new Tally(), new Tally()];
    // Uneven parts, one empty: 0–99, 100–8999, 9000, none.
    xs.forEach((x, i) => parts[i < 100 ? 0 : i < 9000 ? 1 : 2].add(x));
    const merged = new Tally().merge(parts[3]).merge(parts[0]).merge(parts[1]).merge(parts[2]).merge(new Tally());
    expect(merged.count).toBe(whole.count);
    expect(merged.mean).toBeCloseTo(whole.mean, 12);
    expect(Math.abs(merged.variance / whole.variance - 1)).toBeLessThan(1e-12);
    expect(merged.min).toBe(whole.min);
    expect(merged.max).toBe(whole.max);
    // The merged-in tally is unchanged.
    expect(parts[0].count).toBe(100);
  });

  it('reports NaN variance below two observations, and resets', () => {
    const tally = new Tally();
    expect(tally.variance).toBeNaN();
    tally.add(4);
    expect(tally.mean).toBe(4);
    expect(tally.variance).toBeNaN();
    tally.add(6);
    expect(tally.variance).toBe(2);
    tally.reset();
    expect([tally.count, tally.mean, tally.m2, tally.min, tally.max]).toEqual([0, 0, 0, Infinity, -Infinity]);
  });
});

describe('TimeWeighted', () => {
  it('integrates the piecewise-constant level between events', () => {
    const waiting = new TimeWeighted(0, 0);
    waiting.update(2, 3); // 0 patients for 2 min
    waiting.update(5, 1); // 3 patients for 3 min
    // then 1 patient for 5 min: (0·2 + 3·3 + 1·5)/10
    expect(waiting.mean(10)).toBeCloseTo(1.4, 15);
    expect(waiting.maxLevel).toBe(3);
    // Several changes at one instant count only the last.
    waiting.update(10, 4);
    waiting.update(10, 2);
    expect(waiting.mean(20)).toBeCloseTo((14 + 2 * 10) / 20, 15);
  });

  it('a warm-up reset keeps the current level and restarts the average', () => {
    const busy = new TimeWeighted(480, 2);
    busy.update(500, 5);
    busy.reset(530);
    expect(busy.level).toBe(5);
    expect(busy.mean(540)).toBe(5);
    busy.update(540, 1);
    expect(busy.mean(550)).toBe(3);
    expect(busy.maxLevel).toBe(5);
    expect(busy.mean(540)).toBe(5); // zero-length tail after the last update
    const fresh = new TimeWeighted(100, 7);
    expect(fresh.mean(100)).toBe(7); // zero-length window: the current level
  });

  it('throws a named error with the times when the clock goes backwards', () => {
    const level = new TimeWeighted(0, 0);
    level.update(10, 1);
    expect(() => level.update(9, 2)).toThrowError(StatisticError);
    expect(() => level.update(9, 2)).toThrowError('time went backwards: update to level 2 at 9 min after an update at 10 min');
    expect(() => level.mean(5)).toThrowError(/mean until 5 min/);
    expect(() => level.reset(5)).toThrowError(/reset at 5 min/);
  });
});
