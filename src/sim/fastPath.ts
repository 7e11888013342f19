/**
 * The fast path for plain queueing networks: every visited step needs one pool of its own, FIFO, no
 * patience, no sessions, no pins, no shifts, only unscheduled arrivals, and no trace or records. This is
 * the generic mode the validation suite and long steady-state runs use, so it is one tight loop over
 * local variables and typed arrays: an inlined heap, inlined Welford and time-weighted updates, and one
 * code site each for "join a line" and "start service" (deferred to the end of the event) so the
 * compiler keeps everything in one optimised function.
 *
 * It mirrors the general engine operation by operation (same streams, same draws in the same order, same
 * calendar order by (time, priority, sequence), same accumulations in the same order), so both give
 * bit-identical metric vectors; test/sim/engineFastPath.test.ts holds them to that.
 */
import { makeArrivals, type ArrivalProcess } from './arrivals';
import type { CompiledModel } from './compile';
import { makeSampler, type Sampler } from './distributions';
import type { RunOptions, RunResult } from './engineState';
import { EventBudgetError, ScheduleTimeError } from './errors';
import { PRIORITY, SERVICE } from './events';
import { closeWindows, growF64, growI32, growLine, welford, type TwState } from './fastPathSupport';
import { counterUniform } from './patients';
import { RunStats, writeMetrics, type MetricLayout, type TimeSnapshot } from './results';

export { canRunFast } from './fastPathSupport';
import { makeStream, type Stream } from './streams';

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
/** 2^40, as in calendar.ts: key = priority · 2^40 + sequence. */
const SEQ_SPAN = 1_099_511_627_776;

class ReplayStream implements Stream {
  u = 0;
  next(): number {
    return this.u;
  }
}

/**
 * Runs one replication on the fast path. The caller must have checked {@link canRunFast}.
 * @returns the same result the general engine would return (records and trace null).
 * @throws ScheduleTimeError for an invalid event time; EventBudgetError past the event budget.
 */
export function runFast(c: CompiledModel, o: RunOptions, layout: MetricLayout): RunResult {
  const { seed, replication: rep } = o;
  const nSteps = c.stepNames.length;
  const nPools = c.poolNames.length;
  const B = c.blockSize;
  const run = c.model.run;
  const steady = run.kind === 'steady-state';
  const countFrom = steady ? run.warmupMinutes : -Infinity;
  const countTo = steady ? run.horizonMinutes : Infinity;
  const blockStreams = c.streamNames.map((n) => makeStream(seed, rep, n));
  const streamKeys = Int32Array.from(c.streamNames, (n) => (makeStream(seed, rep, `overflow/${n}`).next() * 4294967296) | 0);
  const blockStream = c.blockStream;
  const replay = new ReplayStream();
  const nStages = c.stageStep.length;
  const stageKind = new Uint8Array(nStages);
  const stageParam = new Float64Array(nStages);
  const stageSampler: Sampler[] = c.stageService.map((d, g) => {
    if (d.kind === 'exponential') {
      stageKind[g] = SVC_EXP;
      stageParam[g] = d.meanMinutes;
    } else if (d.kind === 'deterministic') {
      stageKind[g] = SVC_DET;
      stageParam[g] = d.valueMinutes;
    } else stageKind[g] = SERVICE.general;
    return makeSampler(d, replay);
  });
  const { stageStep, stepK, svcOff, routeOff, branchStart, branchCum, branchTo, branchCounter, branchLimit, nCounters, classEntry } = c;
  const defaultNext = c.stageDefaultNext;
  const stepPool = new Int32Array(nSteps);
  for (let s = 0; s < nSteps; s++) stepPool[s] = c.needStart[s + 1] > c.needStart[s] ? c.needPool[c.needStart[s]] : -1;

  let start = run.kind === 'until-empty' ? (run.startMinutes ?? 0) : 0;
  for (const src of c.sources) if (src.kind === 'arrivals' && src.start < start) start = src.start;
  let now = start;

  // Calendar: binary heap ordered by (time, priority·2^40 + sequence), exactly as calendar.ts.
  let ht = new Float64Array(256);
  let hk = new Float64Array(256);
  let hv = new Int32Array(256);
  let hn = 0;
  let seq = 0;

  // Patients, in recycled slots.
  let pcap = 64;
  let pId = new Int32Array(pcap);
  let pStage = new Int32Array(pcap);
  let pArr = new Float64Array(pcap);
  let pJoin = new Float64Array(pcap);
  let pTot = new Float64Array(pcap);
  let pCounted = new Int32Array(pcap);
  let pMember = new Int32Array(pcap);
  let pVisits = new Int32Array(pcap * nSteps);
  let pUses = new Int32Array(pcap * nCounters);
  let pU = new Float64Array(pcap * B);
  let freeSlots = new Int32Array(pcap);
  let nFree = 0;
  for (let i = pcap - 1; i >= 0; i--) freeSlots[nFree++] = i;

  // Pools: time-weighted busy level (as TimeWeighted), members, free ring ordered by (idleSince, index).
  const size = c.poolSize;
  const busyCount = new Int32Array(nPools);
  const busyLast = new Float64Array(nPools).fill(start);
  const busyStart = new Float64Array(nPools).fill(start);
  const busyArea = new Float64Array(nPools);
  const busyMax = new Float64Array(nPools);
  const dutyLast = new Float64Array(nPools).fill(start);
  const dutyStart = new Float64Array(nPools).fill(start);
  const winStart = new Float64Array(nPools).fill(start);
  const memberBase = new Int32Array(nPools + 1);
  for (let p = 0; p < nPools; p++) memberBase[p + 1] = memberBase[p] + size[p];
  const nMembers = memberBase[nPools];
  const mBusy = new Uint8Array(nMembers);
  const mBusySince = new Float64Array(nMembers);
  const mBusyMin = new Float64Array(nMembers);
  const mServed = new Float64Array(nMembers);
  const mLastFree = new Float64Array(nMembers).fill(NaN);
  const mIdleSince = new Float64Array(nMembers).fill(start);
  const freeRing = new Int32Array(Math.max(1, nMembers));
  const freeHead = new Int32Array(nPools);
  const freeCount = new Int32Array(nPools);
  for (let p = 0; p < nPools; p++) {
    for (let m = 0; m < size[p]; m++) freeRing[memberBase[p] + m] = m;
    freeCount[p] = size[p];
  }

  // Lines: FIFO rings of slots (one shared buffer, a power-of-two region per step) with time-weighted length.
  const lCap = new Int32Array(nSteps).fill(16);
  const lBase = new Int32Array(nSteps);
  for (let s = 0; s < nSteps; s++) lBase[s] = 16 * s;
  let ring = new Int32Array(16 * Math.max(1, nSteps));
  const lHead = new Int32Array(nSteps);
  const lLen = new Int32Array(nSteps);
  const lLast = new Float64Array(nSteps).fill(start);
  const lStart = new Float64Array(nSteps).fill(start);
  const lArea = new Float64Array(nSteps);
  const lMax = new Float64Array(nSteps);

  // Statistics (as RunStats, Welford's update inlined).
  const st = new RunStats(c);
  const nt = c.thresholds.length;
  const thr = c.thresholds;
  const wCount = new Float64Array(nSteps);
  const wMean = new Float64Array(nSteps);
  const wM2 = new Float64Array(nSteps);
  const wMin = new Float64Array(nSteps).fill(Infinity);
  const wMax = new Float64Array(nSteps).fill(-Infinity);
  const positive = st.positive;
  const above = st.above;
  const svcSum = st.serviceSum;
  const svcCount = st.serviceCount;
  const storing = c.percentiles.length > 0;
  // [count, mean, m2, min, max] of time in system (0–4) and total wait (5–9).
  const pat = Float64Array.of(0, 0, 0, Infinity, -Infinity, 0, 0, 0, Infinity, -Infinity);
  let created = 0;
  let arrived = 0;
  let served = 0;
  let nextId = 0;
  let inBuilding = 0;
  let countedInBuilding = 0;
  let activeSources = 0;
  let events = 0;
  let windowStart = start;
  let horizonPassed = false;
  let snapshot: TimeSnapshot | null = null;
  const maxEvents = o.maxEvents ?? 2e9;

  // Initial events, in the general engine's order: first arrivals by source, warm-up end, horizon.
  const processes: (ArrivalProcess | null)[] = [];
  const classStreams: (Stream | null)[] = [];
  const initial: number[] = [];
  c.sources.forEach((src, i) => {
    if (src.kind !== 'arrivals') return;
    const p = makeArrivals(src.arrivals, makeStream(seed, rep, `arrivals/${src.name}`), src.start, src.end);
    processes.push(p);
    classStreams.push(src.mixCum.length > 1 ? makeStream(seed, rep, `class/${src.name}`) : null);
    const t = p.next();
    if (t !== Infinity) {
      activeSources++;
      initial.push(t, PR_ARRIVAL + i, i * 4 + K_ARRIVAL);
    }
  });
  let windowEnd = Infinity;
  if (steady) {
    windowEnd = run.horizonMinutes;
    if (run.warmupMinutes > start) initial.push(run.warmupMinutes, PR_STATS, K_WARMUP);
    else windowStart = start;
    initial.push(run.horizonMinutes, PR_STATS, K_HORIZON);
  }
  for (let j = 0; j < initial.length; j += 3) {
    // Few events: insertion by sift-up, as push below.
    const time = initial[j];
    const key = initial[j + 1] * SEQ_SPAN + seq++;
    let i = hn++;
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
    hv[i] = initial[j + 2];
  }
  const drainLimit = steady ? 2 * windowEnd + 1440 : Infinity;

  const tw: TwState = { nPools, nSteps, size, memberBase, mBusy, mBusyMin, mBusySince, mServed, mLastFree, winStart, busyStart, busyLast, busyArea, busyCount, dutyStart, dutyLast, lStart, lLast, lArea, lLen, lMax };

  // Per event: at most two service starts (the head of a line handed a freed member, then the patient
  // moving on), performed at one code site after the event, in that order.
  const startSlot = new Int32Array(2);
  const startStep = new Int32Array(2);
  const startVisit = new Int32Array(2);

  while (hn > 0) {
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
    if (++events > maxEvents) throw new EventBudgetError(now, maxEvents);
    const e = payload >> 2;
    let nStarts = 0;
    let joinSlot = -1;
    let joinStage = 0;
    switch (payload & 3) {
      case K_ARRIVAL: {
        const src = c.sources[e];
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
        const counted = now >= countFrom && now < countTo;
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
          if (storing) st.store(now - pArr[slot], pTot[slot]);
        }
        inBuilding--;
        freeSlots[nFree++] = slot;
        break;
      }
      case K_WARMUP: {
        windowStart = now;
        for (let p = 0; p < nPools; p++) {
          busyStart[p] = busyLast[p] = now;
          busyArea[p] = 0;
          busyMax[p] = busyCount[p];
          dutyStart[p] = dutyLast[p] = now;
          winStart[p] = now;
          for (let k = memberBase[p]; k < memberBase[p + 1]; k++) {
            mBusyMin[k] = 0;
            mServed[k] = 0;
          }
        }
        for (let s = 0; s < nSteps; s++) {
          lStart[s] = lLast[s] = now;
          lArea[s] = 0;
          lMax[s] = lLen[s];
        }
        break;
      }
      case K_HORIZON:
        horizonPassed = true;
        snapshot = closeWindows(tw, now, windowStart);
        break;
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
      }
      const g = pStage[slot];
      const u = visit < stepK[s] ? pU[slot * B + svcOff[s] + visit] : counterUniform(streamKeys[blockStream[svcOff[s]]], pId[slot], visit);
      let d: number;
      const kind = stageKind[g];
      if (kind === SVC_EXP) d = -stageParam[g] * Math.log1p(-u);
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

    if (steady) {
      if (horizonPassed && (countedInBuilding === 0 || now > drainLimit)) break;
    } else if (inBuilding === 0 && activeSources === 0) break;
  }

  if (snapshot === null) snapshot = closeWindows(tw, now, windowStart);
  const warnings = [...c.warnings];
  const stuck = steady ? countedInBuilding : inBuilding;
  if (stuck > 0) {
    warnings.push(steady
      ? `${stuck} patients who arrived before the horizon were still in the building at t=${now} (drain limit): their statistics are missing`
      : `${stuck} patients were still in the building at t=${now} with nothing left to happen (a resource never became available)`);
  }
  for (let s = 0; s < nSteps; s++) {
    for (const t of [st.wait[s], st.waitServed[s]]) {
      t.count = wCount[s];
      t.mean = wMean[s];
      t.m2 = wM2[s];
      t.min = wMin[s];
      t.max = wMax[s];
    }
  }
  Object.assign(st.timeInSystem, { count: pat[0], mean: pat[1], m2: pat[2], min: pat[3], max: pat[4] });
  Object.assign(st.totalWait, { count: pat[5], mean: pat[6], m2: pat[7], min: pat[8], max: pat[9] });
  st.created = created;
  st.arrived = arrived;
  st.served = served;
  const values = writeMetrics(layout, c, st, snapshot, { startMinutes: start, endMinutes: now, events, inBuildingAtEnd: inBuilding });
  return { replication: rep, values, warnings, records: null, trace: null };

}
