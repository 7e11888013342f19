/**
 * Property tests over randomly generated small models (fast-check prints the seed and the shrunk
 * counterexample on failure): accounting, no double booking of staff, staff busy only when on shift or
 * finishing past it, a clock that never goes back, finite non-negative times, reproducibility, common
 * random numbers across staffing changes, and the fast path's equality with the general engine.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileModel, type CompiledModel } from '../../src/sim/compile';
import type { DistributionSpec } from '../../src/sim/distributions';
import { runOnce, type RunResult } from '../../src/sim/engine';
import { canRunFast } from '../../src/sim/fastPath';
import type { NetworkModel, PoolSpec, StepSpec } from '../../src/sim/model';
import { Outcome } from '../../src/sim/records';
import { metricLayout } from '../../src/sim/results';
import { TraceKind } from '../../src/sim/trace';

const duration = fc.oneof(
  fc.integer({ min: 1, max: 15 }).map((m): DistributionSpec => ({ kind: 'exponential', meanMinutes: m })),
  fc.integer({ min: 1, max: 15 }).map((v): DistributionSpec => ({ kind: 'deterministic', valueMinutes: v })),
  fc.integer({ min: 2, max: 15 }).map((m): DistributionSpec => ({ kind: 'lognormal', meanMinutes: m, sdMinutes: m / 2 })),
);

const poolArb = fc.record({
  size: fc.integer({ min: 1, max: 3 }),
  shifts: fc.boolean(),
  // Per member: on duty [a, a + len) and, maybe, again after a break.
  windows: fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 30, max: 200 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 200 })), { minLength: 3, maxLength: 3 }),
});

const stepArb = fc.record({
  needs: fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 2 }),
  service: duration,
  holdFirstUntilNext: fc.boolean(),
  post: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  key: fc.boolean(),
  patience: fc.option(fc.integer({ min: 5, max: 40 }), { nil: undefined }),
  session: fc.boolean(),
});

const modelArb = fc
  .record({
    pools: fc.array(poolArb, { minLength: 3, maxLength: 3 }),
    steps: fc.array(stepArb, { minLength: 1, maxLength: 3 }),
    rework: fc.boolean(),
    skip: fc.boolean(),
    appointments: fc.array(fc.record({ t: fc.integer({ min: 0, max: 240 }), pin: fc.option(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })), { nil: undefined }) }), { maxLength: 25 }),
    noShow: fc.double({ min: 0, max: 0.3, noNaN: true }),
    walkInsPerHour: fc.integer({ min: 0, max: 12 }),
  })
  .map((g): NetworkModel => {
    const pools: PoolSpec[] = g.pools.map((p, i) => {
      const spec: PoolSpec = { name: `pool${i}`, size: p.size };
      if (p.shifts) {
        spec.availability = 'shifts';
        spec.memberShifts = p.windows.slice(0, p.size).map(([a, len, gap, len2]) => [
          { fromMinutes: a, toMinutes: a + len },
          { fromMinutes: a + len + gap, toMinutes: a + len + gap + len2 },
        ]);
      }
      return spec;
    });
    const n = g.steps.length;
    const steps: StepSpec[] = g.steps.map((s, i) => ({
      name: `step${i}`,
      needs: s.needs.map((p, j) => ({
        pool: `pool${p}`,
        holdUntilEndOf: j === 0 && s.holdFirstUntilNext && i + 1 < n ? `step${i + 1}` : undefined,
        postBusy: j === 0 && s.post !== undefined ? { kind: 'uniform', minMinutes: s.post, maxMinutes: s.post + 2 } : undefined,
      })),
      service: s.service,
      order: s.key ? 'key' : 'fifo',
      patience: s.patience === undefined ? undefined : { kind: 'exponential', meanMinutes: s.patience },
      sessions: s.session ? [{ startMinutes: 30, endMinutes: 150 }, { startMinutes: 180, endMinutes: 300 }] : undefined,
      next:
        i === n - 1 && g.rework && n > 1
          ? [{ to: 'step0', p: 0.3, maxTimes: 2 }]
          : i === 0 && g.skip
            ? [{ to: 'exit', p: 0.1 }]
            : undefined,
    }));
    return {
      pools,
      steps,
      sources: [
        {
          kind: 'scheduled',
          name: 'booked',
          appointments: g.appointments.map((a) => ({
            timeMinutes: a.t,
            pin: a.pin && a.pin[1] < pools[a.pin[0]].size ? { pool: `pool${a.pin[0]}`, member: a.pin[1] } : undefined,
          })),
          noShowProbability: g.noShow,
          punctuality: { kind: 'uniform', minMinutes: 0, maxMinutes: 5 },
        },
        { kind: 'arrivals', name: 'walk-in', arrivals: { kind: 'poisson', ratePerHour: g.walkInsPerHour }, endMinutes: 240 },
      ],
      run: { kind: 'until-empty' },
    };
  });

function run(model: NetworkModel, seed: number, extra: { fastPath?: boolean } = {}): { c: CompiledModel; r: RunResult; v: (name: string) => number } {
  const c = compileModel(model);
  const r = runOnce(c, { seed, replication: 0, trace: true, record: true, ...extra });
  const L = metricLayout(c);
  return { c, r, v: (name) => r.values[L.index[name]] };
}

const seedArb = fc.integer({ min: 0, max: 1_000_000 });
const OPTIONS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 60) };

describe('properties of random small models', () => {
  it('every patient is accounted for: served, reneged (left without being seen), no-show, or still in the building', () => {
    fc.assert(
      fc.property(modelArb, seedArb, (model, seed) => {
        const { r, v } = run(model, seed);
        const rec = r.records!;
        expect(v('patients.created')).toBe(rec.count);
        expect(v('patients.served') + v('patients.reneged') + v('patients.noShow') + v('patients.inBuildingAtEnd')).toBe(rec.count);
        const byOutcome = [0, 0, 0, 0];
        for (let i = 0; i < rec.count; i++) byOutcome[rec.outcome[i]]++;
        expect(byOutcome).toEqual([v('patients.inBuildingAtEnd'), v('patients.served'), v('patients.noShow'), v('patients.reneged')]);
        if (v('patients.inBuildingAtEnd') > 0) expect(r.warnings.join(' ')).toMatch(/still in the building/);
        // Every departed patient has a departure after their arrival.
        for (let i = 0; i < rec.count; i++) if (rec.outcome[i] === Outcome.departed) expect(rec.departure[i]).toBeGreaterThanOrEqual(rec.arrival[i]);
      }),
      OPTIONS,
    );
  });

  it('nobody serves two patients at once; members are taken only while on shift; busy ≤ on shift + finishing past shift end', () => {
    fc.assert(
      fc.property(modelArb, seedArb, (model, seed) => {
        const { c, r } = run(model, seed);
        const tr = r.trace!;
        const IDLE = 0, BUSY = 1, POST = 2;
        const state = Array.from(c.poolSize, (n) => new Array<number>(n).fill(IDLE));
        const seizedAt = Array.from(c.poolSize, (n) => new Array<number>(n).fill(-1));
        for (let i = 0; i < tr.length; i++) {
          const k = tr.kind[i], p = tr.pool[i], m = tr.member[i], t = tr.time[i];
          if (k === TraceKind.seize) {
            expect(state[p][m], `pool ${p} member ${m} taken at ${t} while busy`).toBe(IDLE);
            if (c.model.pools[p].availability === 'shifts') expect(c.poolShifts[p][m].isOnAt(t), `pool ${p} member ${m} taken off shift at ${t}`).toBe(true);
            state[p][m] = BUSY;
            seizedAt[p][m] = tr.step[i];
          } else if (k === TraceKind.release) {
            expect(state[p][m]).toBe(BUSY);
            const s = seizedAt[p][m];
            const need = c.model.steps[s].needs.find((x) => x.pool === c.poolNames[p]);
            state[p][m] = need?.postBusy ? POST : IDLE;
          } else if (k === TraceKind.postEnd) {
            expect(state[p][m]).toBe(POST);
            state[p][m] = IDLE;
          }
          // Busy members ≤ members on shift + members finishing a patient (or its paperwork) past their shift.
          if (p >= 0 && c.model.pools[p].availability === 'shifts') {
            let busy = 0, onShift = 0, finishing = 0;
            for (let j = 0; j < c.poolSize[p]; j++) {
              const on = c.poolShifts[p][j].isOnAt(t);
              if (on) onShift++;
              if (state[p][j] !== IDLE) {
                busy++;
                if (!on) finishing++;
              }
            }
            expect(busy).toBeLessThanOrEqual(onShift + finishing);
            expect(busy - finishing).toBeLessThanOrEqual(onShift);
          }
        }
      }),
      OPTIONS,
    );
  });

  it('the clock never goes back and no time is NaN, infinite or negative', () => {
    fc.assert(
      fc.property(modelArb, seedArb, (model, seed) => {
        const { r } = run(model, seed);
        const tr = r.trace!;
        for (let i = 0; i < tr.length; i++) {
          expect(Number.isFinite(tr.time[i]) && tr.time[i] >= 0).toBe(true);
          if (i > 0) expect(tr.time[i]).toBeGreaterThanOrEqual(tr.time[i - 1]);
        }
        const rec = r.records!;
        for (const a of [rec.arrival, rec.visitJoin, rec.visitStart, rec.visitEnd, rec.departure]) {
          for (const x of a) expect(Number.isNaN(x) || (Number.isFinite(x) && x >= 0)).toBe(true);
        }
        for (const x of r.values) expect(Number.isNaN(x) || Number.isFinite(x)).toBe(true);
      }),
      OPTIONS,
    );
  });

  it('same seed ⇒ bit-identical results, trace and records', () => {
    fc.assert(
      fc.property(modelArb, seedArb, (model, seed) => {
        const a = run(model, seed).r;
        const b = run(structuredClone(model), seed).r;
        expect(Array.from(b.values).map(String)).toEqual(Array.from(a.values).map(String));
        expect(b.trace!.time).toEqual(a.trace!.time);
        expect(b.trace!.kind).toEqual(a.trace!.kind);
        expect(b.records!.visitEnd).toEqual(a.records!.visitEnd);
      }),
      { numRuns: 30 },
    );
  });

  it('changing one pool\u2019s size leaves every patient\u2019s arrival, class and drawn durations unchanged (common random numbers)', () => {
    fc.assert(
      fc.property(modelArb, seedArb, fc.integer({ min: 0, max: 2 }), (model, seed, which) => {
        fc.pre(model.pools[which].availability !== 'shifts');
        const bigger = structuredClone(model);
        bigger.pools[which].size += 1;
        const a = run(model, seed).r.records!;
        const b = run(bigger, seed).r.records!;
        expect(b.count).toBe(a.count);
        expect(b.arrival).toEqual(a.arrival);
        expect(b.classIndex).toEqual(a.classIndex);
        expect(b.outcome.map((o) => (o === Outcome.noShow ? 1 : 0))).toEqual(a.outcome.map((o) => (o === Outcome.noShow ? 1 : 0)));
        // The k-th completed visit of a patient to a step lasts the same in both runs.
        const durations = (r: typeof a) => {
          const map = new Map<string, number>();
          const seen = new Map<string, number>();
          for (let i = 0; i < r.visitCount; i++) {
            const key = `${r.visitPatient[i]}/${r.visitStep[i]}`;
            const k = seen.get(key) ?? 0;
            seen.set(key, k + 1);
            if (!Number.isNaN(r.visitEnd[i])) map.set(`${key}/${k}`, r.visitEnd[i] - r.visitStart[i]);
          }
          return map;
        };
        const da = durations(a);
        const db = durations(b);
        for (const [key, d] of da) {
          const e = db.get(key);
          if (e !== undefined) expect(Math.abs(e - d)).toBeLessThanOrEqual(1e-9 * Math.max(1, d));
        }
      }),
      OPTIONS,
    );
  });

  it('the fast path for plain networks equals the general engine bit for bit', () => {
    const plain = fc.record({
      sizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
      services: fc.array(duration, { minLength: 3, maxLength: 3 }),
      feedback: fc.double({ min: 0, max: 0.5, noNaN: true }),
      rate: fc.integer({ min: 1, max: 30 }),
      steady: fc.boolean(),
    });
    fc.assert(
      fc.property(plain, seedArb, (g, seed) => {
        const n = g.sizes.length;
        const model: NetworkModel = {
          pools: g.sizes.map((size, i) => ({ name: `p${i}`, size })),
          steps: g.sizes.map((_, i) => ({
            name: `s${i}`,
            needs: [{ pool: `p${i}` }],
            service: g.services[i],
            next: i === n - 1 ? [{ to: 's0', p: g.feedback }] : undefined,
          })),
          sources: [{ kind: 'arrivals', name: 'a', arrivals: { kind: 'poisson', ratePerHour: g.rate }, endMinutes: g.steady ? undefined : 600 }],
          run: g.steady ? { kind: 'steady-state', horizonMinutes: 3000, warmupMinutes: 300 } : { kind: 'until-empty' },
          waitThresholdsMinutes: [5],
          percentiles: [0.9],
          preDrawVisits: 2,
        };
        const c = compileModel(model);
        expect(canRunFast(c, { seed, replication: 0 })).toBe(true);
        const fast = runOnce(c, { seed, replication: 0 });
        const general = runOnce(c, { seed, replication: 0, fastPath: false });
        expect(Array.from(fast.values).map(String)).toEqual(Array.from(general.values).map(String));
      }),
      OPTIONS,
    );
  });
});
