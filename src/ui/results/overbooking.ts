/**
 * The overbooking view's rows and readings (pure, unit-tested): per appointment slot the mean booked,
 * arrived and seen; per clock hour the providers' idle minutes against the wait for the provider.
 */
import type { ResultsView } from '../../workers/view';
import { clock, clockMinutes } from '../numberFormat';

/** A slot row: clock minutes after midnight and the means over simulated days. */
export interface SlotRow {
  t: number;
  booked: number;
  arrived: number;
  seen: number;
}

/** An hour row: clock hour, mean idle minutes per provider and mean wait for the provider (null: none). */
export interface HourRow {
  hour: number;
  idle: number | null;
  wait: number | null;
}

/** The slots, by clock time. */
export function slotRows(r: ResultsView): SlotRow[] {
  if (!r.overbooking || r.opensAt === null) return [];
  const opens = clockMinutes(r.opensAt);
  return r.overbooking.slots.map((s) => ({ t: opens + s.minutes, booked: s.booked, arrived: s.arrived, seen: s.seen }));
}

/** The hours that have a provider session or a wait. */
export function hourRows(r: ResultsView): HourRow[] {
  return (r.overbooking?.hours ?? []).filter((h) => h.idle !== null || h.wait !== null);
}

const one = (x: number) => x.toFixed(1);

/** "Of 2.3 patients booked per slot on average, 2.0 arrive and 1.9 are seen; the busiest slot, 09:00, has 4.0 booked." */
export function slotReading(rows: SlotRow[]): string {
  if (rows.length === 0) return 'No appointment slots.';
  const sum = (f: (r: SlotRow) => number) => rows.reduce((a, r) => a + f(r), 0);
  const busiest = rows.reduce((a, r) => (r.booked > a.booked ? r : a));
  return `Of ${one(sum((r) => r.booked))} patients booked a day, ${one(sum((r) => r.arrived))} arrive and ${one(sum((r) => r.seen))} are seen; the fullest slot, ${clock(busiest.t)}, has ${one(busiest.booked)} booked.`;
}

/** "Providers are idlest at 16:00 (22 min per provider) while the wait for the provider is longest at 10:00 (14 min)." */
export function hourReading(rows: HourRow[]): string {
  const idle = rows.filter((r) => r.idle !== null).reduce<HourRow | null>((a, r) => ((r.idle ?? 0) > (a?.idle ?? -1) ? r : a), null);
  const wait = rows.filter((r) => r.wait !== null).reduce<HourRow | null>((a, r) => ((r.wait ?? 0) > (a?.wait ?? -1) ? r : a), null);
  if (!idle || !wait) return 'Not enough simulated days yet.';
  return `Providers are idlest in the hour from ${clock(idle.hour * 60)} (${Math.round(idle.idle ?? 0)} min each) while patients wait longest for them in the hour from ${clock(wait.hour * 60)} (${Math.round(wait.wait ?? 0)} min).`;
}
