/**
 * Helpers of the statistical validation suite: turn each case of analytic_cases.json into an engine model,
 * size its run from queueing theory, run the replications, and compare every expected value with the
 * replications' 99% Student-t confidence interval.
 *
 * DECISION RULE (fixed before any run; seeds and tolerances are never changed to make a case pass):
 * - Each case runs R = 20 replications with seed PRIMARY_SEED; each replication drops the first 10% of its
 *   horizon as warm-up (statistics from patients arriving after it; time averages reset then).
 * - A check passes when the exact value lies inside the 99% CI (mean ± t(0.995, R−1)·sd/√R) AND the
 *   half-width is at most 5% of the exact value (or at most 0.005 absolute for probabilities), so a wide,
 *   vague run cannot pass.
 * - If any check of a case misses its interval, the whole case is re-run with each of the two fixed backup
 *   seeds; the check fails if it misses on either backup run (or if any half-width is too wide).
 *
 * RUN LENGTH (per case, from theory, not tuned on outcomes): heavy-traffic diffusion approximation after
 * Whitt, "Planning queueing simulations", Management Science 35 (1989) 1341–1366. The number waiting at a
 * GI/G/c station behaves like reflected Brownian motion with drift −δ = −cμ(1−ρ) and variance
 * σ² = cμρ(c_a² + c_s²); the time average of RBM(−δ, σ²) has asymptotic variance σ⁶/(2δ⁴) per unit time
 * around a mean σ²/(2δ), i.e. relative variance 2σ²/δ² per unit time. A relative half-width ε with R
 * replications then needs a total observed time T = t² · 2σ²/(δ²ε²), i.e. a total number of arrivals
 *
 *     N = λT = 2 t² ρ² (c_a² + c_s²) / ((1 − ρ)² ε²),          t = t(0.995, R − 1)
 *
 * at the most loaded station (c_a² = 1 for Poisson arrivals). We aim at ε = 1.8% for the mean wait, well
 * inside the 5% allowed: tail probabilities P(wait > t) vary more than the mean (relatively), and the
 * half-width estimated from 20 replications itself fluctuates by about 1/√(2·19) ≈ 16%. Light traffic,
 * where the diffusion limit understates the variability of rare waits, gets a floor of FLOOR_CUSTOMERS
 * arrivals in total. The horizon per replication is N/(R·λ), divided by 0.9 for the warm-up.
 */
import cases from './analytic_cases.json';
import type { DistributionSpec } from '../../src/sim/distributions';
import type { NetworkModel } from '../../src/sim/model';
import { aggregate, runReplications } from '../../src/sim/replications';
import { studentTQuantile } from '../../src/sim/stats';

/** Replications per case. */
export const REPLICATIONS = 20;
/** Confidence level of every interval. */
export const LEVEL = 0.99;
/** The seed every case runs with first, and the two backup seeds for a case that misses. */
export const PRIMARY_SEED = 'clinicflow-validation';
export const BACKUP_SEEDS = ['clinicflow-validation-backup-1', 'clinicflow-validation-backup-2'] as const;
/** Target relative half-width of the mean wait, used to size runs (the test allows 5%). */
export const TARGET_EPSILON = 0.018;
/** Allowed half-width: relative to the exact value, or absolute for probabilities. */
export const MAX_RELATIVE_HALF_WIDTH = 0.05;
export const MAX_ABSOLUTE_HALF_WIDTH_PROBABILITY = 0.005;
/** Fewest arrivals per case (all replications together). */
export const FLOOR_CUSTOMERS = 3_000_000;
/** Warm-up: this fraction of each replication's horizon. */
export const WARMUP_FRACTION = 0.1;

type Service = { distribution: string; mean_min: number; cv: number; sd_min?: number };
type Station = { name: string; servers: number; service: Service };
interface Case {
  id: string;
  model: string;
  params: {
    arrival_rate_per_hour?: number;
    external_arrival_rate_per_hour?: number;
    servers?: number;
    service?: Service;
    patience?: { mean_min: number };
    stations?: Station[];
  };
  expected: Record<string, unknown> & {
    utilisation?: number;
    p_wait_positive?: number;
    Wq_min?: number;
    p_wait_gt?: { t_min: number; p: number }[];
    stations?: { station: string; utilisation: number; p_wait_positive: number; Wq_min: number }[];
  };
}

/** All cases of analytic_cases.json. */
export const CASES: Case[] = (cases as unknown as { cases: Case[] }).cases;

/** One comparison of an expected value with a metric. */
export interface Check {
  label: string;
  metric: string;
  expected: number;
  probability: boolean;
}

function distribution(s: Service): DistributionSpec {
  switch (s.distribution) {
    case 'exponential':
      return { kind: 'exponential', meanMinutes: s.mean_min };
    case 'deterministic':
      return { kind: 'deterministic', valueMinutes: s.mean_min };
    case 'lognormal':
      return { kind: 'lognormal', meanMinutes: s.mean_min, sdMinutes: s.sd_min ?? s.cv * s.mean_min };
    default:
      throw new Error(`unknown service distribution ${s.distribution}`);
  }
}

const isNetwork = (c: Case) => c.params.stations !== undefined;
const isErlangA = (c: Case) => c.params.patience !== undefined;
const rateOf = (c: Case) => (c.params.arrival_rate_per_hour ?? c.params.external_arrival_rate_per_hour) as number;

/** The engine model of a case over the given horizon (minutes), with a 10% warm-up. */
export function caseModel(c: Case, horizonMinutes: number): NetworkModel {
  const run = { kind: 'steady-state' as const, horizonMinutes, warmupMinutes: WARMUP_FRACTION * horizonMinutes };
  const sources = [{ kind: 'arrivals' as const, name: 'arrivals', arrivals: { kind: 'poisson' as const, ratePerHour: rateOf(c) } }];
  if (isNetwork(c)) {
    const st = c.params.stations as Station[];
    const feedback = c.id.includes('feedback');
    return {
      pools: st.map((s) => ({ name: s.name, size: s.servers })),
      steps: st.map((s) => ({
        name: s.name,
        needs: [{ pool: s.name }],
        service: distribution(s.service),
        next:
          feedback && s.name === 'provider'
            ? [
                { to: 'clinical_prep', p: 0.2 },
                { to: 'billing', p: 0.7 },
                { to: 'exit', p: 0.1 },
              ]
            : undefined,
      })),
      sources,
      run,
    };
  }
  return {
    pools: [{ name: 'servers', size: c.params.servers as number }],
    steps: [
      {
        name: 'queue',
        needs: [{ pool: 'servers' }],
        service: distribution(c.params.service as Service),
        patience: isErlangA(c) ? { kind: 'exponential', meanMinutes: (c.params.patience as { mean_min: number }).mean_min } : undefined,
      },
    ],
    sources,
    run,
    waitThresholdsMinutes: (c.expected.p_wait_gt ?? []).map((g) => g.t_min),
  };
}

/** Every check of a case: utilisation, waits, P(wait > 0), P(wait > t), abandonment, time in system. */
export function caseChecks(c: Case): Check[] {
  const e = c.expected;
  const out: Check[] = [];
  if (isNetwork(c)) {
    for (const s of e.stations ?? []) {
      out.push({ label: `${s.station} utilisation`, metric: `pool.${s.station}.utilisation`, expected: s.utilisation, probability: true });
      out.push({ label: `${s.station} Wq per visit`, metric: `step.${s.station}.wait.mean`, expected: s.Wq_min, probability: false });
      out.push({ label: `${s.station} P(wait>0)`, metric: `step.${s.station}.pWaitPositive`, expected: s.p_wait_positive, probability: true });
    }
    out.push({ label: 'time in system', metric: 'patients.timeInSystem.mean', expected: e.mean_time_in_system_min as number, probability: false });
    return out;
  }
  out.push({ label: 'utilisation', metric: 'pool.servers.utilisation', expected: e.utilisation as number, probability: true });
  if (isErlangA(c)) {
    out.push({ label: 'Wq all arrivals', metric: 'step.queue.wait.mean', expected: e.Wq_all_customers_min as number, probability: false });
    out.push({ label: 'P(abandon)', metric: 'patients.pReneged', expected: e.p_abandon as number, probability: true });
  } else {
    out.push({ label: 'Wq', metric: 'step.queue.wait.mean', expected: e.Wq_min as number, probability: false });
  }
  out.push({ label: 'P(wait>0)', metric: 'step.queue.pWaitPositive', expected: e.p_wait_positive as number, probability: true });
  for (const g of e.p_wait_gt ?? []) out.push({ label: `P(wait>${g.t_min})`, metric: `step.queue.pWaitGt.${g.t_min}`, expected: g.p, probability: true });
  return out;
}

/** (ρ, c_s²) of the most loaded station of a case. */
function bottleneck(c: Case): { rho: number; cs2: number } {
  if (isNetwork(c)) {
    let best = { rho: 0, cs2: 1 };
    for (const s of c.expected.stations ?? []) {
      const station = (c.params.stations as Station[]).find((x) => x.name === s.station) as Station;
      if (s.utilisation > best.rho) best = { rho: s.utilisation, cs2: station.service.cv ** 2 };
    }
    return best;
  }
  return { rho: c.expected.utilisation as number, cs2: (c.params.service as Service).cv ** 2 };
}

/** Total arrivals over all replications, from the run-length formula in the module comment. */
export function totalCustomers(c: Case): number {
  const { rho, cs2 } = bottleneck(c);
  const t = studentTQuantile(1 - (1 - LEVEL) / 2, REPLICATIONS - 1);
  const n = (2 * t * t * rho * rho * (1 + cs2)) / ((1 - rho) ** 2 * TARGET_EPSILON ** 2);
  return Math.max(FLOOR_CUSTOMERS, Math.ceil(n));
}

/** Relative cost of a case: arrivals × station visits per arrival. */
export function caseCost(c: Case): number {
  const visits = isNetwork(c) ? (c.expected.stations ?? []).reduce((a, s) => a + ((s as { visits_per_customer?: number }).visits_per_customer ?? 1), 0) : 1;
  return totalCustomers(c) * visits;
}

/**
 * Splits the cases over `parts` test files (each runs in its own vitest worker, one per core): greedy by
 * descending cost, ties by id, so the split is fixed.
 * @returns the case ids of part `k` (0-based).
 */
export function casesOfPart(k: number, parts: number): string[] {
  const sorted = [...CASES].sort((a, b) => caseCost(b) - caseCost(a) || a.id.localeCompare(b.id));
  const load = new Array<number>(parts).fill(0);
  const out: string[][] = Array.from({ length: parts }, () => []);
  for (const c of sorted) {
    let j = 0;
    for (let i = 1; i < parts; i++) if (load[i] < load[j]) j = i;
    load[j] += caseCost(c);
    out[j].push(c.id);
  }
  return out[k];
}

/** Horizon per replication (minutes), warm-up included. */
export function horizonMinutes(c: Case): number {
  const perRep = totalCustomers(c) / REPLICATIONS;
  return perRep / (rateOf(c) / 60) / (1 - WARMUP_FRACTION);
}

/** The outcome of one check on one seed. */
export interface CheckOutcome extends Check {
  seed: string;
  mean: number;
  halfWidth: number;
  inside: boolean;
  narrowEnough: boolean;
}

/** Runs a case with one seed and evaluates every check. */
export function runCase(c: Case, seed: string): CheckOutcome[] {
  const model = caseModel(c, horizonMinutes(c));
  const batch = runReplications(model, { seed, from: 0, to: REPLICATIONS });
  const agg = aggregate(batch.replications, LEVEL);
  return caseChecks(c).map((ch) => {
    const k = batch.layout.index[ch.metric];
    if (k === undefined) throw new Error(`unknown metric ${ch.metric}`);
    const mean = agg.mean[k];
    const halfWidth = agg.halfWidth[k];
    const inside = Math.abs(mean - ch.expected) <= halfWidth;
    const limit = ch.probability ? Math.max(MAX_RELATIVE_HALF_WIDTH * ch.expected, MAX_ABSOLUTE_HALF_WIDTH_PROBABILITY) : MAX_RELATIVE_HALF_WIDTH * ch.expected;
    return { ...ch, seed, mean, halfWidth, inside, narrowEnough: halfWidth <= limit };
  });
}

/**
 * Applies the decision rule to a case: primary seed, then both backup seeds if any check missed.
 * @returns every outcome (for the printed table) and the checks that fail.
 */
export function validateCase(c: Case): { outcomes: CheckOutcome[]; failures: CheckOutcome[] } {
  const primary = runCase(c, PRIMARY_SEED);
  const outcomes = [...primary];
  const failures = primary.filter((o) => !o.narrowEnough);
  const missed = primary.filter((o) => !o.inside);
  if (missed.length > 0) {
    const backups = BACKUP_SEEDS.map((s) => runCase(c, s));
    for (const run of backups) outcomes.push(...run);
    for (const m of missed) {
      for (const run of backups) {
        const o = run.find((x) => x.label === m.label) as CheckOutcome;
        if (!o.inside) failures.push(o);
      }
    }
    for (const run of backups) failures.push(...run.filter((o) => !o.narrowEnough));
  }
  return { outcomes, failures };
}

/** A compact table row per outcome: case, check, expected, mean ± half-width, and the verdict. */
export function formatOutcomes(id: string, outcomes: CheckOutcome[], seconds: number): string {
  const rows = outcomes.map((o) => {
    const verdict = o.inside ? (o.narrowEnough ? 'ok' : 'TOO WIDE') : 'MISS';
    const seed = o.seed === PRIMARY_SEED ? '' : ` [${o.seed.slice(-8)}]`;
    return `  ${o.label.padEnd(26)} exp ${fmt(o.expected).padStart(10)}  CI ${fmt(o.mean).padStart(10)} ± ${fmt(o.halfWidth).padEnd(9)} ${verdict}${seed}`;
  });
  return `${id} (${seconds.toFixed(1)} s)\n${rows.join('\n')}`;
}

function fmt(x: number): string {
  return Math.abs(x) >= 100 ? x.toFixed(2) : Math.abs(x) >= 1 ? x.toFixed(4) : x.toPrecision(4);
}

/**
 * Runs the cases with the given ids through the decision rule.
 * @returns the printed table and one line per failing check (empty when every check passes).
 */
export function validateCases(ids: string[]): { table: string; failures: string[] } {
  const lines: string[] = [];
  const failures: string[] = [];
  for (const id of ids) {
    const c = CASES.find((x) => x.id === id);
    if (c === undefined) throw new Error(`unknown case ${id}`);
    const t0 = Date.now();
    const r = validateCase(c);
    lines.push(formatOutcomes(id, r.outcomes, (Date.now() - t0) / 1000));
    for (const f of r.failures) failures.push(`${id}: ${f.label} (seed ${f.seed}): exp ${f.expected}, CI ${f.mean} ± ${f.halfWidth}${f.inside ? ' (too wide)' : ''}`);
  }
  return { table: lines.join('\n'), failures };
}
