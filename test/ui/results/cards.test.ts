import { describe, expect, it } from 'vitest';
import { changeText, headlineCards, verdict } from '../../../src/ui/results/cards';
import type { MetricView, ResultsView } from '../../../src/workers/view';

const m = (values: number[]): MetricView => {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, low: mean - 1, high: mean + 1, values: Float64Array.from(values) };
};
const view = (seed: number, totalWait: number[], seen: number[]): ResultsView =>
  ({ kind: 'office', seed, headline: { totalWait: m(totalWait), seen: m(seen) } }) as unknown as ResultsView;

describe('headline cards', () => {
  it('pair replications with the baseline: the change is the mean difference with a paired CI', () => {
    const base = view(1, [10, 12, 14, 11], [80, 81, 79, 80]);
    const now = view(1, [13, 15, 17.5, 14], [80, 81, 79, 80]);
    const [wait, seen] = headlineCards(now, base);
    expect(wait.change?.mean).toBeCloseTo(3.125);
    expect(wait.change?.low).toBeGreaterThan(0);
    expect(wait.verdict).toBe('worse');
    expect(wait.changeText).toMatch(/^\+3\.1 min \(\+\d\.\d min to \+\d\.\d min\) vs baseline$/);
    expect(seen.changeText).toBe('no change vs baseline');
  });

  it('show no change without a comparable baseline (another seed, or the baseline itself)', () => {
    const base = view(2, [10, 12], [80, 81]);
    const now = view(1, [13, 15], [80, 81]);
    expect(headlineCards(now, base)[0].changeText).toBe('');
    expect(headlineCards(now, now)[0].verdict).toBe('none');
  });

  it('name the direction by whether lower is better', () => {
    expect(verdict({ mean: -2, low: -3, high: -1, n: 5 }, true)).toBe('better');
    expect(verdict({ mean: -2, low: -3, high: -1, n: 5 }, false)).toBe('worse');
    expect(verdict({ mean: 0.1, low: -1, high: 1, n: 5 }, true)).toBe('same');
    expect(changeText({ mean: -0.42, low: null, high: null, n: 1 }, 'min')).toBe('−0.42 min vs baseline');
  });

  it('never show a CI below zero for a duration or a count (wide early intervals start at 0)', () => {
    const early = { kind: 'office', seed: 1, headline: { totalWait: { mean: 16, low: -38, high: 69, values: Float64Array.from([2, 30]) } } } as unknown as ResultsView;
    expect(headlineCards(early, null)[0].text).toBe('16 min (0–69)');
  });
});
