/**
 * Pure helpers that turn a run's results into what the screen shows (rows, cards, texts). No DOM here, so
 * they are unit-tested directly.
 */
import type { Metric, Summary } from '../sim/office/api';
import type { WaitRow } from './charts/types';
import { stepColour } from './theme';
import { minutesWithCi, minutes } from './format';

/** The subset of results the views read: steps with waits, and named patient/provider metrics. */
export interface ViewableResults {
  steps: Record<string, { name: string; waitMinutes: Metric }>;
  patients?: Record<string, Metric>;
  providers?: Record<string, Metric | unknown>;
}

/** A headline card: an id for tests, a plain-language label and the formatted value with its CI. */
export interface Card {
  id: string;
  label: string;
  text: string;
}

const ci = (s: Summary | undefined): [number, number, number] => [
  s?.mean ?? NaN,
  s?.ci95?.[0] ?? NaN,
  s?.ci95?.[1] ?? NaN,
];

/** One bar per step, in pathway order: the mean wait before it and its 95% CI. */
export function waitRows(results: ViewableResults): WaitRow[] {
  return Object.entries(results.steps).map(([id, s], i) => {
    const [mean, low, high] = ci(s.waitMinutes);
    return { id, label: s.name, mean, low, high, colour: stepColour(id, i) };
  });
}

function minutesCard(id: string, label: string, m: Summary | undefined): Card {
  const [mean, low, high] = ci(m);
  return { id, label, text: minutesWithCi(mean, low, high) };
}

/** The headline cards present in these results (office runs have more than network runs). */
export function headline(results: ViewableResults): Card[] {
  const p = results.patients ?? {};
  const prov = (results.providers ?? {}) as Record<string, Metric | undefined>;
  const cards: Card[] = [minutesCard('totalWait', 'Average total wait', p.totalWaitMinutes)];
  if (p.timeInOfficeMinutes) cards.push(minutesCard('timeInOffice', 'Time in the office', p.timeInOfficeMinutes));
  if (prov.idleMinutes) cards.push(minutesCard('providerIdle', 'Provider idle time', prov.idleMinutes));
  if (prov.overtimeMinutes) cards.push(minutesCard('overtime', 'Provider overtime', prov.overtimeMinutes));
  if (p.seen?.mean != null) cards.push({ id: 'seen', label: 'Patients seen per day', text: p.seen.mean.toFixed(1) });
  return cards;
}

/** "12 min" for a single number, re-exported for components. */
export { minutes };
