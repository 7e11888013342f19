import { describe, expect, it } from 'vitest';
import { makeStream, type Stream } from '../../src/sim/streams';
import {
  ArrivalError,
  arrivalTimes,
  checkArrivals,
  collectArrivals,
  expectedArrivals,
  HourlyProfileArrivals,
  makeArrivals,
  PoissonArrivals,
  type ArrivalSpec,
} from '../../src/sim/arrivals';

/** Replays fixed uniforms and counts draws. */
class FixedStream implements Stream {
  count = 0;
  constructor(private readonly values: readonly number[]) {}
  next(): number {
    return this.values[this.count++ % this.values.length];
  }
}

/** The uniform whose unit exponential −log(1 − u) equals e. */
const uniformFor = (e: number) => -Math.expm1(-e);

describe('Poisson arrivals (constant rate)', () => {
  it('measures the first gap from the window start, in minutes from a per-hour rate', () => {
    // 6 per hour: mean gap 10 min; E = 1 and E = 0.5 give gaps of 10 and 5 minutes.
    const process = new PoissonArrivals(new FixedStream([uniformFor(1), uniformFor(0.5)]), 6, 480, 600);
    expect(process.next()).toBeCloseTo(490, 12);
    expect(process.next()).toBeCloseTo(495, 12);
  });

  it('ends at the window end (exclusive), after one extra draw, and stays ended without drawing', () => {
    const stream = new FixedStream([uniformFor(2)]);
    const process = makeArrivals({ kind: 'poisson', ratePerHour: 3 }, stream, 0, 120);
    // Gaps of 40 min: arrivals at 40 and 80; the draw for 120 falls on the (excluded) end.
    expect([process.next(), process.next(), process.next(), process.next()]).toEqual([
      expect.closeTo(40, 12), expect.closeTo(80, 12), Infinity, Infinity,
    ]);
    expect(stream.count).toBe(3);
  });

  it('a zero rate gives no arrivals and draws nothing', () => {
    const stream = new FixedStream([0.5]);
    expect(arrivalTimes({ kind: 'poisson', ratePerHour: 0 }, stream, 0, 600)).toHaveLength(0);
    expect(stream.count).toBe(0);
  });

  it('counts match rate × duration and gaps are exponential (1000 clinic days)', () => {
    const spec: ArrivalSpec = { kind: 'poisson', ratePerHour: 7.5 };
    const expected = expectedArrivals(spec, 480, 1020); // 9 hours: 67.5 arrivals
    expect(expected).toBe(67.5);
    let total = 0;
    let gapSum = 0;
    let gaps = 0;
    let outOfOrder = 0;
    let outsideWindow = 0;
    for (let day = 0; day < 1000; day++) {
      const times = arrivalTimes(spec, makeStream(7, day, 'arrivals/walk-in'), 480, 1020);
      total += times.length;
      for (let i = 0; i < times.length; i++) {
        if (times[i] < 480 || times[i] >= 1020) outsideWindow++;
        if (i === 0) continue;
        if (times[i] < times[i - 1]) outOfOrder++;
        gapSum += times[i] - times[i - 1];
        gaps++;
      }
    }
    expect(outOfOrder).toBe(0);
    expect(outsideWindow).toBe(0);
    // The day's count is Poisson(67.5): the mean of 1000 days has sd √(67.5/1000) ≈ 0.26; allow 5 sd.
    expect(Math.abs(total / 1000 - expected)).toBeLessThan(5 * Math.sqrt(expected / 1000));
    // Mean gap 8 min, sd 8/√(gaps) ≈ 0.031; allow 5 sd.
    expect(Math.abs(gapSum / gaps - 8)).toBeLessThan((5 * 8) / Math.sqrt(gaps));
  });

  it('the incremental generator and the filled array draw the same times', () => {
    const spec: ArrivalSpec = { kind: 'poisson', ratePerHour: 20 };
    const filled = arrivalTimes(spec, makeStream('crn', 3, 'arrivals/walk-in'), 0, 10_000);
    const process = makeArrivals(spec, makeStream('crn', 3, 'arrivals/walk-in'), 0);
    for (const t of filled) expect(process.next()).toBe(t);
    // With no end the generator simply carries on (a steady-state run).
    expect(process.next()).toBeGreaterThanOrEqual(10_000);
    expect(filled.length).toBeGreaterThan(3000);
  });
});

describe('hourly-profile arrivals (non-stationary Poisson)', () => {
  it('inverts the cumulative intensity exactly, crossing zero-rate hours', () => {
    // Rates 6, 0, 12 per hour from 08:00 (480). E = 7: hour 1 holds intensity 6, hour 2 none, then
    // 1 more unit at 12/h (0.2 per minute) takes 5 minutes: 480 + 120 + 5.
    const process = new HourlyProfileArrivals(new FixedStream([uniformFor(7)]), [6, 0, 12], 480);
    expect(process.next()).toBeCloseTo(605, 10);
    // E = 0.5 within the same hour: 2.5 minutes later.
    const next = new HourlyProfileArrivals(new FixedStream([uniformFor(3), uniformFor(0.5)]), [6, 0, 12], 480);
    expect(next.next()).toBeCloseTo(510, 10);
    expect(next.next()).toBeCloseTo(515, 10);
  });

  it('an arrival that needs more intensity than the profile holds ends the process', () => {
    const stream = new FixedStream([uniformFor(19)]);
    const process = new HourlyProfileArrivals(stream, [6, 0, 12], 480);
    expect(process.next()).toBe(Infinity);
    expect(process.next()).toBe(Infinity);
    expect(stream.count).toBe(1);
  });

  it('arrivals drawn right at an hour boundary stay in order and never land inside a zero-rate hour', () => {
    // E within a few ulps of 6 exactly fills hour 1 (intensity 6): rounding may put the arrival at 540 or
    // carry it over the empty hour to 600, but never into (540, 600) and never backwards.
    const boundary = uniformFor(6);
    for (let k = -40; k <= 40; k++) {
      const process = new HourlyProfileArrivals(new FixedStream([boundary + k * 2 ** -52, 0, 0.5]), [6, 0, 12], 480);
      const times = [process.next(), process.next(), process.next()];
      expect(times[1]).toBeGreaterThanOrEqual(times[0]);
      expect(times[2]).toBeGreaterThan(times[1]);
      for (const t of times) expect(t <= 540 || t >= 600).toBe(true);
    }
  });

  it('per-hour counts match ∫λ over each hour, with none in zero-rate hours (2000 days)', () => {
    const rates = [4, 10, 0, 0, 8, 2];
    const spec: ArrivalSpec = { kind: 'hourlyProfile', ratesPerHour: rates };
    expect(expectedArrivals(spec, 420, 420 + 360)).toBe(24);
    // The profile's first hour starts at startMinutes: over 90 minutes, a full hour at 4/h and half an hour at 10/h.
    expect(expectedArrivals(spec, 450, 540)).toBe(4 + 5);
    const perHour = new Float64Array(rates.length);
    const days = 2000;
    for (let day = 0; day < days; day++) {
      const times = arrivalTimes(spec, makeStream(11, day, 'arrivals/walk-in'), 420, Infinity);
      for (const t of times) perHour[Math.floor((t - 420) / 60)]++;
    }
    rates.forEach((rate, hour) => {
      const mean = perHour[hour] / days;
      if (rate === 0) expect(perHour[hour]).toBe(0);
      // Poisson(rate) counts: the mean over 2000 days has sd √(rate/2000); allow 5 sd.
      else expect(Math.abs(mean - rate)).toBeLessThan(5 * Math.sqrt(rate / days));
    });
  });

  it('a window end before the profile end cuts arrivals off there', () => {
    const times = arrivalTimes({ kind: 'hourlyProfile', ratesPerHour: [30, 30, 30] }, makeStream(1, 0, 'a'), 0, 90);
    expect(times.length).toBeGreaterThan(20);
    expect(times[times.length - 1]).toBeLessThan(90);
  });
});

describe('explicit lists, validation and helpers', () => {
  it('lists are sorted and clipped to the window, and draw nothing', () => {
    const stream = new FixedStream([0.5]);
    const spec: ArrivalSpec = { kind: 'list', timesMinutes: [600, 480, 530, 700, 479.5] };
    expect(Array.from(arrivalTimes(spec, stream, 480, 700))).toEqual([480, 530, 600]);
    expect(expectedArrivals(spec, 480, 700)).toBe(3);
    expect(stream.count).toBe(0);
  });

  it('collectArrivals grows past its initial buffer', () => {
    const many = Array.from({ length: 1000 }, (_, i) => i);
    const times = collectArrivals(makeArrivals({ kind: 'list', timesMinutes: many }, new FixedStream([0]), 0));
    expect(times).toHaveLength(1000);
    expect(times[999]).toBe(999);
  });

  it('rejects invalid specs in plain language, with a named error', () => {
    expect(checkArrivals({ kind: 'poisson', ratePerHour: -1 })).toBe('ratePerHour must be a number ≥ 0 (got -1)');
    expect(checkArrivals({ kind: 'hourlyProfile', ratesPerHour: [] })).toMatch(/at least one/);
    expect(checkArrivals({ kind: 'hourlyProfile', ratesPerHour: [3, NaN] })).toMatch(/ratesPerHour\[1\]/);
    expect(checkArrivals({ kind: 'list', timesMinutes: [1, Infinity] })).toMatch(/timesMinutes\[1\]/);
    expect(checkArrivals({ kind: 'poisson', ratePerHour: 4 })).toBeNull();
    const stream = new FixedStream([0.5]);
    expect(() => makeArrivals({ kind: 'poisson', ratePerHour: 4 }, stream, 600, 500)).toThrowError(ArrivalError);
    expect(() => arrivalTimes({ kind: 'poisson', ratePerHour: 4 }, stream, 0, Infinity)).toThrowError(/must be finite/);
    try {
      makeArrivals({ kind: 'poisson', ratePerHour: -2 }, stream, 0, 10);
    } catch (e) {
      expect((e as Error).name).toBe('ArrivalError');
      expect((e as Error).message).toContain('-2');
    }
  });
});

describe('restarting an arrival process', () => {
  const specs: ArrivalSpec[] = [
    { kind: 'poisson', ratePerHour: 6 },
    { kind: 'poisson', ratePerHour: 0 },
    { kind: 'hourlyProfile', ratesPerHour: [1.5, 0, 3, 0.5] },
    { kind: 'hourlyProfile', ratesPerHour: [0, 0] },
    { kind: 'list', timesMinutes: [30, 5, 400, 90] },
  ];
  for (const spec of specs)
    it(`${spec.kind} ${JSON.stringify(spec).slice(0, 40)}: after restart() draws as a new process from the stream's state`, () => {
      const a = makeStream(11, 2, 'arrivals/restart');
      const process = makeArrivals(spec, a, 60, 300);
      collectArrivals(process);
      const b = makeStream(11, 2, 'arrivals/restart');
      collectArrivals(makeArrivals(spec, b, 60, 300));
      // Both streams are now at the same state: a restarted process and a new one draw the same times.
      process.restart();
      expect(collectArrivals(process)).toEqual(collectArrivals(makeArrivals(spec, b, 60, 300)));
      expect(a.next()).toBe(b.next());
    });
});
