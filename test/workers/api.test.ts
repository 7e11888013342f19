import { describe, expect, it } from 'vitest';
import { simApi } from '../../src/workers/api';
import defaultScenario from '../../scenarios/default.json';

describe('worker API (called directly, without a Worker)', () => {
  it('returns problems with paths for a malformed scenario instead of throwing', async () => {
    const bad = { ...defaultScenario, examRooms: { count: -1 } };
    const out = await simApi.run(bad, { seed: 1, replications: 2 });
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.issues.length).toBeGreaterThan(0);
      expect(out.issues.some((i) => i.path.startsWith('$.examRooms'))).toBe(true);
    }
    const v = simApi.validate('not a scenario');
    expect(v.ok).toBe(false);
  });

  it('runs the default scenario, reports throttled progress ending at the total, and is reproducible', async () => {
    const seen: number[] = [];
    const a = await simApi.run(defaultScenario, { seed: 7, replications: 20 }, (p) => seen.push(p.done));
    const b = await simApi.run(defaultScenario, { seed: 7, replications: 20 });
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) {
      expect(a.results.steps.checkIn.waitMinutes.values).toEqual(b.results.steps.checkIn.waitMinutes.values);
      expect(a.results.replications).toBe(20);
    }
    expect(seen.at(-1)).toBe(20);
  });
});
