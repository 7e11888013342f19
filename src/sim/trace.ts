/**
 * The optional event trace of a run: one row per happening (a patient joins a line, a member is taken,
 * a service ends…), stored in parallel typed arrays that grow by doubling. Off by default; when off the
 * engine holds `null` and pays one predictable branch per happening.
 */

/** Trace row kinds. */
export const TraceKind = {
  /** A patient came through the door. patient */
  arrive: 1,
  /** A booked patient did not come. patient */
  noShow: 2,
  /** A patient joined a step's line. patient, step */
  join: 3,
  /** A member was taken for a patient's service. patient, step, pool, member */
  seize: 4,
  /** Service started. patient, step */
  start: 5,
  /** Service ended. patient, step */
  end: 6,
  /** A member was released by a patient. patient, step (where released), pool, member */
  release: 7,
  /** A member's post-service busy time ended (documentation, turnover). pool, member */
  postEnd: 8,
  /** A patient left the line unserved (reneged). patient, step */
  renege: 9,
  /** A patient left the building. patient */
  depart: 10,
  /** A member's shift started. pool, member */
  shiftStart: 11,
  /** A member's shift ended (they go off now, or after finishing their patient). pool, member */
  shiftEnd: 12,
  /** A member whose shift had ended finished and went off duty (overtime ends). pool, member */
  offDuty: 13,
} as const;

/** Names of trace kinds, indexed by kind number. */
export const TRACE_KIND_NAMES: readonly string[] = (() => {
  const names: string[] = [];
  for (const [name, k] of Object.entries(TraceKind)) names[k] = name;
  return names;
})();

/** One trace row as a plain object (for tests and debugging; the trace itself stores typed arrays). */
export interface TraceRow {
  time: number;
  kind: string;
  patient: number;
  step: number;
  pool: number;
  member: number;
}

/** The trace of one run. Unused fields hold −1. Patients are ids (creation order), not slots. */
export class Trace {
  /** Number of rows. */
  length = 0;
  time = new Float64Array(256);
  kind = new Uint8Array(256);
  patient = new Int32Array(256);
  step = new Int32Array(256);
  pool = new Int32Array(256);
  member = new Int32Array(256);

  /** Appends a row. Times in minutes; −1 for fields that do not apply. */
  add(time: number, kind: number, patient: number, step: number, pool: number, member: number): void {
    const i = this.length;
    if (i === this.time.length) this.grow();
    this.time[i] = time;
    this.kind[i] = kind;
    this.patient[i] = patient;
    this.step[i] = step;
    this.pool[i] = pool;
    this.member[i] = member;
    this.length = i + 1;
  }

  /** The rows as plain objects (allocates: for tests and debugging only). */
  rows(): TraceRow[] {
    const out: TraceRow[] = [];
    for (let i = 0; i < this.length; i++) {
      out.push({
        time: this.time[i],
        kind: TRACE_KIND_NAMES[this.kind[i]],
        patient: this.patient[i],
        step: this.step[i],
        pool: this.pool[i],
        member: this.member[i],
      });
    }
    return out;
  }

  /** Trims the arrays to {@link length} (call once at the end of a run, before sending the trace away). */
  trim(): void {
    this.time = this.time.slice(0, this.length);
    this.kind = this.kind.slice(0, this.length);
    this.patient = this.patient.slice(0, this.length);
    this.step = this.step.slice(0, this.length);
    this.pool = this.pool.slice(0, this.length);
    this.member = this.member.slice(0, this.length);
  }

  private grow(): void {
    const n = this.time.length * 2;
    const f = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    const k = new Uint8Array(n);
    k.set(this.kind);
    this.time = f(this.time);
    this.kind = k;
    this.patient = i32(this.patient);
    this.step = i32(this.step);
    this.pool = i32(this.pool);
    this.member = i32(this.member);
  }
}
