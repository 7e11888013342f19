import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/sim/compile';
import { runOnce } from '../../src/sim/engine';
import { EventBudgetError, ModelError } from '../../src/sim/errors';
import { canRunFast } from '../../src/sim/fastPath';
import type { NetworkModel } from '../../src/sim/model';
import { aggregate, metric, runReplications } from '../../src/sim/replications';
import { metricLayout } from '../../src/sim/results';

const mmc: NetworkModel = {
  pools: [{ name: 'desk', size: 3 }],
  steps: [{ name: 'check-in', needs: [{ pool: 'desk' }], service: { kind: 'exponential', meanMinutes: 12 } }],
  sources: [{ kind: 'arrivals', name: 'walk-in', arrivals: { kind: 'poisson', ratePerHour: 12 } }],
  run: { kind: 'steady-state', horizonMinutes: 20_000, warmupMinutes: 2_000 },
  waitThresholdsMinutes: [5, 15],
  percentiles: [0.5, 0.9],
};

/** Two classes with their own pathways, a rework loop with a limit, two sources (one with an hourly profile). */
const network: NetworkModel = {
  pools: [
    { name: 'reception', size: 2 },
    { name: 'nurses', size: 3 },
    { name: 'doctors', size: 2 },
    { name: 'billing', size: 1 },
  ],
  steps: [
    { name: 'check-in', needs: [{ pool: 'reception' }], service: { kind: 'lognormal', meanMinutes: 4, sdMinutes: 2 } },
    { name: 'prep', needs: [{ pool: 'nurses' }], service: { kind: 'gamma', meanMinutes: 14, sdMinutes: 6 } },
    { name: 'exam', needs: [{ pool: 'doctors' }], service: { kind: 'exponential', meanMinutes: 9 } },
    { name: 'checkout', needs: [{ pool: 'billing' }], service: { kind: 'deterministic', valueMinutes: 4 } },
  ],
  classes: [
    {
      name: 'follow-up',
      pathway: [
        { step: 'check-in' },
        { step: 'prep' },
        { step: 'exam', next: [{ to: 'prep', p: 0.3, maxTimes: 2 }, { to: 'exit', p: 0.1 }] },
        { step: 'checkout' },
      ],
    },
    { name: 'quick', pathway: [{ step: 'check-in' }, { step: 'exam', service: { kind: 'uniform', minMinutes: 2, maxMinutes: 6 } }, { step: 'checkout' }] },
  ],
  sources: [
    { kind: 'arrivals', name: 'walk-in', arrivals: { kind: 'poisson', ratePerHour: 6 }, classMix: [{ class: 'follow-up', p: 0.7 }, { class: 'quick', p: 0.3 }] },
    { kind: 'arrivals', name: 'morning-rush', arrivals: { kind: 'hourlyProfile', ratesPerHour: [6, 3, 0, 2] }, classMix: [{ class: 'quick', p: 1 }] },
  ],
  run: { kind: 'steady-state', horizonMinutes: 30_000, warmupMinutes: 3_000 },
  waitThresholdsMinutes: [10],
  preDrawVisits: 1,
};

const day: NetworkModel = { ...network, run: { kind: 'until-empty' }, sources: [{ ...network.sources[0], endMinutes: 480 } as NetworkModel['sources'][number], network.sources[1]] };

function same(a: Float64Array, b: Float64Array): string[] {
  const diffs: string[] = [];
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) diffs.push(`#${i}: ${a[i]} vs ${b[i]}`);
  return diffs;
}

describe('engine', () => {
  it('reproduces M/M/3 theory roughly in one short run (smoke test; theory is checked in test/validation)', () => {
    const r = runOnce(compileModel(mmc), { seed: 1, replication: 0 });
    const L = metricLayout(compileModel(mmc));
    const v = (n: string) => r.values[L.index[n]];
    expect(v('pool.desk.utilisation')).toBeGreaterThan(0.7);
    expect(v('pool.desk.utilisation')).toBeLessThan(0.9);
    expect(v('patients.served')).toBe(v('patients.arrived'));
    expect(v('step.check-in.exits')).toBe(v('patients.served'));
    expect(v('patients.timeInSystem.p50')).toBeLessThan(v('patients.timeInSystem.p90'));
    expect(r.warnings).toEqual([]);
  });

  for (const [name, model] of [['M/M/3', mmc], ['two-class network with rework', network], ['finite day', day]] as const) {
    it(`fast path and general engine give bit-identical metrics: ${name}`, () => {
      const c = compileModel(model);
      expect(canRunFast(c, { seed: 's', replication: 0 })).toBe(true);
      for (const rep of [0, 3]) {
        const fast = runOnce(c, { seed: 's', replication: rep });
        const general = runOnce(c, { seed: 's', replication: rep, fastPath: false });
        expect(same(fast.values, general.values)).toEqual([]);
        expect(fast.warnings).toEqual(general.warnings);
      }
    });
  }

  it('gives the same metrics with the trace and records on (recording never changes the run)', () => {
    const c = compileModel(network);
    const plain = runOnce(c, { seed: 9, replication: 1, fastPath: false });
    const traced = runOnce(c, { seed: 9, replication: 1, trace: true, record: true });
    expect(same(plain.values, traced.values)).toEqual([]);
    expect(traced.trace?.length).toBeGreaterThan(1000);
    expect(traced.records?.count).toBeGreaterThan(100);
  });

  it('same seed, same replication ⇒ bit-identical results; another replication differs', () => {
    const c = compileModel(network);
    const a = runOnce(c, { seed: 'x', replication: 2 });
    const b = runOnce(compileModel(structuredClone(network)), { seed: 'x', replication: 2 });
    const d = runOnce(c, { seed: 'x', replication: 3 });
    expect(same(a.values, b.values)).toEqual([]);
    expect(same(a.values, d.values).length).toBeGreaterThan(0);
  });

  it('aggregates bit-identically in one pass, in chunks, or in any delivery order', () => {
    const whole = runReplications(network, { seed: 5, from: 0, to: 6 });
    const parts = [runReplications(network, { seed: 5, from: 4, to: 6 }), runReplications(network, { seed: 5, from: 0, to: 1 }), runReplications(network, { seed: 5, from: 1, to: 4 })];
    const a = aggregate(whole.replications, 0.95);
    const b = aggregate(parts.flatMap((p) => p.replications).reverse(), 0.95);
    expect(same(a.mean, b.mean)).toEqual([]);
    expect(same(a.halfWidth, b.halfWidth)).toEqual([]);
    const w = metric(a, whole.layout, 'step.exam.wait.mean');
    expect(w.low).toBeLessThan(w.mean);
    expect(() => aggregate([...whole.replications, whole.replications[0]])).toThrow(/appears twice/);
  });

  it('counts staff "available while patients are present" on duty only while someone is in the building', () => {
    const m: NetworkModel = {
      pools: [{ name: 'clerk', size: 2, availability: 'while-patients-present' }],
      steps: [{ name: 'desk', needs: [{ pool: 'clerk' }], service: { kind: 'deterministic', valueMinutes: 5 } }],
      sources: [{ kind: 'scheduled', name: 'booked', appointments: [{ timeMinutes: 0 }, { timeMinutes: 20 }] }],
      run: { kind: 'until-empty' },
    };
    const c = compileModel(m);
    const r = runOnce(c, { seed: 1, replication: 0 });
    const v = (n: string) => r.values[metricLayout(c).index[n]];
    // Occupied [0, 5] and [20, 25] of the day [0, 25]: 2 clerks × 10 minutes on duty, 10 busy minutes.
    expect(v('pool.clerk.onDuty.mean')).toBeCloseTo((2 * 10) / 25, 12);
    expect(v('pool.clerk.utilisation')).toBeCloseTo(0.5, 12);
  });

  it('warns about a pool loaded at or above capacity instead of failing', () => {
    const over = { ...mmc, pools: [{ name: 'desk', size: 2 }], run: { kind: 'steady-state' as const, horizonMinutes: 2000, warmupMinutes: 0 } };
    const r = runOnce(compileModel(over), { seed: 1, replication: 0 });
    expect(r.warnings.join(' ')).toMatch(/desk.*utilisation 1\.200 ≥ 1/);
  });

  it('rejects invalid models with a ModelError naming the field', () => {
    const bad = (m: unknown) => () => compileModel(m as NetworkModel);
    expect(bad({ ...mmc, steps: [{ ...mmc.steps[0], needs: [{ pool: 'nobody' }] }] })).toThrow(ModelError);
    expect(bad({ ...mmc, steps: [{ ...mmc.steps[0], needs: [{ pool: 'nobody' }] }] })).toThrow(/steps\[0\]\.needs\[0\]\.pool/);
    expect(bad({ ...mmc, pools: [{ name: 'desk', size: -1 }] })).toThrow(/pools\[0\]\.size/);
    expect(bad({ ...network, classes: [{ name: 'a', pathway: [{ step: 'exam', next: [{ to: 'exit', p: 1.5 }] }] }] })).toThrow(/must be a probability/);
    expect(bad({ ...network, classes: [{ name: 'a', pathway: [{ step: 'exam', next: 'nowhere' }] }] })).toThrow(/stage label/);
    expect(bad({ ...mmc, run: { kind: 'steady-state', horizonMinutes: 10, warmupMinutes: 20 } })).toThrow(/warmupMinutes/);
    expect(bad({ ...mmc, sources: [] })).toThrow(/at least one source/);
  });

  it('stops a runaway run at its event budget with a named error', () => {
    expect(() => runOnce(compileModel(mmc), { seed: 1, replication: 0, maxEvents: 1000 })).toThrow(EventBudgetError);
    expect(() => runOnce(compileModel(mmc), { seed: 1, replication: 0, maxEvents: 1000, fastPath: false })).toThrow(/event budget/);
  });
});
