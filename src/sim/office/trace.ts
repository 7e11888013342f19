/**
 * An optional event trace of one office day, recorded into growable typed arrays (time, kind, patient,
 * step, member). Trace tests read it; a replay or animation can too. Recording costs nothing when off.
 */
import type { CompiledOffice } from './compile';

/** Trace event kinds. */
export const T_ARRIVE = 0;
export const T_START = 1;
export const T_END = 2;
export const T_DEPART = 3;
export const T_LWBS = 4;
export const T_REBOOKED = 5;
export const T_STAY = 6;
export const T_HOME = 7;
export const T_FLOAT = 8;
export const T_UNFLOAT = 9;

/** Names of the trace kinds, by kind. */
export const TRACE_KINDS = ['arrive', 'start', 'end', 'depart', 'left-without-being-seen', 'rebooked', 'stays-on', 'goes-home', 'floats-to', 'returns-from'] as const;

/** One trace event in readable form. */
export interface TraceEvent {
  /** Minutes after opening. */
  t: number;
  kind: (typeof TRACE_KINDS)[number];
  /** Patient index in the day (bookings first, in book order, then walk-ins), if any. */
  patient?: number;
  step?: string;
  /** Staff member: `<pool> <k>` (1-based) or the provider's id. */
  member?: string;
}

/** Records a day's events. */
export class DayTrace {
  n = 0;
  time = new Float64Array(256);
  kind = new Uint8Array(256);
  patient = new Int32Array(256);
  step = new Int32Array(256);
  member = new Int32Array(256);

  clear(): void {
    this.n = 0;
  }

  add(t: number, kind: number, patient: number, step: number, member: number): void {
    if (this.n === this.time.length) {
      const grow = <T extends Float64Array | Int32Array | Uint8Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.time = grow(this.time);
      this.kind = grow(this.kind);
      this.patient = grow(this.patient);
      this.step = grow(this.step);
      this.member = grow(this.member);
    }
    const i = this.n++;
    this.time[i] = t;
    this.kind[i] = kind;
    this.patient[i] = patient;
    this.step[i] = step;
    this.member[i] = member;
  }

  /** The events as readable objects, naming steps and members. */
  events(c: CompiledOffice, memberName: (m: number) => string): TraceEvent[] {
    const out: TraceEvent[] = [];
    for (let i = 0; i < this.n; i++) {
      const e: TraceEvent = { t: this.time[i], kind: TRACE_KINDS[this.kind[i]] };
      if (this.patient[i] >= 0) e.patient = this.patient[i];
      if (this.step[i] >= 0) e.step = c.stepIds[this.step[i]];
      if (this.member[i] >= 0) e.member = memberName(this.member[i]);
      out.push(e);
    }
    return out;
  }
}
