/**
 * Arrival processes: when walk-in patients (or any unscheduled arrivals) come through the door.
 *
 * Units: times are minutes on the run's clock (minutes from the start of the day or of the run); rates are
 * patients per hour, as a clinic manager states them. An arrival window is [startMinutes, endMinutes):
 * the first gap is measured from startMinutes and an arrival at exactly endMinutes is not counted.
 *
 * Each process is a small object with a `next()` method (no closure, promise or generator per arrival),
 * consuming one uniform per arrival from its own stream, plus one for the draw that falls past the window.
 */
import type { Stream } from './streams';
import { log1pNeg } from './detMath';

/** An arrival process as written in a scenario. */
export type ArrivalSpec =
  /** Poisson process with a constant rate (patients per hour, ≥ 0). */
  | { kind: 'poisson'; ratePerHour: number }
  /**
   * Non-stationary Poisson process whose rate is constant within each hour: `ratesPerHour[i]` applies to
   * [start + 60i, start + 60(i + 1)); after the last hour the rate is 0.
   */
  | { kind: 'hourlyProfile'; ratesPerHour: readonly number[] }
  /** Explicit arrival times (minutes on the run's clock), in any order. */
  | { kind: 'list'; timesMinutes: readonly number[] };

/** A source of arrival times in non-decreasing order. */
export interface ArrivalProcess {
  /** The next arrival time (minutes), or Infinity once the window is exhausted (and forever after). */
  next(): number;
  /**
   * Starts over from the window's start, drawing on from the stream's current state (reseed the stream
   * first for the same arrivals again): a day reuses one process instead of building one.
   */
  restart(): void;
}

/** Thrown for an invalid arrival spec or window; the message names the bad parameter and value. */
export class ArrivalError extends Error {
  override readonly name = 'ArrivalError';
}

const MINUTES_PER_HOUR = 60;

/**
 * Poisson arrivals at a constant rate: exponential gaps with mean 60/ratePerHour minutes, drawn by inverse
 * transform, −mean·log1p(−u) (log1p because alea can return exactly 0).
 */
export class PoissonArrivals implements ArrivalProcess {
  private readonly stream: Stream;
  private readonly meanGapMinutes: number;
  private readonly endMinutes: number;
  private readonly startMinutes: number;
  private time = 0;

  /**
   * @param ratePerHour ≥ 0; 0 gives no arrivals (and draws nothing).
   * @param startMinutes the window's start; the first gap is measured from here.
   * @param endMinutes the window's end (exclusive); Infinity for a steady-state run.
   */
  constructor(stream: Stream, ratePerHour: number, startMinutes: number, endMinutes = Infinity) {
    this.stream = stream;
    this.meanGapMinutes = MINUTES_PER_HOUR / ratePerHour;
    this.endMinutes = endMinutes;
    this.startMinutes = ratePerHour > 0 ? startMinutes : Infinity;
    this.time = this.startMinutes;
  }

  restart(): void {
    this.time = this.startMinutes;
  }

  next(): number {
    if (this.time === Infinity) return Infinity;
    this.time -= this.meanGapMinutes * log1pNeg(this.stream.next());
    if (this.time >= this.endMinutes) this.time = Infinity;
    return this.time;
  }
}

/**
 * Non-stationary Poisson arrivals with a piecewise-constant hourly rate, sampled exactly by inverting the
 * cumulative intensity Λ(t) = ∫λ: each arrival draws one unit-rate exponential E and moves forward until Λ
 * has grown by E, walking through hour blocks (zero-rate blocks add nothing, so they are crossed without an
 * arrival). Reference: Law, Simulation Modeling and Analysis, 5th ed. (2015), §8.6.2 (inversion of Λ).
 */
export class HourlyProfileArrivals implements ArrivalProcess {
  private readonly stream: Stream;
  private readonly ratesPerMinute: Float64Array;
  private readonly startMinutes: number;
  private readonly endMinutes: number;
  /** startMinutes, or Infinity if every rate is 0. */
  private readonly firstTime: number;
  private time = 0;
  private block = 0;

  /**
   * @param ratesPerHour one rate (patients per hour, ≥ 0) per 60-minute block from startMinutes.
   * @param startMinutes start of the first block and of the window.
   * @param endMinutes the window's end (exclusive); the profile's end if later or omitted.
   */
  constructor(stream: Stream, ratesPerHour: readonly number[], startMinutes: number, endMinutes = Infinity) {
    this.stream = stream;
    this.ratesPerMinute = Float64Array.from(ratesPerHour, (r) => r / MINUTES_PER_HOUR);
    this.startMinutes = startMinutes;
    this.endMinutes = Math.min(endMinutes, startMinutes + MINUTES_PER_HOUR * ratesPerHour.length);
    this.firstTime = ratesPerHour.some((r) => r > 0) ? startMinutes : Infinity;
    this.time = this.firstTime;
  }

  restart(): void {
    this.time = this.firstTime;
    this.block = 0;
  }

  next(): number {
    if (this.time === Infinity) return Infinity;
    let remaining = -log1pNeg(this.stream.next());
    let t = this.time;
    for (let b = this.block; b < this.ratesPerMinute.length; b++) {
      const rate = this.ratesPerMinute[b];
      // Block ends from exact constants, never accumulated, so an arrival at a boundary ties exactly.
      const blockEnd = this.startMinutes + MINUTES_PER_HOUR * (b + 1);
      const mass = rate * (blockEnd - t);
      if (rate > 0 && remaining <= mass) {
        // min(): rounding must never carry an arrival past its block (and the clock backwards on the next call).
        t = Math.min(t + remaining / rate, blockEnd);
        this.block = b;
        this.time = t < this.endMinutes ? t : Infinity;
        return this.time;
      }
      remaining -= mass;
      t = blockEnd;
    }
    this.time = Infinity;
    return Infinity;
  }
}

/** Arrivals at given times: sorted once, those outside [startMinutes, endMinutes) dropped. Draws nothing. */
export class ListArrivals implements ArrivalProcess {
  private readonly times: Float64Array;
  private index = 0;

  constructor(timesMinutes: readonly number[], startMinutes: number, endMinutes = Infinity) {
    this.times = Float64Array.from(timesMinutes.filter((t) => t >= startMinutes && t < endMinutes)).sort();
  }

  next(): number {
    return this.index < this.times.length ? this.times[this.index++] : Infinity;
  }

  restart(): void {
    this.index = 0;
  }
}

function checkRate(name: string, v: unknown): string | null {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? null : `${name} must be a number ≥ 0 (got ${String(v)})`;
}

/**
 * Checks an arrival spec and explains the first problem in plain language.
 * @returns null if valid, otherwise e.g. "ratesPerHour[2] must be a number ≥ 0 (got -1)".
 */
export function checkArrivals(spec: ArrivalSpec): string | null {
  if (spec === null || typeof spec !== 'object') return 'arrivals must be an object with a kind';
  switch (spec.kind) {
    case 'poisson':
      return checkRate('ratePerHour', spec.ratePerHour);
    case 'hourlyProfile': {
      if (!Array.isArray(spec.ratesPerHour) || spec.ratesPerHour.length === 0) return 'ratesPerHour must list at least one hourly rate';
      for (let i = 0; i < spec.ratesPerHour.length; i++) {
        const problem = checkRate(`ratesPerHour[${i}]`, spec.ratesPerHour[i]);
        if (problem !== null) return problem;
      }
      return null;
    }
    case 'list': {
      if (!Array.isArray(spec.timesMinutes)) return 'timesMinutes must be a list of times';
      const bad = spec.timesMinutes.findIndex((t) => typeof t !== 'number' || !Number.isFinite(t));
      return bad < 0 ? null : `timesMinutes[${bad}] must be a finite number (got ${String(spec.timesMinutes[bad])})`;
    }
    default:
      return `unknown arrival kind '${String((spec as { kind?: unknown }).kind)}'`;
  }
}

function checkWindow(spec: ArrivalSpec, startMinutes: number, endMinutes: number): void {
  const problem = checkArrivals(spec) ??
    (Number.isFinite(startMinutes) ? null : `startMinutes must be a finite number (got ${startMinutes})`) ??
    (endMinutes >= startMinutes ? null : `endMinutes must not be before startMinutes (got ${startMinutes} to ${endMinutes})`);
  if (problem !== null) throw new ArrivalError(`${String(spec?.kind)} arrivals: ${problem}`);
}

/**
 * Builds the arrival process for `spec` over [startMinutes, endMinutes).
 * @param stream the process's own stream (unused by `list`).
 * @param endMinutes exclusive end; Infinity (default) for a steady-state run.
 * @throws ArrivalError for an invalid spec or window.
 */
export function makeArrivals(spec: ArrivalSpec, stream: Stream, startMinutes: number, endMinutes = Infinity): ArrivalProcess {
  checkWindow(spec, startMinutes, endMinutes);
  switch (spec.kind) {
    case 'poisson':
      return new PoissonArrivals(stream, spec.ratePerHour, startMinutes, endMinutes);
    case 'hourlyProfile':
      return new HourlyProfileArrivals(stream, spec.ratesPerHour, startMinutes, endMinutes);
    case 'list':
      return new ListArrivals(spec.timesMinutes, startMinutes, endMinutes);
  }
}

/**
 * Drains a process into a Float64Array of its arrival times (minutes, non-decreasing), growing by doubling.
 * The process must end (a finite window), or this never returns.
 */
export function collectArrivals(process: ArrivalProcess): Float64Array {
  let times = new Float64Array(64);
  let count = 0;
  for (let t = process.next(); t !== Infinity; t = process.next()) {
    if (count === times.length) {
      const grown = new Float64Array(times.length * 2);
      grown.set(times);
      times = grown;
    }
    times[count++] = t;
  }
  return times.slice(0, count);
}

/**
 * All arrival times of `spec` in [startMinutes, endMinutes), as a Float64Array (minutes, non-decreasing).
 * Draws the same numbers as `makeArrivals(...)` followed by `next()` until Infinity.
 * @throws ArrivalError for an invalid spec or window, or an unbounded window with a positive constant rate.
 */
export function arrivalTimes(spec: ArrivalSpec, stream: Stream, startMinutes: number, endMinutes: number): Float64Array {
  if (spec?.kind === 'poisson' && spec.ratePerHour > 0 && !Number.isFinite(endMinutes)) {
    throw new ArrivalError(`poisson arrivals: endMinutes must be finite to list every arrival (got ${endMinutes})`);
  }
  return collectArrivals(makeArrivals(spec, stream, startMinutes, endMinutes));
}

/**
 * Expected number of arrivals in [startMinutes, endMinutes): the integral of the rate, ∫λ(t)dt, with λ in
 * patients per minute (for `list`, the exact count). Useful for sizing buffers and for checking runs.
 * @throws ArrivalError for an invalid spec or window.
 */
export function expectedArrivals(spec: ArrivalSpec, startMinutes: number, endMinutes: number): number {
  checkWindow(spec, startMinutes, endMinutes);
  switch (spec.kind) {
    case 'poisson':
      return spec.ratePerHour === 0 ? 0 : (spec.ratePerHour / MINUTES_PER_HOUR) * (endMinutes - startMinutes);
    case 'hourlyProfile':
      return spec.ratesPerHour.reduce((sum, rate, b) => {
        const from = startMinutes + MINUTES_PER_HOUR * b;
        const overlap = Math.max(0, Math.min(endMinutes, from + MINUTES_PER_HOUR) - from);
        return sum + (rate / MINUTES_PER_HOUR) * overlap;
      }, 0);
    case 'list':
      return spec.timesMinutes.filter((t) => t >= startMinutes && t < endMinutes).length;
  }
}
