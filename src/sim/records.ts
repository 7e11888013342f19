/**
 * Per-patient and per-visit records of one run, in typed arrays indexed by patient id (creation order) and
 * by visit number. Recorded only when asked for (`record: true`): a day's few hundred patients cost
 * nothing, a steady-state run's millions would.
 */
import { resizeF64, resizeI32 } from './calendar';

/** What became of a patient. */
export const Outcome = {
  /** Still in the building when the run ended. */
  inBuilding: 0,
  /** Served and left. */
  departed: 1,
  /** Booked but did not come. */
  noShow: 2,
  /** Left a line unserved (reneged): left without being seen. */
  leftUnseen: 3,
} as const;

/** Typed-array records of one run. Times in minutes; NaN where a time does not apply. */
export class PatientRecords {
  /** Number of patients (ids 0 … count−1). */
  count = 0;
  arrival = new Float64Array(64);
  departure = new Float64Array(64);
  /** {@link Outcome} code. */
  outcome = new Uint8Array(64);
  classIndex = new Int32Array(64);
  source = new Int32Array(64);
  /** Priority key (appointment time for booked patients, arrival time otherwise). */
  key = new Float64Array(64);
  /** Number of visits (line joins). */
  visitCount = 0;
  visitPatient = new Int32Array(64);
  visitStep = new Int32Array(64);
  visitJoin = new Float64Array(64);
  /** Service start, NaN if the patient reneged. */
  visitStart = new Float64Array(64);
  visitEnd = new Float64Array(64);
  /** Member of the step's first needed pool who served the visit (−1 if none). */
  visitMember = new Int32Array(64);

  /** Adds patient `id` (must equal {@link count}). */
  addPatient(id: number, arrival: number, cls: number, source: number, key: number): void {
    if (id >= this.arrival.length) {
      const n = Math.max(this.arrival.length * 2, id + 1);
      this.arrival = resizeF64(this.arrival, n);
      this.departure = resizeF64(this.departure, n);
      const o = new Uint8Array(n);
      o.set(this.outcome);
      this.outcome = o;
      this.classIndex = resizeI32(this.classIndex, n);
      this.source = resizeI32(this.source, n);
      this.key = resizeF64(this.key, n);
    }
    this.arrival[id] = arrival;
    this.departure[id] = NaN;
    this.outcome[id] = Outcome.inBuilding;
    this.classIndex[id] = cls;
    this.source[id] = source;
    this.key[id] = key;
    if (id >= this.count) this.count = id + 1;
  }

  /** Opens a visit (the patient joined a line). @returns the visit number. */
  addVisit(patient: number, step: number, join: number): number {
    const v = this.visitCount++;
    if (v === this.visitPatient.length) {
      const n = v * 2;
      this.visitPatient = resizeI32(this.visitPatient, n);
      this.visitStep = resizeI32(this.visitStep, n);
      this.visitJoin = resizeF64(this.visitJoin, n);
      this.visitStart = resizeF64(this.visitStart, n);
      this.visitEnd = resizeF64(this.visitEnd, n);
      this.visitMember = resizeI32(this.visitMember, n);
    }
    this.visitPatient[v] = patient;
    this.visitStep[v] = step;
    this.visitJoin[v] = join;
    this.visitStart[v] = NaN;
    this.visitEnd[v] = NaN;
    this.visitMember[v] = -1;
    return v;
  }

  /** Trims every array to its used length (once, at the end of a run). */
  trim(): void {
    const n = this.count;
    this.arrival = this.arrival.slice(0, n);
    this.departure = this.departure.slice(0, n);
    this.outcome = this.outcome.slice(0, n);
    this.classIndex = this.classIndex.slice(0, n);
    this.source = this.source.slice(0, n);
    this.key = this.key.slice(0, n);
    const v = this.visitCount;
    this.visitPatient = this.visitPatient.slice(0, v);
    this.visitStep = this.visitStep.slice(0, v);
    this.visitJoin = this.visitJoin.slice(0, v);
    this.visitStart = this.visitStart.slice(0, v);
    this.visitEnd = this.visitEnd.slice(0, v);
    this.visitMember = this.visitMember.slice(0, v);
  }
}
