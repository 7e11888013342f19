import { describe, expect, it } from 'vitest';
import { lanes } from '../../../src/ui/results/swimlane';
import { dayView } from '../../../src/workers/dayView';
import { validateScenario, type OfficeScenario } from '../../../src/sim/office/api';
import defaultScenario from '../../../scenarios/default.json';

describe('one day as swimlanes', () => {
  const v = validateScenario(defaultScenario);
  if (!v.ok) throw new Error('default scenario invalid');
  const day = dayView(v.scenario as OfficeScenario, 1, 0);
  const ls = lanes(day, { exam: 'Provider exam' });

  it('one lane per patient, in arrival order, each a readable sentence', () => {
    expect(ls.length).toBe(day.arrival.length);
    for (let i = 1; i < ls.length; i++) expect(ls[i].arrival).toBeGreaterThanOrEqual(ls[i - 1].arrival);
    expect(ls[0].label).toMatch(/^Patient 1 \(.+\), arrived \d\d:\d\d, left \d\d:\d\d, /);
  });

  it('segments are service per step plus a lighter waiting segment when the patient waited', () => {
    const segs = ls.flatMap((l) => l.segments);
    expect(segs.filter((s) => s.kind === 'service').length).toBe(day.visitStart.length);
    expect(segs.some((s) => s.kind === 'wait' && /^Waiting for provider exam/.test(s.detail))).toBe(true);
    for (const s of segs) expect(s.x1).toBeGreaterThanOrEqual(s.x0);
  });
});
