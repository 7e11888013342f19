/**
 * Clinic days per second for the default office scenario, timed as the worker's `run` call does the work
 * (src/workers/api.ts) minus the worker: validate the scenario JSON, then `runScenario(scenario, { seed,
 * replications })`, which compiles it, simulates every day with its per-patient records and returns the
 * summary statistics. On the main thread, so no worker start-up is included. Also where a day's time goes
 * ({@link officePhases}) and the engine against the office yardstick ({@link officeYardstick}).
 */
import { readFileSync } from 'node:fs';
import { runScenario, validateScenario, type OfficeScenario } from '../src/sim/office';
import { compileOffice } from '../src/sim/office/compile';
import { OfficeDay } from '../src/sim/office/day';
import { OfficeColumns, officeMetricKeys, recordDay } from '../src/sim/office/metrics';
import { officeMetrics } from '../src/sim/office/run';
import { RunRecord } from '../src/sim/results/record';
import { performance } from 'node:perf_hooks';
import { BareOffice } from './bareOffice';
import { checkBareOffice } from './bareOfficeCheck';
import { interleave, median, repeat } from './measure';

/** The office figures. */
export interface OfficeBench {
  replications: number;
  runs: number;
  /** Times of the warm-up calls, ms. */
  warmupMs: number[];
  /** Median wall time of one call (validate + compile + run + summarise), ms. */
  medianMs: number;
  daysPerSecond: number;
  /** Thread CPU time of the median call (the call whose wall time is the median), ms. */
  medianCpuMs: number;
  /** Median time of validation + compilation alone (a one-replication call minus one day), ms. */
  setupMs: number;
  /** Mean events per simulated day. */
  eventsPerDay: number;
  /** Mean patients seen per day. */
  patientsPerDay: number;
  /** Minor page faults of each timed call (the process's, in run order): first writes to fresh memory. */
  faults: number[];
  /** Wall time of each timed call, ms, in run order. */
  callMs: number[];
}

/** Times `runs` calls of validate + runScenario on scenarios/default.json, after `warmups` warm-up calls. */
export function officeBench(replications: number, runs: number, warmups: number): OfficeBench {
  const json: unknown = JSON.parse(readFileSync(new URL('../scenarios/default.json', import.meta.url), 'utf8'));
  // Each call returns only the two figures printed, not its results: the worker drops its copy of a run's
  // results once they are posted, so a call's ~10 MB of typed arrays are garbage by the next call, as here.
  // Holding every timed call's results (as this bench did) makes every call write fresh pages, which costs
  // page faults on this VM: 3–10% per call in an A/B of the two in one process.
  const call = (seed: number, n: number) => {
    const f0 = process.resourceUsage().minorPageFault;
    const v = validateScenario(json);
    if (!v.ok) throw new Error(`scenarios/default.json is invalid: ${v.issues[0]?.path} ${v.issues[0]?.message}`);
    const r = runScenario(v.scenario, { seed, replications: n });
    const faults = process.resourceUsage().minorPageFault - f0;
    return { eventsPerDay: r.eventsPerReplication.mean ?? NaN, seen: r.kind === 'office' ? (r.patients.seen?.mean ?? NaN) : NaN, faults };
  };
  const [series] = interleave(runs, warmups, [(r: number) => call(1000 + r, replications)]);
  const timedRuns = series.runs;
  const medianMs = median(timedRuns.map((t) => t.ms));
  const medianCpuMs = median(timedRuns.map((t) => t.cpuMs));
  const last = timedRuns[timedRuns.length - 1].value;
  const single = median(repeat(runs * 3, 3, (r) => call(2000 + r, 1)).map((t) => t.ms));
  return {
    replications,
    runs,
    warmupMs: series.warmupMs,
    medianMs,
    medianCpuMs,
    daysPerSecond: (replications / medianMs) * 1e3,
    setupMs: Math.max(0, single - medianMs / replications),
    eventsPerDay: last.eventsPerDay,
    patientsPerDay: last.seen,
    faults: timedRuns.map((t) => t.value.faults),
    callMs: timedRuns.map((t) => t.ms),
  };
}

/** Where a day's time goes: time per simulated day of each part of a run, µs. */
export interface OfficePhases {
  /** Re-seeding the day's streams and creating its patients with all their draws. */
  creation: number;
  /** The event loop (OfficeDay.run without creation). */
  eventLoop: number;
  /** recordDay: the day's per-replication values, daily percentiles and pooled samples. */
  recording: number;
  /** officeMetrics over the whole run (means, CIs, pooled percentiles…), per day of the run. */
  summaries: number;
}

/**
 * Times the parts of a run of `days` days of scenarios/default.json on their own, `rounds` times each
 * (after one warm-up round), and returns the median time per day of each part. Each part is
 * timed as the difference of two nested workloads (creation; creation + event loop; … + recording), so the
 * parts add up to a run less validation and compilation.
 */
export function officePhases(days: number, rounds: number): OfficePhases {
  const day = defaultDay();
  const c = day.c;
  const { repKeys, sampleKeys } = officeMetricKeys(c);
  // Wall time: the thread's CPU clock (/proc/thread-self/schedstat) advances in scheduler ticks, too coarse
  // for a difference of two ~100 ms workloads; the median of several rounds absorbs the other processes.
  const cpu = (fn: () => void): number => {
    const t0 = performance.now();
    fn();
    return ((performance.now() - t0) * 1e3) / days;
  };
  const created: number[] = [];
  const simulated: number[] = [];
  const recorded: number[] = [];
  const summarised: number[] = [];
  for (let round = 0; round <= rounds; round++) {
    const seed = 3000 + round;
    const a = cpu(() => {
      for (let r = 0; r < days; r++) day.createDay(seed, r);
    });
    const b = cpu(() => {
      for (let r = 0; r < days; r++) day.run(seed, r);
    });
    const rec = new RunRecord(0, days, repKeys, sampleKeys, c.poolIds.length, c.hours, c.gridBins);
    const cols = new OfficeColumns(c, rec);
    const d = cpu(() => {
      for (let r = 0; r < days; r++) {
        day.run(seed, r);
        recordDay(day, cols, r);
        rec.events[r] = day.events;
      }
    });
    const raw = rec.toRaw();
    const e = cpu(() => officeMetrics(c, raw));
    if (round === 0) continue; // warm-up
    created.push(a);
    simulated.push(b - a);
    recorded.push(d - b);
    summarised.push(e);
  }
  return { creation: median(created), eventLoop: median(simulated), recording: median(recorded), summaries: median(summarised) };
}

/** An OfficeDay of scenarios/default.json. */
function defaultDay(): OfficeDay {
  const json: unknown = JSON.parse(readFileSync(new URL('../scenarios/default.json', import.meta.url), 'utf8'));
  const v = validateScenario(json);
  if (!v.ok) throw new Error('scenarios/default.json is invalid');
  return new OfficeDay(compileOffice(v.scenario as OfficeScenario));
}

/** The engine against the office yardstick (bench/bareOffice.ts), per simulated day, µs. */
export interface OfficeYardstick {
  /** OfficeDay's event loop (OfficeDay.run without creation). */
  engineLoop: number;
  /** The bare loop, on the same days. */
  bareLoop: number;
  /** Median over the rounds of engineLoop / bareLoop, each round's own. */
  ratio: number;
  /** A whole day with the bare loop: creating + bare loop + recording + summaries (validation and compilation excluded). */
  wholeDay: number;
  /** Days compared bit for bit with OfficeDay.run, and how many were identical in every output. */
  checkedDays: number;
  identicalDays: number;
  /** Whether the checked days' records (recordDay, both ways) were identical too. */
  sameRecord: boolean;
}

/**
 * Times OfficeDay's event loop and the bare loop on the same `days` days of scenarios/default.json, and whole
 * days run with the bare loop: `rounds` interleaved rounds after `warmups` warm-up rounds, medians. Each loop
 * is the difference of two workloads of the same round (creation + loop, less creation), as in
 * {@link officePhases}. First checks on `checkDays` days that the bare loop still gives OfficeDay's outputs.
 */
export function officeYardstick(days: number, rounds: number, warmups: number, checkDays: number): OfficeYardstick {
  const day = defaultDay();
  const c = day.c;
  const check = checkBareOffice(day, 'yardstick', checkDays);
  const bare = new BareOffice(day);
  const { repKeys, sampleKeys } = officeMetricKeys(c);
  const seed = (r: number) => 4000 + r;
  let raw: ReturnType<RunRecord['toRaw']> | null = null;
  const [created, engine, withBare, recorded, summarised] = interleave(rounds, warmups, [
    (r) => {
      for (let rep = 0; rep < days; rep++) day.createDay(seed(r), rep);
    },
    (r) => {
      for (let rep = 0; rep < days; rep++) day.run(seed(r), rep);
    },
    (r) => {
      for (let rep = 0; rep < days; rep++) {
        day.createDay(seed(r), rep);
        bare.run();
      }
    },
    (r) => {
      const rec = new RunRecord(0, days, repKeys, sampleKeys, c.poolIds.length, c.hours, c.gridBins);
      const cols = new OfficeColumns(c, rec);
      for (let rep = 0; rep < days; rep++) {
        day.createDay(seed(r), rep);
        bare.run();
        bare.copyFiguresToDay();
        recordDay(day, cols, rep);
        rec.events[rep] = day.events;
      }
      raw = rec.toRaw();
    },
    () => {
      if (raw === null) throw new Error('no record to summarise');
      officeMetrics(c, raw);
      raw = null;
    },
  ]).map((series) => series.runs.map((t) => (t.ms * 1e3) / days));
  const engineLoop = engine.map((t, r) => t - created[r]);
  const bareLoop = withBare.map((t, r) => t - created[r]);
  return {
    engineLoop: median(engineLoop),
    bareLoop: median(bareLoop),
    ratio: median(engineLoop.map((e, r) => e / bareLoop[r])),
    wholeDay: median(recorded.map((t, r) => t + summarised[r])),
    checkedDays: check.days,
    identicalDays: check.identical,
    sameRecord: check.sameRecord,
  };
}
