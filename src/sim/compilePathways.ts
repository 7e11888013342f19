/**
 * Compiles patient classes' pathways into one global stage table: each stage visits a step and routes to
 * the next stage, or by branches drawn with one uniform per decision (cumulative probabilities, optional
 * per-patient use limits), and marks the stages on cycles (rework loops), which need more pre-drawn visits.
 */
import type { DistributionSpec } from './distributions';
import type { NetworkModel, RouteSpec, StageSpec } from './model';
import { checkDist, EXIT, fail } from './modelChecks';

/** The global stage table (arrays indexed by stage, branches by branch index). */
export interface Stages {
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

/**
 * Compiles every class's pathway.
 * @throws ModelError for an unknown step or label, a bad probability or a bad limit.
 */
export function compileStages(classes: { name: string; pathway?: StageSpec[] }[], stepIx: Map<string, number>, model: NetworkModel): Stages {
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
