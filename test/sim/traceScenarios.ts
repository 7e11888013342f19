/** Tiny deterministic scenarios for the trace tests (test/sim/trace.test.ts). Times in minutes. */
import type { NetworkModel } from '../../src/sim/model';
import { booked, det } from './traceHelpers';

export const SCENARIOS = {
  /** One clerk, two patients: the second starts at 5 when the first leaves. */
  fifo: {
    pools: [{ name: 'clerk', size: 1 }],
    steps: [{ name: 'desk', needs: [{ pool: 'clerk' }], service: det(5) }],
    sources: [booked([0, 1])],
    run: { kind: 'until-empty' },
  },
  /**
   * Rooming needs an assistant and a room together; the room is kept through the exam and turned over for
   * 2 minutes after it; checkout needs neither.
   */
  roomHeld: {
    pools: [{ name: 'ma', size: 1 }, { name: 'room', size: 1 }, { name: 'doctor', size: 1 }, { name: 'clerk', size: 1 }],
    steps: [
      { name: 'rooming', needs: [{ pool: 'ma' }, { pool: 'room', holdUntilEndOf: 'exam', postBusy: det(2) }], service: det(5) },
      { name: 'exam', needs: [{ pool: 'doctor' }], service: det(10) },
      { name: 'checkout', needs: [{ pool: 'clerk' }], service: det(3) },
    ],
    sources: [booked([0, 1])],
    run: { kind: 'until-empty' },
  },
  /**
   * A procedure needs a provider and the one assistant; providers document for 5 minutes after each
   * patient. p0 and p1 are pinned to provider 0, p2 takes any provider.
   */
  noOvertaking: {
    pools: [{ name: 'provider', size: 2 }, { name: 'assistant', size: 1 }],
    steps: [{ name: 'procedure', needs: [{ pool: 'provider', postBusy: det(5) }, { pool: 'assistant' }], service: det(10) }],
    sources: [booked([0, 1, 2], { pins: [{ pool: 'provider', member: 0 }, { pool: 'provider', member: 0 }, undefined] })],
    run: { kind: 'until-empty' },
  },
  /** One clerk on duty 0–10 and 15–40 (a break 10–15); patients at 8 and 11 need 5 minutes each. */
  shiftAndBreak: {
    pools: [{ name: 'clerk', size: 1, availability: 'shifts', memberShifts: [[{ fromMinutes: 0, toMinutes: 10 }, { fromMinutes: 15, toMinutes: 40 }]] }],
    steps: [{ name: 'desk', needs: [{ pool: 'clerk' }], service: det(5) }],
    sources: [booked([8, 11])],
    run: { kind: 'until-empty' },
  },
  /**
   * A procedure needs the doctor (on 0–10 and 20–40) and the nurse (on from 10); the patient comes at 5. At
   * 10 the nurse's shift starts as the doctor's ends: the doctor is off duty at 10, so the patient waits
   * for 20. The nurse's pool comes first, so a same-priority tie would handle the start first.
   */
  shiftHandover: {
    pools: [
      { name: 'nurse', size: 1, availability: 'shifts', memberShifts: [[{ fromMinutes: 10, toMinutes: 40 }]] },
      { name: 'doctor', size: 1, availability: 'shifts', memberShifts: [[{ fromMinutes: 0, toMinutes: 10 }, { fromMinutes: 20, toMinutes: 40 }]] },
    ],
    steps: [{ name: 'procedure', needs: [{ pool: 'doctor' }, { pool: 'nurse' }], service: det(5) }],
    sources: [booked([5])],
    run: { kind: 'until-empty' },
  },
  /** Two clerks by a capacity schedule: one from 0, both from 10, none from 15. */
  capacitySchedule: {
    pools: [{ name: 'clerk', size: 2, availability: 'shifts', capacitySchedule: [{ fromMinutes: 0, count: 1 }, { fromMinutes: 10, count: 2 }, { fromMinutes: 15, count: 0 }] }],
    steps: [{ name: 'desk', needs: [{ pool: 'clerk' }], service: det(6) }],
    sources: [booked([0, 1, 2, 3])],
    run: { kind: 'until-empty' },
  },
  /** One clerk busy 0–10; everyone waits at most 3 minutes. */
  reneging: {
    pools: [{ name: 'clerk', size: 1 }],
    steps: [{ name: 'desk', needs: [{ pool: 'clerk' }], service: det(10), patience: det(3) }],
    sources: [booked([0, 1, 2, 8])],
    run: { kind: 'until-empty' },
  },
  /**
   * One doctor, line ordered by priority key, sessions 10–100 and 120–200. Booked patients (appointments
   * 10 and 20) arrive 15 minutes early; walk-ins at 2 and 105 are keyed by their arrival time.
   */
  keysAndSessions: {
    pools: [{ name: 'doctor', size: 1 }],
    steps: [{ name: 'exam', needs: [{ pool: 'doctor' }], service: det(10), order: 'key', sessions: [{ startMinutes: 10, endMinutes: 100 }, { startMinutes: 120, endMinutes: 200 }] }],
    sources: [booked([10, 20], { punctuality: -15 }), { kind: 'arrivals', name: 'walk-in', arrivals: { kind: 'list', timesMinutes: [2, 105] } }],
    run: { kind: 'until-empty', startMinutes: -10 },
  },
  /** Three clerks; p1 is a 2-minute visit, the others 10 minutes. */
  longestIdle: {
    pools: [{ name: 'clerk', size: 3 }],
    steps: [{ name: 'desk', needs: [{ pool: 'clerk' }], service: det(10) }],
    classes: [{ name: 'long' }, { name: 'short', pathway: [{ step: 'desk', service: det(2) }] }],
    sources: [booked([0, 1, 5, 6], { classes: ['long', 'short', 'long', 'long'] })],
    run: { kind: 'until-empty' },
  },
  /** After the exam the patient always goes back to prep, at most once (rework). */
  rework: {
    pools: [{ name: 'nurse', size: 1 }, { name: 'doctor', size: 1 }],
    steps: [
      { name: 'prep', needs: [{ pool: 'nurse' }], service: det(2) },
      { name: 'exam', needs: [{ pool: 'doctor' }], service: det(3), next: [{ to: 'prep', p: 1, maxTimes: 1 }] },
    ],
    sources: [booked([0])],
    run: { kind: 'until-empty' },
  },
  /**
   * Hold-and-wait: the room is kept from rooming to the end of discharge; after the exam the patient goes
   * back to rooming once, still holding the one room. The new patient at the head of the rooming line
   * needs that room and the assistant; the returning patient, who holds the room, may still take the
   * assistant (otherwise neither could ever start).
   */
  holdAndWait: {
    pools: [{ name: 'ma', size: 1 }, { name: 'room', size: 1 }, { name: 'doctor', size: 1 }],
    steps: [
      { name: 'rooming', needs: [{ pool: 'ma' }, { pool: 'room', holdUntilEndOf: 'discharge' }], service: det(5) },
      { name: 'exam', needs: [{ pool: 'doctor' }], service: det(5), next: [{ to: 'rooming', p: 1, maxTimes: 1 }] },
      { name: 'discharge', needs: [], service: det(1) },
    ],
    sources: [booked([0, 1])],
    run: { kind: 'until-empty' },
  },
} satisfies Record<string, NetworkModel>;
