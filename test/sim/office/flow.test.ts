/**
 * Trace tests: the office's rules on tiny deterministic days (times in minutes after 08:00). Each test
 * states the rule, then the exact times it implies.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/sim/office';
import { at, by, day, det, office, type Doc } from './helpers';

/** Adds medical assistants and a rooming step (needs an assistant and an exam room) before the exam. */
function withRooming(s: Doc, assistants: number, rooms: number, roomingMinutes = 5): void {
  s.staffPools.push({ id: 'ma', role: 'medicalAssistant', headcount: assistants, shifts: [{ start: '07:00', end: '13:00' }] });
  s.examRooms.count = rooms;
  s.steps.splice(1, 0, { id: 'rooming', staff: ['ma'], usesExamRoom: true, durationMinutes: det(roomingMinutes) });
  s.pathways.v = [{ step: 'checkIn' }, { step: 'rooming' }, { step: 'exam' }];
}

describe('exam rooms', () => {
  it('a patient keeps the room from rooming until the exam ends; the next waits for it even with an assistant free', () => {
    const d = day(
      office((s) => {
        withRooming(s, 2, 1);
        s.steps[0].durationMinutes = det(1);
        s.slotTemplates.t = [{ from: '08:00', to: '08:15', capacity: 2 }];
      }),
    );
    const [p0, p1] = d.patients;
    expect(at(p0, 'rooming')).toEqual([1, 6]);
    expect(at(p0, 'exam')).toEqual([6, 16]);
    // Ready for rooming at 2 with an assistant free, but the only room is held until the exam ends at 16.
    expect(at(p1, 'rooming')).toEqual([16, 21]);
    expect(at(p1, 'exam')).toEqual([21, 31]);
  });

  it('rooming needs an assistant and a room at the same time', () => {
    const d = day(
      office((s) => {
        withRooming(s, 1, 2);
        s.steps[0].durationMinutes = det(1);
        s.slotTemplates.t = [{ from: '08:00', to: '08:15', capacity: 2 }];
      }),
    );
    const [p0, p1] = d.patients;
    expect(at(p0, 'rooming')).toEqual([1, 6]);
    // A room is free at 2, the assistant only at 6.
    expect(at(p1, 'rooming')).toEqual([6, 11]);
    expect(by(p1, 'rooming')).toBe('ma 1');
    // The provider sees them in turn; the second waits in their room.
    expect(at(p0, 'exam')).toEqual([6, 16]);
    expect(at(p1, 'exam')).toEqual([16, 26]);
  });

  it('documentation keeps the provider busy and turnover keeps the room busy after the patient leaves', () => {
    const run = (documentation: number) =>
      day(
        office((s) => {
          s.examRooms = { count: 1, turnoverMinutes: det(3) };
          s.steps[1].staffBusyAfterMinutes = { provider: det(documentation) };
          s.slotTemplates.t = [{ from: '08:00', to: '08:15', capacity: 2 }];
        }),
      );
    // Exam 5–15; the provider documents until 20, the room is cleaned until 18: the next exam waits for both.
    const slowNotes = run(5);
    expect(at(slowNotes.patients[0], 'exam')).toEqual([5, 15]);
    expect(at(slowNotes.patients[1], 'exam')).toEqual([20, 30]);
    expect(slowNotes.members.find((m) => m.name === 'drA')?.busyMinutes).toBe(30);
    // With 1 minute of notes the provider is free at 16, the room only at 18.
    const quickNotes = run(1);
    expect(at(quickNotes.patients[1], 'exam')).toEqual([18, 28]);
  });
});

describe('shared staff', () => {
  /** One receptionist checks in (20 min) and checks out (5 min); exams take 7. Patients at 0, 0, 30. */
  const desk = (checkoutFirst: boolean) =>
    office((s) => {
      s.steps[0].durationMinutes = det(20);
      s.steps[1].durationMinutes = det(7);
      s.steps[0].priority = checkoutFirst ? 1 : 0;
      s.steps.push({ id: 'checkout', staff: ['desk'], priority: checkoutFirst ? 0 : 1, durationMinutes: det(5) });
      s.pathways.v.push({ step: 'checkout' });
      s.slotTemplates.t = [
        { from: '08:00', to: '08:15', capacity: 2 },
        { from: '08:30', to: '08:45' },
      ];
    });

  it('a pool serving two steps serves the higher-priority step first', () => {
    const [p0, p1, p2] = day(desk(true)).patients;
    expect(at(p0, 'checkIn')).toEqual([0, 20]);
    expect(at(p1, 'checkIn')).toEqual([20, 40]);
    // At 40 both p0's checkout (waiting since 27) and p2's check-in (since 30) wait: checkout goes first.
    expect(at(p0, 'checkout')).toEqual([40, 45]);
    expect(at(p2, 'checkIn')).toEqual([45, 65]);
    expect(at(p1, 'checkout')).toEqual([65, 70]);
  });

  it('with the priorities swapped, check-in goes first', () => {
    const [p0, p1, p2] = day(desk(false)).patients;
    expect(at(p2, 'checkIn')).toEqual([40, 60]);
    expect(at(p0, 'checkout')).toEqual([60, 65]);
    expect(at(p1, 'checkout')).toEqual([65, 70]);
  });

  it('the office manager floats to the step whose line reaches the threshold and returns when it empties', () => {
    const d = day(
      office((s) => {
        s.steps[0].durationMinutes = det(10);
        s.steps[1].durationMinutes = det(1);
        s.staffPools.push({
          id: 'manager',
          role: 'officeManager',
          headcount: 1,
          shifts: [{ start: '07:00', end: '13:00' }],
          float: { steps: ['checkIn'], lineAtLeast: 2 },
        });
        s.slotTemplates.t = [{ from: '08:00', to: '08:15', capacity: 4 }];
      }),
    );
    const [p0, p1, p2, p3] = d.patients;
    expect([by(p0, 'checkIn'), ...at(p0, 'checkIn')]).toEqual(['desk 1', 0, 10]);
    // p2's arrival makes the line two long: the manager steps in for p1.
    expect([by(p1, 'checkIn'), ...at(p1, 'checkIn')]).toEqual(['manager 1', 0, 10]);
    expect([by(p2, 'checkIn'), ...at(p2, 'checkIn')]).toEqual(['desk 1', 10, 20]);
    // Still helping while the line is not empty…
    expect([by(p3, 'checkIn'), ...at(p3, 'checkIn')]).toEqual(['manager 1', 10, 20]);
    // …and back once it is.
    const moves = d.events!.filter((e) => e.kind === 'floats-to' || e.kind === 'returns-from');
    expect(moves).toEqual([
      { t: 0, kind: 'floats-to', step: 'checkIn', member: 'manager 1' },
      { t: 20, kind: 'returns-from', step: 'checkIn', member: 'manager 1' },
    ]);
  });

  it('the manager does not float below the threshold', () => {
    const d = day(
      office((s) => {
        s.steps[0].durationMinutes = det(10);
        s.staffPools.push({ id: 'manager', role: 'officeManager', headcount: 1, shifts: [{ start: '07:00', end: '13:00' }], float: { steps: ['checkIn'], lineAtLeast: 3 } });
        s.slotTemplates.t = [{ from: '08:00', to: '08:15', capacity: 3 }];
      }),
    );
    expect(d.patients.map((p) => by(p, 'checkIn'))).toEqual(['desk 1', 'desk 1', 'desk 1']);
  });

  it('a provider rooms their own patient when no assistant is free (slower), if allowed', () => {
    const run = (allowed: boolean) =>
      day(
        office((s) => {
          withRooming(s, 1, 3);
          s.staffPools[0].headcount = 2;
          s.steps[0].durationMinutes = det(1);
          s.steps[1].alternative = { staff: ['provider'], durationMinutes: det(8) };
          s.providers[0].roomsOwnPatients = allowed;
          s.slotTemplates.t = [{ from: '08:00', to: '08:15', capacity: 2 }];
        }),
      );
    const [p0, p1] = run(true).patients;
    expect([by(p0, 'rooming'), ...at(p0, 'rooming')]).toEqual(['ma 1', 1, 6]);
    expect([by(p1, 'rooming'), ...at(p1, 'rooming')]).toEqual(['drA', 1, 9]);
    expect(p1.visits[1].alternative).toBe(true);
    expect(at(p0, 'exam')).toEqual([9, 19]);
    const [q0, q1] = run(false).patients;
    expect(at(q0, 'rooming')).toEqual([1, 6]);
    expect([by(q1, 'rooming'), ...at(q1, 'rooming')]).toEqual(['ma 1', 6, 11]);
  });
});

describe('many events at once', () => {
  it('fifty check-ins ending together release in order; each provider then sees their ten back to back', () => {
    // More releases are pending at once than the day's list of them first holds, so it grows mid-day.
    const PROVIDERS = ['drA', 'drB', 'drC', 'drD', 'drE', 'drF', 'drG'];
    const d = day(
      office((s) => {
        s.staffPools[0].headcount = 50;
        s.examRooms.count = 7;
        s.providers = PROVIDERS.map((id) => ({ id, sessions: ['am'], slotTemplate: 't' }));
        s.slotTemplates.t = [{ from: '08:00', to: '08:15', capacity: 10 }];
      }),
    );
    expect(d.patients).toHaveLength(70);
    const checkIns = d.patients.map((p) => at(p, 'checkIn').join('–'));
    expect(checkIns.filter((x) => x === '0–5')).toHaveLength(50);
    expect(checkIns.filter((x) => x === '5–10')).toHaveLength(20);
    for (const q of PROVIDERS) {
      const starts = d.patients.filter((p) => by(p, 'exam') === q).map((p) => at(p, 'exam')[0]);
      starts.sort((a, b) => a - b);
      expect(starts).toHaveLength(10);
      expect(starts[0]).toBeLessThanOrEqual(10);
      expect(starts.map((t, i) => t - starts[0] - 10 * i)).toEqual(new Array(10).fill(0));
    }
  });
});

describe('shifts, breaks and overtime', () => {
  /** The receptionist's shift ends at 08:30; check-in takes 20. */
  const shortShift = (slots: { from: string; to: string; lengthMinutes?: number }[]) =>
    office((s) => {
      s.staffPools[0].shifts = [{ start: '07:00', end: '08:30' }];
      s.staffPools[0].wagePerHour = 60;
      s.steps[0].durationMinutes = det(20);
      s.steps[1].durationMinutes = det(1);
      s.slotTemplates.t = slots;
    });

  it('a member busy at the end of the shift finishes, stays while patients need them, and the extra minutes are overtime', () => {
    const s = shortShift([{ from: '08:00', to: '08:45', lengthMinutes: 15 }]);
    const d = day(s);
    expect(d.patients.map((p) => at(p, 'checkIn'))).toEqual([
      [0, 20],
      [20, 40],
      [40, 60],
    ]);
    expect(d.members.find((m) => m.name === 'desk 1')?.overtimeMinutes).toBe(30);
    expect(d.events!.filter((e) => e.kind === 'stays-on' || e.kind === 'goes-home').map((e) => [e.kind, e.t])).toEqual([
      ['stays-on', 40],
      ['goes-home', 60],
    ]);
    const r = runScenario(s, { seed: 1, replications: 1 });
    if (r.kind !== 'office') throw new Error('office expected');
    expect(r.pools.desk.overtimeMinutes.mean).toBe(30);
    expect(r.pools.desk.utilisation.mean).toBeCloseTo(60 / 90, 12);
    // Labour: 1.5 scheduled hours at 60/h plus 0.5 overtime hours at 60 × 1.5; provider wage 0.
    expect(r.day.labourCost.mean).toBeCloseTo(90 + 45, 9);
    expect(r.day.costPerVisit.mean).toBeCloseTo(135 / 3, 9);
  });

  it('the last member stays, idle, for a patient still to come, and goes home after serving them', () => {
    const d = day(
      shortShift([
        { from: '08:00', to: '08:15' },
        { from: '09:00', to: '09:15' },
      ]),
    );
    expect(at(d.patients[1], 'checkIn')).toEqual([60, 80]);
    expect(d.members.find((m) => m.name === 'desk 1')?.overtimeMinutes).toBe(50);
    expect(d.events!.filter((e) => e.kind === 'stays-on' || e.kind === 'goes-home').map((e) => [e.kind, e.t])).toEqual([
      ['stays-on', 30],
      ['goes-home', 80],
    ]);
  });

  it('a break starts when the member finishes the current patient and still ends on time', () => {
    const d = day(
      office((s) => {
        s.staffPools[0].shifts = [{ start: '07:00', end: '13:00', breaks: [{ start: '08:03', end: '08:10' }] }];
        s.slotTemplates.t = [{ from: '08:00', to: '08:15', capacity: 3 }];
      }),
    );
    // Busy at 08:03, the receptionist breaks from 08:05 (after the patient) to 08:10, as planned.
    expect(d.patients.map((p) => at(p, 'checkIn'))).toEqual([
      [0, 5],
      [10, 15],
      [15, 20],
    ]);
  });

  it('staggered breaks keep the desk open', () => {
    const d = day(
      office((s) => {
        s.staffPools[0].headcount = 2;
        s.staffPools[0].staggerBreaksMinutes = 10;
        s.staffPools[0].shifts = [{ start: '07:00', end: '13:00', breaks: [{ start: '08:00', end: '08:10' }] }];
        s.slotTemplates.t = [{ from: '08:00', to: '08:15', capacity: 3 }];
      }),
    );
    // desk 1 is on break 08:00–08:10, desk 2 from 08:10 to 08:20.
    expect(d.patients.map((p) => [by(p, 'checkIn'), ...at(p, 'checkIn')])).toEqual([
      ['desk 2', 0, 5],
      ['desk 2', 5, 10],
      ['desk 1', 10, 15],
    ]);
  });
});

describe('providers and sessions', () => {
  it('a provider may not start a patient before their session opens, whatever the provider is doing', () => {
    const d = day(
      office((s) => {
        s.sessions = [
          { id: 'am', start: '08:00', end: '10:00' },
          { id: 'pm', start: '11:00', end: '12:00' },
        ];
        s.providers[0].sessions = ['am', 'pm'];
        s.slotTemplates.t = [
          { from: '08:00', to: '08:15' },
          { from: '11:00', to: '11:15' },
        ];
        s.appointmentBook = { punctualityMinutes: det(-30) };
      }),
    );
    const [early, afternoon] = d.patients;
    expect(at(early, 'checkIn')).toEqual([-30, -25]);
    expect(early.visits[1]).toMatchObject({ start: 0, wait: 25 });
    // The provider is idle from 10 at 10:30, but the patient belongs to the 11:00 session.
    expect(at(afternoon, 'checkIn')).toEqual([150, 155]);
    expect(afternoon.visits[1]).toMatchObject({ start: 180, wait: 25 });
  });

  it('a morning backlog runs into lunch, and the afternoon then starts late', () => {
    const d = day(
      office((s) => {
        s.sessions = [
          { id: 'am', start: '08:00', end: '09:00' },
          { id: 'pm', start: '09:30', end: '12:00' },
        ];
        s.providers[0].sessions = ['am', 'pm'];
        s.steps[1].durationMinutes = det(50);
        s.slotTemplates.t = [
          { from: '08:00', to: '09:00', lengthMinutes: 30 },
          { from: '09:30', to: '10:00' },
        ];
      }),
    );
    // p1's exam runs through the 09:00–09:30 lunch; p2 (ready at 95) starts only when it ends.
    expect(d.patients.map((p) => at(p, 'exam'))).toEqual([
      [5, 55],
      [55, 105],
      [105, 155],
    ]);
  });

  it('a provider who starts late starts their first patient late', () => {
    const d = day(office((s) => (s.providers[0].startsLateMinutes = det(7))));
    expect(at(d.patients[0], 'exam')).toEqual([7, 17]);
  });

  /** Two providers: drA's booked patient at `a`, drB's at `b` (clock); walk-ins from 09:00. */
  const twoProviders = (a: string | null, b: string | null, walkInsFrom = '09:00') =>
    office((s) => {
      s.staffPools[0].headcount = 3;
      s.providers = [
        { id: 'drA', sessions: ['am'], ...(a ? { slotTemplate: 'a' } : {}) },
        { id: 'drB', sessions: ['am'], ...(b ? { slotTemplate: 'b' } : {}) },
      ];
      s.slotTemplates = {
        ...(a ? { a: [{ from: a, to: add15(a) }] } : {}),
        ...(b ? { b: [{ from: b, to: add15(b) }] } : {}),
      };
      s.walkIns = { from: walkInsFrom, to: '10:00', ratePerHour: 20 };
    });
  const add15 = (hhmm: string) => `${hhmm.slice(0, 3)}${String(Number(hhmm.slice(3)) + 15).padStart(2, '0')}`;

  it('when several providers are free, the one idle longest takes the next walk-in', () => {
    for (const [a, b, expected] of [
      ['08:00', '08:30', 'drA'],
      ['08:30', '08:00', 'drB'],
    ] as const) {
      const d = day(twoProviders(a, b));
      const first = d.patients.find((p) => p.kind === 'walk-in')!;
      expect(first.arrival).toBeGreaterThanOrEqual(60);
      expect(first.provider).toBe(expected);
    }
  });

  it('at the start of the day both count as free since the session opened: ties go to the first provider', () => {
    const d = day(twoProviders(null, null, '08:00'));
    expect(d.patients.find((p) => p.kind === 'walk-in')!.provider).toBe('drA');
  });
});

describe('patience and rework', () => {
  it('a patient still in the waiting room when their patience runs out leaves without being seen', () => {
    const s = office((s) => {
      s.steps[0].durationMinutes = det(30);
      s.patience = { waitingRoomMinutes: det(20) };
      s.slotTemplates.t = [{ from: '08:00', to: '08:15', capacity: 2 }];
    });
    const d = day(s);
    const [p0, p1] = d.patients;
    expect(p0.outcome).toBe('seen');
    expect(p1).toMatchObject({ outcome: 'left-without-being-seen', departure: 20 });
    expect(d.events!.find((e) => e.kind === 'left-without-being-seen')).toEqual({ t: 20, kind: 'left-without-being-seen', patient: 1, step: 'checkIn' });
    const r = runScenario(s, { seed: 1, replications: 1 });
    if (r.kind !== 'office') throw new Error('office expected');
    expect(r.patients.leftWithoutBeingSeen.mean).toBe(1);
    expect(r.patients.seen.mean).toBe(1);
    // Their wait counts until they left.
    expect(r.raw.samples[r.raw.sampleKeys.indexOf('patients.totalWaitMinutes')]).toEqual(new Float64Array([0, 20]));
  });

  it('a patient waiting in an exam room does not leave', () => {
    const d = day(
      office((s) => {
        withRooming(s, 2, 3);
        s.staffPools[0].headcount = 2;
        s.steps[0].durationMinutes = det(1);
        s.steps[2].durationMinutes = det(60);
        s.patience = { waitingRoomMinutes: det(20) };
        s.slotTemplates.t = [{ from: '08:00', to: '08:15', capacity: 2 }];
      }),
    );
    expect(d.patients.map((p) => [p.outcome, ...at(p, 'exam')])).toEqual([
      ['seen', 6, 66],
      ['seen', 66, 126],
    ]);
  });

  it('a return to an earlier step repeats the steps in between, keeping the room, at most maxReturns times', () => {
    const d = day(
      office((s) => {
        withRooming(s, 1, 1);
        s.steps.push({ id: 'checkout', staff: ['desk'], durationMinutes: det(2) });
        s.pathways.v = [{ step: 'checkIn' }, { step: 'rooming' }, { step: 'exam', returnTo: 'rooming', returnProbability: 1, maxReturns: 2 }, { step: 'checkout' }];
        s.slotTemplates.t = [{ from: '08:00', to: '08:30', lengthMinutes: 15 }];
      }),
    );
    const [p0, p1] = d.patients;
    expect(p0.visits.map((v) => [v.step, v.start, v.end])).toEqual([
      ['checkIn', 0, 5],
      ['rooming', 5, 10],
      ['exam', 10, 20],
      ['rooming', 20, 25],
      ['exam', 25, 35],
      ['rooming', 35, 40],
      ['exam', 40, 50],
      ['checkout', 50, 52],
    ]);
    // The only room is p0's from 5 to 50: p1 (ready for rooming at 20) waits for it.
    expect(at(p1, 'rooming')).toEqual([50, 55]);
  });
});
