/**
 * `npm run bench`: the performance figures of issue #3, each a median of several timed runs after a
 * warm-up, all on the main thread. A benchmark, not a test: it prints figures and never fails on a time.
 *
 * 1. rng: seedrandom's generators, millions of uniforms per second (why the engine uses alea);
 * 2. mmc: M/M/5 at utilisation 0.9 with 1,000,000 customers, the engine against a bare typed-array loop;
 * 3. office: clinic days per second for scenarios/default.json, where a day's time goes, and the event loop
 *    against one hand-written for that office (bench/bareOffice.ts).
 *
 * `npm run bench -- mmc` (or `rng`, `office`, several at once) runs only those sections.
 */
import { performance } from 'node:perf_hooks';
import { confidenceInterval, type ConfidenceInterval } from '../src/sim/stats';
import { bareMmc } from './bareMmc';
import { engineMmc, mmcModel, mmcScenario, scenarioMmc } from './engineMmc';
import { erlangC } from './erlangC';
import { currentCpu, loadAverage, machine } from './machine';
import { fmt, interleave, median, type Timed } from './measure';
import { officeBench, officePhases, officeYardstick } from './office';
import { rngSpeeds, type RngSpeed } from './rngSpeed';

const RNG_DRAWS = 10_000_000;
const RNG_RUNS = 7;
const MMC = { customers: 1_000_000, servers: 5, arrivalsPerHour: 22.5, meanServiceMinutes: 12 };
const MMC_RUNS = 9;
// The engine's big hot loop needs several runs before V8's optimised code stops being replaced (see
// docs/performance.md); the warm-up times are printed so the settling is visible.
const MMC_WARMUPS = 6;
const OFFICE_REPLICATIONS = 1000;
const OFFICE_RUNS = 7;
const OFFICE_WARMUPS = 3;
const OFFICE_PHASE_ROUNDS = 5;
const YARDSTICK_ROUNDS = 7;
const YARDSTICK_WARMUPS = 2;
const YARDSTICK_CHECK_DAYS = 200;
const TARGET_RATIO = 1.5;
const TARGET_DAYS_PER_SECOND = 10_000;
const SECTIONS = ['rng', 'mmc', 'office'] as const;

function rngSection(): RngSpeed[] {
  console.log(`1. Random generators (seedrandom 3.0.5): ${fmt(RNG_DRAWS / 1e6)} M draws per run, median of ${RNG_RUNS} runs, each generator in its own loop`);
  const speeds = rngSpeeds(RNG_DRAWS, RNG_RUNS);
  const alea = speeds.find((s) => s.name === 'alea')?.mDrawsPerSecond ?? NaN;
  for (const s of speeds) {
    console.log(`   ${s.name.padEnd(28)} ${fmt(s.mDrawsPerSecond).padStart(6)} M draws/s  ${fmt(1e3 / s.mDrawsPerSecond, 2).padStart(5)} ns/draw  ${fmt(s.mDrawsPerSecond / alea, 2).padStart(4)}× alea`);
  }
  console.log('');
  return speeds;
}

function mmcSection(speeds: RngSpeed[] | null): void {
  const { customers, servers, arrivalsPerHour, meanServiceMinutes } = MMC;
  const exact = erlangC(arrivalsPerHour, meanServiceMinutes, servers);
  const rho = ((arrivalsPerHour / 60) * meanServiceMinutes) / servers;
  console.log(`2. M/M/${servers}, ρ = ${fmt(rho, 2)} (λ = ${arrivalsPerHour}/h, mean service ${meanServiceMinutes} min, exponential), ${fmt(customers)} customers, median of ${MMC_RUNS} runs after ${MMC_WARMUPS} warm-up runs`);
  // Each timed run is another replication (seed), so the runs are also independent estimates of the mean wait.
  const model = mmcModel(customers, servers, arrivalsPerHour, meanServiceMinutes);
  const json = mmcScenario(customers, servers, arrivalsPerHour, meanServiceMinutes);
  const series = interleave<{ customers: number; events: number; meanWaitMinutes: number; warnings?: string[] }>(MMC_RUNS, MMC_WARMUPS, [
    (r) => bareMmc(customers, servers, arrivalsPerHour, meanServiceMinutes, `bench|${r}`),
    (r) => engineMmc(model, 'bench', r + 1),
    (r) => scenarioMmc(json, 'bench', r + 1),
  ]);
  const [bare, engine, app] = series.map((x) => x.runs);
  type Run = Timed<{ customers: number; events: number }>;
  // Speeds per run, then medians; ratios are taken per round (the runs are interleaved), then the median.
  const perSecond = (x: Run, clock: 'ms' | 'cpuMs'): number => (x.value.customers / x[clock]) * 1e3;
  const ratio = (runs: Run[], clock: 'ms' | 'cpuMs'): number => median(runs.map((x, r) => perSecond(bare[r], clock) / perSecond(x, clock)));
  console.log(`   ${''.padEnd(34)} ${'wall clock'.padEnd(34)} on CPU (main thread)`);
  console.log(`   ${''.padEnd(34)} ${'M customers/s  ms/run  × bare'.padEnd(34)} M customers/s  × bare`);
  const rows: Array<[string, Run[]]> = [
    ['bare typed-array loop', bare],
    ['engine: runReplications(model)', engine],
    ['app: validate + runScenario(json)', app],
  ];
  for (const [label, runs] of rows) {
    const wall = `${fmt(median(runs.map((x) => perSecond(x, 'ms'))) / 1e6).padStart(13)}  ${fmt(median(runs.map((x) => x.ms))).padStart(6)}  ${fmt(ratio(runs, 'ms')).padStart(5)}×`;
    const cpu = `${fmt(median(runs.map((x) => perSecond(x, 'cpuMs'))) / 1e6).padStart(13)}  ${fmt(ratio(runs, 'cpuMs')).padStart(5)}×`;
    console.log(`   ${label.padEnd(34)} ${wall.padEnd(34)} ${cpu}`);
  }
  const eventRate = (runs: Run[]): string => fmt((median(runs.map((x) => x.value.events / x.ms)) * 1e3) / 1e6);
  console.log(`   events/s (wall; as each counts them): bare ${eventRate(bare)} M, engine ${eventRate(engine)} M, app ${eventRate(app)} M`);
  series.forEach((x, i) => console.log(`   warm-up runs of ${rows[i][0]} (ms): ${x.warmupMs.map((ms) => fmt(ms)).join(', ')}`));
  const target = (runs: Run[]): string => {
    const r = ratio(runs, 'ms');
    return `${fmt(r)}× ${r <= TARGET_RATIO ? 'met' : 'NOT met'}`;
  };
  console.log(`   target: engine within ${TARGET_RATIO}× of the bare loop: runReplications ${target(engine)}; runScenario ${target(app)} (it also keeps every customer's wait and time in the system for pooled percentiles, and summarises them)`);
  const bareRate = median(bare.map((x) => perSecond(x, 'ms')));

  const ci = (runs: Array<{ value: { meanWaitMinutes: number } }>): ConfidenceInterval => confidenceInterval(runs.map((x) => x.value.meanWaitMinutes));
  const inside = (c: ConfidenceInterval): string => (c.low !== null && c.high !== null && c.low <= exact.waitMinutes && exact.waitMinutes <= c.high ? 'contains' : 'MISSES');
  const bareW = ci(bare);
  console.log(`   mean wait in line (95% CI over the ${MMC_RUNS} runs, each its own seed): Erlang C ${fmt(exact.waitMinutes, 4)} min`);
  const show = (label: string, c: ConfidenceInterval, vsBare: boolean): void => {
    let text = `     ${label.padEnd(7)} ${fmt(c.mean, 4)} ± ${fmt(c.halfWidth ?? NaN, 2)} min, ${inside(c)} the exact value`;
    if (vsBare) {
      const diff = c.mean - bareW.mean;
      const half = Math.hypot(bareW.halfWidth ?? NaN, c.halfWidth ?? NaN);
      text += `; − bare = ${fmt(diff, 2)} ± ${fmt(half, 2)}: ${Math.abs(diff) <= half ? 'consistent' : 'INCONSISTENT'}`;
    }
    console.log(text);
  };
  show('bare', bareW, false);
  show('engine', ci(engine), true);
  show('app', ci(app), true);
  const warnings = new Set([...engine, ...app].flatMap((e) => e.value.warnings ?? []));
  if (warnings.size > 0) console.log(`   engine warnings: ${[...warnings].join('; ')}`);

  if (speeds !== null) {
    // Two uniforms per customer (gap, service): what the generator costs inside an event loop.
    const ns = (s: RngSpeed): number => 2e3 / s.mDrawsPerSecond;
    const alea = speeds.find((s) => s.name === 'alea');
    if (alea) {
      const fastest = speeds.reduce((a, b) => (b.mDrawsPerSecond > a.mDrawsPerSecond ? b : a));
      const perCustomer = 1e9 / bareRate;
      console.log(`   random draws: 2 per customer = ${fmt(ns(alea), 2)} ns with alea, at most ${fmt((100 * ns(alea)) / perCustomer, 2)}% of the bare loop's ${fmt(perCustomer)} ns per customer`);
      console.log(`     (ARC4 would add ${fmt(ns(speeds[0]) - ns(alea), 2)} ns per customer; ${fastest.name} would save at most ${fmt(ns(alea) - ns(fastest), 2)} ns)`);
    }
  }
  console.log('');
}

function officeSection(): void {
  console.log(`3. Office day, scenarios/default.json: ${OFFICE_REPLICATIONS} replications per call, median of ${OFFICE_RUNS} calls after ${OFFICE_WARMUPS} warm-up calls`);
  const o = officeBench(OFFICE_REPLICATIONS, OFFICE_RUNS, OFFICE_WARMUPS);
  console.log(`   (validate + runScenario per call: compile, every day with per-patient records, summary statistics)`);
  console.log(`   ${fmt(o.daysPerSecond)} clinic days/s, target ≥ ${fmt(TARGET_DAYS_PER_SECOND)}: ${o.daysPerSecond >= TARGET_DAYS_PER_SECOND ? 'met' : 'NOT met'}`);
  console.log(`   ${fmt(o.medianMs)} ms for ${fmt(o.replications)} replications, target < 100 ms: ${o.medianMs < 100 ? 'met' : 'NOT met'}`);
  console.log(`     warm-up calls (ms): ${o.warmupMs.map((ms) => fmt(ms)).join(', ')}`);
  console.log(`   per day: ${fmt(1e6 / o.daysPerSecond)} µs, ${fmt(o.eventsPerDay)} events, ${fmt(o.patientsPerDay)} patients seen; validate + compile once per call: ${fmt(o.setupMs, 2)} ms`);
  console.log(`   thread CPU time of the median call: ${fmt(o.medianCpuMs)} ms (${fmt((o.replications / o.medianCpuMs) * 1e3)} days/s of CPU)`);
  // A call writes ~10 MB of results; until the allocator reuses freed memory, those are fresh pages, and a
  // page fault costs ~12 µs on this VM (docs/performance.md, Machine): the spread between calls is mostly this.
  const calls = o.callMs.map((ms, i) => `${fmt(ms)} ms/${fmt(o.faults[i])}`).join(', ');
  console.log(`   timed calls in order, wall time / page faults (first writes to fresh memory): ${calls}`);
  const ph = officePhases(OFFICE_REPLICATIONS, OFFICE_PHASE_ROUNDS);
  const total = ph.creation + ph.eventLoop + ph.recording + ph.summaries;
  const part = (name: string, us: number) => `${name} ${fmt(us)} µs (${fmt((100 * us) / total, 2)}%)`;
  console.log(`   where a day's time goes (per day, each part timed on its own, median of ${OFFICE_PHASE_ROUNDS} rounds of ${fmt(OFFICE_REPLICATIONS)} days):`);
  console.log(`     ${part('creating patients', ph.creation)}, ${part('event loop', ph.eventLoop)}, ${part('recording', ph.recording)}, ${part('summaries', ph.summaries)}; sum ${fmt(total)} µs`);
  // How far even a loop written for this one office is from the target: bench/bareOffice.ts.
  const y = officeYardstick(OFFICE_REPLICATIONS, YARDSTICK_ROUNDS, YARDSTICK_WARMUPS, YARDSTICK_CHECK_DAYS);
  console.log(`   yardstick: an event loop hand-written for this office (bench/bareOffice.ts) on the same days, median of ${YARDSTICK_ROUNDS} interleaved rounds of ${fmt(OFFICE_REPLICATIONS)} days`);
  const same = y.identicalDays === y.checkedDays && y.sameRecord;
  console.log(`     same outputs and records as OfficeDay.run, bit for bit: ${same ? 'yes' : 'NO'} (${fmt(y.identicalDays)} of ${fmt(y.checkedDays)} days checked${y.sameRecord ? '' : ', records differ'})`);
  console.log(`     event loop per day: OfficeDay ${fmt(y.engineLoop)} µs, bare loop ${fmt(y.bareLoop)} µs; OfficeDay takes ${fmt(y.ratio)}× the bare loop's time`);
  const bareDaysPerSecond = 1e6 / y.wholeDay;
  console.log(`     a whole day with the bare loop (creating + bare loop + recording + summaries): ${fmt(y.wholeDay)} µs, ${fmt(bareDaysPerSecond)} days/s, target ≥ ${fmt(TARGET_DAYS_PER_SECOND)}: ${bareDaysPerSecond >= TARGET_DAYS_PER_SECOND ? 'met' : 'NOT met'}`);
  console.log('');
}

const asked = process.argv.slice(2);
const unknown = asked.filter((a) => !(SECTIONS as readonly string[]).includes(a));
if (unknown.length > 0) throw new Error(`unknown section(s) ${unknown.join(', ')}; choose from ${SECTIONS.join(', ')}`);
const wanted = (s: (typeof SECTIONS)[number]): boolean => asked.length === 0 || asked.includes(s);

const started = performance.now();
const m = machine();
console.log('ClinicFlow benchmark (issue #3)');
console.log(`command: npm run bench${asked.length ? ` -- ${asked.join(' ')}` : ''}  (tsx bench/run.ts)`);
console.log(`machine: ${m.cpu}, ${m.cores} logical cores; Node ${m.node} (V8 ${m.v8}); ${m.os}`);
console.log(`load average (1 min) at start: ${loadAverage().toFixed(2)} (other processes compete for the ${m.cores} cores when it is near or above 1); main thread on CPU ${currentCpu()}`);
console.log('one thread; every figure is the median of the timed runs after untimed warm-up runs\n');
const speeds = wanted('rng') ? rngSection() : null;
if (wanted('mmc')) mmcSection(speeds);
if (wanted('office')) officeSection();
console.log(`bench wall time ${fmt((performance.now() - started) / 1e3, 2)} s; load average (1 min) at end: ${loadAverage().toFixed(2)}; main thread on CPU ${currentCpu()} (see docs/performance.md, Machine: the two vCPUs of this VM can differ in speed)`);
