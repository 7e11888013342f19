/**
 * Property tests (fast-check; the failing seed is printed): accounting, no double-booking of staff, the
 * clock, reproducibility, chunking, common random numbers, and the provider's choice rule, over the shipped
 * office scenarios and random seeds.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateResults, inspectDay, runScenario, validateScenario, type OfficeScenario } from '../../../src/sim/office';
import { compileOffice } from '../../../src/sim/office/compile';
import { OfficeDay } from '../../../src/sim/office/day';

const OFFICES = ['default', 'solo-family-practice', 'pediatric-walk-ins', 'overbooking-practice', 'front-desk-checkout', 'clinic-day-reference'];
const load = (name: string): OfficeScenario => {
  const r = validateScenario(JSON.parse(readFileSync(`scenarios/${name}.json`, 'utf8')));
  if (!r.ok || r.scenario.kind !== 'office') throw new Error(name);
  return r.scenario;
};
const scenarios = Object.fromEntries(OFFICES.map((n) => [n, load(n)]));
const arbScenario = fc.constantFrom(...OFFICES);
const arbSeed = fc.integer({ min: 0, max: 1_000_000 });

describe('office day properties', () => {
  it('every patient is accounted for; times are finite, ordered and never before arrival', () => {
    fc.assert(
      fc.property(arbScenario, arbSeed, (name, seed) => {
        const d = inspectDay(scenarios[name], { seed });
        for (const p of d.patients) {
          expect(['seen', 'left-without-being-seen', 'rebooked', 'not-seen']).toContain(p.outcome);
          expect(Number.isFinite(p.arrival) && Number.isFinite(p.departure)).toBe(true);
          expect(p.departure).toBeGreaterThanOrEqual(p.arrival);
          let t = p.arrival;
          for (const v of p.visits) {
            if (v.start !== v.start) break;
            expect(v.ready).toBeGreaterThanOrEqual(t - 1e-9);
            expect(v.start).toBeGreaterThanOrEqual(v.ready);
            expect(v.end).toBeGreaterThanOrEqual(v.start);
            t = v.end;
          }
          expect(p.departure).toBeGreaterThanOrEqual(t - 1e-9);
          if (p.outcome === 'seen') expect(p.visits.every((v) => v.start === v.start)).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('nobody serves two patients at once', () => {
    fc.assert(
      fc.property(arbScenario, arbSeed, (name, seed) => {
        const d = inspectDay(scenarios[name], { seed });
        const byMember = new Map<string, [number, number][]>();
        for (const p of d.patients)
          for (const v of p.visits) if (v.by && v.start === v.start) byMember.set(v.by, [...(byMember.get(v.by) ?? []), [v.start, v.end]]);
        for (const [member, spans] of byMember) {
          spans.sort((a, b) => a[0] - b[0]);
          for (let i = 1; i < spans.length; i++) expect(spans[i][0], member).toBeGreaterThanOrEqual(spans[i - 1][1] - 1e-9);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('the clock never goes back (the event trace is in time order)', () => {
    fc.assert(
      fc.property(arbScenario, arbSeed, (name, seed) => {
        const events = inspectDay(scenarios[name], { seed, trace: true }).events!;
        for (let i = 1; i < events.length; i++) expect(events[i].t).toBeGreaterThanOrEqual(events[i - 1].t);
      }),
      { numRuns: 30 },
    );
  });

  it('a provider always starts the waiting patient they may see with the smallest key', () => {
    fc.assert(
      fc.property(fc.constantFrom('default', 'clinic-day-reference', 'pediatric-walk-ins'), arbSeed, (name, seed) => {
        const s = scenarios[name];
        const d = inspectDay(s, { seed });
        const sessionStart = s.sessions.map((x) => Number(x.start.slice(0, 2)) * 60 + Number(x.start.slice(3)) - (Number(s.openingHours.opens.slice(0, 2)) * 60 + Number(s.openingHours.opens.slice(3))));
        const exams = d.patients.flatMap((p) => p.visits.filter((v) => v.step === 'exam' && v.start === v.start).map((v) => ({ p, v })));
        for (const { p, v } of exams) {
          const q = v.by;
          for (const { p: o, v: w } of exams) {
            if (o === p || !(w.ready <= v.start && w.start > v.start)) continue;
            const mayTake = o.kind === 'walk-in' || o.provider === q;
            if (!mayTake || sessionStart[o.session] > v.start) continue;
            // A patient waiting in the waiting room needs a room too; the rule is about those the provider could start.
            expect(o.priorityKey, `${name} seed ${seed}: ${q} took ${p.id} (key ${p.priorityKey}) while ${o.id} (key ${o.priorityKey}) waited`).toBeGreaterThanOrEqual(p.priorityKey);
          }
        }
      }),
      { numRuns: 30 },
    );
  });

  it('nobody who could start is left waiting: at the end of every instant, matching every step again starts nobody', () => {
    // The day matches only the steps an event may have changed ("marked"). Check that no change is missed:
    // before the first event of each new instant (caught by an accessor on the day's clock, since the loop
    // handles most events itself), restore the clock to the instant just finished and match every step
    // again with the general methods: dispatchLine (first come, first served, which the loop's written-out
    // start must agree with) and dispatchProviderStep, primary staff first, then alternatives. Any start then
    // (a line got shorter) is a patient left waiting while all they needed was free.
    type Hooks = {
      now: number;
      c: ReturnType<typeof compileOffice>;
      lineCount: Int32Array;
      dispatchLine(s: number, alternatives: boolean): void;
      dispatchProviderStep(s: number): void;
    };
    const missed: string[] = [];
    const rematch = (day: Hooks, t: number): void => {
      const before = Array.from(day.lineCount);
      const { dispatchOrder, stepHasProvider, altSampler, stepIds } = day.c;
      for (const s of dispatchOrder) {
        if (stepHasProvider[s]) day.dispatchProviderStep(s);
        else day.dispatchLine(s, false);
      }
      for (const s of dispatchOrder) if (altSampler[s] !== null) day.dispatchLine(s, true);
      before.forEach((n, s) => {
        if (day.lineCount[s] < n) missed.push(`t=${t}: ${n - day.lineCount[s]} waiting at ${stepIds[s]} could have started`);
      });
    };
    fc.assert(
      fc.property(arbScenario, arbSeed, (name, seed) => {
        const day = new OfficeDay(compileOffice(scenarios[name]));
        const hooks = day as unknown as Hooks;
        let clock = 0;
        let last = -Infinity;
        Object.defineProperty(day, 'now', {
          get: () => clock,
          set: (t: number) => {
            if (t > last && last > -Infinity) {
              clock = last;
              rematch(hooks, last);
            }
            clock = t;
            last = t;
          },
        });
        for (let rep = 0; rep < 3; rep++) {
          last = -Infinity;
          missed.length = 0;
          day.run(seed, rep);
          expect(missed, `${name} seed ${seed} replication ${rep}`).toEqual([]);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('the same seed gives bit-identical results; chunks combine bit-identically', () => {
    const s = scenarios.default;
    const whole = runScenario(s, { seed: 'chunks', replications: 60 });
    const again = runScenario(s, { seed: 'chunks', replications: 60 });
    const parts = [
      runScenario(s, { seed: 'chunks', replications: 60, from: 25, to: 60 }),
      runScenario(s, { seed: 'chunks', replications: 60, from: 0, to: 10 }),
      runScenario(s, { seed: 'chunks', replications: 60, from: 10, to: 25 }),
    ];
    const combined = aggregateResults(parts);
    const strip = (r: typeof whole) => JSON.stringify({ ...r, raw: undefined, scenario: undefined });
    expect(strip(again)).toBe(strip(whole));
    expect(strip(combined)).toBe(strip(whole));
    expect(combined.raw.columns.map((c) => Array.from(c))).toEqual(whole.raw.columns.map((c) => Array.from(c)));
  });

  it('more staff at one station leaves every patient\'s arrival, visit type and drawn durations unchanged', () => {
    fc.assert(
      fc.property(arbSeed, fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 3 }), (seed, pool, extra) => {
        const base = scenarios.default;
        const more = structuredClone(base);
        more.staffPools[pool].headcount += extra;
        more.examRooms.count += extra;
        const draw = (s: OfficeScenario) => {
          const day = new OfficeDay(compileOffice(s));
          day.run(seed, 0);
          const b = day.b;
          return {
            arrival: Array.from(b.arrival.subarray(0, b.n)),
            visitType: Array.from(b.visitType.subarray(0, b.n)),
            steps: Array.from(b.visitStep.subarray(0, b.nVisits)),
            durations: Array.from(b.duration.subarray(0, b.nVisits)),
          };
        };
        expect(draw(more)).toEqual(draw(base));
      }),
      { numRuns: 20 },
    );
  });
});
