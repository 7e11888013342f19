import { describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import { Planner, type Runner } from '../../../src/ui/state/planner.svelte';
import type { ResultsView } from '../../../src/workers/view';
import type { StreamUpdate } from '../../../src/workers/stream';
import defaultScenario from '../../../scenarios/default.json';

const view = (seed: number, replications: number): ResultsView =>
  ({ kind: 'office', seed, replications, total: replications, headline: {}, steps: [], pools: [], waitingRoom: null, overtimePerDay: null, providerOvertime: [], warnings: [] }) as unknown as ResultsView;

/** A runner whose runs finish when the test says so. */
function fakeRunner() {
  const calls: { json: unknown; resolve: () => void; reject: (e: Error) => void; onUpdate: (u: StreamUpdate) => void; options: { seed: number; replications: number } }[] = [];
  const runner = {
    run: (json: unknown, options: { seed: number; replications: number }, onUpdate: (u: StreamUpdate) => void) =>
      new Promise<Awaited<ReturnType<Runner['run']>>>((resolve, reject) => {
        calls.push({ json, options, onUpdate, reject, resolve: () => resolve({ ok: true, view: view(options.seed, options.replications), day: null }) });
      }),
    cancel: vi.fn<() => void>(),
  } satisfies Runner;
  return { runner, calls };
}

describe('Planner (rune state)', () => {
  it('validates on every edit and lists problems by path; an invalid scenario does not run', async () => {
    vi.useFakeTimers();
    const { runner, calls } = fakeRunner();
    const p = new Planner(runner, structuredClone(defaultScenario), 100);
    expect(p.valid).toBe(true);
    (p.scenario.examRooms as { count: number }).count = 0;
    flushSync();
    expect(p.valid).toBe(false);
    expect(p.issuesAt('$.examRooms').length).toBeGreaterThan(0);
    p.schedule();
    await vi.advanceTimersByTimeAsync(500);
    expect(calls).toHaveLength(0);
    vi.useRealTimers();
  });

  it('debounces edits into one run, sends plain data, streams views, then pins the first result as baseline', async () => {
    vi.useFakeTimers();
    const { runner, calls } = fakeRunner();
    const p = new Planner(runner, structuredClone(defaultScenario), 100);
    p.schedule();
    p.schedule();
    await vi.advanceTimersByTimeAsync(150);
    expect(calls).toHaveLength(1);
    expect(() => structuredClone(calls[0].json)).not.toThrow();
    expect(p.status).toBe('running');
    const partial = view(1, 10);
    calls[0].onUpdate({ done: 10, total: 200, view: view(1, 5) });
    calls[0].onUpdate({ done: 10, total: 200, view: partial });
    expect(p.results).toBeNull(); // drawn at the next frame, only the latest of the views in between
    await vi.advanceTimersByTimeAsync(1);
    expect(p.results).toBe(partial);
    expect(p.progress).toEqual({ done: 10, total: 200 });
    calls[0].resolve();
    await vi.runAllTimersAsync();
    expect(p.status).toBe('finished');
    expect(p.baseline).toBe(p.results);
    vi.useRealTimers();
  });

  it('cancel stops the runner and keeps the last results; a stale run cannot overwrite a newer one', async () => {
    const { runner, calls } = fakeRunner();
    const p = new Planner(runner, structuredClone(defaultScenario), 0);
    const first = p.run();
    p.cancel();
    expect(runner.cancel).toHaveBeenCalled();
    expect(p.status).toBe('cancelled');
    calls[0].resolve();
    await first;
    expect(p.status).toBe('cancelled');
    expect(p.results).toBeNull();
  });

  it('run settings are validated too', () => {
    const { runner } = fakeRunner();
    const p = new Planner(runner, structuredClone(defaultScenario), 0);
    p.replications = 1;
    flushSync();
    expect(p.issuesAt('run.replications')).toHaveLength(1);
  });
});
