/**
 * One office day in readable form: every patient's record (arrival, each step's start and end, who served
 * them, departure), the staff's day (busy minutes, overtime) and optionally the event trace. For trace tests,
 * the event-log export and anyone who wants to look at a single day closely. Not for the hot path.
 */
import type { OfficeScenario } from '../scenario/schema';
import { BOOKED, LEFT_WITHOUT_BEING_SEEN, REBOOKED } from './buffers';
import { compileOffice, type CompiledOffice } from './compile';
import { OfficeDay } from './day';
import { clockLabel } from './run';
import { DayTrace, type TraceEvent } from './trace';

/** One visit to a step. Times are minutes after opening. */
export interface VisitRecord {
  step: string;
  /** When the patient became ready for the step (end of the previous step, or arrival). */
  ready: number;
  /** NaN if the patient left before starting it. */
  start: number;
  end: number;
  wait: number;
  /** The first staff member who served it (the provider for provider steps). */
  by: string | null;
  /** Served by the step's alternative staff. */
  alternative: boolean;
}

/** One patient's day. */
export interface PatientRecord {
  /** Index in the day: bookings in book order (provider, then appointment time), then walk-ins. */
  id: number;
  kind: 'booked' | 'walk-in';
  visitType: string;
  /** Own provider (booked) or the provider who saw a walk-in, or null. */
  provider: string | null;
  /** Appointment time (minutes after opening), NaN for walk-ins. */
  appointment: number;
  /** Rank with the provider: the appointment time (or the session's end under the late rule), or the arrival. */
  priorityKey: number;
  /** Session index the patient belongs to (for the provider's eligibility). */
  session: number;
  arrival: number;
  departure: number;
  outcome: 'seen' | 'not-seen' | 'left-without-being-seen' | 'rebooked';
  /** Exam (first "seen" step) start, NaN if never seen. */
  seenAt: number;
  visits: VisitRecord[];
}

/** A staff member's day. */
export interface MemberRecord {
  name: string;
  pool: string;
  busyMinutes: number;
  overtimeMinutes: number;
  /** End of their last busy period (NaN if never busy). */
  lastBusyEnd: number;
}

/** Everything about one simulated day. */
export interface DayRecord {
  /** Opening time "HH:MM": minute 0. */
  opensAt: string;
  patients: PatientRecord[];
  members: MemberRecord[];
  /** Booked patients who did not come. */
  noShows: number;
  lastDeparture: number;
  events?: TraceEvent[];
}

/** Names of members: `<pool> <k>` (1-based) for pool members, the id for providers. */
export function memberNamer(c: CompiledOffice, day: OfficeDay): (m: number) => string {
  return (m) => {
    if (m >= day.nPoolMembers) return c.providerIds[m - day.nPoolMembers];
    const pool = day.memberPool[m];
    return `${c.poolIds[pool]} ${m - day.poolFirst[pool] + 1}`;
  };
}

/** The readable record of the day just simulated by `day`. */
export function dayRecord(day: OfficeDay): DayRecord {
  const c = day.c;
  const b = day.b;
  const name = memberNamer(c, day);
  const patients: PatientRecord[] = [];
  for (let p = 0; p < b.n; p++) {
    const visits: VisitRecord[] = [];
    let seenBy: string | null = null;
    for (let v = b.routeStart[p]; v < b.routeStart[p] + b.routeLen[p]; v++) {
      const started = b.start[v] === b.start[v];
      const by = b.servedBy[v] >= 0 ? name(b.servedBy[v]) : null;
      if (started && c.stepSeen[b.visitStep[v]] && seenBy === null && b.servedBy[v] >= day.nPoolMembers) seenBy = by;
      visits.push({
        step: c.stepIds[b.visitStep[v]],
        ready: started ? b.start[v] - b.wait[v] : NaN,
        start: b.start[v],
        end: b.end[v],
        wait: b.wait[v],
        by,
        alternative: b.byAlt[v] === 1,
      });
      if (!started) break;
    }
    const seen = b.seenAt[p] === b.seenAt[p];
    patients.push({
      id: p,
      kind: b.kind[p] === BOOKED ? 'booked' : 'walk-in',
      visitType: c.visitTypeIds[b.visitType[p]],
      provider: b.provider[p] >= 0 ? c.providerIds[b.provider[p]] : seenBy,
      appointment: b.appointment[p],
      priorityKey: b.key[p],
      session: b.session[p],
      arrival: b.arrival[p],
      departure: b.departure[p],
      outcome: b.left[p] === REBOOKED ? 'rebooked' : b.left[p] === LEFT_WITHOUT_BEING_SEEN ? 'left-without-being-seen' : seen ? 'seen' : 'not-seen',
      seenAt: b.seenAt[p],
      visits,
    });
  }
  const members: MemberRecord[] = [];
  for (let m = 0; m < day.nMembers; m++) {
    const pool = day.memberPool[m];
    const isProvider = m >= day.nPoolMembers;
    const q = m - day.nPoolMembers;
    const last = day.lastBusyEnd[m];
    members.push({
      name: name(m),
      pool: isProvider ? 'provider' : c.poolIds[pool],
      busyMinutes: day.busyMinutes[m],
      overtimeMinutes: isProvider
        ? last > c.providerLastSessionEnd[q] ? last - c.providerLastSessionEnd[q] : 0
        : c.poolWhilePresent[pool] ? (last > c.poolFinalShiftEnd[pool] ? last - c.poolFinalShiftEnd[pool] : 0) : day.overtime[m],
      lastBusyEnd: last,
    });
  }
  const rec: DayRecord = { opensAt: clockLabel(c.opensClock), patients, members, noShows: day.counts.noShows, lastDeparture: day.lastDeparture };
  if (day.trace) rec.events = day.trace.events(c, name);
  return rec;
}

/**
 * Simulates one replication of a validated office scenario and returns its readable record.
 * @param options `trace: true` adds the event trace.
 */
export function inspectDay(scenario: OfficeScenario, options: { seed: number | string; replication?: number; trace?: boolean }): DayRecord {
  const day = new OfficeDay(compileOffice(scenario));
  if (options.trace) day.trace = new DayTrace();
  day.run(options.seed, options.replication ?? 0);
  return dayRecord(day);
}

/** Header of the event-log CSV. */
export const EVENT_LOG_HEADER = 'replication,patient,patient_kind,visit_type,provider,appointment,event,step,minutes,clock,staff';

/** Appends the event-log CSV rows of the day just simulated (arrival, start and end of every step, departure). */
export function eventLogRows(day: OfficeDay, replication: number, out: string[]): void {
  const rec = dayRecord(day);
  const opens = day.c.opensClock;
  const f = (t: number) => (t === t ? String(Math.round(t * 1000) / 1000) : '');
  const clock = (t: number) => (t === t ? clockLabel(opens + t) : '');
  for (const p of rec.patients) {
    const head = `${replication},${p.id},${p.kind},${p.visitType},${p.provider ?? ''},${clock(p.appointment)}`;
    out.push(`${head},arrival,,${f(p.arrival)},${clock(p.arrival)},`);
    for (const v of p.visits) {
      if (v.start !== v.start) continue;
      out.push(`${head},start,${v.step},${f(v.start)},${clock(v.start)},${v.by ?? ''}`);
      out.push(`${head},end,${v.step},${f(v.end)},${clock(v.end)},${v.by ?? ''}`);
    }
    const leave = p.outcome === 'rebooked' ? 'rebooked' : p.outcome === 'left-without-being-seen' ? 'left-without-being-seen' : 'departure';
    out.push(`${head},${leave},,${f(p.departure)},${clock(p.departure)},`);
  }
}
