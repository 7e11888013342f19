/**
 * One simulated day, as the swimlane chart reads it, and the per-patient event log as CSV. Both come from
 * the core's day inspection (`inspectDay`, `eventLogRows`); here they are only packed into typed arrays
 * (one entry per visit) so a day of hundreds of patients crosses the worker boundary cheaply.
 */
import { compileOffice, eventLogRows, EVENT_LOG_HEADER, inspectDay, OfficeDay, type OfficeScenario } from '../sim/office/index';

/** Patient outcomes, by code in {@link DayView.outcome}. */
export const OUTCOMES = ['seen', 'not-seen', 'left-without-being-seen', 'rebooked'] as const;

/** One day's patients and their visits. Times are minutes after opening. */
export interface DayView {
  opensAt: string;
  replication: number;
  /** Step ids, indexed by {@link DayView.visitStep}; staff names indexed by {@link DayView.visitBy}. */
  stepIds: string[];
  staffNames: string[];
  visitTypes: string[];
  /** Per patient (length n). */
  walkIn: Uint8Array;
  visitType: Int32Array;
  appointment: Float64Array;
  arrival: Float64Array;
  departure: Float64Array;
  outcome: Uint8Array;
  /** Per visit that started: its patient, step, when the patient became ready, start and end, who served (−1: nobody). */
  visitPatient: Int32Array;
  visitStep: Int32Array;
  visitReady: Float64Array;
  visitStart: Float64Array;
  visitEnd: Float64Array;
  visitBy: Int32Array;
}

/** Simulates replication `replication` of a validated office scenario and packs its patients. */
export function dayView(scenario: OfficeScenario, seed: number, replication = 0): DayView {
  const rec = inspectDay(scenario, { seed, replication });
  const stepIds = scenario.steps.map((s) => s.id);
  const visitTypes = scenario.visitTypes.map((v) => v.id);
  const staff = new Map<string, number>();
  const n = rec.patients.length;
  const started = rec.patients.flatMap((p, i) => p.visits.filter((v) => v.start === v.start).map((v) => ({ i, v })));
  const view: DayView = {
    opensAt: rec.opensAt,
    replication,
    stepIds,
    staffNames: [],
    visitTypes,
    walkIn: new Uint8Array(n),
    visitType: new Int32Array(n),
    appointment: new Float64Array(n),
    arrival: new Float64Array(n),
    departure: new Float64Array(n),
    outcome: new Uint8Array(n),
    visitPatient: new Int32Array(started.length),
    visitStep: new Int32Array(started.length),
    visitReady: new Float64Array(started.length),
    visitStart: new Float64Array(started.length),
    visitEnd: new Float64Array(started.length),
    visitBy: new Int32Array(started.length),
  };
  rec.patients.forEach((p, i) => {
    view.walkIn[i] = p.kind === 'walk-in' ? 1 : 0;
    view.visitType[i] = visitTypes.indexOf(p.visitType);
    view.appointment[i] = p.appointment;
    view.arrival[i] = p.arrival;
    view.departure[i] = p.departure;
    view.outcome[i] = OUTCOMES.indexOf(p.outcome);
  });
  started.forEach(({ i, v }, k) => {
    view.visitPatient[k] = i;
    view.visitStep[k] = stepIds.indexOf(v.step);
    view.visitReady[k] = v.ready;
    view.visitStart[k] = v.start;
    view.visitEnd[k] = v.end;
    if (v.by !== null && !staff.has(v.by)) staff.set(v.by, staff.size);
    view.visitBy[k] = v.by === null ? -1 : (staff.get(v.by) ?? -1);
  });
  view.staffNames = [...staff.keys()];
  return view;
}

/** The buffers of a day view, to transfer. */
export function dayTransferables(d: DayView): ArrayBuffer[] {
  return [d.walkIn, d.visitType, d.appointment, d.arrival, d.departure, d.outcome, d.visitPatient, d.visitStep, d.visitReady, d.visitStart, d.visitEnd, d.visitBy].map(
    (a) => a.buffer as ArrayBuffer,
  );
}

/** The per-patient event log (CSV, header first) of replications [0, days) of a validated office scenario. */
export function eventLogCsv(scenario: OfficeScenario, seed: number, days: number): string {
  const day = new OfficeDay(compileOffice(scenario));
  const out = [EVENT_LOG_HEADER];
  for (let rep = 0; rep < days; rep++) {
    day.run(seed, rep);
    eventLogRows(day, rep, out);
  }
  return out.join('\n') + '\n';
}
