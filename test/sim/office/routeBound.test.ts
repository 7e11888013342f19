/**
 * compileOffice's per-pathway bound on a patient's visits (createPatients sizes a day's visit buffers with
 * it once, instead of making room for MAX_ROUTE more visits before each patient): no route exceeds it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateScenario, type OfficeScenario } from '../../../src/sim/office';
import { compileOffice } from '../../../src/sim/office/compile';
import { OfficeDay } from '../../../src/sim/office/day';
import { MAX_ROUTE } from '../../../src/sim/office/patients';
import { det, office } from './helpers';

/** The longest route of `days` days, and whether any patient's route exceeded its pathway's bound. */
function routes(s: OfficeScenario, days: number): { longest: number; over: number } {
  const c = compileOffice(s);
  const d = new OfficeDay(c);
  let longest = 0;
  let over = 0;
  for (let rep = 0; rep < days; rep++) {
    d.createDay(5, rep);
    const b = d.b;
    for (let p = 0; p < b.n; p++) {
      longest = Math.max(longest, b.routeLen[p]);
      if (b.routeLen[p] > Math.min(MAX_ROUTE, c.pathwayMaxVisits[b.visitType[p]])) over++;
    }
  }
  return { longest, over };
}

describe('pathwayMaxVisits', () => {
  it('is the entries times one plus the returns allowed, and a route that always returns reaches it', () => {
    const s = office((s) => {
      s.steps.push({ id: 'rooming', staff: ['desk'], durationMinutes: det(5) });
      s.pathways.v = [{ step: 'checkIn' }, { step: 'rooming' }, { step: 'exam', returnTo: 'checkIn', returnProbability: 1, maxReturns: 2 }];
    });
    expect(compileOffice(s).pathwayMaxVisits[0]).toBe(9);
    expect(routes(s, 3)).toEqual({ longest: 9, over: 0 });
  });

  it('bounds every route of every scenario in scenarios/', () => {
    const dir = 'scenarios/';
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const v = validateScenario(JSON.parse(readFileSync(dir + f, 'utf8')));
      if (!v.ok || v.scenario.kind !== 'office') continue;
      expect(routes(v.scenario, 50).over, f).toBe(0);
    }
  });
});
