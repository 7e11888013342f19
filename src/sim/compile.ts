/**
 * Checks a {@link NetworkModel} and flattens it into index-based typed arrays for the engine's hot loop:
 * names become indices, pathways become a global stage table with cumulative branch probabilities, and
 * each patient's pre-drawn randomness gets a fixed block layout (see {@link CompiledModel.blockSize}).
 * Compiled once per model; every replication reuses it.
 */
import type { ArrivalSpec } from './arrivals';
import { checkArrivals } from './arrivals';
import type { DistributionSpec } from './distributions';
import { checkDistribution, distributionMoments } from './distributions';
import { ModelError } from './errors';
import type { NetworkModel, RouteSpec, StageSpec } from './model';
import { ShiftSchedule } from './staffPool';

/** Pool availability codes. */
export const AVAILABLE_ALWAYS = 0;
export const AVAILABLE_WHILE_PRESENT = 1;
export const AVAILABLE_BY_SHIFTS = 2;

/** A compiled source of patients. */
export type CompiledSource =
  | { kind: 'arrivals'; name: string; arrivals: ArrivalSpec; start: number; end: number; mixCum: Float64Array; mixClass: Int32Array }
  | {
      kind: 'scheduled';
      name: string;
      times: Float64Array;
      classOf: Int32Array;
      pinPool: Int32Array;
      pinMember: Int32Array;
      noShow: number;
      punctuality: DistributionSpec | null;
    };

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

const EXIT = 'exit';

function fail(path: string, value: unknown, message: string): never {
  throw new ModelError(path, value, message);
}

function indexByName(items: { name: string }[], what: string): Map<string, number> {
  const map = new Map<string, number>();
  items.forEach((it, i) => {
    if (typeof it.name !== 'string' || it.name === '') fail(`${what}[${i}].name`, it.name, 'must be a non-empty string');
    if (map.has(it.name)) fail(`${what}[${i}].name`, it.name, 'is used twice');
    map.set(it.name, i);
  });
  return map;
}

function checkDist(d: DistributionSpec, path: string, use: 'duration' | 'offset'): void {
  const problem = checkDistribution(d, use);
  if (problem !== null) fail(path, d, problem);
}

function finiteNumber(v: unknown, path: string, min = -Infinity): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) fail(path, v, `must be a finite number ≥ ${min}`);
  return v;
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

function compilePools(model: NetworkModel, warnings: string[]) {
  const n = model.pools.length;
  const size = new Int32Array(n);
  const availability = new Uint8Array(n);
  const shifts: ShiftSchedule[][] = [];
  model.pools.forEach((p, i) => {
    if (!Number.isInteger(p.size) || p.size < 0 || p.size > 1_000_000) fail(`pools[${i}].size`, p.size, 'must be an integer ≥ 0');
    size[i] = p.size;
    const av = p.availability ?? 'always';
    if (av !== 'always' && av !== 'while-patients-present' && av !== 'shifts') fail(`pools[${i}].availability`, av, 'must be "always", "while-patients-present" or "shifts"');
    availability[i] = av === 'always' ? AVAILABLE_ALWAYS : av === 'while-patients-present' ? AVAILABLE_WHILE_PRESENT : AVAILABLE_BY_SHIFTS;
    const period = p.repeatEveryMinutes ?? 0;
    if (p.repeatEveryMinutes !== undefined) finiteNumber(period, `pools[${i}].repeatEveryMinutes`, 1e-9);
    const members: ShiftSchedule[] = [];
    if (av === 'shifts') {
      const perMember: Array<Array<[number, number]>> = [];
      if (p.memberShifts !== undefined) {
        if (p.memberShifts.length !== p.size) fail(`pools[${i}].memberShifts`, p.memberShifts.length, `must list one schedule per member (${p.size})`);
        p.memberShifts.forEach((list, m) => perMember.push(list.map((iv, j) => {
          const a = finiteNumber(iv.fromMinutes, `pools[${i}].memberShifts[${m}][${j}].fromMinutes`);
          const b = finiteNumber(iv.toMinutes, `pools[${i}].memberShifts[${m}][${j}].toMinutes`);
          if (b < a) fail(`pools[${i}].memberShifts[${m}][${j}]`, iv, 'ends before it starts');
          return [a, b] as [number, number];
        })));
      } else if (p.capacitySchedule !== undefined) {
        for (let m = 0; m < p.size; m++) perMember.push([]);
        const cs = p.capacitySchedule;
        cs.forEach((e, j) => {
          finiteNumber(e.fromMinutes, `pools[${i}].capacitySchedule[${j}].fromMinutes`);
          if (!Number.isInteger(e.count) || e.count < 0 || e.count > p.size) fail(`pools[${i}].capacitySchedule[${j}].count`, e.count, `must be an integer in [0, ${p.size}]`);
          if (j > 0 && e.fromMinutes < cs[j - 1].fromMinutes) fail(`pools[${i}].capacitySchedule[${j}].fromMinutes`, e.fromMinutes, 'must be sorted');
          const until = j + 1 < cs.length ? cs[j + 1].fromMinutes : period > 0 ? period : Infinity;
          for (let m = 0; m < e.count; m++) perMember[m].push([e.fromMinutes, until]);
        });
      } else fail(`pools[${i}]`, p.name, 'availability "shifts" needs memberShifts or capacitySchedule');
      perMember.forEach((list, m) => {
        if (period > 0 && list.some(([a, b]) => a < 0 || b > period)) fail(`pools[${i}].memberShifts[${m}]`, list, `repeating shifts must lie within [0, ${period}]`);
        members.push(new ShiftSchedule(mergeIntervals(list), period));
      });
    } else if (p.memberShifts !== undefined || p.capacitySchedule !== undefined) {
      warnings.push(`pool "${p.name}": shifts are ignored because availability is "${av}"`);
    }
    shifts.push(members);
  });
  return { size, availability, shifts };
}

function mergeIntervals(list: Array<[number, number]>): Float64Array {
  const sorted = list.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: number[] = [];
  for (const [a, b] of sorted) {
    if (out.length > 0 && a <= out[out.length - 1]) out[out.length - 1] = Math.max(out[out.length - 1], b);
    else out.push(a, b);
  }
  return Float64Array.from(out);
}

interface Stages {
  step: Int32Array;
  cls: Int32Array;
  label: string[];
  service: DistributionSpec[];
  defaultNext: Int32Array;
  branchStart: Int32Array;
  branchTo: Int32Array;
  branchCum: Float64Array;
  branchCounter: Int32Array;
  branchLimit: Int32Array;
  nCounters: number;
  classEntry: Int32Array;
  onCycle: Uint8Array;
  stagesOfStepInClass: Int32Array;
}

function compileStages(classes: { name: string; pathway?: StageSpec[] }[], stepIx: Map<string, number>, model: NetworkModel): Stages {
  const step: number[] = [];
  const cls: number[] = [];
  const label: string[] = [];
  const service: DistributionSpec[] = [];
  const defaultNext: number[] = [];
  const bStart: number[] = [];
  const bTo: number[] = [];
  const bCum: number[] = [];
  const bCounter: number[] = [];
  const bLimit: number[] = [];
  const classEntry = new Int32Array(classes.length);
  const stagesOfStep: number[] = [];
  const edges: number[][] = [];
  let nCounters = 0;
  classes.forEach((c, ci) => {
    const pathway = c.pathway ?? model.steps.map((st): StageSpec => ({ step: st.name, next: st.next }));
    if (pathway.length === 0) fail(`classes[${ci}].pathway`, pathway, 'must list at least one stage');
    const base = step.length;
    classEntry[ci] = base;
    const labels = new Map<string, number>();
    pathway.forEach((sg, j) => {
      const s = stepIx.get(sg.step);
      if (s === undefined) fail(`classes[${ci}].pathway[${j}].step`, sg.step, 'is not a step name');
      const lab = sg.label ?? sg.step;
      if (labels.has(lab) || lab === EXIT) fail(`classes[${ci}].pathway[${j}].label`, lab, 'must be unique within the pathway and not "exit"');
      labels.set(lab, base + j);
      if (sg.service !== undefined) checkDist(sg.service, `classes[${ci}].pathway[${j}].service`, 'duration');
      step.push(s);
      cls.push(ci);
      label.push(lab);
      service.push(sg.service ?? model.steps[s].service);
    });
    const target = (name: string, path: string): number => {
      if (name === EXIT) return -1;
      const g = labels.get(name);
      if (g === undefined) fail(path, name, 'is not a stage label of this pathway (or "exit")');
      return g;
    };
    pathway.forEach((sg, j) => {
      const g = base + j;
      const dflt = j + 1 < pathway.length ? g + 1 : -1;
      const path = `classes[${ci}].pathway[${j}].next`;
      const r: RouteSpec | undefined = sg.next;
      bStart.push(bTo.length);
      const out: number[] = [];
      if (r === undefined) {
        defaultNext.push(dflt);
      } else if (typeof r === 'string') {
        defaultNext.push(target(r, path));
      } else {
        defaultNext.push(dflt);
        let cum = 0;
        r.forEach((b, k) => {
          if (!(b.p >= 0 && b.p <= 1)) fail(`${path}[${k}].p`, b.p, 'must be a probability in [0, 1]');
          cum += b.p;
          if (cum > 1 + 1e-9) fail(`${path}[${k}].p`, b.p, 'branch probabilities sum to more than 1');
          bTo.push(target(b.to, `${path}[${k}].to`));
          bCum.push(Math.min(cum, 1));
          if (b.maxTimes !== undefined) {
            if (!Number.isInteger(b.maxTimes) || b.maxTimes < 0) fail(`${path}[${k}].maxTimes`, b.maxTimes, 'must be an integer ≥ 0');
            bCounter.push(nCounters++);
            bLimit.push(b.maxTimes);
          } else {
            bCounter.push(-1);
            bLimit.push(-1);
          }
          out.push(bTo[bTo.length - 1]);
        });
        // Exactly-1 sums land on the last branch, never on the default, despite rounding.
        if (Math.abs(cum - 1) < 1e-9) bCum[bCum.length - 1] = 1;
      }
      out.push(defaultNext[g]);
      edges.push(out);
    });
    pathway.forEach((sg) => {
      const s = stepIx.get(sg.step) as number;
      stagesOfStep.push(pathway.filter((o) => stepIx.get(o.step) === s).length);
    });
  });
  bStart.push(bTo.length);
  return {
    step: Int32Array.from(step),
    cls: Int32Array.from(cls),
    label,
    service,
    defaultNext: Int32Array.from(defaultNext),
    branchStart: Int32Array.from(bStart),
    branchTo: Int32Array.from(bTo),
    branchCum: Float64Array.from(bCum),
    branchCounter: Int32Array.from(bCounter),
    branchLimit: Int32Array.from(bLimit),
    nCounters,
    classEntry,
    onCycle: stagesOnCycles(edges),
    stagesOfStepInClass: Int32Array.from(stagesOfStep),
  };
}

/** Marks nodes that can reach themselves (−1 targets are exits). Depth-first search from each node. */
function stagesOnCycles(edges: number[][]): Uint8Array {
  const n = edges.length;
  const on = new Uint8Array(n);
  for (let g = 0; g < n; g++) {
    const seen = new Uint8Array(n);
    const stack = edges[g].filter((t) => t >= 0);
    while (stack.length > 0) {
      const v = stack.pop() as number;
      if (v === g) {
        on[g] = 1;
        break;
      }
      if (seen[v]) continue;
      seen[v] = 1;
      for (const t of edges[v]) if (t >= 0) stack.push(t);
    }
  }
  return on;
}

function compileSources(model: NetworkModel, classIx: Map<string, number>, poolIx: Map<string, number>, poolSize: Int32Array) {
  const pinnedPool = new Uint8Array(model.pools.length);
  if (!Array.isArray(model.sources) || model.sources.length === 0) fail('sources', model.sources, 'at least one source is needed');
  indexByName(model.sources, 'sources');
  const classOf = (name: string | undefined, path: string): number => {
    if (name === undefined) return 0;
    const c = classIx.get(name);
    if (c === undefined) fail(path, name, 'is not a class name');
    return c;
  };
  const sources: CompiledSource[] = model.sources.map((src, i): CompiledSource => {
    if (src.kind === 'arrivals') {
      const problem = checkArrivals(src.arrivals);
      if (problem !== null) fail(`sources[${i}].arrivals`, src.arrivals, problem);
      const mix = src.classMix ?? [{ class: classIx.keys().next().value as string, p: 1 }];
      let cum = 0;
      const mixCum = new Float64Array(mix.length);
      const mixClass = new Int32Array(mix.length);
      mix.forEach((m, k) => {
        if (!(m.p >= 0 && m.p <= 1)) fail(`sources[${i}].classMix[${k}].p`, m.p, 'must be a probability');
        cum += m.p;
        mixCum[k] = cum;
        mixClass[k] = classOf(m.class, `sources[${i}].classMix[${k}].class`);
      });
      if (Math.abs(cum - 1) > 1e-9) fail(`sources[${i}].classMix`, cum, 'probabilities must sum to 1');
      mixCum[mix.length - 1] = 1;
      const start = src.startMinutes ?? (model.run.kind === 'until-empty' ? (model.run.startMinutes ?? 0) : 0);
      const end = src.endMinutes ?? Infinity;
      finiteNumber(start, `sources[${i}].startMinutes`);
      if (!(end >= start)) fail(`sources[${i}].endMinutes`, end, 'must not be before startMinutes');
      return { kind: 'arrivals', name: src.name, arrivals: src.arrivals, start, end, mixCum, mixClass };
    }
    if (src.kind !== 'scheduled') fail(`sources[${i}].kind`, (src as { kind: unknown }).kind, 'must be "arrivals" or "scheduled"');
    const n = src.appointments.length;
    const times = new Float64Array(n);
    const cl = new Int32Array(n);
    const pinPool = new Int32Array(n).fill(-1);
    const pinMember = new Int32Array(n).fill(-1);
    src.appointments.forEach((a, k) => {
      const path = `sources[${i}].appointments[${k}]`;
      times[k] = finiteNumber(a.timeMinutes, `${path}.timeMinutes`);
      cl[k] = classOf(a.class, `${path}.class`);
      if (a.pin !== undefined) {
        const p = poolIx.get(a.pin.pool);
        if (p === undefined) fail(`${path}.pin.pool`, a.pin.pool, 'is not a pool name');
        if (!Number.isInteger(a.pin.member) || a.pin.member < 0 || a.pin.member >= poolSize[p]) fail(`${path}.pin.member`, a.pin.member, `must be a member index in [0, ${poolSize[p] - 1}]`);
        pinPool[k] = p;
        pinMember[k] = a.pin.member;
        pinnedPool[p] = 1;
      }
    });
    const noShow = src.noShowProbability ?? 0;
    if (!(noShow >= 0 && noShow <= 1)) fail(`sources[${i}].noShowProbability`, noShow, 'must be a probability');
    if (src.punctuality !== undefined) checkDist(src.punctuality, `sources[${i}].punctuality`, 'offset');
    return { kind: 'scheduled', name: src.name, times, classOf: cl, pinPool, pinMember, noShow, punctuality: src.punctuality ?? null };
  });
  return { sources, pinnedPool };
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
