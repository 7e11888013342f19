/**
 * Trace tests: tiny deterministic scenarios (test/sim/traceScenarios.ts) whose whole event trace is
 * asserted, row by row ("time kind patient step pool#member"). Each expectation was worked out by hand
 * from the scenario's rules, as the comments say.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/sim/compile';
import { runOnce } from '../../src/sim/engine';
import { Outcome } from '../../src/sim/records';
import { only, traceRun } from './traceHelpers';
import { SCENARIOS } from './traceScenarios';

describe('event traces of tiny scenarios', () => {
  it('FIFO: the second patient starts at 5, when the first leaves the desk', () => {
    expect(traceRun(SCENARIOS.fifo).lines).toEqual([
      '0 arrive p0',
      '0 join p0 desk',
      '0 seize p0 desk clerk#0',
      '0 start p0 desk',
      '1 arrive p1',
      '1 join p1 desk',
      '5 end p0 desk',
      '5 release p0 desk clerk#0',
      '5 seize p1 desk clerk#0',
      '5 start p1 desk',
      '5 depart p0',
      '10 end p1 desk',
      '10 release p1 desk clerk#0',
      '10 depart p1',
    ]);
  });

  it('multi-resource step: assistant and room are taken together; the room is held through the exam and turned over', () => {
    // p1 waits from 5 (assistant free) until 17: the room is kept by p0 until its exam ends at 15, then
    // turned over for 2 minutes. Checkout needs no room, so p0 does not hold it there.
    const { lines, result } = traceRun(SCENARIOS.roomHeld);
    expect(lines).toEqual([
      '0 arrive p0',
      '0 join p0 rooming',
      '0 seize p0 rooming ma#0',
      '0 seize p0 rooming room#0',
      '0 start p0 rooming',
      '1 arrive p1',
      '1 join p1 rooming',
      '5 end p0 rooming',
      '5 release p0 rooming ma#0',
      '5 join p0 exam',
      '5 seize p0 exam doctor#0',
      '5 start p0 exam',
      '15 end p0 exam',
      '15 release p0 exam doctor#0',
      '15 release p0 exam room#0',
      '15 join p0 checkout',
      '15 seize p0 checkout clerk#0',
      '15 start p0 checkout',
      '17 postEnd room#0',
      '17 seize p1 rooming ma#0',
      '17 seize p1 rooming room#0',
      '17 start p1 rooming',
      '18 end p0 checkout',
      '18 release p0 checkout clerk#0',
      '18 depart p0',
      '22 end p1 rooming',
      '22 release p1 rooming ma#0',
      '22 join p1 exam',
      '22 seize p1 exam doctor#0',
      '22 start p1 exam',
      '32 end p1 exam',
      '32 release p1 exam doctor#0',
      '32 release p1 exam room#0',
      '32 join p1 checkout',
      '32 seize p1 checkout clerk#0',
      '32 start p1 checkout',
      '34 postEnd room#0',
      '35 end p1 checkout',
      '35 release p1 checkout clerk#0',
      '35 depart p1',
    ]);
    // Visit records in the order of joining a line: p0 rooming, p1 rooming, p0 exam, p0 checkout, p1 exam, p1 checkout.
    const rec = result.records!;
    expect(Array.from(rec.visitJoin)).toEqual([0, 1, 5, 15, 22, 32]);
    expect(Array.from(rec.visitStart)).toEqual([0, 17, 5, 15, 22, 32]);
    expect(Array.from(rec.visitMember)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('no overtaking: a patient behind does not take the assistant the first waiting patient needs', () => {
    // At 10 the assistant is free and provider 1 is idle, but p1 (pinned to provider 0, documenting until
    // 15) is first in line and needs the assistant: p2 may not overtake. At 25 p2 gets provider 1 (idle
    // since 0, longer than provider 0, busy documenting anyway).
    expect(traceRun(SCENARIOS.noOvertaking).lines).toEqual([
      '0 arrive p0',
      '0 join p0 procedure',
      '0 seize p0 procedure provider#0',
      '0 seize p0 procedure assistant#0',
      '0 start p0 procedure',
      '1 arrive p1',
      '1 join p1 procedure',
      '2 arrive p2',
      '2 join p2 procedure',
      '10 end p0 procedure',
      '10 release p0 procedure provider#0',
      '10 release p0 procedure assistant#0',
      '10 depart p0',
      '15 postEnd provider#0',
      '15 seize p1 procedure provider#0',
      '15 seize p1 procedure assistant#0',
      '15 start p1 procedure',
      '25 end p1 procedure',
      '25 release p1 procedure provider#0',
      '25 release p1 procedure assistant#0',
      '25 depart p1',
      '25 seize p2 procedure provider#1',
      '25 seize p2 procedure assistant#0',
      '25 start p2 procedure',
      '30 postEnd provider#0',
      '35 end p2 procedure',
      '35 release p2 procedure provider#1',
      '35 release p2 procedure assistant#0',
      '35 depart p2',
      '40 postEnd provider#1',
    ]);
  });

  it('shift end with overtime, then a break: the clerk finishes p0 at 13 (3 minutes overtime) and is back at 15', () => {
    const { lines, metric } = traceRun(SCENARIOS.shiftAndBreak);
    expect(lines).toEqual([
      '8 arrive p0',
      '8 join p0 desk',
      '8 seize p0 desk clerk#0',
      '8 start p0 desk',
      '10 shiftEnd clerk#0',
      '11 arrive p1',
      '11 join p1 desk',
      '13 end p0 desk',
      '13 release p0 desk clerk#0',
      '13 offDuty clerk#0',
      '13 depart p0',
      '15 shiftStart clerk#0',
      '15 seize p1 desk clerk#0',
      '15 start p1 desk',
      '20 end p1 desk',
      '20 release p1 desk clerk#0',
      '20 depart p1',
    ]);
    expect(metric('pool.clerk.overtimeMinutes')).toBe(3);
    // On duty 0–10 and 15–20 of the day [0, 20]: 15 member-minutes; busy 8–13 and 15–20.
    expect(metric('pool.clerk.onDuty.mean')).toBeCloseTo(0.75, 12);
    expect(metric('pool.clerk.utilisation')).toBeCloseTo(10 / 15, 12);
  });

  it('a shift ending at t is off duty at t, even when another shift starting at t lets the line be matched', () => {
    const { lines } = traceRun(SCENARIOS.shiftHandover);
    expect(lines).toEqual([
      '5 arrive p0',
      '5 join p0 procedure',
      '10 shiftEnd doctor#0',
      '10 offDuty doctor#0',
      '10 shiftStart nurse#0',
      '20 shiftStart doctor#0',
      '20 seize p0 procedure doctor#0',
      '20 seize p0 procedure nurse#0',
      '20 start p0 procedure',
      '25 end p0 procedure',
      '25 release p0 procedure nurse#0',
      '25 release p0 procedure doctor#0',
      '25 depart p0',
    ]);
  });

  it('capacity schedule: the second clerk starts at 10; both finish their patients past 15 as overtime', () => {
    const { lines, metric } = traceRun(SCENARIOS.capacitySchedule);
    expect(lines).toEqual([
      '0 arrive p0',
      '0 join p0 desk',
      '0 seize p0 desk clerk#0',
      '0 start p0 desk',
      '1 arrive p1',
      '1 join p1 desk',
      '2 arrive p2',
      '2 join p2 desk',
      '3 arrive p3',
      '3 join p3 desk',
      '6 end p0 desk',
      '6 release p0 desk clerk#0',
      '6 seize p1 desk clerk#0',
      '6 start p1 desk',
      '6 depart p0',
      '10 shiftStart clerk#1',
      '10 seize p2 desk clerk#1',
      '10 start p2 desk',
      '12 end p1 desk',
      '12 release p1 desk clerk#0',
      '12 seize p3 desk clerk#0',
      '12 start p3 desk',
      '12 depart p1',
      '15 shiftEnd clerk#0',
      '15 shiftEnd clerk#1',
      '16 end p2 desk',
      '16 release p2 desk clerk#1',
      '16 offDuty clerk#1',
      '16 depart p2',
      '18 end p3 desk',
      '18 release p3 desk clerk#0',
      '18 offDuty clerk#0',
      '18 depart p3',
    ]);
    expect([metric('pool.clerk.member.0.overtimeMinutes'), metric('pool.clerk.member.1.overtimeMinutes')]).toEqual([3, 1]);
  });

  it('reneging: patients who wait 3 minutes leave and are counted, not lost', () => {
    const { lines, metric, result } = traceRun(SCENARIOS.reneging);
    expect(lines).toEqual([
      '0 arrive p0',
      '0 join p0 desk',
      '0 seize p0 desk clerk#0',
      '0 start p0 desk',
      '1 arrive p1',
      '1 join p1 desk',
      '2 arrive p2',
      '2 join p2 desk',
      '4 renege p1 desk',
      '4 depart p1',
      '5 renege p2 desk',
      '5 depart p2',
      '8 arrive p3',
      '8 join p3 desk',
      '10 end p0 desk',
      '10 release p0 desk clerk#0',
      '10 seize p3 desk clerk#0',
      '10 start p3 desk',
      '10 depart p0',
      '20 end p3 desk',
      '20 release p3 desk clerk#0',
      '20 depart p3',
    ]);
    expect([metric('patients.reneged'), metric('patients.served'), metric('patients.pReneged')]).toEqual([2, 2, 0.5]);
    // Waits of all line exits 0, 3, 3, 2; of the served 0 and 2.
    expect([metric('step.desk.wait.mean'), metric('step.desk.waitServed.mean'), metric('step.desk.reneged')]).toEqual([2, 1, 2]);
    expect(Array.from(result.records!.outcome)).toEqual([Outcome.departed, Outcome.leftUnseen, Outcome.leftUnseen, Outcome.departed]);
  });

  it('priority keys and sessions: nobody starts before 10; the walk-in keyed 2 goes first; a 105 walk-in waits for the 120 session', () => {
    // FIFO would be p0 (arrived −5), p2 (2), p1 (5); by key it is p2 (2), p0 (appointment 10), p1 (20).
    expect(traceRun(SCENARIOS.keysAndSessions).lines).toEqual([
      '-5 arrive p0',
      '-5 join p0 exam',
      '2 arrive p2',
      '2 join p2 exam',
      '5 arrive p1',
      '5 join p1 exam',
      '10 seize p2 exam doctor#0',
      '10 start p2 exam',
      '20 end p2 exam',
      '20 release p2 exam doctor#0',
      '20 depart p2',
      '20 seize p0 exam doctor#0',
      '20 start p0 exam',
      '30 end p0 exam',
      '30 release p0 exam doctor#0',
      '30 depart p0',
      '30 seize p1 exam doctor#0',
      '30 start p1 exam',
      '40 end p1 exam',
      '40 release p1 exam doctor#0',
      '40 depart p1',
      '105 arrive p3',
      '105 join p3 exam',
      '120 seize p3 exam doctor#0',
      '120 start p3 exam',
      '130 end p3 exam',
      '130 release p3 exam doctor#0',
      '130 depart p3',
    ]);
  });

  it('longest idle: at 5 clerk 2 (idle since 0) serves before clerk 1 (idle since 3); ties go to the lower index', () => {
    const { lines } = traceRun(SCENARIOS.longestIdle);
    expect(only(lines, ['seize'])).toEqual(['0 seize p0 desk clerk#0', '1 seize p1 desk clerk#1', '5 seize p2 desk clerk#2', '6 seize p3 desk clerk#1']);
    expect(lines).toEqual([
      '0 arrive p0',
      '0 join p0 desk',
      '0 seize p0 desk clerk#0',
      '0 start p0 desk',
      '1 arrive p1',
      '1 join p1 desk',
      '1 seize p1 desk clerk#1',
      '1 start p1 desk',
      '3 end p1 desk',
      '3 release p1 desk clerk#1',
      '3 depart p1',
      '5 arrive p2',
      '5 join p2 desk',
      '5 seize p2 desk clerk#2',
      '5 start p2 desk',
      '6 arrive p3',
      '6 join p3 desk',
      '6 seize p3 desk clerk#1',
      '6 start p3 desk',
      '10 end p0 desk',
      '10 release p0 desk clerk#0',
      '10 depart p0',
      '15 end p2 desk',
      '15 release p2 desk clerk#2',
      '15 depart p2',
      '16 end p3 desk',
      '16 release p3 desk clerk#1',
      '16 depart p3',
    ]);
  });

  it('rework loop: the exam sends the patient back to prep once, then the limit routes them out', () => {
    expect(traceRun(SCENARIOS.rework).lines).toEqual([
      '0 arrive p0',
      '0 join p0 prep',
      '0 seize p0 prep nurse#0',
      '0 start p0 prep',
      '2 end p0 prep',
      '2 release p0 prep nurse#0',
      '2 join p0 exam',
      '2 seize p0 exam doctor#0',
      '2 start p0 exam',
      '5 end p0 exam',
      '5 release p0 exam doctor#0',
      '5 join p0 prep',
      '5 seize p0 prep nurse#0',
      '5 start p0 prep',
      '7 end p0 prep',
      '7 release p0 prep nurse#0',
      '7 join p0 exam',
      '7 seize p0 exam doctor#0',
      '7 start p0 exam',
      '10 end p0 exam',
      '10 release p0 exam doctor#0',
      '10 depart p0',
    ]);
  });

  it('never deadlocks: a patient holding the room takes the assistant although the head of the line waits for that room', () => {
    // At 10 p0 rejoins rooming behind p1, keeping the room until discharge. p1 needs the room and waits;
    // p0 holds a resource, so p1's claim on the assistant does not block p0, who finishes and frees the
    // room at 21.
    expect(traceRun(SCENARIOS.holdAndWait).lines).toEqual([
      '0 arrive p0',
      '0 join p0 rooming',
      '0 seize p0 rooming ma#0',
      '0 seize p0 rooming room#0',
      '0 start p0 rooming',
      '1 arrive p1',
      '1 join p1 rooming',
      '5 end p0 rooming',
      '5 release p0 rooming ma#0',
      '5 join p0 exam',
      '5 seize p0 exam doctor#0',
      '5 start p0 exam',
      '10 end p0 exam',
      '10 release p0 exam doctor#0',
      '10 join p0 rooming',
      '10 seize p0 rooming ma#0',
      '10 start p0 rooming',
      '15 end p0 rooming',
      '15 release p0 rooming ma#0',
      '15 join p0 exam',
      '15 seize p0 exam doctor#0',
      '15 start p0 exam',
      '20 end p0 exam',
      '20 release p0 exam doctor#0',
      '20 join p0 discharge',
      '20 start p0 discharge',
      '21 end p0 discharge',
      '21 release p0 discharge room#0',
      '21 depart p0',
      '21 seize p1 rooming ma#0',
      '21 seize p1 rooming room#0',
      '21 start p1 rooming',
      '26 end p1 rooming',
      '26 release p1 rooming ma#0',
      '26 join p1 exam',
      '26 seize p1 exam doctor#0',
      '26 start p1 exam',
      '31 end p1 exam',
      '31 release p1 exam doctor#0',
      '31 join p1 rooming',
      '31 seize p1 rooming ma#0',
      '31 start p1 rooming',
      '36 end p1 rooming',
      '36 release p1 rooming ma#0',
      '36 join p1 exam',
      '36 seize p1 exam doctor#0',
      '36 start p1 exam',
      '41 end p1 exam',
      '41 release p1 exam doctor#0',
      '41 join p1 discharge',
      '41 start p1 discharge',
      '42 end p1 discharge',
      '42 release p1 discharge room#0',
      '42 depart p1',
    ]);
  });

  it('records nothing and costs nothing when the trace is off (the default)', () => {
    const r = runOnce(compileModel(SCENARIOS.roomHeld), { seed: 1, replication: 0 });
    expect(r.trace).toBeNull();
    expect(r.records).toBeNull();
  });
});
