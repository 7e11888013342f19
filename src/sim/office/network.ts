/**
 * Generic mode: a network scenario (stations, Poisson sources, probabilistic routing, long horizon with
 * warm-up) compiled to the engine's model (src/sim/model.ts) and run by the engine (src/sim/engine.ts),
 * steady state. Its results use the office's keys where they mean the same thing: `steps.<station>`,
 * `pools.<station>` (the station's servers), `patients.*` (customers counted after the warm-up).
 */
import { compileModel, type CompiledModel } from '../compile';
import { runOnce } from '../engine';
import type { NetworkModel, PatientClassSpec, RouteSpec, StepSpec } from '../model';
import { Outcome } from '../records';
import type { NetworkScenario } from '../scenario/schema';
import { RunRecord, type RawRecord } from '../results/record';
import { nestMetrics, type Metric } from '../results/summary';
import { metricLayout } from '../results';

/**
 * Builds the engine's model of a network scenario: one pool and one step per station; one patient class
 * per entry station, whose pathway visits every station with the scenario's routing (what the routes
 * leave over exits).
 */
export function networkModel(s: NetworkScenario): NetworkModel {
  const route = (id: string): RouteSpec => {
    const routes = s.routing.filter((r) => r.from === id);
    if (routes.length === 0) return 'exit';
    const stay = routes.reduce((a, r) => a + r.probability, 0);
    return [...routes.map((r) => ({ to: r.to, p: r.probability })), { to: 'exit', p: Math.max(0, 1 - stay) }];
  };
  const entries = [...new Set(s.sources.map((src) => src.to))];
  const classes: PatientClassSpec[] = entries.map((entry) => ({
    name: `from-${entry}`,
    pathway: [entry, ...s.stations.map((st) => st.id).filter((id) => id !== entry)].map((id) => ({ step: id, next: route(id) })),
  }));
  const steps: StepSpec[] = s.stations.map((st) => ({
    name: st.id,
    needs: [{ pool: st.id }],
    service: st.serviceMinutes,
    ...(st.patienceMinutes ? { patience: st.patienceMinutes } : {}),
  }));
  return {
    pools: s.stations.map((st) => ({ name: st.id, size: st.servers })),
    steps,
    classes,
    sources: s.sources.map((src) => ({
      kind: 'arrivals' as const,
      name: src.id,
      arrivals: { kind: 'poisson' as const, ratePerHour: src.ratePerHour },
      classMix: [{ class: `from-${src.to}`, p: 1 }],
    })),
    run: { kind: 'steady-state', horizonMinutes: s.horizonMinutes, warmupMinutes: s.warmupMinutes },
  };
}

const compiledCache = new WeakMap<NetworkScenario, CompiledModel>();

/** The metric keys of a network run. */
function networkKeys(s: NetworkScenario): { repKeys: string[]; sampleKeys: string[] } {
  const repKeys: string[] = [];
  const sampleKeys: string[] = [];
  for (const st of s.stations) {
    repKeys.push(`steps.${st.id}.waitMinutes`, `steps.${st.id}.maxWaitMinutes`, `steps.${st.id}.visits`, `steps.${st.id}.serviceMinutes`, `steps.${st.id}.waitProbability`);
    sampleKeys.push(`steps.${st.id}.waitMinutes`);
  }
  for (const st of s.stations) repKeys.push(`pools.${st.id}.utilisation`, `pools.${st.id}.busyMinutes`, `pools.${st.id}.overtimeMinutes`);
  repKeys.push('patients.totalWaitMinutes', 'patients.timeInOfficeMinutes', 'patients.arrived', 'patients.seen', 'patients.leftWithoutBeingSeen', 'patients.leftWithoutBeingSeenShare');
  sampleKeys.push('patients.totalWaitMinutes', 'patients.timeInOfficeMinutes');
  repKeys.push('providers.idleMinutes', 'providers.overtimeMinutes', 'day.lastDepartureMinutes');
  return { repKeys, sampleKeys };
}

/** Runs replications [from, to) of a network scenario through the engine. */
export function runNetworkRange(
  s: NetworkScenario,
  opts: { seed: number | string; from: number; to: number; onProgress?: (done: number, total: number) => void },
): RawRecord {
  let c = compiledCache.get(s);
  if (!c) {
    c = compileModel(networkModel(s));
    compiledCache.set(s, c);
  }
  const layout = metricLayout(c);
  const { repKeys, sampleKeys } = networkKeys(s);
  const rec = new RunRecord(opts.from, opts.to, repKeys, sampleKeys, 0, 0, 0);
  const total = opts.to - opts.from;
  const value = (values: Float64Array, name: string) => {
    const i = layout.index[name];
    return i === undefined ? NaN : values[i];
  };
  let buf: Float64Array = new Float64Array(1024);
  let buf2: Float64Array = new Float64Array(1024);
  // One station, visited once, nobody leaving unserved: a customer's wait at the station is their total wait,
  // so the kept departures give every pooled sample, and the run needs no per-patient records (which also
  // keep it off the fast path: 7.4x the bare loop against about 1.2x for one million M/M/5 customers).
  const one = s.stations[0];
  const departuresOnly = s.stations.length === 1 && !one.patienceMinutes && !s.routing.some((r) => r.from === one.id && r.to === one.id);
  for (let rep = opts.from; rep < opts.to; rep++) {
    const r = runOnce(c, { seed: opts.seed, replication: rep, record: !departuresOnly, departures: departuresOnly, maxEvents: s.eventBudgetPerReplication });
    const row = rep - opts.from;
    const v = r.values;
    rec.events[row] = value(v, 'run.events');
    s.stations.forEach((st) => {
      const b = `step.${st.id}.`;
      rec.set(`steps.${st.id}.waitMinutes`, row, value(v, `${b}wait.mean`));
      rec.set(`steps.${st.id}.maxWaitMinutes`, row, value(v, `${b}wait.max`));
      rec.set(`steps.${st.id}.visits`, row, value(v, `${b}exits`));
      rec.set(`steps.${st.id}.serviceMinutes`, row, value(v, `${b}service.mean`));
      rec.set(`steps.${st.id}.waitProbability`, row, value(v, `${b}pWaitPositive`));
      rec.set(`pools.${st.id}.utilisation`, row, value(v, `pool.${st.id}.utilisation`));
      rec.set(`pools.${st.id}.busyMinutes`, row, value(v, `pool.${st.id}.busy.mean`) * value(v, 'run.observedMinutes'));
      rec.set(`pools.${st.id}.overtimeMinutes`, row, 0);
    });
    rec.set('patients.totalWaitMinutes', row, value(v, 'patients.totalWait.mean'));
    rec.set('patients.timeInOfficeMinutes', row, value(v, 'patients.timeInSystem.mean'));
    rec.set('patients.arrived', row, value(v, 'patients.arrived'));
    rec.set('patients.seen', row, value(v, 'patients.served'));
    rec.set('patients.leftWithoutBeingSeen', row, value(v, 'patients.reneged'));
    rec.set('patients.leftWithoutBeingSeenShare', row, value(v, 'patients.pReneged'));
    // A network has no providers: these keys exist for a uniform format and are always undefined (null).
    rec.set('providers.idleMinutes', row, NaN);
    rec.set('providers.overtimeMinutes', row, NaN);
    rec.set('day.lastDepartureMinutes', row, value(v, 'run.endMinutes'));
    // Pooled samples: per-visit waits and per-customer totals of customers arriving after the warm-up (and
    // before the horizon) who left after service, or at a station before it (whose wait there counts).
    const d = r.departures;
    if (d) {
      // Departure order, where the records give arrival order: the same values, so the same percentiles.
      // Sized from the replications so far, so a long run's samples are not copied over and over.
      const n = d.totalWait.length;
      const expected = ((rec.sample('patients.totalWaitMinutes').n + n) / (row + 1)) * total;
      rec.sample(`steps.${one.id}.waitMinutes`).append(d.totalWait, 0, n, expected);
      rec.sample('patients.totalWaitMinutes').append(d.totalWait, 0, n, expected);
      rec.sample('patients.timeInOfficeMinutes').append(d.timeInSystem, 0, n, expected);
    }
    const pr = r.records;
    if (pr) {
      const counted = new Uint8Array(pr.count);
      for (let p = 0; p < pr.count; p++)
        counted[p] = pr.arrival[p] >= s.warmupMinutes && pr.arrival[p] < s.horizonMinutes && (pr.outcome[p] === Outcome.departed || pr.outcome[p] === Outcome.leftUnseen) ? 1 : 0;
      s.stations.forEach((_, st) => {
        let n = 0;
        for (let k = 0; k < pr.visitCount; k++) {
          if (pr.visitStep[k] !== st || !counted[pr.visitPatient[k]]) continue;
          if (n === buf.length) buf = grow(buf);
          const start = pr.visitStart[k];
          buf[n++] = (start === start ? start : pr.visitEnd[k]) - pr.visitJoin[k];
        }
        rec.sample(`steps.${s.stations[st].id}.waitMinutes`).append(buf, 0, n);
      });
      const wait = new Float64Array(pr.count);
      for (let k = 0; k < pr.visitCount; k++) {
        const start = pr.visitStart[k];
        wait[pr.visitPatient[k]] += (start === start ? start : pr.visitEnd[k]) - pr.visitJoin[k];
      }
      let n = 0;
      for (let p = 0; p < pr.count; p++) {
        if (!counted[p] || pr.outcome[p] !== Outcome.departed) continue;
        if (n === buf.length) buf = grow(buf);
        if (n === buf2.length) buf2 = grow(buf2);
        buf[n] = wait[p];
        buf2[n++] = pr.departure[p] - pr.arrival[p];
      }
      rec.sample('patients.totalWaitMinutes').append(buf, 0, n);
      rec.sample('patients.timeInOfficeMinutes').append(buf2, 0, n);
    }
    if (opts.onProgress) opts.onProgress(row + 1, total);
  }
  return rec.toRaw();
}

function grow(a: Float64Array): Float64Array {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

/** The network part of a result. */
export interface NetworkMetrics {
  steps: Record<string, { name: string; waitMinutes: Metric; maxWaitMinutes: Metric; visits: Metric; serviceMinutes: Metric; waitProbability: Metric }>;
  pools: Record<string, { name: string; utilisation: Metric; busyMinutes: Metric; overtimeMinutes: Metric }>;
  patients: Record<string, Metric>;
  providers: Record<string, Metric>;
  day: Record<string, Metric>;
  warnings: string[];
}

/** Assembles the network metrics from a (combined) raw record. */
export function networkMetrics(s: NetworkScenario, raw: RawRecord): NetworkMetrics {
  const nested = nestMetrics(raw) as Record<string, Record<string, Record<string, Metric>>>;
  const steps: NetworkMetrics['steps'] = {};
  const pools: NetworkMetrics['pools'] = {};
  const warnings: string[] = [];
  for (const st of s.stations) {
    const m = nested.steps[st.id];
    steps[st.id] = { name: st.name ?? st.id, waitMinutes: m.waitMinutes, maxWaitMinutes: m.maxWaitMinutes, visits: m.visits, serviceMinutes: m.serviceMinutes, waitProbability: m.waitProbability };
    const p = nested.pools[st.id];
    pools[st.id] = { name: st.name ?? st.id, utilisation: p.utilisation, busyMinutes: p.busyMinutes, overtimeMinutes: p.overtimeMinutes };
    const u = p.utilisation.mean;
    if (u !== null && u >= 0.97 && !st.patienceMinutes)
      warnings.push(`Demand at ${st.name ?? st.id} is at or above its capacity (utilisation ${Math.round(u * 100)}%): its line grows without bound over a long run.`);
  }
  return {
    steps,
    pools,
    patients: nested.patients as unknown as Record<string, Metric>,
    providers: nested.providers as unknown as Record<string, Metric>,
    day: nested.day as unknown as Record<string, Metric>,
    warnings,
  };
}
