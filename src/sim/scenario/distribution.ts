/**
 * The schema of a distribution as written in a scenario: every kind the engine's `makeSampler` knows
 * (src/sim/distributions.ts), discriminated by `kind`. All values are minutes.
 */
import * as v from 'valibot';
import { didYouMean, list, num, int, show, strict } from './primitives';

/** Longest duration any distribution parameter may name: one week of minutes. */
export const MAX_MINUTES = 7 * 24 * 60;

const minutes = (what = 'minutes') => num(0, MAX_MINUTES, what);
const signedMinutes = (what = 'minutes') => num(-MAX_MINUTES, MAX_MINUTES, what);
const positiveMinutes = (what = 'minutes') => num(0, MAX_MINUTES, what, true);

/** The distribution kinds, in the order the docs list them. */
export const DISTRIBUTION_KINDS = [
  'deterministic',
  'exponential',
  'uniform',
  'triangular',
  'normal',
  'lognormal',
  'gamma',
  'erlang',
  'empirical',
  'empiricalContinuous',
] as const;

/**
 * A distribution over durations (≥ 0) or, where `signed` is true, over signed offsets such as punctuality
 * (minutes after the appointment; negative means early).
 */
export function distributionSchema(signed = false) {
  const value = signed ? signedMinutes : minutes;
  return v.variant(
    'kind',
    [
      strict({ kind: v.literal('deterministic'), valueMinutes: value('a duration in minutes') }, 'a deterministic distribution'),
      strict({ kind: v.literal('exponential'), meanMinutes: positiveMinutes('a mean in minutes') }, 'an exponential distribution'),
      strict({ kind: v.literal('uniform'), minMinutes: value(), maxMinutes: value() }, 'a uniform distribution'),
      strict(
        { kind: v.literal('triangular'), minMinutes: value(), modeMinutes: value(), maxMinutes: value() },
        'a triangular distribution',
      ),
      strict(
        {
          kind: v.literal('normal'),
          meanMinutes: signedMinutes('a mean in minutes'),
          sdMinutes: minutes('a standard deviation in minutes'),
          minMinutes: v.optional(signedMinutes('a lower truncation point in minutes')),
        },
        'a normal distribution',
      ),
      strict(
        { kind: v.literal('lognormal'), meanMinutes: positiveMinutes('a mean in minutes'), sdMinutes: minutes('a standard deviation in minutes') },
        'a lognormal distribution',
      ),
      strict(
        { kind: v.literal('gamma'), meanMinutes: positiveMinutes('a mean in minutes'), sdMinutes: positiveMinutes('a standard deviation in minutes') },
        'a gamma distribution',
      ),
      strict({ kind: v.literal('erlang'), k: int(1, 1000, 'a number of phases'), meanMinutes: positiveMinutes('a mean in minutes') }, 'an Erlang distribution'),
      strict(
        {
          kind: v.literal('empirical'),
          values: list(value(), 1, 10_000, 'values'),
          weights: v.optional(list(num(0, 1e12, 'a weight'), 1, 10_000, 'weights')),
        },
        'an empirical distribution',
      ),
      strict(
        { kind: v.literal('empiricalContinuous'), samplesMinutes: list(value(), 2, 100_000, 'samples') },
        'a continuous empirical distribution',
      ),
    ],
    (i) =>
      i.expected === 'Object' || i.expected === '"kind"'
        ? `got ${show(i.input)}; expected a distribution such as { "kind": "lognormal", "meanMinutes": 8, "sdMinutes": 3 }`
        : `got kind ${show(i.input)}; expected one of ${DISTRIBUTION_KINDS.map((k) => `"${k}"`).join(', ')}${hint(i.input, DISTRIBUTION_KINDS)}`,
  );
}

/** A duration distribution (values ≥ 0). */
export const DurationSchema = distributionSchema(false);
/** A signed offset distribution (punctuality: minutes after the appointment). */
export const OffsetSchema = distributionSchema(true);

/** A distribution as validated. */
export type Distribution = v.InferOutput<typeof DurationSchema>;

/** " (did you mean …?)" when `input` is a near-miss of one of `options`. */
export function hint(input: unknown, options: readonly string[]): string {
  const guess = typeof input === 'string' ? didYouMean(input, options) : undefined;
  return guess ? `; did you mean "${guess}"?` : '';
}
