/**
 * The fast path for plain queueing networks: every visited step needs one pool of its own, FIFO, no
 * patience, no sessions, no pins, no shifts, only unscheduled arrivals, and no trace or records. This is
 * the generic mode the validation suite and long steady-state runs use, so its event loop is one tight
 * function over local variables and typed arrays: an inlined heap, inlined Welford and time-weighted
 * updates, and one code site each for "join a line" and "start service" (deferred to the end of the
 * event). Setup, the warm-up and horizon boundaries and the final summary live outside the loop, so the
 * compiler optimises a small function and rare paths never deoptimise it.
 *
 * It mirrors the general engine operation by operation (same streams, same draws in the same order, same
 * calendar order by (time, priority, sequence), same accumulations in the same order), so both give
 * bit-identical metric vectors; test/sim/engine.test.ts and test/sim/properties.test.ts hold them to that.
 */
import { makeArrivals, type ArrivalProcess } from './arrivals';
import { log1pNeg } from './detMath';
import type { CompiledModel, CompiledSource } from './compile';
import { makeSampler, type Sampler } from './distributions';
import type { RunOptions, RunResult } from './engineState';
import { EventBudgetError, ScheduleTimeError } from './errors';
import { PRIORITY, SERVICE } from './events';
import { closeWindows, growF64, growI32, growLine, welford } from './fastPathSupport';
import { canRunSingle, loopSingle, SingleState } from './fastPathSingle';
import { counterUniform } from './patients';
import { RunStats, writeMetrics, type MetricLayout, type TimeSnapshot } from './results';
import { makeStream, type Stream } from './streams';

export { canRunFast } from './fastPathSupport';

const PR_RELEASE = PRIORITY.release;
const PR_ARRIVAL = PRIORITY.arrival;
const PR_STATS = PRIORITY.stats;
const SVC_EXP = SERVICE.exponential;
const SVC_DET = SERVICE.deterministic;
// Heap payload = entity · 4 + local kind.
const K_ARRIVAL = 0;
const K_END = 1;
const K_WARMUP = 2;
const K_HORIZON = 3;
/** Returned by the loop when the run is over. */
const DONE = -1;
/** 2^40, as in calendar.ts: key = priority · 2^40 + sequence. */
const SEQ_SPAN = 1_099_511_627_776;

class ReplayStream implements Stream {
  u = 0;
  next(): number {
    return this.u;
  }
}

/** Everything one fast-path run needs; the loop copies it into locals and writes back what changed. */
export class FastRun {
  readonly nSteps: number;
  readonly nPools: number;
  readonly B: number;
  readonly steady: boolean;
  readonly countFrom: number;
  readonly countTo: number;
  readonly drainLimit: number;
  readonly maxEvents: number;
  readonly sources: CompiledSource[];
  readonly blockStreams: Stream[];
  readonly streamKeys: Int32Array;
  readonly replay = new ReplayStream();
  readonly stageKind: Uint8Array;
  readonly stageParam: Float64Array;
  readonly stageSampler: Sampler[];
  readonly stepPool: Int32Array;
  readonly processes: (ArrivalProcess | null)[] = [];
  readonly classStreams: (Stream | null)[] = [];
  readonly start: number;
  readonly replication: number;
  now = 0;
  // Calendar: binary heap ordered by (time, priority·2^40 + sequence), exactly as calendar.ts.
  // Capacities start small on purpose: every growth path then runs in the first few events, before the
  // loop is optimised, instead of deoptimising it later. Growth is by doubling.
  ht = new Float64Array(16);
  hk = new Float64Array(16);
  hv = new Int32Array(16);
  hn = 0;
  seq = 0;
  // Patients, in recycled slots.
  pcap = 16;
  pId: Int32Array;
  pStage: Int32Array;
  pArr: Float64Array;
  pJoin: Float64Array;
  pTot: Float64Array;
  pCounted: Int32Array;
  pMember: Int32Array;
  pVisits: Int32Array;
  pUses: Int32Array;
  pU: Float64Array;
  freeSlots: Int32Array;
  nFree = 0;
  // Pools: time-weighted busy level (as TimeWeighted), members, free ring ordered by (idleSince, index).
  readonly size: Int32Array;
  readonly busyCount: Int32Array;
  readonly busyLast: Float64Array;
  readonly busyStart: Float64Array;
  readonly busyArea: Float64Array;
  readonly busyMax: Float64Array;
  readonly dutyLast: Float64Array;
  readonly dutyStart: Float64Array;
  readonly winStart: Float64Array;
  readonly memberBase: Int32Array;
  readonly mBusy: Uint8Array;
  readonly mBusySince: Float64Array;
  readonly mBusyMin: Float64Array;
  readonly mServed: Float64Array;
  readonly mLastFree: Float64Array;
  readonly mIdleSince: Float64Array;
  readonly freeRing: Int32Array;
  readonly freeHead: Int32Array;
  readonly freeCount: Int32Array;
  // Lines: FIFO rings of slots (one shared buffer, a power-of-two region per step), time-weighted length.
  readonly lCap: Int32Array;
  readonly lBase: Int32Array;
  ring: Int32Array;
  readonly lHead: Int32Array;
  readonly lLen: Int32Array;
  readonly lLast: Float64Array;
  readonly lStart: Float64Array;
  readonly lArea: Float64Array;
  readonly lMax: Float64Array;
  // Statistics (as RunStats, Welford's update inlined).
  readonly st: RunStats;
  readonly wCount: Float64Array;
  readonly wMean: Float64Array;
  readonly wM2: Float64Array;
  readonly wMin: Float64Array;
  readonly wMax: Float64Array;
  /** [count, mean, m2, min, max] of time in system (0–4) and of total wait (5–9). */
  readonly pat = Float64Array.of(0, 0, 0, Infinity, -Infinity, 0, 0, 0, Infinity, -Infinity);
  created = 0;
  arrived = 0;
  served = 0;
  nextId = 0;
  inBuilding = 0;
  countedInBuilding = 0;
  activeSources = 0;
  events = 0;
  windowStart = 0;
  horizonPassed = false;
  snapshot: TimeSnapshot | null = null;

  constructor(
    readonly c: CompiledModel,
    o: RunOptions,
  ) {
    const { seed, replication: rep } = o;
    this.replication = rep;
    const nSteps = (this.nSteps = c.stepNames.length);
    const nPools = (this.nPools = c.poolNames.length);
    const B = (this.B = c.blockSize);
    const run = c.model.run;
    this.steady = run.kind === 'steady-state';
    this.countFrom = run.kind === 'steady-state' ? run.warmupMinutes : -Infinity;
    this.countTo = run.kind === 'steady-state' ? run.horizonMinutes : Infinity;
    this.maxEvents = o.maxEvents ?? 2e9;
    this.sources = c.sources;
    this.blockStreams = c.streamNames.map((n) => makeStream(seed, rep, n));
    this.streamKeys = Int32Array.from(c.streamNames, (n) => (makeStream(seed, rep, `overflow/${n}`).next() * 4294967296) | 0);
    const nStages = c.stageStep.length;
    const stageKind = (this.stageKind = new Uint8Array(nStages));
    const stageParam = (this.stageParam = new Float64Array(nStages));
    this.stageSampler = c.stageService.map((d, g) => {
      if (d.kind === 'exponential') {
        stageKind[g] = SVC_EXP;
        stageParam[g] = d.meanMinutes;
      } else if (d.kind === 'deterministic') {
        stageKind[g] = SVC_DET;
        stageParam[g] = d.valueMinutes;
      } else stageKind[g] = SERVICE.general;
      return makeSampler(d, this.replay);
    });
    this.stepPool = new Int32Array(nSteps);
    for (let s = 0; s < nSteps; s++) this.stepPool[s] = c.needStart[s + 1] > c.needStart[s] ? c.needPool[c.needStart[s]] : -1;
    let start = run.kind === 'until-empty' ? (run.startMinutes ?? 0) : 0;
    for (const src of c.sources) if (src.kind === 'arrivals' && src.start < start) start = src.start;
    this.start = this.now = this.windowStart = start;

    const pcap = this.pcap;
    this.pId = new Int32Array(pcap);
    this.pStage = new Int32Array(pcap);
    this.pArr = new Float64Array(pcap);
    this.pJoin = new Float64Array(pcap);
    this.pTot = new Float64Array(pcap);
    this.pCounted = new Int32Array(pcap);
    this.pMember = new Int32Array(pcap);
    this.pVisits = new Int32Array(pcap * nSteps);
    this.pUses = new Int32Array(pcap * c.nCounters);
    this.pU = new Float64Array(pcap * B);
    this.freeSlots = new Int32Array(pcap);
    for (let i = pcap - 1; i >= 0; i--) this.freeSlots[this.nFree++] = i;

    const size = (this.size = c.poolSize);
    this.busyCount = new Int32Array(nPools);
    this.busyLast = new Float64Array(nPools).fill(start);
    this.busyStart = new Float64Array(nPools).fill(start);
    this.busyArea = new Float64Array(nPools);
    this.busyMax = new Float64Array(nPools);
    this.dutyLast = new Float64Array(nPools).fill(start);
    this.dutyStart = new Float64Array(nPools).fill(start);
    this.winStart = new Float64Array(nPools).fill(start);
    const memberBase = (this.memberBase = new Int32Array(nPools + 1));
    for (let p = 0; p < nPools; p++) memberBase[p + 1] = memberBase[p] + size[p];
    const nMembers = memberBase[nPools];
    this.mBusy = new Uint8Array(nMembers);
    this.mBusySince = new Float64Array(nMembers);
    this.mBusyMin = new Float64Array(nMembers);
    this.mServed = new Float64Array(nMembers);
    this.mLastFree = new Float64Array(nMembers).fill(NaN);
    this.mIdleSince = new Float64Array(nMembers).fill(start);
    this.freeRing = new Int32Array(Math.max(1, nMembers));
    this.freeHead = new Int32Array(nPools);
    this.freeCount = new Int32Array(nPools);
    for (let p = 0; p < nPools; p++) {
      for (let m = 0; m < size[p]; m++) this.freeRing[memberBase[p] + m] = m;
      this.freeCount[p] = size[p];
    }

    this.lCap = new Int32Array(nSteps).fill(4);
    this.lBase = new Int32Array(nSteps);
    for (let s = 0; s < nSteps; s++) this.lBase[s] = 4 * s;
    this.ring = new Int32Array(4 * Math.max(1, nSteps));
    this.lHead = new Int32Array(nSteps);
    this.lLen = new Int32Array(nSteps);
    this.lLast = new Float64Array(nSteps).fill(start);
    this.lStart = new Float64Array(nSteps).fill(start);
    this.lArea = new Float64Array(nSteps);
    this.lMax = new Float64Array(nSteps);

    this.st = new RunStats(c, o.departures === true, o.lineWaits === true);
    this.wCount = new Float64Array(nSteps);
    this.wMean = new Float64Array(nSteps);
    this.wM2 = new Float64Array(nSteps);
    this.wMin = new Float64Array(nSteps).fill(Infinity);
    this.wMax = new Float64Array(nSteps).fill(-Infinity);

    // Initial events, in the general engine's order: first arrivals by source, warm-up end, horizon.
    c.sources.forEach((src, i) => {
      if (src.kind !== 'arrivals') {
        this.processes.push(null);
        this.classStreams.push(null);
        return;
      }
      const p = makeArrivals(src.arrivals, makeStream(seed, rep, `arrivals/${src.name}`), src.start, src.end);
      this.processes.push(p);
      this.classStreams.push(src.mixCum.length > 1 ? makeStream(seed, rep, `class/${src.name}`) : null);
      const t = p.next();
      if (t !== Infinity) {
        this.activeSources++;
        this.push(t, PR_ARRIVAL + i, i * 4 + K_ARRIVAL);
      }
    });
    let windowEnd = Infinity;
    if (run.kind === 'steady-state') {
      windowEnd = run.horizonMinutes;
      if (run.warmupMinutes > start) this.push(run.warmupMinutes, PR_STATS, K_WARMUP);
      this.push(run.horizonMinutes, PR_STATS, K_HORIZON);
    }
    this.drainLimit = this.steady ? 2 * windowEnd + 1440 : Infinity;
  }

  /** Schedules an initial event (the loop inlines its own copy of this sift-up). */
  private push(time: number, priority: number, payload: number): void {
    if (this.hn === this.ht.length) {
      this.ht = growF64(this.ht, this.hn * 2);
      this.hk = growF64(this.hk, this.hn * 2);
      this.hv = growI32(this.hv, this.hn * 2);
    }
    const { ht, hk, hv } = this;
    const key = priority * SEQ_SPAN + this.seq++;
    let i = this.hn++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (ht[p] < time || (ht[p] === time && hk[p] < key)) break;
      ht[i] = ht[p];
      hk[i] = hk[p];
      hv[i] = hv[p];
      i = p;
    }
    ht[i] = time;
    hk[i] = key;
    hv[i] = payload;
  }

  /** End of the warm-up: restart every time-weighted statistic (as StaffPool.resetStats, TimeWeighted.reset). */
  warmup(): void {
    const now = this.now;
    this.windowStart = now;
    for (let p = 0; p < this.nPools; p++) {
      this.busyStart[p] = this.busyLast[p] = now;
      this.busyArea[p] = 0;
      this.busyMax[p] = this.busyCount[p];
      this.dutyStart[p] = this.dutyLast[p] = now;
      this.winStart[p] = now;
      for (let k = this.memberBase[p]; k < this.memberBase[p + 1]; k++) {
        this.mBusyMin[k] = 0;
        this.mServed[k] = 0;
      }
    }
    for (let s = 0; s < this.nSteps; s++) {
      this.lStart[s] = this.lLast[s] = now;
      this.lArea[s] = 0;
      this.lMax[s] = this.lLen[s];
    }
  }

  /** Whether the run is over (checked after every event, as the general engine does). */
  finished(): boolean {
    if (this.steady) return this.horizonPassed && (this.countedInBuilding === 0 || this.now > this.drainLimit);
    return this.inBuilding === 0 && this.activeSources === 0;
  }
}

/**
 * Runs one replication on the fast path. The caller must have checked {@link canRunFast}.
 * @returns the same result the general engine would return (records and trace null).
 * @throws ScheduleTimeError for an invalid event time; EventBudgetError past the event budget.
 */
export function runFast(c: CompiledModel, o: RunOptions, layout: MetricLayout): RunResult {
  const r = new FastRun(c, o);
  // One station (the M/M/c case) runs a loop specialised for it; everything around the loop is shared.
  const single = canRunSingle(r) ? new SingleState(r) : null;
  keepAlive.run = r;
  if (single) keepAlive.single = single;
  for (;;) {
    const code = single === null ? loop(r) : loopSingle(r, single);
    if (code === K_WARMUP) r.warmup();
    else if (code === K_HORIZON) {
      r.horizonPassed = true;
      r.snapshot = closeWindows(r, r.now, r.windowStart);
    } else break;
    if (r.finished()) break;
  }
  return finish(r, layout);
}

/**
 * The last run's state objects, kept alive until the next run. V8 holds the shapes ("maps") of objects
 * weakly: when every FastRun and SingleState has died and a full garbage collection runs (as after a big
 * run in between), their shapes are rebuilt for the next replication, the optimised loops' feedback on the
 * old shapes is cleared, and each loop was deoptimised at its first store into them on every replication
 * (measured with --trace-deopt, the engine interleaved with the app: 2–3× the bare loop instead of ~1.2×).
 */
const keepAlive: { run: FastRun | null; single: SingleState | null } = { run: null, single: null };

/** The summary of a finished run (as Simulation.finish). */
function finish(r: FastRun, layout: MetricLayout): RunResult {
  const c = r.c;
  const snapshot = r.snapshot ?? closeWindows(r, r.now, r.windowStart);
  const warnings = [...c.warnings];
  const stuck = r.steady ? r.countedInBuilding : r.inBuilding;
  if (stuck > 0) {
    warnings.push(r.steady
      ? `${stuck} patients who arrived before the horizon were still in the building at t=${r.now} (drain limit): their statistics are missing`
      : `${stuck} patients were still in the building at t=${r.now} with nothing left to happen (a resource never became available)`);
  }
  const st = r.st;
  for (let s = 0; s < r.nSteps; s++) {
    for (const t of [st.wait[s], st.waitServed[s]]) {
      t.count = r.wCount[s];
      t.mean = r.wMean[s];
      t.m2 = r.wM2[s];
      t.min = r.wMin[s];
      t.max = r.wMax[s];
    }
  }
  const pat = r.pat;
  Object.assign(st.timeInSystem, { count: pat[0], mean: pat[1], m2: pat[2], min: pat[3], max: pat[4] });
  Object.assign(st.totalWait, { count: pat[5], mean: pat[6], m2: pat[7], min: pat[8], max: pat[9] });
  st.created = r.created;
  st.arrived = r.arrived;
  st.served = r.served;
  const values = writeMetrics(layout, c, st, snapshot, { startMinutes: r.start, endMinutes: r.now, events: r.events, inBuildingAtEnd: r.inBuilding });
  return { replication: r.replication, values, warnings, records: null, trace: null, departures: st.departuresKept(), lineWaits: st.lineWaitsKept() };
}

/**
 * The event loop: processes events until the warm-up end or the horizon is popped (returned, for the
 * caller to apply) or the run is over ({@link DONE}).
 */
function loop(r: FastRun): number {
  const c = r.c;
  const { nSteps, B, steady, countFrom, countTo, drainLimit, maxEvents, sources, blockStreams, streamKeys, replay, stageKind, stageParam, stageSampler, stepPool, processes, classStreams } = r;
  const { stageStep, stepK, svcOff, routeOff, branchStart, branchCum, branchTo, branchCounter, branchLimit, nCounters, classEntry, blockStream } = c;
  const defaultNext = c.stageDefaultNext;
  const { size, busyCount, busyLast, busyArea, busyMax, winStart, memberBase, mBusy, mBusySince, mBusyMin, mServed, mLastFree, mIdleSince, freeRing, freeHead, freeCount } = r;
  const { lCap, lBase, lHead, lLen, lLast, lArea, lMax, wCount, wMean, wM2, wMin, wMax, pat, st } = r;
  const nt = c.thresholds.length;
  const thr = c.thresholds;
  const positive = st.positive;
  const above = st.above;
  const svcSum = st.serviceSum;
  const svcCount = st.serviceCount;
  const storing = st.storing;
  const keepingLines = st.keepingLines;
  let { ht, hk, hv, hn, seq, pcap, pId, pStage, pArr, pJoin, pTot, pCounted, pMember, pVisits, pUses, pU, freeSlots, nFree, ring } = r;
  // `+`: typed as a number for TurboFan; an untyped field value merged into the loop's clock would make it a
  // tagged (boxed) value, one heap allocation per event (see fastPathSingle.ts).
  let now = +r.now;
  let { created, arrived, served, nextId, inBuilding, countedInBuilding, activeSources, events: nEvents } = r;
  const horizonPassed = r.horizonPassed;
  let code = DONE;

  // Per event: at most two service starts (the head of a line handed a freed member, then the patient
  // moving on), performed at one code site after the event, in that order.
  const startSlot = new Int32Array(2);
  const startStep = new Int32Array(2);
  const startVisit = new Int32Array(2);

  events: while (hn > 0) {
    // Pop the top event (sift down with a hole).
    const payload = hv[0];
    now = ht[0];
    const last = --hn;
    if (last > 0) {
      const t = ht[last];
      const k = hk[last];
      const v = hv[last];
      let i = 0;
      for (;;) {
        let ch = 2 * i + 1;
        if (ch >= last) break;
        const r = ch + 1;
        if (r < last && (ht[r] < ht[ch] || (ht[r] === ht[ch] && hk[r] < hk[ch]))) ch = r;
        const tc = ht[ch];
        if (t < tc || (t === tc && k < hk[ch])) break;
        ht[i] = tc;
        hk[i] = hk[ch];
        hv[i] = hv[ch];
        i = ch;
      }
      ht[i] = t;
      hk[i] = k;
      hv[i] = v;
    }
    if (++nEvents > maxEvents) throw new EventBudgetError(now, maxEvents);
    const e = payload >> 2;
    let nStarts = 0;
    let joinSlot = -1;
    let joinStage = 0;
    switch (payload & 3) {
      case K_ARRIVAL: {
        const src = sources[e];
        if (src.kind !== 'arrivals') break;
        let cls = src.mixClass[0];
        const cs = classStreams[e];
        if (cs !== null) {
          const u = cs.next();
          let k = 0;
          while (k < src.mixCum.length - 1 && u >= src.mixCum[k]) k++;
          cls = src.mixClass[k];
        }
        if (nFree === 0) {
          const old = pcap;
          pcap *= 2;
          pId = growI32(pId, pcap);
          pStage = growI32(pStage, pcap);
          pArr = growF64(pArr, pcap);
          pJoin = growF64(pJoin, pcap);
          pTot = growF64(pTot, pcap);
          pCounted = growI32(pCounted, pcap);
          pMember = growI32(pMember, pcap);
          pVisits = growI32(pVisits, pcap * nSteps);
          pUses = growI32(pUses, pcap * nCounters);
          pU = growF64(pU, pcap * B);
          freeSlots = new Int32Array(pcap);
          for (let i = pcap - 1; i >= old; i--) freeSlots[nFree++] = i;
        }
        const slot = freeSlots[--nFree];
        pId[slot] = nextId++;
        pArr[slot] = now;
        pTot[slot] = 0;
        if (nSteps === 1) pVisits[slot] = 0;
        else pVisits.fill(0, slot * nSteps, slot * nSteps + nSteps);
        if (nCounters > 0) pUses.fill(0, slot * nCounters, (slot + 1) * nCounters);
        // Both comparisons always run, so neither is first met after the loop was optimised.
        const afterWarmup = now >= countFrom;
        const beforeHorizon = now < countTo;
        const counted = afterWarmup && beforeHorizon;
        pCounted[slot] = counted ? 1 : 0;
        const base = slot * B;
        for (let i = 0; i < B; i++) pU[base + i] = blockStreams[blockStream[i]].next();
        created++;
        const t = (processes[e] as ArrivalProcess).next();
        if (t !== Infinity) {
          // Schedule the source's next arrival.
          if (!(Number.isFinite(t) && t >= now)) throw new ScheduleTimeError(now, e, t, K_ARRIVAL);
          if (hn === ht.length) {
            ht = growF64(ht, hn * 2);
            hk = growF64(hk, hn * 2);
            hv = growI32(hv, hn * 2);
          }
          const key = (PR_ARRIVAL + e) * SEQ_SPAN + seq++;
          let i = hn++;
          while (i > 0) {
            const p = (i - 1) >> 1;
            const tp = ht[p];
            if (tp < t || (tp === t && hk[p] < key)) break;
            ht[i] = tp;
            hk[i] = hk[p];
            hv[i] = hv[p];
            i = p;
          }
          ht[i] = t;
          hk[i] = key;
          hv[i] = e * 4 + K_ARRIVAL;
        } else activeSources--;
        inBuilding++;
        if (counted) {
          countedInBuilding++;
          arrived++;
        }
        joinSlot = slot;
        joinStage = classEntry[cls];
        break;
      }
      case K_END: {
        const slot = e;
        const g = pStage[slot];
        const s = stageStep[g];
        const p = stepPool[s];
        // The member becomes idle (as StaffPool.release → becomeIdle).
        const mb = memberBase[p];
        const m = pMember[slot];
        const km = mb + m;
        mBusy[km] = 0;
        const bc = --busyCount[p];
        busyArea[p] += (bc + 1) * (now - busyLast[p]);
        busyLast[p] = now;
        mBusyMin[km] += now - Math.max(mBusySince[km], winStart[p]);
        mLastFree[km] = now;
        mIdleSince[km] = now;
        {
          // Insert by (idleSince, index), walking back from the tail (as StaffPool.insertFree).
          const n = size[p];
          let pos = freeCount[p];
          while (pos > 0) {
            let j = freeHead[p] + pos - 1;
            if (j >= n) j -= n;
            const om = freeRing[mb + j];
            const to = mIdleSince[mb + om];
            if (to < now || (to === now && om < m)) break;
            let j2 = j + 1;
            if (j2 >= n) j2 -= n;
            freeRing[mb + j2] = om;
            pos--;
          }
          let at = freeHead[p] + pos;
          if (at >= n) at -= n;
          freeRing[mb + at] = m;
          freeCount[p]++;
        }
        const len = lLen[s];
        if (len > 0) {
          // Hand the freed member to the head of the line.
          const next = ring[lBase[s] + lHead[s]];
          lHead[s] = (lHead[s] + 1) & (lCap[s] - 1);
          lArea[s] += len * (now - lLast[s]);
          lLast[s] = now;
          lLen[s] = len - 1;
          {
            // Take the free member idle longest (as StaffPool.takeLongestIdle).
            const tb = memberBase[p];
            const tm = freeRing[tb + freeHead[p]];
            freeHead[p] = freeHead[p] + 1 === size[p] ? 0 : freeHead[p] + 1;
            freeCount[p]--;
            const tk = tb + tm;
            mBusy[tk] = 1;
            mBusySince[tk] = now;
            mServed[tk]++;
            const b = ++busyCount[p];
            busyArea[p] += (b - 1) * (now - busyLast[p]);
            busyLast[p] = now;
            if (b > busyMax[p]) busyMax[p] = b;
            pMember[next] = tm;
          }
          startSlot[0] = next;
          startStep[0] = s;
          startVisit[0] = pVisits[next * nSteps + s] - 1;
          nStarts = 1;
        }
        // Route the finishing patient (as Simulation.route).
        let to = defaultNext[g];
        const b0 = branchStart[g];
        const b1 = branchStart[g + 1];
        if (b0 !== b1) {
          const visit = pVisits[slot * nSteps + s] - 1;
          const u = visit < stepK[s] ? pU[slot * B + routeOff[s] + visit] : counterUniform(streamKeys[blockStream[routeOff[s]]], pId[slot], visit);
          for (let b = b0; b < b1; b++) {
            if (u < branchCum[b]) {
              const k = branchCounter[b];
              if (k >= 0) {
                const ui = slot * nCounters + k;
                if (pUses[ui] >= branchLimit[b]) break;
                pUses[ui]++;
              }
              to = branchTo[b];
              break;
            }
          }
        }
        if (to >= 0) {
          joinSlot = slot;
          joinStage = to;
          break;
        }
        // Leave.
        if (pCounted[slot] === 1) {
          countedInBuilding--;
          served++;
          welford(pat, 0, now - pArr[slot]);
          welford(pat, 5, pTot[slot]);
          if (storing) {
            st.pending[0] = now - pArr[slot];
            st.pending[1] = pTot[slot];
            st.storePending();
          }
        }
        inBuilding--;
        freeSlots[nFree++] = slot;
        break;
      }
      case K_WARMUP:
        code = K_WARMUP;
        break events;
      case K_HORIZON:
        code = K_HORIZON;
        break events;
    }

    if (joinSlot >= 0) {
      // Join a line (as Simulation.join on a solo step).
      const slot = joinSlot;
      const s = stageStep[joinStage];
      pStage[slot] = joinStage;
      const visit = pVisits[slot * nSteps + s]++;
      pJoin[slot] = now;
      const p = stepPool[s];
      const len = lLen[s];
      if (len === 0 && freeCount[p] > 0) {
        {
          // Take the free member idle longest (as StaffPool.takeLongestIdle).
          const tb = memberBase[p];
          const tm = freeRing[tb + freeHead[p]];
          freeHead[p] = freeHead[p] + 1 === size[p] ? 0 : freeHead[p] + 1;
          freeCount[p]--;
          const tk = tb + tm;
          mBusy[tk] = 1;
          mBusySince[tk] = now;
          mServed[tk]++;
          const b = ++busyCount[p];
          busyArea[p] += (b - 1) * (now - busyLast[p]);
          busyLast[p] = now;
          if (b > busyMax[p]) busyMax[p] = b;
          pMember[slot] = tm;
        }
        startSlot[nStarts] = slot;
        startStep[nStarts] = s;
        startVisit[nStarts] = visit;
        nStarts++;
      } else {
        if (len === lCap[s]) ring = growLine(s, ring, lBase, lCap, lHead, lLen);
        ring[lBase[s] + ((lHead[s] + len) & (lCap[s] - 1))] = slot;
        lArea[s] += len * (now - lLast[s]);
        lLast[s] = now;
        lLen[s] = len + 1;
        if (len + 1 > lMax[s]) lMax[s] = len + 1;
      }
    }

    for (let q = 0; q < nStarts; q++) {
      // Start service (as Simulation.startService).
      const slot = startSlot[q];
      const s = startStep[q];
      const visit = startVisit[q];
      const wait = now - pJoin[slot];
      pTot[slot] += wait;
      const counted = pCounted[slot] === 1;
      if (counted) {
        const n = ++wCount[s];
        const delta = wait - wMean[s];
        wMean[s] += delta / n;
        wM2[s] += delta * (wait - wMean[s]);
        if (wait < wMin[s]) wMin[s] = wait;
        if (wait > wMax[s]) wMax[s] = wait;
        if (wait > 0) {
          positive[s]++;
          for (let k = 0; k < nt; k++) if (wait > thr[k]) above[s * nt + k]++;
        }
        if (keepingLines) {
          st.pending[0] = wait;
          st.keepLinePending(s);
        }
      }
      const g = pStage[slot];
      const u = visit < stepK[s] ? pU[slot * B + svcOff[s] + visit] : counterUniform(streamKeys[blockStream[svcOff[s]]], pId[slot], visit);
      let d: number;
      const kind = stageKind[g];
      if (kind === SVC_EXP) d = -stageParam[g] * log1pNeg(u);
      else if (kind === SVC_DET) d = stageParam[g];
      else {
        replay.u = u;
        d = stageSampler[g]();
      }
      if (counted) {
        svcSum[s] += d;
        svcCount[s]++;
      }
      const t = now + d;
      if (!(Number.isFinite(t) && t >= now)) throw new ScheduleTimeError(now, slot, t, K_END);
      if (hn === ht.length) {
        ht = growF64(ht, hn * 2);
        hk = growF64(hk, hn * 2);
        hv = growI32(hv, hn * 2);
      }
      const key = PR_RELEASE * SEQ_SPAN + seq++;
      let i = hn++;
      while (i > 0) {
        const pp = (i - 1) >> 1;
        const tp = ht[pp];
        if (tp < t || (tp === t && hk[pp] < key)) break;
        ht[i] = tp;
        hk[i] = hk[pp];
        hv[i] = hv[pp];
        i = pp;
      }
      ht[i] = t;
      hk[i] = key;
      hv[i] = slot * 4 + K_END;
    }

    // End of run (as FastRun.finished); every comparison runs on every event, for the same reason.
    const drained = countedInBuilding === 0;
    const pastDrainLimit = now > drainLimit;
    const empty = inBuilding === 0;
    const exhausted = activeSources === 0;
    if (steady ? horizonPassed && (drained || pastDrainLimit) : empty && exhausted) break;
  }

  r.now = now;
  r.ht = ht;
  r.hk = hk;
  r.hv = hv;
  r.hn = hn;
  r.seq = seq;
  r.pcap = pcap;
  r.pId = pId;
  r.pStage = pStage;
  r.pArr = pArr;
  r.pJoin = pJoin;
  r.pTot = pTot;
  r.pCounted = pCounted;
  r.pMember = pMember;
  r.pVisits = pVisits;
  r.pUses = pUses;
  r.pU = pU;
  r.freeSlots = freeSlots;
  r.nFree = nFree;
  r.ring = ring;
  r.created = created;
  r.arrived = arrived;
  r.served = served;
  r.nextId = nextId;
  r.inBuilding = inBuilding;
  r.countedInBuilding = countedInBuilding;
  r.activeSources = activeSources;
  r.events = nEvents;
  return code;
}
