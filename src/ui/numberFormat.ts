/**
 * Numbers with their uncertainty: a value is printed with no more digits than its 95% CI justifies
 * ("12 min (10–14)", "0.21 min (0.18–0.24)"), changes carry their sign, clock times read "09:15".
 */

/** Decimals justified by a CI half-width: enough for one or two significant digits of it, at most 2. */
export function decimalsFor(halfWidth: number | null, value: number): number {
  if (halfWidth === null || !Number.isFinite(halfWidth) || halfWidth <= 0) return Math.abs(value) < 10 ? 1 : 0;
  return Math.min(2, Math.max(0, -Math.floor(Math.log10(halfWidth))));
}

/** A mean with its 95% CI: "12 min (10–14)"; "—" when undefined. */
export function valueWithCi(mean: number | null, low: number | null, high: number | null, unit: string): string {
  if (mean === null || !Number.isFinite(mean)) return '—';
  if (low === null || high === null) return `${mean.toFixed(decimalsFor(null, mean))} ${unit}`;
  const d = decimalsFor((high - low) / 2, mean);
  return `${mean.toFixed(d)} ${unit} (${low.toFixed(d)}–${high.toFixed(d)})`;
}

/** A count per day with its CI: "84.3 (83.9–84.7)". */
export function count(mean: number | null, low: number | null, high: number | null): string {
  if (mean === null || !Number.isFinite(mean)) return '—';
  if (low === null || high === null) return mean.toFixed(1);
  const d = Math.max(1, decimalsFor((high - low) / 2, mean));
  return `${mean.toFixed(d)} (${low.toFixed(d)}–${high.toFixed(d)})`;
}

/** A signed change in `unit`, with as many decimals as `reference`'s size suggests: "+3.1 min", "−0.4 patients". */
export function signed(x: number, unit: 'min' | 'patients', reference = x): string {
  const d = Math.abs(reference) < 1 ? 2 : Math.abs(reference) < 10 ? 1 : 0;
  const v = x.toFixed(d);
  const zero = Number(v) === 0;
  const text = zero ? (0).toFixed(d) : v.replace('-', '−');
  return `${x > 0 && !zero ? '+' : ''}${text} ${unit}`;
}

/** Minutes after midnight as a clock time "HH:MM". */
export function clock(minutesAfterMidnight: number): string {
  const m = ((Math.round(minutesAfterMidnight) % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** "HH:MM" as minutes after midnight (NaN if malformed). */
export function clockMinutes(text: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
}

/** Whole clock hours (minutes after midnight) within [from, to], every `every` hours. */
export function hourTicks(from: number, to: number, every = 1): number[] {
  const out: number[] = [];
  for (let t = Math.ceil(from / 60 / every) * 60 * every; t <= to; t += 60 * every) out.push(t);
  return out;
}
