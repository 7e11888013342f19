/**
 * One simulated day as swimlanes: a lane per patient (in arrival order), with a waiting segment (drawn
 * lighter) and a service segment per step, and the details a person reads on hover or keyboard focus.
 */
import type { DayView } from '../../workers/dayView';
import { OUTCOMES } from '../../workers/dayView';
import { stepColour } from '../theme';
import { clock, clockMinutes } from '../numberFormat';

/** A segment of a lane; times are clock minutes after midnight. */
export interface Segment {
  kind: 'wait' | 'service';
  step: number;
  x0: number;
  x1: number;
  colour: string;
  /** Plain-language detail: "Waiting for Provider exam 09:12–09:31 (19 min)". */
  detail: string;
}

/** A patient's lane. */
export interface Lane {
  patient: number;
  label: string;
  arrival: number;
  departure: number;
  outcome: (typeof OUTCOMES)[number];
  segments: Segment[];
}

const OUTCOME_TEXT: Record<(typeof OUTCOMES)[number], string> = {
  seen: 'seen',
  'not-seen': 'not seen',
  'left-without-being-seen': 'left without being seen',
  rebooked: 'sent away to rebook',
};

/** The lanes of a day, by arrival time; `stepNames` label the steps (by the day's step ids). */
export function lanes(day: DayView, stepNames: Record<string, string>, visitTypeNames: Record<string, string> = {}): Lane[] {
  const opens = clockMinutes(day.opensAt);
  const n = day.arrival.length;
  const byPatient: Segment[][] = Array.from({ length: n }, () => []);
  for (let k = 0; k < day.visitPatient.length; k++) {
    const p = day.visitPatient[k];
    const s = day.visitStep[k];
    const id = day.stepIds[s];
    const name = stepNames[id] ?? id;
    const colour = stepColour(id, s);
    const [ready, start, end] = [opens + day.visitReady[k], opens + day.visitStart[k], opens + day.visitEnd[k]];
    if (start - ready > 0.05)
      byPatient[p].push({ kind: 'wait', step: s, x0: ready, x1: start, colour, detail: `Waiting for ${name.toLowerCase()} ${clock(ready)}–${clock(start)} (${Math.round(start - ready)} min)` });
    const by = day.visitBy[k] >= 0 ? ` with ${day.staffNames[day.visitBy[k]]}` : '';
    byPatient[p].push({ kind: 'service', step: s, x0: start, x1: end, colour, detail: `${name} ${clock(start)}–${clock(end)} (${Math.round(end - start)} min)${by}` });
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => day.arrival[a] - day.arrival[b] || a - b);
  return order.map((p, rank) => {
    const vt = day.visitTypes[day.visitType[p]] ?? '';
    const when = day.walkIn[p] ? 'walk-in' : `booked ${clock(opens + day.appointment[p])}`;
    const outcome = OUTCOMES[day.outcome[p]] ?? 'seen';
    return {
      patient: p,
      label: `Patient ${rank + 1} (${visitTypeNames[vt] ?? vt}, ${when}), arrived ${clock(opens + day.arrival[p])}, left ${clock(opens + day.departure[p])}, ${OUTCOME_TEXT[outcome]}`,
      arrival: opens + day.arrival[p],
      departure: opens + day.departure[p],
      outcome,
      segments: byPatient[p],
    };
  });
}
