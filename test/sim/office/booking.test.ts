/** Trace tests: the appointment book and its booking policies, no-shows and the late rule. */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/sim/office';
import { at, day, det, office, type Doc } from './helpers';

const appointments = (s: ReturnType<typeof office>) => day(s).patients.map((p) => p.appointment);

describe('booking policies', () => {
  const twoSessions = (s: Doc) => {
    s.sessions = [
      { id: 'am', start: '08:00', end: '10:00' },
      { id: 'pm', start: '10:00', end: '12:00' },
    ];
    s.providers[0].sessions = ['am', 'pm'];
  };

  it('double-books the first k slots of each session', () => {
    const s = office((s) => {
      twoSessions(s);
      s.slotTemplates.t = [
        { from: '08:00', to: '09:00', lengthMinutes: 30 },
        { from: '10:00', to: '11:00', lengthMinutes: 30 },
      ];
      s.appointmentBook = { policies: [{ kind: 'doubleBookFirstSlots', slots: 1 }] };
    });
    const d = day(s);
    expect(d.patients.map((p) => p.appointment)).toEqual([0, 0, 30, 120, 120, 150]);
    // The double-booked pair: the second waits at the desk, then for the provider.
    expect(at(d.patients[0], 'checkIn')).toEqual([0, 5]);
    expect(at(d.patients[1], 'checkIn')).toEqual([5, 10]);
    expect(at(d.patients[0], 'exam')).toEqual([5, 15]);
    expect(at(d.patients[1], 'exam')).toEqual([15, 25]);
  });

  it('adds one booking in every k-th slot, numbered across the whole day', () => {
    const s = office((s) => {
      twoSessions(s);
      s.slotTemplates.t = [
        { from: '08:00', to: '08:45', lengthMinutes: 15 },
        { from: '10:00', to: '10:45', lengthMinutes: 15 },
      ];
      s.appointmentBook = { policies: [{ kind: 'extraEveryKthSlot', k: 2 }] };
    });
    expect(appointments(s)).toEqual([0, 15, 15, 30, 120, 120, 135, 150, 150]);
  });

  it('adds a percentage of extra bookings, rounded and spread evenly over the day', () => {
    const s = office((s) => {
      s.slotTemplates.t = [{ from: '08:00', to: '10:00', lengthMinutes: 15 }];
      s.appointmentBook = { policies: [{ kind: 'extraPercent', percent: 25 }] };
    });
    // 8 places × 25% = 2 extras, in slots ⌊(i + ½)·8/2⌋ = 2 and 6 (08:30 and 09:30).
    expect(appointments(s)).toEqual([0, 15, 30, 30, 45, 60, 75, 90, 90, 105]);
  });

  it('Bailey-Welch: two patients in each session\'s first slot, the rest one slot earlier, same total', () => {
    const s = office((s) => {
      twoSessions(s);
      s.slotTemplates.t = [
        { from: '08:00', to: '09:00', lengthMinutes: 15 },
        { from: '10:00', to: '10:30', lengthMinutes: 15 },
      ];
      s.appointmentBook = { policies: [{ kind: 'baileyWelch' }] };
    });
    expect(appointments(s)).toEqual([0, 0, 15, 30, 120, 120]);
  });

  it('books extras even when the fill rate leaves the template empty', () => {
    const s = office((s) => {
      s.appointmentBook = { fillRate: 0, policies: [{ kind: 'doubleBookFirstSlots', slots: 1 }] };
    });
    expect(appointments(s)).toEqual([0]);
  });

  it('assigns visit types by slot, and no-shows never arrive but are counted', () => {
    const s = office((s) => {
      s.visitTypes = [
        { id: 'a', noShowProbability: 1 },
        { id: 'b', noShowProbability: 0 },
      ];
      s.pathways = { a: [{ step: 'checkIn' }, { step: 'exam' }], b: [{ step: 'checkIn' }, { step: 'exam' }] };
      s.appointmentBook = { visitTypeAssignment: 'bySlot' };
      s.slotTemplates.t = [
        { from: '08:00', to: '08:15', visitTypes: ['a'] },
        { from: '08:15', to: '08:30', visitTypes: ['b'] },
        { from: '08:30', to: '08:45', visitTypes: ['a'] },
        { from: '08:45', to: '09:00', visitTypes: ['b'] },
      ];
    });
    const d = day(s);
    expect(d.patients.map((p) => [p.visitType, p.appointment])).toEqual([
      ['b', 15],
      ['b', 45],
    ]);
    expect(d.noShows).toBe(2);
    const r = runScenario(s, { seed: 1, replications: 3 });
    if (r.kind !== 'office') throw new Error('office expected');
    expect(r.patients.booked.mean).toBe(4);
    expect(r.patients.noShows.mean).toBe(2);
    expect(r.patients.arrived.mean).toBe(2);
  });
});

describe('punctuality and the late rule', () => {
  /** One provider, 12 slots, punctuality spread wide: some patients are very late. */
  const late = (action?: 'seenAtEndOfSession' | 'rebooked') =>
    office((s) => {
      s.slotTemplates.t = [{ from: '08:00', to: '11:00', lengthMinutes: 15 }];
      s.steps[1].durationMinutes = det(16);
      s.appointmentBook = {
        punctualityMinutes: { kind: 'uniform', minMinutes: -20, maxMinutes: 40 },
        ...(action ? { lateRule: { lateByMoreThanMinutes: 15, action } } : {}),
      };
    });

  it('without a late rule, a late patient keeps their place by appointment time', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const d = day(late(), seed);
      // Whenever the provider starts someone, nobody with an earlier appointment is waiting for the exam.
      for (const p of d.patients) {
        const [start] = at(p, 'exam');
        const waiting = d.patients.filter((o) => o !== p && o.visits[1].ready <= start && at(o, 'exam')[0] > start);
        for (const o of waiting) expect(o.appointment, `seed ${seed}: patient ${o.id} waited while ${p.id} went first`).toBeGreaterThan(p.appointment);
      }
      expect(d.patients.some((p) => p.arrival - p.appointment > 15)).toBe(true);
    }
  });

  it('"seen at end of session": more than 15 minutes late ranks after every on-time patient of the session', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const d = day(late('seenAtEndOfSession'), seed);
      const isLate = (p: (typeof d.patients)[number]) => p.arrival - p.appointment > 15;
      for (const p of d.patients.filter(isLate)) {
        const [start] = at(p, 'exam');
        const overtaken = d.patients.filter((o) => !isLate(o) && o.visits[1].ready <= start && at(o, 'exam')[0] > start);
        expect(overtaken, `seed ${seed}: late patient ${p.id} went before on-time patients`).toEqual([]);
      }
      expect(d.patients.filter(isLate).length).toBeGreaterThan(0);
    }
  });

  it('"rebooked": more than 15 minutes late is sent away at arrival and counted', () => {
    const s = late('rebooked');
    const d = day(s, 3);
    const sentAway = d.patients.filter((p) => p.outcome === 'rebooked');
    expect(sentAway.length).toBeGreaterThan(0);
    for (const p of d.patients) {
      const isLate = p.arrival - p.appointment > 15;
      expect(p.outcome === 'rebooked').toBe(isLate);
      if (isLate) {
        expect(p.visits.every((v) => v.start !== v.start)).toBe(true);
        expect(p.departure).toBe(p.arrival);
      }
    }
    expect(d.events!.filter((e) => e.kind === 'rebooked')).toHaveLength(sentAway.length);
    const r = runScenario(s, { seed: 3, replications: 1 });
    if (r.kind !== 'office') throw new Error('office expected');
    expect(r.patients.rebooked.mean).toBe(sentAway.length);
    expect(r.patients.seen.mean).toBe(d.patients.length - sentAway.length);
  });
});
