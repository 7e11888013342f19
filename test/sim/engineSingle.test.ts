import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/sim/compile';
import type { DistributionSpec } from '../../src/sim/distributions';
import { runOnce } from '../../src/sim/engine';
import { EventBudgetError } from '../../src/sim/errors';
import { canRunFast, FastRun } from '../../src/sim/fastPath';
import { canRunSingle } from '../../src/sim/fastPathSingle';
import type { NetworkModel } from '../../src/sim/model';

/** The one-station loop (src/sim/fastPathSingle.ts) against the general engine: bit-identical metrics. */

function diffs(a: Float64Array, b: Float64Array): string[] {
  const out: string[] = [];
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) out.push(`#${i}: ${a[i]} vs ${b[i]}`);
  return out;
}

function takesSingle(model: NetworkModel): boolean {
  const c = compileModel(model);
  const o = { seed: 0, replication: 0 };
  return canRunFast(c, o) && canRunSingle(new FastRun(c, o));
}

function expectSame(model: NetworkModel, seed: string | number, replication: number): void {
  const c = compileModel(model);
  const fast = runOnce(c, { seed, replication });
  const general = runOnce(c, { seed, replication, fastPath: false });
  expect(diffs(fast.values, general.values)).toEqual([]);
  expect(fast.warnings).toEqual(general.warnings);
}

const mmc = (size: number, service: DistributionSpec, run: NetworkModel['run'], extra: Partial<NetworkModel> = {}): NetworkModel => ({
  pools: [{ name: 'servers', size }],
  steps: [{ name: 'desk', needs: [{ pool: 'servers' }], service }],
  sources: [{ kind: 'arrivals', name: 'a', arrivals: { kind: 'poisson', ratePerHour: 20 } }],
  run,
  ...extra,
});

const steady: NetworkModel['run'] = { kind: 'steady-state', horizonMinutes: 20_000, warmupMinutes: 2_000 };

describe('fast path, one-station loop', () => {
  it('is taken for one station and not for networks or class mixes', () => {
    expect(takesSingle(mmc(3, { kind: 'exponential', meanMinutes: 8 }, steady))).toBe(true);
    const two: NetworkModel = {
      pools: [{ name: 'p', size: 1 }, { name: 'q', size: 1 }],
      steps: [
        { name: 'a', needs: [{ pool: 'p' }], service: { kind: 'exponential', meanMinutes: 2 } },
        { name: 'b', needs: [{ pool: 'q' }], service: { kind: 'exponential', meanMinutes: 2 } },
      ],
      sources: [{ kind: 'arrivals', name: 'a', arrivals: { kind: 'poisson', ratePerHour: 10 } }],
      run: steady,
    };
    expect(takesSingle(two)).toBe(false);
    const rework = mmc(2, { kind: 'exponential', meanMinutes: 5 }, steady);
    rework.steps[0] = { ...rework.steps[0], next: [{ to: 'desk', p: 0.2 }] };
    expect(takesSingle(rework)).toBe(false);
  });

  const cases: Array<[string, NetworkModel]> = [
    ['M/M/5 near saturation, thresholds and percentiles', mmc(5, { kind: 'exponential', meanMinutes: 14.5 }, steady, { waitThresholdsMinutes: [1, 10, 60], percentiles: [0.5, 0.95] })],
    ['M/M/1, no warm-up', mmc(1, { kind: 'exponential', meanMinutes: 2.5 }, { kind: 'steady-state', horizonMinutes: 10_000, warmupMinutes: 0 })],
    ['M/D/2 (ties in the calendar)', mmc(2, { kind: 'deterministic', valueMinutes: 5 }, steady, { waitThresholdsMinutes: [5] })],
    ['M/G/3 lognormal', mmc(3, { kind: 'lognormal', meanMinutes: 8, sdMinutes: 6 }, steady)],
    ['until empty, finite source', { ...mmc(2, { kind: 'gamma', meanMinutes: 5, sdMinutes: 3 }, { kind: 'until-empty' }), sources: [{ kind: 'arrivals', name: 'a', arrivals: { kind: 'poisson', ratePerHour: 30 }, endMinutes: 600 }] }],
    ['overloaded to the drain limit', mmc(1, { kind: 'exponential', meanMinutes: 4 }, { kind: 'steady-state', horizonMinutes: 3_000, warmupMinutes: 100 })],
  ];
  for (const [name, model] of cases) {
    it(`gives the general engine's metrics bit for bit: ${name}`, () => {
      expect(takesSingle(model)).toBe(true);
      for (const rep of [0, 1, 7]) expectSame(model, 'single', rep);
    });
  }

  it('keeps the event budget', () => {
    const c = compileModel(mmc(2, { kind: 'exponential', meanMinutes: 5 }, steady));
    expect(() => runOnce(c, { seed: 1, replication: 0, maxEvents: 1000 })).toThrow(EventBudgetError);
  });

  it('matches the general engine on random one-station models', () => {
    const service = fc.oneof(
      fc.double({ min: 0.5, max: 30, noNaN: true }).map((m): DistributionSpec => ({ kind: 'exponential', meanMinutes: m })),
      fc.integer({ min: 1, max: 20 }).map((v): DistributionSpec => ({ kind: 'deterministic', valueMinutes: v })),
      fc.double({ min: 1, max: 20, noNaN: true }).map((m): DistributionSpec => ({ kind: 'uniform', minMinutes: m / 2, maxMinutes: m })),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        service,
        fc.double({ min: 1, max: 60, noNaN: true }),
        fc.boolean(),
        fc.integer({ min: 0, max: 1_000_000 }),
        (size, svc, rate, isSteady, seed) => {
          const model: NetworkModel = {
            pools: [{ name: 'p', size }],
            steps: [{ name: 's', needs: [{ pool: 'p' }], service: svc }],
            sources: [{ kind: 'arrivals', name: 'a', arrivals: { kind: 'poisson', ratePerHour: rate }, endMinutes: isSteady ? undefined : 600 }],
            run: isSteady ? { kind: 'steady-state', horizonMinutes: 3000, warmupMinutes: 300 } : { kind: 'until-empty' },
            waitThresholdsMinutes: [5],
            percentiles: [0.9],
          };
          expect(takesSingle(model)).toBe(true);
          expectSame(model, seed, 0);
        },
      ),
      { numRuns: 40 },
    );
  });
});
