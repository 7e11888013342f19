import { describe, expect, it } from 'vitest';
import { headline, waitRows, type ViewableResults } from '../../src/ui/resultsView';
import type { Metric } from '../../src/sim/office/api';

const metric = (mean: number, low: number, high: number): Metric => ({ mean, ci95: [low, high], sd: 1, n: 10, values: [] });

const results: ViewableResults = {
  steps: {
    checkIn: { name: 'Check-in', waitMinutes: metric(2, 1.5, 2.5) },
    exam: { name: 'Provider exam', waitMinutes: metric(12.4, 11, 13.8) },
  },
  patients: { totalWaitMinutes: metric(15, 14, 16), seen: metric(70.25, 69, 71) },
  providers: { idleMinutes: metric(40, 35, 45) },
};

describe('results → what the screen shows', () => {
  it('one wait row per step, in order, with mean and CI', () => {
    const rows = waitRows(results);
    expect(rows.map((r) => r.id)).toEqual(['checkIn', 'exam']);
    expect(rows[1]).toMatchObject({ label: 'Provider exam', mean: 12.4, low: 11, high: 13.8 });
    expect(rows[0].colour).not.toBe(rows[1].colour);
  });

  it('headline cards show minutes with their CI, only for metrics present', () => {
    const cards = headline(results);
    expect(cards.map((c) => c.id)).toEqual(['totalWait', 'providerIdle', 'seen']);
    expect(cards[0].text).toBe('15 min (14–16)');
    expect(cards[2].text).toBe('70.3');
  });

  it('a metric without a CI (one replication) shows just the mean', () => {
    const one: ViewableResults = { steps: {}, patients: { totalWaitMinutes: { mean: 3.25, ci95: null, sd: null, n: 1, values: [3.25] } } };
    expect(headline(one)[0].text).toBe('3.3 min');
  });
});
