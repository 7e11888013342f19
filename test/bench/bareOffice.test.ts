/**
 * The office yardstick (bench/bareOffice.ts) must stay the engine's model: `npm run bench` compares the
 * engine's event loop with it, which means something only while both simulate the same day. If this fails
 * after a change to src/sim/office/day.ts's rules, make the same change in bench/bareOffice.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateScenario, type OfficeScenario } from '../../src/sim/office';
import { compileOffice } from '../../src/sim/office/compile';
import { OfficeDay } from '../../src/sim/office/day';
import { BareOffice, NotDefaultOfficeError } from '../../bench/bareOffice';
import { checkBareOffice } from '../../bench/bareOfficeCheck';

const json = (name: string): Record<string, unknown> => JSON.parse(readFileSync(`scenarios/${name}.json`, 'utf8'));
const dayOf = (scenario: unknown): OfficeDay => {
  const v = validateScenario(scenario);
  if (!v.ok) throw new Error(`invalid scenario: ${v.issues[0]?.path} ${v.issues[0]?.message}`);
  return new OfficeDay(compileOffice(v.scenario as OfficeScenario));
};

describe('bench/bareOffice.ts, the office yardstick', () => {
  it('simulates 200 days of scenarios/default.json bit-identically to OfficeDay.run, and records them identically', () => {
    const found = checkBareOffice(dayOf(json('default')), 20261129, 200);
    expect({ differing: found.differing, examples: found.examples }).toEqual({ differing: {}, examples: [] });
    expect(found.identical).toBe(200);
    expect(found.sameRecord).toBe(true);
  });

  it('takes the numbers from the scenario: four exam rooms and three times the walk-ins, still bit-identical', () => {
    // A busier day of the same structure: rooms run out and the office manager floats far more often.
    const busy = json('default') as { examRooms: { count: number }; walkIns: { ratesPerHour: number[] } };
    busy.examRooms.count = 4;
    busy.walkIns.ratesPerHour = busy.walkIns.ratesPerHour.map((r) => 3 * r);
    const found = checkBareOffice(dayOf(busy), 7, 100);
    expect({ differing: found.differing, examples: found.examples }).toEqual({ differing: {}, examples: [] });
    expect(found.identical).toBe(100);
  });

  it('refuses an office of another structure, naming what differs', () => {
    expect(() => new BareOffice(dayOf(json('solo-family-practice')))).toThrow(NotDefaultOfficeError);
    expect(() => new BareOffice(dayOf(json('solo-family-practice')))).toThrow(/differs in its steps: checkIn,rooming,exam,vaccination,checkout/);
    const twoManagers = json('default') as { staffPools: Array<{ id: string; headcount: number }> };
    twoManagers.staffPools.find((p) => p.id === 'manager')!.headcount = 2;
    expect(() => new BareOffice(dayOf(twoManagers))).toThrow(/differs in its headcounts: 2,3,1,2, where the loop needs 2,3,1,1/);
  });
});
