/** Timing helpers: every figure the benchmark prints is a median of several timed runs after a warm-up. */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const s = [...values].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/**
 * Wall time of one call in milliseconds, and what it returned. No forced garbage collection between runs:
 * tried on Node 20, a forced `gc()` before each run made even the bare loop deoptimise and recompile on
 * every run, which measures the JIT rather than the loop.
 */
export function timed<T>(fn: () => T): Timed<T> {
  const c0 = threadCpuMs();
  const t0 = performance.now();
  const value = fn();
  const ms = performance.now() - t0;
  return { ms, cpuMs: threadCpuMs() - c0, value };
}

/** One timed call. */
export interface Timed<T> {
  /** Wall time, ms. */
  ms: number;
  /** Time this thread was on a CPU, ms (NaN where the OS does not say): on a busy machine, wall time minus
   * the time spent waiting for a core. */
  cpuMs: number;
  value: T;
}

/**
 * CPU time of the calling thread in ms, from Linux's /proc/thread-self/schedstat (nanoseconds on a CPU);
 * NaN elsewhere. Node 20 has no per-thread CPU clock, and process.cpuUsage() would add the JIT's and the
 * garbage collector's helper threads.
 */
export function threadCpuMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return NaN;
  }
}

/**
 * Timed runs of `fn(run)` for run = 0 … runs − 1, after `warmups` untimed calls (numbered runs, runs + 1, …,
 * so every call, warm-up or not, can use its run number as a distinct replication).
 */
export function repeat<T>(runs: number, warmups: number, fn: (run: number) => T): Array<Timed<T>> {
  for (let w = 0; w < warmups; w++) fn(runs + w);
  const out: Array<Timed<T>> = [];
  for (let r = 0; r < runs; r++) out.push(timed(() => fn(r)));
  return out;
}

/** A workload's timed runs, and the times of its warm-up runs (which show the JIT settling). */
export interface Series<T> {
  warmupMs: number[];
  runs: Array<Timed<T>>;
}

/**
 * Timed rounds of several workloads, interleaved (round r runs `fns[0](r)`, `fns[1](r)`, … in turn) after
 * `warmups` warm-up rounds (numbered runs, runs + 1, …, as in {@link repeat}), so a slow spell of a shared machine hits every workload
 * alike and ratios of the same round stay comparable.
 * @returns per workload, its warm-up times and its timed runs in round order.
 */
export function interleave<T>(runs: number, warmups: number, fns: Array<(run: number) => T>): Array<Series<T>> {
  const out: Array<Series<T>> = fns.map(() => ({ warmupMs: [], runs: [] }));
  for (let w = 0; w < warmups; w++) fns.forEach((fn, i) => out[i].warmupMs.push(timed(() => fn(runs + w)).ms));
  for (let r = 0; r < runs; r++) fns.forEach((fn, i) => out[i].runs.push(timed(() => fn(r))));
  return out;
}

/** `x` with `digits` significant digits, thousands grouped. */
export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  const p = Number(x.toPrecision(digits));
  return p.toLocaleString('en-US', { maximumFractionDigits: 20 });
}
