/** Tiny deterministic office scenarios for trace tests. */
import { inspectDay, validateScenario, type DayRecord, type OfficeScenario, type PatientRecord } from '../../../src/sim/office';

/** Scenario JSON under construction (tests edit it freely). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Doc = any;

/** A fixed duration. */
export const det = (valueMinutes: number) => ({ kind: 'deterministic', valueMinutes });

/**
 * One provider, one receptionist, check-in 5 then exam 10 (in an exam room), 15-minute slots 08:00–09:00,
 * everyone on time. `edit` changes it before validation.
 */
export function office(edit: (s: Doc) => void = () => {}): OfficeScenario {
  const s: Doc = {
    version: 1,
    kind: 'office',
    name: 'trace test',
    notes: 'illustrative assumption',
    openingHours: { opens: '08:00', closes: '12:00' },
    sessions: [{ id: 'am', start: '08:00', end: '12:00' }],
    visitTypes: [{ id: 'v' }],
    examRooms: { count: 5 },
    staffPools: [{ id: 'desk', role: 'receptionist', headcount: 1, shifts: [{ start: '07:00', end: '13:00' }] }],
    providers: [{ id: 'drA', sessions: ['am'], slotTemplate: 't' }],
    slotTemplates: { t: [{ from: '08:00', to: '09:00', lengthMinutes: 15 }] },
    steps: [
      { id: 'checkIn', staff: ['desk'], durationMinutes: det(5) },
      { id: 'exam', staff: ['provider'], usesExamRoom: true, durationMinutes: det(10) },
    ],
    pathways: { v: [{ step: 'checkIn' }, { step: 'exam' }] },
  };
  edit(s);
  const r = validateScenario(s);
  if (!r.ok) throw new Error(JSON.stringify(r.issues, null, 1));
  if (r.scenario.kind !== 'office') throw new Error('office expected');
  return r.scenario;
}

/** Simulates one day (trace on). */
export function day(s: OfficeScenario, seed: number | string = 1): DayRecord {
  return inspectDay(s, { seed, trace: true });
}

/** [start, end] of a patient's visit to `step` (k-th visit, default the first). */
export function at(p: PatientRecord, step: string, k = 0): [number, number] {
  const v = p.visits.filter((x) => x.step === step)[k];
  if (!v) throw new Error(`patient ${p.id} has no visit ${k} to ${step}`);
  return [v.start, v.end];
}

/** Who served a patient's visit to `step`. */
export function by(p: PatientRecord, step: string, k = 0): string | null {
  return p.visits.filter((x) => x.step === step)[k]?.by ?? null;
}
