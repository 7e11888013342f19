/**
 * Compiles sources of patients: unscheduled arrivals (process, window, class mix) and booked
 * appointments (times, classes, pinned members, no-show probability, punctuality).
 */
import { checkArrivals } from './arrivals';
import type { ArrivalSpec } from './arrivals';
import type { DistributionSpec } from './distributions';
import type { NetworkModel } from './model';
import { checkDist, fail, finiteNumber, indexByName } from './modelChecks';

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
/**
 * Compiles every source.
 * @returns the compiled sources and, per pool, 1 if some appointment pins one of its members.
 * @throws ModelError for a bad arrival spec, window, class, pin or probability.
 */
export function compileSources(model: NetworkModel, classIx: Map<string, number>, poolIx: Map<string, number>, poolSize: Int32Array): { sources: CompiledSource[]; pinnedPool: Uint8Array } {
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
