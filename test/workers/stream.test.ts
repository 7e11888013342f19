import { describe, expect, it } from 'vitest';
import { chunkSize, runStreaming, type StreamUpdate } from '../../src/workers/stream';
import { resultsView, viewTransferables } from '../../src/workers/view';
import { plannerApi } from '../../src/workers/plannerApi';
import { pairedChange } from '../../src/workers/compare';
import { runScenario, validateScenario } from '../../src/sim/office/api';
import defaultScenario from '../../scenarios/default.json';

const v = validateScenario(defaultScenario);
if (!v.ok) throw new Error('default scenario invalid');
const scenario = v.scenario;

describe('streaming runs', () => {
  it('chunks start small and grow, capped', () => {
    expect([0, 1, 2, 3].map((k) => chunkSize(k, 1000))).toEqual([2, 4, 8, 16]);
    expect(chunkSize(20, 1000)).toBe(200);
    expect(chunkSize(20, 100_000)).toBe(500);
  });

  it('gives the same numbers as one call, and streams views of the days done so far', async () => {
    let clock = 0;
    const updates: StreamUpdate[] = [];
    const streamed = await runStreaming(scenario, { seed: 3, replications: 40, intervalMs: 0, now: () => (clock += 1), onUpdate: (u) => void updates.push(u) });
    const whole = runScenario(scenario, { seed: 3, replications: 40 });
    expect(streamed.patients.totalWaitMinutes.values).toEqual(whole.patients.totalWaitMinutes.values);
    expect(streamed.steps.exam.waitMinutes.p90).toBe(whole.steps.exam.waitMinutes.p90);
    const views = updates.filter((u) => u.view);
    expect(views.length).toBeGreaterThan(1);
    expect(views[0].view?.replications).toBe(2);
    expect(updates.map((u) => u.done)).toEqual([...updates.map((u) => u.done)].sort((a, b) => a - b));
  });

  it("box plots are the pooled percentiles of the results, customers without a wait (NaN) left out", async () => {
    // urgent-care-network: customers who give up have no wait at the step (NaN in its pooled sample); the box
    // plot used to sort them in at the top, which shifted every percentile up (main's median 0.73 against 0).
    const net = validateScenario((await import('../../scenarios/urgent-care-network.json')).default);
    if (!net.ok) throw new Error('urgent-care-network invalid');
    for (const [s, results] of [[net.scenario, 20], [scenario, 30]] as const) {
      const r = runScenario(s, { seed: 3, replications: results });
      const view = resultsView(r, results);
      for (const step of view.steps) {
        const m = r.steps[step.id].waitMinutes;
        expect(step.quantiles?.[2]).toBe(m.p50);
        expect(step.quantiles?.[4]).toBe(m.p90);
        expect(step.quantiles?.every((q) => Number.isFinite(q))).toBe(true);
      }
    }
  });

  it('views are compact: typed arrays, one value per replication, transferable without duplicates', () => {
    const view = resultsView(runScenario(scenario, { seed: 1, replications: 10 }), 10);
    expect(view.headline.totalWait?.values).toBeInstanceOf(Float64Array);
    expect(view.headline.totalWait?.values.length).toBe(10);
    expect(view.steps.find((s) => s.provider)?.id).toBe('exam');
    expect(view.steps[0].quantiles?.length).toBe(5);
    const buffers = viewTransferables(view);
    expect(new Set(buffers).size).toBe(buffers.length);
    expect(JSON.stringify(view, (_k, x) => (ArrayBuffer.isView(x) ? '[typed]' : x)).length).toBeLessThan(60_000);
  });

  it('same seed, one receptionist fewer: the paired change in check-in wait is clearly positive', async () => {
    const one = structuredClone(defaultScenario);
    one.staffPools[0].headcount = 1;
    const a = await plannerApi.runStreaming(defaultScenario, { seed: 1, replications: 50 });
    const b = await plannerApi.runStreaming(one, { seed: 1, replications: 50 });
    if (!a.ok || !b.ok) throw new Error('run failed');
    const c = pairedChange(b.view.steps[0].wait.values, a.view.steps[0].wait.values);
    expect(c?.low).toBeGreaterThan(0);
    expect(b.day?.arrival.length).toBeGreaterThan(10);
    expect(plannerApi.exportLast('csv')).toMatch(/^# ClinicFlow .*seed 1; replications 50\nmetric,mean/);
    expect(plannerApi.exportLast('events')?.split('\n')[0]).toMatch(/^replication,patient/);
    expect(JSON.parse(plannerApi.exportLast('json') ?? '{}').meta.seed).toBe(1);
  });

  it('an invalid scenario comes back as problems with paths', async () => {
    const out = await plannerApi.runStreaming({ ...defaultScenario, examRooms: { count: 0 } }, { seed: 1, replications: 2 });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.issues[0].path).toBe('$.examRooms.count');
  });
});
