/**
 * Pure helpers that turn a results view into chart rows (no DOM, unit-tested). They reshape and label the
 * core's numbers; they never compute queueing results.
 */
import { bin } from 'd3-array';
import type { ResultsView } from '../../workers/view';
import { stepColour } from '../theme';
import { share } from '../format';
import { changeOf, changeText } from './cards';
import type { PairedChange } from '../../workers/compare';

/** One step's wait distribution: pooled quantiles, the mean with its CI, and its change vs the baseline. */
export interface WaitBox {
  id: string;
  label: string;
  colour: string;
  /** [p10, p25, p50, p75, p90] in minutes, or null when nobody visited the step. */
  q: [number, number, number, number, number] | null;
  mean: number | null;
  low: number | null;
  high: number | null;
  change: PairedChange | null;
  changeText: string;
}

/** One box per step, in the scenario's step order, with the paired change against `baseline`. */
export function waitBoxes(results: ResultsView, baseline: ResultsView | null): WaitBox[] {
  const base = baseline && baseline !== results && baseline.seed === results.seed ? baseline : null;
  return results.steps.map((s, i) => {
    const b = base?.steps.find((x) => x.id === s.id);
    const change = b ? changeOf(s.wait, b.wait) : null;
    return { id: s.id, label: s.name, colour: stepColour(s.id, i), q: s.quantiles, mean: s.wait.mean, low: s.wait.low, high: s.wait.high, change, changeText: changeText(change, 'min') };
  });
}

/** The step whose mean wait is longest (the bottleneck), or null. */
export function bottleneck(boxes: WaitBox[]): WaitBox | null {
  return boxes.reduce<WaitBox | null>((a, b) => ((b.mean ?? -1) > (a?.mean ?? -1) ? b : a), null);
}

/** A point of the waiting-room series: clock minutes after midnight, mean and 10–90% band. */
export interface RoomPoint {
  t: number;
  mean: number;
  p10: number;
  p90: number;
}

/** Waiting-room occupancy by clock time (bin midpoints), from opening-relative bins. */
export function waitingRoomSeries(results: ResultsView): RoomPoint[] {
  const w = results.waitingRoom;
  if (!w || results.opensAt === null) return [];
  const [h, m] = results.opensAt.split(':').map(Number);
  const opens = h * 60 + m;
  return w.mean.map((mean, i) => ({ t: opens + w.startMinutes + (i + 0.5) * w.binMinutes, mean, p10: w.p10[i], p90: w.p90[i] }));
}

/** The busiest moment of the waiting room (by mean occupancy). */
export function peak(points: RoomPoint[]): RoomPoint | null {
  return points.reduce<RoomPoint | null>((a, p) => (p.mean > (a?.mean ?? -1) ? p : a), null);
}

/** One heat-strip cell: a pool's mean utilisation in one clock hour; `overtime` when worked outside its shifts. */
export interface HeatCell {
  hour: number;
  utilisation: number | null;
  busyMinutes: number;
  overtime: boolean;
  /** "84%", "12 min of overtime" or "not scheduled". */
  text: string;
}

/** One heat-strip row per staff pool. */
export interface HeatRow {
  id: string;
  label: string;
  overtimeMinutes: number | null;
  cells: HeatCell[];
}

/** Utilisation by role and hour, hours trimmed to those where anyone is scheduled or busy. */
export function heatRows(results: ResultsView): { rows: HeatRow[]; hours: number[] } {
  const rows: HeatRow[] = results.pools
    .filter((p) => p.byHour.length > 0)
    .map((p) => ({
      id: p.id,
      label: p.name,
      overtimeMinutes: p.overtimeMinutes,
      cells: p.byHour.map((u, k) => {
        const busyMinutes = p.busyByHour[k] ?? 0;
        const overtime = (p.scheduledByHour[k] ?? 0) === 0 && busyMinutes >= 0.5;
        const text = u !== null ? share(u) : overtime ? `${busyMinutes.toFixed(0)} min of overtime` : 'not scheduled';
        return { hour: p.startHour + k, utilisation: u, busyMinutes, overtime, text };
      }),
    }));
  const used = new Set<number>();
  for (const r of rows) for (const c of r.cells) if (c.utilisation !== null || c.busyMinutes >= 0.5) used.add(c.hour);
  const hours = [...used].sort((a, b) => a - b);
  if (hours.length === 0) return { rows, hours };
  const lo = hours[0];
  const hi = hours[hours.length - 1];
  const span = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  return { rows: rows.map((r) => ({ ...r, cells: r.cells.filter((c) => c.hour >= lo && c.hour <= hi) })), hours: span };
}

/** One bar of the overtime distribution: days whose overtime fell in [x0, x1) minutes. */
export interface OvertimeBin {
  x0: number;
  x1: number;
  days: number;
}

/** Histogram of per-day overtime (minutes), in bins of a round width; days with none share the first bin. */
export function overtimeBins(values: ArrayLike<number>, binCount = 12): OvertimeBin[] {
  const finite = Array.from(values).filter((x) => Number.isFinite(x));
  if (finite.length === 0) return [];
  const max = Math.max(...finite);
  if (max <= 0) return [{ x0: 0, x1: 5, days: finite.length }];
  const b = bin().domain([0, max]).thresholds(binCount);
  return b(finite).map((g) => ({ x0: g.x0 ?? 0, x1: g.x1 ?? 0, days: g.length })).filter((g) => g.x1 > g.x0);
}

/** Share of days with any overtime. */
export function shareWithOvertime(values: ArrayLike<number>): number {
  const finite = Array.from(values).filter((x) => Number.isFinite(x));
  return finite.length === 0 ? 0 : finite.filter((x) => x > 0.5).length / finite.length;
}
