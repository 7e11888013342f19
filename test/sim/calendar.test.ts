import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Calendar, CalendarPriorityError, MAX_PRIORITY } from '../../src/sim/calendar';
import { ScheduleTimeError } from '../../src/sim/errors';

/** Pops everything, returning [time, kind, entity, data] rows. */
function drain(cal: Calendar): number[][] {
  const out: number[][] = [];
  while (cal.pop()) out.push([cal.popTime, cal.popKind, cal.popEntity, cal.popData]);
  return out;
}

describe('Calendar', () => {
  it('orders by time, then priority, then insertion sequence', () => {
    const cal = new Calendar(0);
    cal.schedule(5, 2, 1, 10, 0);
    cal.schedule(5, 1, 2, 11, 0);
    cal.schedule(3, 9, 3, 12, 0);
    cal.schedule(5, 1, 4, 13, 0);
    cal.schedule(5, 2, 5, 14, 0);
    cal.schedule(4, 0, 6, 15, 0);
    expect(drain(cal).map((r) => r[1])).toEqual([3, 6, 2, 4, 1, 5]);
  });

  it('pops into fields, advances the clock and returns false when empty', () => {
    const cal = new Calendar(-30);
    expect(cal.now).toBe(-30);
    cal.schedule(-10, 0, 7, 3, 2.5);
    expect(cal.pop()).toBe(true);
    expect([cal.popTime, cal.popKind, cal.popEntity, cal.popData, cal.now]).toEqual([-10, 7, 3, 2.5, -10]);
    expect(cal.pop()).toBe(false);
    expect(cal.now).toBe(-10);
  });

  it('grows by doubling and keeps the order of thousands of events', () => {
    const cal = new Calendar(0, 4);
    const times: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const t = ((i * 7919) % 1000) / 10;
      times.push(t);
      cal.schedule(t, 0, 0, i, 0);
    }
    expect(cal.capacity).toBeGreaterThanOrEqual(5000);
    expect(cal.capacity & (cal.capacity - 1)).toBe(0);
    const rows = drain(cal);
    expect(rows.map((r) => r[0])).toEqual([...times].sort((a, b) => a - b));
    // Equal times come out in insertion order (entity = insertion index here).
    for (let i = 1; i < rows.length; i++) if (rows[i][0] === rows[i - 1][0]) expect(rows[i][2]).toBeGreaterThan(rows[i - 1][2]);
  });

  it('cancels an entity\u2019s pending cancellable events through its generation, leaving other events alone', () => {
    const cal = new Calendar(0);
    cal.scheduleCancellable(10, 0, 1, 4, 0); // patience timer of entity 4
    cal.schedule(12, 0, 2, 4, 0); // a plain event of the same entity
    cal.scheduleCancellable(11, 0, 3, 5, 0); // another entity's timer
    cal.cancel(4);
    expect(cal.staleCount).toBe(1);
    expect(drain(cal).map((r) => r[1])).toEqual([3, 2]);
    // A timer scheduled after the cancellation is live again.
    cal.scheduleCancellable(20, 0, 4, 4, 0);
    expect(drain(cal).map((r) => r[1])).toEqual([4]);
  });

  it('compacts when cancelled entries dominate, without changing the order of the rest', () => {
    const cal = new Calendar(0);
    for (let e = 0; e < 3000; e++) cal.scheduleCancellable(3000 - e, 0, 1, e, 0);
    for (let e = 0; e < 3000; e += 3) cal.schedule(e + 0.5, 0, 2, e, 0);
    for (let e = 0; e < 3000; e++) if (e % 10 !== 0) cal.cancel(e);
    expect(cal.size).toBeLessThan(4000 - 2000);
    const rows = drain(cal);
    expect(rows.filter((r) => r[1] === 1).map((r) => r[2] % 10)).toEqual(new Array(300).fill(0));
    expect(rows.filter((r) => r[1] === 2)).toHaveLength(1000);
    for (let i = 1; i < rows.length; i++) expect(rows[i][0]).toBeGreaterThanOrEqual(rows[i - 1][0]);
  });

  it('rejects NaN, infinite and past times with a named error carrying time, entity and value', () => {
    const cal = new Calendar(0);
    cal.schedule(5, 0, 0, 0, 0);
    cal.pop();
    for (const bad of [NaN, Infinity, -Infinity, 4.999, -1]) {
      let err: unknown;
      try {
        cal.schedule(bad, 0, 3, 42, 0);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ScheduleTimeError);
      const e = err as ScheduleTimeError;
      expect([e.name, e.now, e.entity, e.kind]).toEqual(['ScheduleTimeError', 5, 42, 3]);
      expect(Object.is(e.value, bad)).toBe(true);
      expect(e.message).toContain('entity 42');
      expect(e.message).toContain('t=5');
    }
    expect(() => cal.scheduleCancellable(NaN, 0, 0, 1, 0)).toThrow(ScheduleTimeError);
    expect(() => new Calendar(NaN)).toThrow(ScheduleTimeError);
    expect(cal.size).toBe(0);
  });

  it('rejects priorities that are not integers in [0, MAX_PRIORITY]', () => {
    const cal = new Calendar(0);
    for (const p of [-1, 0.5, MAX_PRIORITY + 1, NaN]) expect(() => cal.schedule(1, p, 0, 0, 0)).toThrow(CalendarPriorityError);
    cal.schedule(1, MAX_PRIORITY, 0, 0, 0);
    expect(cal.size).toBe(1);
  });

  it('matches a sorted reference under random schedules, pops and cancellations (property)', () => {
    const op = fc.oneof(
      fc.record({ k: fc.constant('push' as const), dt: fc.integer({ min: 0, max: 20 }), pr: fc.integer({ min: 0, max: 3 }), ent: fc.integer({ min: 0, max: 5 }), c: fc.boolean() }),
      fc.record({ k: fc.constant('pop' as const) }),
      fc.record({ k: fc.constant('cancel' as const), ent: fc.integer({ min: 0, max: 5 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const cal = new Calendar(0, 4);
        type Ev = { t: number; pr: number; seq: number; ent: number; gen: number };
        let ref: Ev[] = [];
        const gen = new Array(6).fill(0);
        let seq = 0;
        for (const o of ops) {
          if (o.k === 'push') {
            const t = cal.now + o.dt;
            if (o.c) cal.scheduleCancellable(t, o.pr, 0, o.ent, seq);
            else cal.schedule(t, o.pr, 0, o.ent, seq);
            ref.push({ t, pr: o.pr, seq: seq++, ent: o.ent, gen: o.c ? gen[o.ent] : -1 });
          } else if (o.k === 'cancel') {
            cal.cancel(o.ent);
            gen[o.ent]++;
          } else {
            ref = ref.filter((e) => e.gen < 0 || e.gen === gen[e.ent]);
            ref.sort((a, b) => a.t - b.t || a.pr - b.pr || a.seq - b.seq);
            const want = ref.shift();
            const got = cal.pop();
            expect(got).toBe(want !== undefined);
            if (want) expect([cal.popTime, cal.popData]).toEqual([want.t, want.seq]);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
