/**
 * Building blocks for the scenario schema: numbers, clock times and ids whose error messages say what was
 * received and what is accepted, and objects that reject unknown keys (every one of them, with a
 * "did you mean" suggestion). The schema library is valibot (see docs/architecture-scenario.md).
 */
import * as v from 'valibot';

/** Prefix marking an unknown-key issue; the formatter turns it into "unknown key … did you mean …". */
export const UNKNOWN_KEY_MARK = '\u0000unknown-key:';

/** Shows a received value briefly in a message (strings quoted, long values cut). */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return String(value);
}

/** A finite number in [min, max] (inclusive unless `exclusiveMin`), with a message naming the range. */
export function num(min: number, max: number, what = 'a number', exclusiveMin = false) {
  const accepted = `${what} ${exclusiveMin ? 'greater than' : 'from'} ${min}${exclusiveMin ? ` and at most ${max}` : ` to ${max}`}`;
  return v.pipe(
    v.number((i) => `got ${show(i.input)}; expected ${accepted}`),
    v.check(
      (x) => Number.isFinite(x) && (exclusiveMin ? x > min : x >= min) && x <= max,
      (i) => `got ${show(i.input)}; expected ${accepted}`,
    ),
  );
}

/** A whole number in [min, max]. */
export function int(min: number, max: number, what?: string) {
  const accepted = `${what ? `${what}, ` : ''}a whole number from ${min} to ${max}`;
  return v.pipe(
    v.number((i) => `got ${show(i.input)}; expected ${accepted}`),
    v.check((x) => Number.isInteger(x) && x >= min && x <= max, (i) => `got ${show(i.input)}; expected ${accepted}`),
  );
}

/** A probability in [0, 1]. */
export const probability = () => num(0, 1, 'a probability');

/** Converts "HH:MM" (00:00–23:59, or 24:00) to minutes after midnight. Assumes the string is valid. */
export function clockToMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** A clock time "HH:MM" on a 24-hour clock; "24:00" is midnight at the end of the day. */
export const clock = () =>
  v.pipe(
    v.string((i) => `got ${show(i.input)}; expected a clock time "HH:MM" such as "08:30"`),
    v.check(
      (s) => /^([01]\d|2[0-3]):[0-5]\d$/.test(s) || s === '24:00',
      (i) => `got ${show(i.input)}; expected a clock time "HH:MM" from "00:00" to "24:00", such as "08:30"`,
    ),
  );

/** An identifier: letters, digits, '-' and '_', starting with a letter, at most 40 characters. */
export const id = (what = 'an id') =>
  v.pipe(
    v.string((i) => `got ${show(i.input)}; expected ${what}: a name of letters, digits, - or _, such as "checkIn"`),
    v.check(
      (s) => /^[A-Za-z][A-Za-z0-9_-]{0,39}$/.test(s),
      (i) => `got ${show(i.input)}; expected ${what}: 1–40 letters, digits, - or _, starting with a letter`,
    ),
  );

/** Free text up to `max` characters. */
export const text = (max: number, what = 'text') =>
  v.pipe(
    v.string((i) => `got ${show(i.input)}; expected ${what} (a string)`),
    v.check((s) => s.length <= max, (i) => `got ${(i.input as string).length} characters; expected ${what} of at most ${max} characters`),
  );

/** A boolean. */
export const bool = () => v.boolean((i) => `got ${show(i.input)}; expected true or false`);

/** A list of 1..max (or min..max) items. */
export function list<T extends v.GenericSchema>(item: T, min: number, max: number, what = 'items') {
  return v.pipe(
    v.array(item, (i) => `got ${show(i.input)}; expected a list of ${min}–${max} ${what}`),
    v.check(
      (a) => a.length >= min && a.length <= max,
      (i) => `got ${(i.input as unknown[]).length} ${what}; expected ${min}–${max}`,
    ),
  );
}

/** A string picked from a fixed set. */
export function oneOf<const T extends readonly string[]>(options: T) {
  return v.picklist(options, (i) => {
    const guess = typeof i.input === 'string' ? didYouMean(i.input, options) : undefined;
    return `got ${show(i.input)}; expected one of ${options.map((o) => JSON.stringify(o)).join(', ')}${guess ? `; did you mean "${guess}"?` : ''}`;
  });
}

/**
 * An object that rejects every unknown key (valibot's strictObject stops at the first one). Each unknown
 * key becomes an issue at its own path; the formatter adds a "did you mean" from `Object.keys(entries)`.
 */
export function strict<const E extends v.ObjectEntries>(entries: E, what = 'an object'): v.ObjectSchema<E, undefined> {
  const known = Object.keys(entries).join(',');
  const schema = v.objectWithRest(
    entries,
    v.never(() => `${UNKNOWN_KEY_MARK}${known}`),
    (i) => (i.expected && i.expected.startsWith('"') ? `missing; expected ${what} to have the key ${i.expected}` : `got ${show(i.input)}; expected ${what}`),
  );
  // Typed as a plain object schema: the inferred types then have exactly the listed keys (objectWithRest's
  // own type would add an index signature `{ [key: string]: never }` that no caller wants).
  return schema as unknown as v.ObjectSchema<E, undefined>;
}

/** A map from ids to values: `{ "<id>": value }`, at most `max` entries. */
export function idMap<T extends v.GenericSchema>(value: T, max: number, what = 'entries') {
  return v.pipe(
    v.record(id('a key'), value, (i) => `got ${show(i.input)}; expected an object mapping ids to ${what}`),
    v.check((r) => Object.keys(r).length <= max, (i) => `got ${Object.keys(i.input as object).length} ${what}; expected at most ${max}`),
  );
}

/** Edit distance (Levenshtein), for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const al = a.toLowerCase();
  const bl = b.toLowerCase();
  let prev = Array.from({ length: bl.length + 1 }, (_, j) => j);
  for (let i = 1; i <= al.length; i++) {
    const cur = [i];
    for (let j = 1; j <= bl.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (al[i - 1] === bl[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[bl.length];
}

/** The closest candidate to `word`, if it is close enough to be a plausible typo (or differs only in case). */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  return bestD <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}
