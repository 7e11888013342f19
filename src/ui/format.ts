/** Number formats for the screen: durations as "12 min", shares as "84%", CIs as "12 min (10–14)". */
import { format } from 'd3-format';

const shareFmt = format('.0%');

/** Minutes with as many digits as the CI justifies (one decimal below 10 min, none above). */
export function minutes(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const digits = Math.abs(value) < 10 ? 1 : 0;
  return `${value.toFixed(digits)} min`;
}

/** A mean with its 95% interval, e.g. "12 min (10–14)". */
export function minutesWithCi(mean: number, low: number, high: number): string {
  if (!Number.isFinite(low) || !Number.isFinite(high)) return minutes(mean);
  const digits = Math.abs(mean) < 10 ? 1 : 0;
  return `${mean.toFixed(digits)} min (${low.toFixed(digits)}–${high.toFixed(digits)})`;
}

/** A share, e.g. "84%". */
export function share(value: number): string {
  return Number.isFinite(value) ? shareFmt(value) : '—';
}
