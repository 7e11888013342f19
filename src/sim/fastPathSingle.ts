/**
 * The fast path's loop specialised for one station: one step, one pool, one class, one arrival source
 * with no class mix, FIFO, no routing, no patience (the M/M/c case of the validation suite and of the
 * benchmark). Same setup, boundaries and summary as the fast path (fastPath.ts: {@link FastRun}); only the
 * event loop differs: scalars instead of per-step and per-pool arrays, patients kept in the line (arrival
 * time and service uniform) and then with the member serving them instead of in recycled slots, Welford's
 * updates written out, and replace-top in the calendar (an event's first successor takes the popped root's
 * place with one sift-down).
 *
 * It stays bit-identical to the general engine: same draws in the same order, same calendar order (keys
 * are (time, priority·2^40 + sequence), all distinct, so the pop order does not depend on the heap's
 * layout), same accumulations in the same order. Two facts of a single FIFO station let it skip work
 * without changing any result: the line is non-empty only while every member is busy, so a member freed
 * with patients waiting is at once taken again by the head of the line (its idle ring entry would be
 * inserted and removed, and the busy level's area gains 0); and patients start service in arrival order.
 */
import type { CompiledModel } from './compile';
import { EventBudgetError, ScheduleTimeError } from './errors';
import { PRIORITY, SERVICE } from './events';
import { PoissonArrivals } from './arrivals';
import { log1pNeg } from './detMath';
import type { FastRun } from './fastPath';
import { growF64, growI32 } from './fastPathSupport';
import type { Stream } from './streams';

const SVC_EXP = SERVICE.exponential;
const SVC_DET = SERVICE.deterministic;
const K_ARRIVAL = 0;
const K_END = 1;
const DONE = -1;
/** 2^40, as in calendar.ts: key = priority · 2^40 + sequence. */
const SEQ_SPAN = 1_099_511_627_776;
const KEY_ARRIVAL = PRIORITY.arrival * SEQ_SPAN;
const KEY_RELEASE = PRIORITY.release * SEQ_SPAN;

/**
 * Whether the run qualifies for {@link loopSingle} (on top of canRunFast).
 */
export function canRunSingle(r: FastRun): boolean {
  const c: CompiledModel = r.c;
  if (r.nSteps !== 1 || r.nPools !== 1 || r.sources.length !== 1) return false;
  if (r.stepPool[0] !== 0 || !(r.processes[0] instanceof PoissonArrivals) || r.classStreams[0] !== null) return false;
  const src = r.sources[0];
  if (src.kind !== 'arrivals' || src.mixClass.length < 1) return false;
  const g = c.classEntry[src.mixClass[0]];
  if (c.stageStep[g] !== 0 || c.stageDefaultNext[g] >= 0 || c.branchStart[g] !== c.branchStart[g + 1]) return false;
  if (c.stepK[0] < 1 || c.svcOff[0] < 0 || c.svcOff[0] >= r.B) return false;
  return true;
}

/** What the specialised loop keeps between its calls (it returns at the warm-up end and the horizon). */
export class SingleState {
  /** The line: FIFO ring of arrival times and the patients' service durations (drawn at arrival). */
  qArr = new Float64Array(16);
  qDur = new Float64Array(16);
  /**
   * Arrival times and service durations are computed ahead in blocks of {@link BATCH} by two cold functions
   * (refillArrivals, refillDurations) and read from these buffers in the loop. The numbers are the same as
   * one at a time: each buffer is filled from its own stream, in order, with the same arithmetic, and a
   * draw taken ahead and not used changes nothing else. The loop then calls no sampler at all: with the
   * samplers in it (log1pNeg is ~400 bytes of bytecode, the stream's next 72) V8's inlining budget for the
   * loop (920 bytes) ran out on one of them, and the calls it did not inline returned their doubles boxed,
   * a heap allocation per event.
   */
  readonly arrBuf = new Float64Array(BATCH);
  arrPos = BATCH;
  /** The last arrival time computed (the one the next block continues from). */
  arrLast = 0;
  readonly durBuf = new Float64Array(BATCH);
  durPos = BATCH;
  qHead = 0;
  /** Per member: arrival time and wait of the patient in service. */
  readonly memArr: Float64Array;
  readonly memWait: Float64Array;
  readonly stage: number;
  /**
   * Where drawBlock leaves its result. A number returned by a call that
   * is not inlined is untyped; merged with the loop's doubles it would make the merge a tagged (boxed)
   * value, one heap allocation per event. Read from a Float64Array, it stays a raw double.
   */
  readonly out = new Float64Array(1);

  constructor(r: FastRun) {
    const n = Math.max(1, r.size[0]);
    this.memArr = new Float64Array(n);
    this.memWait = new Float64Array(n);
    const src = r.sources[0];
    this.stage = src.kind === 'arrivals' ? r.c.classEntry[src.mixClass[0]] : 0;
    this.arrLast = (r.processes[0] as unknown as PoissonFields).time;
  }
}

/** PoissonArrivals' fields (private to arrivals.ts): the loop draws the gaps itself, with the same arithmetic. */
interface PoissonFields {
  stream: Stream;
  meanGapMinutes: number;
  endMinutes: number;
  time: number;
}

/** Doubles the line's ring (cold). */
function growQueue(q: SingleState, len: number): void {
  const cap = q.qArr.length;
  const a = new Float64Array(cap * 2);
  const u = new Float64Array(cap * 2);
  for (let i = 0; i < len; i++) {
    const j = (q.qHead + i) & (cap - 1);
    a[i] = q.qArr[j];
    u[i] = q.qDur[j];
  }
  q.qArr = a;
  q.qDur = u;
  q.qHead = 0;
}

/** Doubles the calendar's arrays (cold). */
function growHeap(r: FastRun, hn: number): void {
  r.ht = growF64(r.ht, hn * 2);
  r.hk = growF64(r.hk, hn * 2);
  r.hv = growI32(r.hv, hn * 2);
}

/** Draws a patient's whole block of uniforms in block order, leaving the service duration in `q.out[0]` (B > 1). */
function drawBlock(r: FastRun, q: SingleState): void {
  const bs = r.blockStreams;
  const which = r.c.blockStream;
  const off = r.c.svcOff[0];
  let u = 0;
  for (let i = 0; i < r.B; i++) {
    const x = bs[which[i]].next();
    if (i === off) u = x;
  }
  q.out[0] = duration(r, q.stage, u);
}

/** Patients' draws computed ahead per block (see {@link SingleState.arrBuf}). */
const BATCH = 64;

/** The next {@link BATCH} arrival times (as PoissonArrivals.next; Infinity from the end of arrivals on). */
function refillArrivals(q: SingleState, proc: PoissonFields): void {
  const buf = q.arrBuf;
  const stream = proc.stream;
  const meanGap = proc.meanGapMinutes;
  const end = proc.endMinutes;
  let t = q.arrLast;
  for (let i = 0; i < BATCH; i++) {
    if (t !== Infinity) {
      t -= meanGap * log1pNeg(stream.next());
      if (t >= end) t = Infinity;
    }
    buf[i] = t;
  }
  q.arrLast = t;
  q.arrPos = 0;
}

/** The service duration for service uniform u (as EngineState's sampler for the stage). */
function duration(r: FastRun, g: number, u: number): number {
  const kind = r.stageKind[g];
  if (kind === SVC_EXP) return -r.stageParam[g] * log1pNeg(u);
  if (kind === SVC_DET) return r.stageParam[g];
  r.replay.u = u;
  return r.stageSampler[g]();
}

/** The next {@link BATCH} patients' service durations, one service uniform each from the step's stream (B = 1). */
function refillDurations(r: FastRun, q: SingleState): void {
  const buf = q.durBuf;
  const stream = r.blockStreams[r.c.blockStream[0]];
  const g = q.stage;
  for (let i = 0; i < BATCH; i++) buf[i] = duration(r, g, stream.next());
  q.durPos = 0;
}

/** Inserts freed member m into the idle ring, ordered by (idleSince, index) (as StaffPool.insertFree). */
function insertFree(r: FastRun, m: number, now: number): void {
  const n = r.size[0];
  const ring = r.freeRing;
  const idle = r.mIdleSince;
  const head = r.freeHead[0];
  let pos = r.freeCount[0];
  while (pos > 0) {
    let j = head + pos - 1;
    if (j >= n) j -= n;
    const om = ring[j];
    const to = idle[om];
    if (to < now || (to === now && om < m)) break;
    let j2 = j + 1;
    if (j2 >= n) j2 -= n;
    ring[j2] = om;
    pos--;
  }
  let at = head + pos;
  if (at >= n) at -= n;
  ring[at] = m;
  r.freeCount[0]++;
}

/**
 * The event loop for one station: as fastPath.ts's loop, returning the kind of the warm-up end or horizon
 * event it stopped at, or {@link DONE}.
 */
export function loopSingle(r: FastRun, q: SingleState): number {
  const c = r.c;
  const { steady, countFrom, countTo, drainLimit, maxEvents, B, st, pat, size, mBusy, mBusySince, mBusyMin, mServed, mLastFree, mIdleSince, freeRing } = r;
  const { memArr, memWait, out, arrBuf, durBuf } = q;
  const proc = r.processes[0] as unknown as PoissonFields;
  let arrPos = q.arrPos;
  let durPos = q.durPos;
  const nt = c.thresholds.length;
  const thr = c.thresholds;
  const above = st.above;
  const storing = st.storing;
  const keepingLines = st.keepingLines;
  const nMembers = size[0];
  const winStart = r.winStart[0];
  const horizonPassed = r.horizonPassed;
  let { ht, hk, hv, hn, seq } = r;
  // `+`: the loop's numbers must be known to TurboFan as numbers. A value read from an object field is
  // untyped; merged at the loop head with the doubles computed in the loop, it makes the merge a tagged
  // value, and every double stored into it is boxed: a heap allocation per event.
  let now = +r.now;
  let { created, arrived, served, nextId, inBuilding, countedInBuilding, activeSources, events: nEvents } = r;
  let qArr = q.qArr;
  let qDur = q.qDur;
  let qHead = q.qHead;
  let qMask = qArr.length - 1;
  let len = r.lLen[0];
  let lLast = r.lLast[0];
  let lArea = r.lArea[0];
  let lMax = r.lMax[0];
  let busy = r.busyCount[0];
  let busyLast = r.busyLast[0];
  let busyArea = r.busyArea[0];
  let busyMax = r.busyMax[0];
  let freeHead = r.freeHead[0];
  let wN = r.wCount[0];
  let wMean = r.wMean[0];
  let wM2 = r.wM2[0];
  let wMin = r.wMin[0];
  let wMax = r.wMax[0];
  let positive = st.positive[0];
  let svcSum = st.serviceSum[0];
  let svcCount = st.serviceCount[0];
  let tN = pat[0];
  let tMean = pat[1];
  let tM2 = pat[2];
  let tMin = pat[3];
  let tMax = pat[4];
  let qN = pat[5];
  let qMean = pat[6];
  let qM2 = pat[7];
  let qMin = pat[8];
  let qMax = pat[9];
  let code = DONE;

  while (hn > 0) {
    const payload = hv[0];
    now = ht[0];
    if (++nEvents > maxEvents) throw new EventBudgetError(now, maxEvents);
    // The root's replacement (its first successor), and a second event to push.
    let rt = 0;
    let rk = 0;
    let rv = -1;
    let pt = 0;
    let pk = 0;
    let pv = -1;
    // A service start: the patient's arrival time, wait and service uniform, the member serving.
    let sm = -1;
    let sArr = 0;
    let sWait = 0;
    let sDur = 0;
    const k = payload & 3;
    if (k === K_ARRIVAL) {
      // The patient's service duration (drawn now, in patient order) and the next arrival time.
      let dur: number;
      if (B === 1) {
        if (durPos === BATCH) {
          refillDurations(r, q);
          durPos = 0;
        }
        dur = durBuf[durPos++];
      } else {
        drawBlock(r, q);
        dur = out[0];
      }
      created++;
      nextId++;
      const afterWarmup = now >= countFrom;
      const beforeHorizon = now < countTo;
      const counted = afterWarmup && beforeHorizon;
      // The next arrival (as PoissonArrivals.next).
      if (arrPos === BATCH) {
        refillArrivals(q, proc);
        arrPos = 0;
      }
      const t = arrBuf[arrPos++];
      if (t !== Infinity) {
        if (!(Number.isFinite(t) && t >= now)) throw new ScheduleTimeError(now, 0, t, K_ARRIVAL);
        rt = t;
        rk = KEY_ARRIVAL + seq++;
        rv = K_ARRIVAL;
      } else activeSources--;
      inBuilding++;
      if (counted) {
        countedInBuilding++;
        arrived++;
      }
      if (len === 0 && r.freeCount[0] > 0) {
        // Take the member idle longest (as StaffPool.takeLongestIdle).
        const tm = freeRing[freeHead];
        freeHead = freeHead + 1 === nMembers ? 0 : freeHead + 1;
        r.freeCount[0]--;
        mBusy[tm] = 1;
        mBusySince[tm] = now;
        mServed[tm]++;
        busy++;
        busyArea += (busy - 1) * (now - busyLast);
        busyLast = now;
        if (busy > busyMax) busyMax = busy;
        sm = tm;
        sArr = now;
        sWait = now - now;
        sDur = dur;
      } else {
        // Join the line.
        if (len === qMask + 1) {
          q.qHead = qHead;
          growQueue(q, len);
          qArr = q.qArr;
          qDur = q.qDur;
          qHead = 0;
          qMask = qArr.length - 1;
        }
        const j = (qHead + len) & qMask;
        qArr[j] = now;
        qDur[j] = dur;
        lArea += len * (now - lLast);
        lLast = now;
        len++;
        if (len > lMax) lMax = len;
      }
    } else if (k === K_END) {
      const m = payload >> 2;
      // The patient leaves (as Simulation.route to exit, then departed).
      const arr = memArr[m];
      const w = memWait[m];
      mBusyMin[m] += now - Math.max(mBusySince[m], winStart);
      mLastFree[m] = now;
      busyArea += busy * (now - busyLast);
      busyLast = now;
      if (len > 0) {
        // The line is non-empty only while every member is busy: m is freed and at once taken again by
        // the head of the line (as insertFree then takeLongestIdle; the busy area's second term is 0).
        const j = qHead;
        qHead = (qHead + 1) & qMask;
        lArea += len * (now - lLast);
        lLast = now;
        len--;
        mBusySince[m] = now;
        mServed[m]++;
        sm = m;
        sArr = qArr[j];
        sWait = now - sArr;
        sDur = qDur[j];
      } else {
        mBusy[m] = 0;
        busy--;
        mIdleSince[m] = now;
        r.freeHead[0] = freeHead;
        insertFree(r, m, now);
      }
      if (arr >= countFrom && arr < countTo) {
        countedInBuilding--;
        served++;
        const x = now - arr;
        const n1 = ++tN;
        const d1 = x - tMean;
        tMean += d1 / n1;
        tM2 += d1 * (x - tMean);
        if (x < tMin) tMin = x;
        if (x > tMax) tMax = x;
        const n2 = ++qN;
        const d2 = w - qMean;
        qMean += d2 / n2;
        qM2 += d2 * (w - qMean);
        if (w < qMin) qMin = w;
        if (w > qMax) qMax = w;
        if (storing) {
          st.pending[0] = x;
          st.pending[1] = w;
          st.storePending();
        }
      }
      inBuilding--;
    } else {
      // Warm-up end or horizon: pop the event and hand it to the caller.
      const last = --hn;
      if (last > 0) {
        rt = ht[last];
        rk = hk[last];
        rv = hv[last];
      }
      code = k;
    }

    if (sm >= 0) {
      // Start service (as Simulation.startService).
      const wait = sWait;
      const counted = sArr >= countFrom && sArr < countTo;
      if (counted) {
        const n = ++wN;
        const delta = wait - wMean;
        wMean += delta / n;
        wM2 += delta * (wait - wMean);
        if (wait < wMin) wMin = wait;
        if (wait > wMax) wMax = wait;
        if (wait > 0) {
          positive++;
          for (let i = 0; i < nt; i++) if (wait > thr[i]) above[i]++;
        }
        if (keepingLines) {
          st.pending[0] = wait;
          st.keepLinePending(0);
        }
      }
      const d = sDur;
      if (counted) {
        svcSum += d;
        svcCount++;
      }
      const t = now + d;
      if (!(Number.isFinite(t) && t >= now)) throw new ScheduleTimeError(now, sm, t, K_END);
      memArr[sm] = sArr;
      memWait[sm] = 0 + wait;
      const key = KEY_RELEASE + seq++;
      const v = sm * 4 + K_END;
      if (rv < 0) {
        rt = t;
        rk = key;
        rv = v;
      } else {
        pt = t;
        pk = key;
        pv = v;
      }
    }

    if (code === DONE) {
      if (rv < 0) {
        // Nothing replaces the root: the last entry does.
        const last = --hn;
        if (last > 0) {
          rt = ht[last];
          rk = hk[last];
          rv = hv[last];
        }
      }
    }
    if (rv >= 0) {
      // Sift the replacement down from the root (with a hole).
      let i = 0;
      for (;;) {
        let ch = 2 * i + 1;
        if (ch >= hn) break;
        const c2 = ch + 1;
        if (c2 < hn && (ht[c2] < ht[ch] || (ht[c2] === ht[ch] && hk[c2] < hk[ch]))) ch = c2;
        const tc = ht[ch];
        if (rt < tc || (rt === tc && rk < hk[ch])) break;
        ht[i] = tc;
        hk[i] = hk[ch];
        hv[i] = hv[ch];
        i = ch;
      }
      ht[i] = rt;
      hk[i] = rk;
      hv[i] = rv;
    }
    if (pv >= 0) {
      if (hn === ht.length) {
        growHeap(r, hn);
        ht = r.ht;
        hk = r.hk;
        hv = r.hv;
      }
      let i = hn++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        const tp = ht[p];
        if (tp < pt || (tp === pt && hk[p] < pk)) break;
        ht[i] = tp;
        hk[i] = hk[p];
        hv[i] = hv[p];
        i = p;
      }
      ht[i] = pt;
      hk[i] = pk;
      hv[i] = pv;
    }
    if (code !== DONE) break;

    // End of run (as FastRun.finished); every comparison runs on every event.
    const drained = countedInBuilding === 0;
    const pastDrainLimit = now > drainLimit;
    const empty = inBuilding === 0;
    const exhausted = activeSources === 0;
    if (steady ? horizonPassed && (drained || pastDrainLimit) : empty && exhausted) break;
  }

  q.arrPos = arrPos;
  q.durPos = durPos;
  r.now = now;
  r.ht = ht;
  r.hk = hk;
  r.hv = hv;
  r.hn = hn;
  r.seq = seq;
  q.qHead = qHead;
  r.lLen[0] = len;
  r.lLast[0] = lLast;
  r.lArea[0] = lArea;
  r.lMax[0] = lMax;
  r.busyCount[0] = busy;
  r.busyLast[0] = busyLast;
  r.busyArea[0] = busyArea;
  r.busyMax[0] = busyMax;
  r.freeHead[0] = freeHead;
  r.wCount[0] = wN;
  r.wMean[0] = wMean;
  r.wM2[0] = wM2;
  r.wMin[0] = wMin;
  r.wMax[0] = wMax;
  st.positive[0] = positive;
  st.serviceSum[0] = svcSum;
  st.serviceCount[0] = svcCount;
  pat[0] = tN;
  pat[1] = tMean;
  pat[2] = tM2;
  pat[3] = tMin;
  pat[4] = tMax;
  pat[5] = qN;
  pat[6] = qMean;
  pat[7] = qM2;
  pat[8] = qMin;
  pat[9] = qMax;
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
