/**
 * Checks a {@link NetworkModel} and flattens it into index-based typed arrays for the engine's hot loop:
 * names become indices, pathways become a global stage table with cumulative branch probabilities, and
 * each patient's pre-drawn randomness gets a fixed block layout (see {@link CompiledModel.blockSize}).
 * Compiled once per model; every replication reuses it.
 */
import type { ArrivalSpec } from './arrivals';
import type { DistributionSpec } from './distributions';
import { distributionMoments } from './distributions';
import { compileStages } from './compilePathways';
import { AVAILABLE_BY_SHIFTS, compilePools } from './compileResources';
import { compileSources, type CompiledSource } from './compileSources';
import type { NetworkModel, StageSpec } from './model';
import { checkDist, EXIT, fail, finiteNumber, indexByName } from './modelChecks';
import type { ShiftSchedule } from './staffPool';

export { AVAILABLE_ALWAYS, AVAILABLE_BY_SHIFTS, AVAILABLE_WHILE_PRESENT } from './compileResources';
export type { CompiledSource } from './compileSources';

/**
 * A model ready to run. Index conventions: pools, steps, classes and sources in model order; stages
 * numbered globally across classes. Routes: target stage index, or −1 for exit.
 */
export interface CompiledModel {
  readonly model: NetworkModel;
  readonly poolNames: string[];
  readonly stepNames: string[];
  readonly classNames: string[];
  readonly poolSize: Int32Array;
  readonly poolAvailability: Uint8Array;
  /** Per pool, per member: shift schedule (only for pools by shifts). */
  readonly poolShifts: ShiftSchedule[][];
  /** Per pool: steps that need it, in dispatch order. */
  readonly poolUsers: Int32Array[];
  /** Needs of step s are needStart[s] … needStart[s+1]−1. */
  readonly needStart: Int32Array;
  readonly needPool: Int32Array;
  /** Step at whose end the member is released. */
  readonly needRelease: Int32Array;
  readonly needPost: (DistributionSpec | null)[];
  /** Per need: offset of its post-busy uniforms in the patient block, or −1. */
  readonly needPostOff: Int32Array;
  readonly stepByKey: Uint8Array;
  /** 1 where the fast path applies: one need released at the step, no post-busy, FIFO, no sessions, no pins. */
  readonly stepSimple: Uint8Array;
  /** Per step: flattened sessions [start0, end0, …] or null. */
  readonly stepSessions: (Float64Array | null)[];
  readonly stepPatience: (DistributionSpec | null)[];
  /** Dispatch order: lower rank is offered freed members first. */
  readonly stepRank: Int32Array;
  /** Per step: visits with pre-drawn randomness. */
  readonly stepK: Int32Array;
  /** Per step: block offsets of service, routing and patience uniforms (−1 if unused). */
  readonly svcOff: Int32Array;
  readonly routeOff: Int32Array;
  readonly patOff: Int32Array;
  /** Doubles of pre-drawn uniforms per patient. */
  readonly blockSize: number;
  /** Per block entry: which stream draws it (index into {@link streamNames}). */
  readonly blockStream: Int32Array;
  readonly streamNames: string[];
  readonly stageStep: Int32Array;
  readonly stageClass: Int32Array;
  readonly stageLabel: string[];
  readonly stageService: DistributionSpec[];
  readonly stageDefaultNext: Int32Array;
  /** Branches of stage g are branchStart[g] … branchStart[g+1]−1. */
  readonly branchStart: Int32Array;
  readonly branchTo: Int32Array;
  readonly branchCum: Float64Array;
  /** Per branch: index of its per-patient use counter, or −1 (unlimited). */
  readonly branchCounter: Int32Array;
  readonly branchLimit: Int32Array;
  readonly nCounters: number;
  readonly classEntry: Int32Array;
  readonly sources: CompiledSource[];
  /** Pools some appointment pins a member of. */
  readonly pinnedPool: Uint8Array;
  readonly thresholds: Float64Array;
  readonly percentiles: Float64Array;
  readonly preDrawVisits: number;
  /** Soft problems found at compile time (e.g. a pool loaded at or above capacity). */
  readonly warnings: string[];
}

/**
 * Checks and compiles a model.
 * @throws ModelError naming the first invalid field (path, value, what is wrong).
 */
export function compileModel(model: NetworkModel): CompiledModel {
  const warnings: string[] = [];
  const poolIx = indexByName(model.pools, 'pools');
  const stepIx = indexByName(model.steps, 'steps');
  if (stepIx.has(EXIT)) fail('steps', EXIT, `"${EXIT}" is reserved for leaving`);
  const nPools = model.pools.length;
  const nSteps = model.steps.length;
  if (nSteps === 0) fail('steps', model.steps, 'at least one step is needed');
  const preDrawVisits = model.preDrawVisits ?? 3;
  if (!Number.isInteger(preDrawVisits) || preDrawVisits < 1 || preDrawVisits > 64) fail('preDrawVisits', preDrawVisits, 'must be an integer in [1, 64]');

  const pools = compilePools(model, warnings);

  // Needs.
  const needStart = new Int32Array(nSteps + 1);
  const needPoolL: number[] = [];
  const needReleaseL: number[] = [];
  const needPost: (DistributionSpec | null)[] = [];
  model.steps.forEach((st, s) => {
    needStart[s] = needPoolL.length;
    if (!Array.isArray(st.needs)) fail(`steps[${s}].needs`, st.needs, 'must be a list');
    const seen = new Set<number>();
    st.needs.forEach((n, j) => {
      const p = poolIx.get(n.pool);
      if (p === undefined) fail(`steps[${s}].needs[${j}].pool`, n.pool, 'is not a pool name');
      if (seen.has(p)) fail(`steps[${s}].needs[${j}].pool`, n.pool, 'is listed twice for this step');
      seen.add(p);
      const rel = n.holdUntilEndOf === undefined ? s : stepIx.get(n.holdUntilEndOf);
      if (rel === undefined) fail(`steps[${s}].needs[${j}].holdUntilEndOf`, n.holdUntilEndOf, 'is not a step name');
      if (n.postBusy !== undefined) checkDist(n.postBusy, `steps[${s}].needs[${j}].postBusy`, 'duration');
      needPoolL.push(p);
      needReleaseL.push(rel);
      needPost.push(n.postBusy ?? null);
    });
  });
  needStart[nSteps] = needPoolL.length;
  const needPool = Int32Array.from(needPoolL);
  const needRelease = Int32Array.from(needReleaseL);

  // Steps.
  const stepByKey = new Uint8Array(nSteps);
  const stepSessions: (Float64Array | null)[] = [];
  const stepPatience: (DistributionSpec | null)[] = [];
  model.steps.forEach((st, s) => {
    checkDist(st.service, `steps[${s}].service`, 'duration');
    if (st.order !== undefined && st.order !== 'fifo' && st.order !== 'key') fail(`steps[${s}].order`, st.order, 'must be "fifo" or "key"');
    stepByKey[s] = st.order === 'key' ? 1 : 0;
    if (st.patience !== undefined) checkDist(st.patience, `steps[${s}].patience`, 'duration');
    stepPatience.push(st.patience ?? null);
    if (st.sessions !== undefined && st.sessions.length > 0) {
      const b = new Float64Array(st.sessions.length * 2);
      st.sessions.forEach((se, i) => {
        b[2 * i] = finiteNumber(se.startMinutes, `steps[${s}].sessions[${i}].startMinutes`);
        b[2 * i + 1] = finiteNumber(se.endMinutes, `steps[${s}].sessions[${i}].endMinutes`);
        if (b[2 * i + 1] < b[2 * i] || (i > 0 && b[2 * i] < b[2 * i - 1])) fail(`steps[${s}].sessions[${i}]`, se, 'sessions must be sorted and must not overlap');
      });
      stepSessions.push(b);
    } else stepSessions.push(null);
    if (st.priority !== undefined) finiteNumber(st.priority, `steps[${s}].priority`);
  });
  const order = model.steps.map((_, s) => s).sort((a, b) => (model.steps[a].priority ?? 0) - (model.steps[b].priority ?? 0) || a - b);
  const stepRank = new Int32Array(nSteps);
  order.forEach((s, r) => (stepRank[s] = r));
  const poolUsers: Int32Array[] = [];
  for (let p = 0; p < nPools; p++) {
    const users = order.filter((s) => needPoolL.slice(needStart[s], needStart[s + 1]).includes(p));
    poolUsers.push(Int32Array.from(users));
  }

  // Classes and pathways.
  const classes = model.classes && model.classes.length > 0
    ? model.classes
    : [{ name: 'default', pathway: model.steps.map((st): StageSpec => ({ step: st.name, next: st.next })) }];
  const classIx = indexByName(classes, 'classes');
  const stages = compileStages(classes, stepIx, model);

  // Pre-drawn visits per step: bounded by the stages on the step unless a stage on it lies on a cycle.
  const stepK = new Int32Array(nSteps);
  for (let g = 0; g < stages.step.length; g++) {
    const s = stages.step[g];
    const k = stages.onCycle[g] ? preDrawVisits : stages.stagesOfStepInClass[g];
    if (k > stepK[s]) stepK[s] = k;
  }
  const hasBranches = new Uint8Array(nSteps);
  for (let g = 0; g < stages.step.length; g++) if (stages.branchStart[g + 1] > stages.branchStart[g]) hasBranches[stages.step[g]] = 1;

  // Block layout: per step service, routing, patience, then post-busy per need.
  const streamNames: string[] = [];
  const blockStreamL: number[] = [];
  const alloc = (name: string, k: number): number => {
    const off = blockStreamL.length;
    const id = streamNames.length;
    streamNames.push(name);
    for (let i = 0; i < k; i++) blockStreamL.push(id);
    return off;
  };
  const svcOff = new Int32Array(nSteps).fill(-1);
  const routeOff = new Int32Array(nSteps).fill(-1);
  const patOff = new Int32Array(nSteps).fill(-1);
  const needPostOff = new Int32Array(needPool.length).fill(-1);
  for (let s = 0; s < nSteps; s++) {
    if (stepK[s] === 0) continue; // visited by no class
    const name = model.steps[s].name;
    svcOff[s] = alloc(`service/${name}`, stepK[s]);
    if (hasBranches[s]) routeOff[s] = alloc(`routing/${name}`, stepK[s]);
    if (stepPatience[s] !== null) patOff[s] = alloc(`patience/${name}`, stepK[s]);
    for (let n = needStart[s]; n < needStart[s + 1]; n++) {
      if (needPost[n] !== null) needPostOff[n] = alloc(`post/${name}/${model.pools[needPool[n]].name}`, stepK[s]);
    }
  }

  const { sources, pinnedPool } = compileSources(model, classIx, poolIx, pools.size);

  const stepSimple = new Uint8Array(nSteps);
  for (let s = 0; s < nSteps; s++) {
    const a = needStart[s];
    stepSimple[s] = needStart[s + 1] - a === 1 && needRelease[a] === s && needPost[a] === null && !stepByKey[s] &&
      stepSessions[s] === null && !pinnedPool[needPool[a]] ? 1 : 0;
  }

  const thresholds = Float64Array.from(model.waitThresholdsMinutes ?? [], (t, i) => finiteNumber(t, `waitThresholdsMinutes[${i}]`, 0));
  const percentiles = Float64Array.from(model.percentiles ?? [], (q, i) => {
    if (!(q > 0 && q < 1)) fail(`percentiles[${i}]`, q, 'must be a probability in (0, 1)');
    return q;
  });
  checkRun(model);

  const compiled: CompiledModel = {
    model,
    poolNames: model.pools.map((p) => p.name),
    stepNames: model.steps.map((s) => s.name),
    classNames: classes.map((c) => c.name),
    poolSize: pools.size,
    poolAvailability: pools.availability,
    poolShifts: pools.shifts,
    poolUsers,
    needStart,
    needPool,
    needRelease,
    needPost,
    needPostOff,
    stepByKey,
    stepSimple,
    stepSessions,
    stepPatience,
    stepRank,
    stepK,
    svcOff,
    routeOff,
    patOff,
    blockSize: blockStreamL.length,
    blockStream: Int32Array.from(blockStreamL),
    streamNames,
    stageStep: stages.step,
    stageClass: stages.cls,
    stageLabel: stages.label,
    stageService: stages.service,
    stageDefaultNext: stages.defaultNext,
    branchStart: stages.branchStart,
    branchTo: stages.branchTo,
    branchCum: stages.branchCum,
    branchCounter: stages.branchCounter,
    branchLimit: stages.branchLimit,
    nCounters: stages.nCounters,
    classEntry: stages.classEntry,
    sources,
    pinnedPool,
    thresholds,
    percentiles,
    preDrawVisits,
    warnings,
  };
  loadWarnings(compiled, warnings);
  return compiled;
}

function checkRun(model: NetworkModel): void {
  const r = model.run;
  const kind: unknown = (r as { kind?: unknown } | undefined)?.kind;
  if (kind !== 'steady-state' && kind !== 'until-empty') fail('run.kind', kind, 'must be "steady-state" or "until-empty"');
  if (r.kind === 'steady-state') {
    finiteNumber(r.horizonMinutes, 'run.horizonMinutes', 0);
    finiteNumber(r.warmupMinutes, 'run.warmupMinutes', 0);
    if (r.warmupMinutes > r.horizonMinutes) fail('run.warmupMinutes', r.warmupMinutes, 'must not exceed the horizon');
    if (model.sources.some((s) => s.kind === 'scheduled')) fail('sources', 'scheduled', 'steady-state runs take only arrival sources');
  } else if (r.startMinutes !== undefined) finiteNumber(r.startMinutes, 'run.startMinutes');
}

/** Long-run arrival rate (per minute) of a source, for the load check; NaN when not stationary. */
function longRunRate(a: ArrivalSpec): number {
  return a.kind === 'poisson' ? a.ratePerHour / 60 : NaN;
}

/**
 * Offered load per pool from the traffic equations (visit rates by fixed-point iteration of v = e + vP,
 * Jackson's equations), for steady-state runs: a pool loaded at or above its size gets a warning.
 */
function loadWarnings(c: CompiledModel, warnings: string[]): void {
  if (c.model.run.kind !== 'steady-state') return;
  const nStages = c.stageStep.length;
  const ext = new Float64Array(nStages);
  for (const src of c.sources) {
    if (src.kind !== 'arrivals') continue;
    const rate = longRunRate(src.arrivals);
    if (!Number.isFinite(rate)) return;
    let prev = 0;
    for (let k = 0; k < src.mixCum.length; k++) {
      ext[c.classEntry[src.mixClass[k]]] += rate * (src.mixCum[k] - prev);
      prev = src.mixCum[k];
    }
  }
  let v = Float64Array.from(ext);
  for (let it = 0; it < 10_000; it++) {
    const nv = Float64Array.from(ext);
    for (let g = 0; g < nStages; g++) {
      let prev = 0;
      for (let b = c.branchStart[g]; b < c.branchStart[g + 1]; b++) {
        if (c.branchTo[b] >= 0) nv[c.branchTo[b]] += v[g] * (c.branchCum[b] - prev);
        prev = c.branchCum[b];
      }
      if (c.stageDefaultNext[g] >= 0) nv[c.stageDefaultNext[g]] += v[g] * (1 - prev);
    }
    let diff = 0;
    for (let g = 0; g < nStages; g++) diff = Math.max(diff, Math.abs(nv[g] - v[g]));
    v = nv;
    if (diff < 1e-12) break;
  }
  const load = new Float64Array(c.poolNames.length);
  for (let g = 0; g < nStages; g++) {
    const s = c.stageStep[g];
    const mean = distributionMoments(c.stageService[g]).mean;
    for (let n = c.needStart[s]; n < c.needStart[s + 1]; n++) {
      const post = c.needPost[n];
      load[c.needPool[n]] += v[g] * (mean + (post ? distributionMoments(post).mean : 0));
    }
  }
  load.forEach((l, p) => {
    if (c.poolAvailability[p] === AVAILABLE_BY_SHIFTS) return;
    const u = l / c.poolSize[p];
    if (!Number.isFinite(u) || u >= 1) {
      warnings.push(`pool "${c.poolNames[p]}": offered load ${l.toFixed(3)} ≥ ${c.poolSize[p]} members (utilisation ${u.toFixed(3)} ≥ 1): its waiting line grows without bound`);
    }
  });
}
