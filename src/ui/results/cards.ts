/**
 * The headline cards: each metric's mean with its 95% CI, and its paired change against the pinned
 * baseline (same seed ⇒ same patients, so the change is measured replication by replication).
 */
import { pairedChange, type PairedChange } from '../../workers/compare';
import type { HeadlineId, MetricView, ResultsView } from '../../workers/view';
import { count, signed, valueWithCi } from '../numberFormat';

/** How a metric is shown: label, unit, and which direction is good news. */
interface CardSpec {
  id: HeadlineId;
  label: string;
  unit: 'min' | 'patients';
  /** True when a lower value is better (waits, overtime). */
  lowerIsBetter: boolean;
}

/** The cards, in reading order. */
export const CARD_SPECS: CardSpec[] = [
  { id: 'totalWait', label: 'Average total wait', unit: 'min', lowerIsBetter: true },
  { id: 'providerWait', label: 'Wait for the provider', unit: 'min', lowerIsBetter: true },
  { id: 'p90TotalWait', label: '90th-percentile total wait', unit: 'min', lowerIsBetter: true },
  { id: 'timeInOffice', label: 'Time in the office', unit: 'min', lowerIsBetter: true },
  { id: 'delay', label: 'Delay past appointment', unit: 'min', lowerIsBetter: true },
  { id: 'providerIdle', label: 'Provider idle time', unit: 'min', lowerIsBetter: true },
  { id: 'overtime', label: 'Provider overtime', unit: 'min', lowerIsBetter: true },
  { id: 'seen', label: 'Patients seen per day', unit: 'patients', lowerIsBetter: false },
  { id: 'leftWithoutBeingSeen', label: 'Left without being seen', unit: 'patients', lowerIsBetter: true },
];

/** A card as displayed. */
export interface CardView {
  id: HeadlineId;
  label: string;
  value: number | null;
  text: string;
  /** "+3.1 min (2.8 to 3.4)", "no change", or "" without a comparable baseline. */
  changeText: string;
  /** 'worse' / 'better' when the paired CI excludes 0, else 'same'. */
  verdict: 'better' | 'worse' | 'same' | 'none';
  change: PairedChange | null;
}

/** The paired change of `m` against `base`, if the runs are comparable (same seed, same scenario kind). */
export function changeOf(m: MetricView | undefined, base: MetricView | undefined): PairedChange | null {
  if (!m || !base) return null;
  return pairedChange(m.values, base.values);
}

/** Plain text for a change: "+3.1 min (+2.8 to +3.4)". */
export function changeText(c: PairedChange | null, unit: 'min' | 'patients'): string {
  if (!c) return '';
  const f = (x: number) => signed(x, unit, c.mean);
  if (c.low === null || c.high === null) return `${f(c.mean)} vs baseline`;
  if (c.low === 0 && c.high === 0) return 'no change vs baseline';
  return `${f(c.mean)} (${f(c.low)} to ${f(c.high)}) vs baseline`;
}

/** Better, worse or the same, by whether the paired 95% CI excludes zero. */
export function verdict(c: PairedChange | null, lowerIsBetter: boolean): CardView['verdict'] {
  if (!c || c.low === null || c.high === null) return 'none';
  if (c.low > 0) return lowerIsBetter ? 'worse' : 'better';
  if (c.high < 0) return lowerIsBetter ? 'better' : 'worse';
  return 'same';
}

/** Whether two views can be paired: same seed (so replication i is the same day's randomness). */
export function comparable(a: ResultsView | null, b: ResultsView | null): b is ResultsView {
  return a !== null && b !== null && a.seed === b.seed && a.kind === b.kind;
}

/** The cards present in `results`, with changes against `baseline` when comparable. */
export function headlineCards(results: ResultsView, baseline: ResultsView | null): CardView[] {
  const base = comparable(results, baseline) && baseline !== results ? baseline : null;
  return CARD_SPECS.filter((s) => results.headline[s.id]).map((s) => {
    const m = results.headline[s.id] as MetricView;
    const c = base ? changeOf(m, base.headline[s.id]) : null;
    // Every card is a duration or a head count, never negative: a t-interval from the first few days can
    // reach below zero ("16 min (−38–69)"), which is shown from 0.
    const low = m.low === null ? null : Math.max(0, m.low);
    const text = s.unit === 'min' ? valueWithCi(m.mean, low, m.high, 'min') : count(m.mean, low, m.high);
    return { id: s.id, label: s.label, value: m.mean, text, change: c, changeText: changeText(c, s.unit), verdict: verdict(c, s.lowerIsBetter) };
  });
}
