/**
 * The discrete-event engine: one {@link Simulation} per (compiled model, seed, replication), never module
 * state, so replications run anywhere (a worker, a pool of workers, Node) and give the same numbers.
 *
 * Hot loop: integer event kinds dispatched by `switch`, a typed-array calendar, typed-array patient slots,
 * no allocation per event. Matching rules (see {@link Simulation}) are general; single-resource FIFO steps
 * take a fast path.
 *
 * Common random numbers: each patient's randomness (class, every step's service time, routing draws,
 * patience, post-service busy time) is drawn from per-purpose streams when the patient is created, in
 * creation order; arrival times come from per-source streams. So changing staff changes who waits, never
 * what each patient brings. Visits beyond the pre-drawn block (rework loops) use counter-based uniforms
 * keyed by (stream, patient id, visit), equally independent of staffing.
 */
import { makeArrivals, type ArrivalProcess } from './arrivals';
import { Calendar } from './calendar';
import { AVAILABLE_BY_SHIFTS, AVAILABLE_WHILE_PRESENT, type CompiledModel } from './compile';
import { makeSampler, type Sampler } from './distributions';
import { EventBudgetError, InvariantError } from './errors';
import { canRunFast, runFast } from './fastPath';
import { PatientTable, counterUniform } from './patients';
import { Outcome, PatientRecords } from './records';
import { metricLayout, RunStats, takeSnapshot, writeMetrics, type MetricLayout, type TimeSnapshot } from './results';
import { StaffPool } from './staffPool';
import { makeStream, type Stream } from './streams';
import { Trace, TraceKind } from './trace';
import { WaitingLine } from './waitingLine';

import { EVENT, PRIORITY, SERVICE } from './events';

// Local copies of imported constants: hot paths read plain constants, not module bindings.
const EV_ARRIVAL = EVENT.arrival;
const EV_BOOKED = EVENT.booked;
const EV_END = EVENT.end;
const EV_POST = EVENT.postEnd;
const EV_RENEGE = EVENT.renege;
const EV_SHIFT = EVENT.shift;
const EV_WAKE = EVENT.wake;
const EV_WARMUP = EVENT.warmup;
const EV_HORIZON = EVENT.horizon;
const PR_RELEASE = PRIORITY.release;
const PR_SHIFT = PRIORITY.shift;
const PR_WAKE = PRIORITY.wake;
const PR_ARRIVAL = PRIORITY.arrival;
const PR_RENEGE = PRIORITY.renege;
const PR_STATS = PRIORITY.stats;
const SVC_EXP = SERVICE.exponential;
const SVC_DET = SERVICE.deterministic;
const SVC_GEN = SERVICE.general;
const OUT_DEPARTED = Outcome.departed;
const OUT_LEFT_UNSEEN = Outcome.leftUnseen;


/** Options of one run. */
export interface RunOptions {
  /** Scenario seed (any string or number). */
  seed: string | number;
  /** Replication number (integer ≥ 0); with the seed it fixes every stream. */
  replication: number;
  /** Record the event trace (default false). */
  trace?: boolean;
  /** Record per-patient and per-visit timestamps (default false). */
  record?: boolean;
  /** Stop with {@link EventBudgetError} after this many events (default 2·10⁹). */
  maxEvents?: number;
  /**
   * Allow the fast path for plain networks (default true). It gives bit-identical results; false forces
   * the general engine (for tests that compare the two).
   */
  fastPath?: boolean;
}

/** What one run returns: compact, structured-clone friendly. */
export interface RunResult {
  /** Replication number. */
  replication: number;
  /** Metric values in {@link MetricLayout} order. */
  values: Float64Array;
  /** Soft problems (overload, patients left in the building…). */
  warnings: string[];
  /** Per-patient records, if asked for. */
  records: PatientRecords | null;
  /** Event trace, if asked for. */
  trace: Trace | null;
}

/** A stream that replays one stored uniform: samplers transform pre-drawn uniforms through it. */
class ReplayStream implements Stream {
  u = 0;
  next(): number {
    return this.u;
  }
}

/**
 * One replication of a compiled model.
 *
 * Matching: when a patient joins a line, a member is freed or a session opens, the affected steps are
 * matched in priority order. Within a line (FIFO, or by priority key) patients are considered in order;
 * a patient not yet eligible (session not open) is skipped; a patient starts when every resource it needs
 * and does not already hold is free (its pinned member, or else the member idle longest), all taken at
 * once. A patient who cannot start reserves the pools it could take now, so nobody behind it overtakes it
 * for them (patients already holding a resource are exempt, which prevents hold-and-wait deadlocks).
 */
export class Simulation {
  /** Metric names of this model's result vector. */
  readonly layout: MetricLayout;
  private readonly c: CompiledModel;
  private readonly opts: RunOptions;
  private cal!: Calendar;
  private readonly pt: PatientTable;
  private readonly pools: StaffPool[] = [];
  private readonly lines: WaitingLine[] = [];
  private readonly st: RunStats;
  private readonly trace: Trace | null;
  private readonly rec: PatientRecords | null;
  private readonly warnings: string[];
  private readonly nSteps: number;
  private readonly nPools: number;
  private readonly B: number;
  private readonly blockStreams: Stream[];
  private readonly streamKeys: Int32Array;
  private readonly replay = new ReplayStream();
  private readonly stageKind: Uint8Array;
  private readonly stageParam: Float64Array;
  private readonly stageSampler: Sampler[];
  private readonly patSampler: (Sampler | null)[];
  private readonly postSampler: (Sampler | null)[];
  private readonly processes: (ArrivalProcess | null)[] = [];
  private readonly classStreams: (Stream | null)[] = [];
  /** Simple steps whose pool serves no other step: a joining patient may take a free member at once. */
  private readonly solo: Uint8Array;
  private readonly dirty: Uint8Array;
  private readonly dirtyList: Int32Array;
  private nDirty = 0;
  private readonly wakeAt: Float64Array;
  private readonly blockStamp: Int32Array;
  private stamp = 0;
  private readonly chosen: Int32Array;
  private nextId = 0;
  private inBuilding = 0;
  private countedInBuilding = 0;
  private activeSources = 0;
  private pendingBooked = 0;
  /** Members in post-service busy time (a day ends when they are done too). */
  private postPending = 0;
  private windowStart = 0;
  private windowEnd = Infinity;
  private horizonPassed = false;
  private snapshot: TimeSnapshot | null = null;
  private events = 0;
  private startMinutes = 0;
  /** Patients arriving in [countFrom, countTo) count in the statistics. */
  private readonly countFrom: number;
  private readonly countTo: number;

  /**
   * @param compiled a model from `compileModel`.
   * @param options seed, replication and what to record.
   */
  constructor(compiled: CompiledModel, options: RunOptions) {
    const c = compiled;
    this.c = c;
    this.opts = options;
    this.layout = metricLayout(c);
    this.nSteps = c.stepNames.length;
    const run = c.model.run;
    this.countFrom = run.kind === 'steady-state' ? run.warmupMinutes : -Infinity;
    this.countTo = run.kind === 'steady-state' ? run.horizonMinutes : Infinity;
    this.nPools = c.poolNames.length;
    this.B = c.blockSize;
    this.warnings = [...c.warnings];
    this.st = new RunStats(c);
    this.trace = options.trace ? new Trace() : null;
    this.rec = options.record ? new PatientRecords() : null;
    this.pt = new PatientTable(this.nPools, this.nSteps, c.nCounters, this.B);
    const { seed, replication: rep } = options;
    this.blockStreams = c.streamNames.map((n) => makeStream(seed, rep, n));
    this.streamKeys = Int32Array.from(c.streamNames, (n) => (makeStream(seed, rep, `overflow/${n}`).next() * 4294967296) | 0);
    const nStages = c.stageStep.length;
    this.stageKind = new Uint8Array(nStages);
    this.stageParam = new Float64Array(nStages);
    this.stageSampler = c.stageService.map((d, g) => {
      if (d.kind === 'exponential') {
        this.stageKind[g] = SVC_EXP;
        this.stageParam[g] = d.meanMinutes;
      } else if (d.kind === 'deterministic') {
        this.stageKind[g] = SVC_DET;
        this.stageParam[g] = d.valueMinutes;
      } else this.stageKind[g] = SVC_GEN;
      return makeSampler(d, this.replay);
    });
    this.patSampler = c.stepPatience.map((d) => (d ? makeSampler(d, this.replay) : null));
    this.postSampler = c.needPost.map((d) => (d ? makeSampler(d, this.replay) : null));
    this.solo = new Uint8Array(this.nSteps);
    for (let s = 0; s < this.nSteps; s++) {
      if (c.stepSimple[s] === 1 && c.poolUsers[c.needPool[c.needStart[s]]].length === 1) this.solo[s] = 1;
    }
    this.dirty = new Uint8Array(this.nSteps);
    this.dirtyList = new Int32Array(this.nSteps);
    this.wakeAt = new Float64Array(this.nSteps).fill(Infinity);
    this.blockStamp = new Int32Array(this.nPools);
    let maxNeeds = 0;
    for (let s = 0; s < this.nSteps; s++) maxNeeds = Math.max(maxNeeds, c.needStart[s + 1] - c.needStart[s]);
    this.chosen = new Int32Array(maxNeeds);
  }

  /**
   * Runs the replication to its end.
   * @returns the metric vector, warnings, and the records/trace if asked for.
   * @throws SimulationError subclasses on invariant violations or an exceeded event budget.
   */
  run(): RunResult {
    const c = this.c;
    if (this.opts.fastPath !== false && canRunFast(c, this.opts)) return runFast(c, this.opts, this.layout);
    const run = c.model.run;
    let start = run.kind === 'until-empty' ? (run.startMinutes ?? 0) : 0;
    const booked = this.createBooked();
    for (let i = 0; i < booked.length; i += 3) if (booked[i + 1] < start) start = booked[i + 1];
    for (const src of c.sources) if (src.kind === 'arrivals' && src.start < start) start = src.start;
    this.startMinutes = start;
    const cal = (this.cal = new Calendar(start, 256));
    this.windowStart = start;
    this.initResources(start);
    for (let i = 0; i < booked.length; i += 3) {
      cal.schedule(booked[i + 1], PR_ARRIVAL + this.pt.source[booked[i]], EV_BOOKED, booked[i], booked[i + 2]);
    }
    c.sources.forEach((src, i) => {
      if (src.kind !== 'arrivals') {
        this.processes.push(null);
        this.classStreams.push(null);
        return;
      }
      const p = makeArrivals(src.arrivals, makeStream(this.opts.seed, this.opts.replication, `arrivals/${src.name}`), src.start, src.end);
      this.processes.push(p);
      this.classStreams.push(src.mixCum.length > 1 ? makeStream(this.opts.seed, this.opts.replication, `class/${src.name}`) : null);
      const t = p.next();
      if (t !== Infinity) {
        this.activeSources++;
        cal.schedule(t, PR_ARRIVAL + i, EV_ARRIVAL, i, 0);
      }
    });
    if (run.kind === 'steady-state') {
      this.windowEnd = run.horizonMinutes;
      if (run.warmupMinutes > start) cal.schedule(run.warmupMinutes, PR_STATS, EV_WARMUP, 0, 0);
      else this.windowStart = start;
      cal.schedule(run.horizonMinutes, PR_STATS, EV_HORIZON, 0, 0);
    }
    this.loop(run.kind === 'steady-state');
    return this.finish();
  }

  private loop(steady: boolean): void {
    const cal = this.cal;
    const maxEvents = this.opts.maxEvents ?? 2e9;
    const drainLimit = steady ? 2 * this.windowEnd + 1440 : Infinity;
    while (cal.pop()) {
      if (++this.events > maxEvents) throw new EventBudgetError(cal.now, maxEvents);
      const e = cal.popEntity;
      switch (cal.popKind) {
        case EV_ARRIVAL:
          this.onArrival(e);
          break;
        case EV_BOOKED:
          this.onBooked(e, cal.popData === 1);
          break;
        case EV_END:
          this.onEnd(e);
          break;
        case EV_POST:
          this.onPostEnd(e, cal.popData);
          break;
        case EV_RENEGE:
          this.onRenege(e);
          break;
        case EV_SHIFT:
          this.onShift(e, cal.popData);
          break;
        case EV_WAKE:
          this.wakeAt[e] = Infinity;
          this.markDirty(e);
          break;
        case EV_WARMUP:
          this.onWarmup();
          break;
        case EV_HORIZON:
          this.horizonPassed = true;
          this.snapshot = takeSnapshot(this.pools, this.lines, this.windowStart, cal.now);
          break;
        default:
          throw new InvariantError(cal.now, `event entity ${e}`, cal.popKind, 'unknown event kind');
      }
      if (this.nDirty > 0) this.dispatch();
      if (steady) {
        if (this.horizonPassed && (this.countedInBuilding === 0 || cal.now > drainLimit)) break;
      } else if (this.inBuilding === 0 && this.activeSources === 0 && this.pendingBooked === 0 && this.postPending === 0) break;
    }
  }

  private finish(): RunResult {
    const now = this.cal.now;
    if (this.snapshot === null) this.snapshot = takeSnapshot(this.pools, this.lines, this.windowStart, now);
    const stuck = this.c.model.run.kind === 'steady-state' ? this.countedInBuilding : this.inBuilding;
    if (stuck > 0) {
      this.warnings.push(this.c.model.run.kind === 'steady-state'
        ? `${stuck} patients who arrived before the horizon were still in the building at t=${now} (drain limit): their statistics are missing`
        : `${stuck} patients were still in the building at t=${now} with nothing left to happen (a resource never became available)`);
    }
    const values = writeMetrics(this.layout, this.c, this.st, this.snapshot, {
      startMinutes: this.startMinutes,
      endMinutes: now,
      events: this.events,
      inBuildingAtEnd: this.inBuilding,
    });
    this.trace?.trim();
    this.rec?.trim();
    return { replication: this.opts.replication, values, warnings: this.warnings, records: this.rec, trace: this.trace };
  }

  /**
   * Creates every booked patient in booking order (each draws all their randomness now).
   * @returns [slot, time, no-show flag] triples: the arrival time, or the appointment time of a no-show.
   */
  private createBooked(): number[] {
    const out: number[] = [];
    const { seed, replication: rep } = this.opts;
    this.c.sources.forEach((src, i) => {
      if (src.kind !== 'scheduled') return;
      const noShowStream = makeStream(seed, rep, `no-show/${src.name}`);
      const punct = src.punctuality ? makeSampler(src.punctuality, makeStream(seed, rep, `punctuality/${src.name}`)) : null;
      for (let k = 0; k < src.times.length; k++) {
        // Both draws are made for every booking, so a change of no-show rate never shifts punctuality.
        const noShow = noShowStream.next() < src.noShow;
        const arrival = src.times[k] + (punct ? punct() : 0);
        const slot = this.createPatient(i, src.classOf[k], src.times[k], arrival, src.pinPool[k], src.pinMember[k]);
        this.pendingBooked++;
        out.push(slot, noShow ? src.times[k] : arrival, noShow ? 1 : 0);
      }
    });
    return out;
  }

  /** A booked patient's arrival (or, for a no-show, their appointment time passing). */
  private onBooked(slot: number, noShow: boolean): void {
    this.pendingBooked--;
    if (!noShow) {
      this.arrive(slot);
      return;
    }
    const id = this.pt.id[slot];
    this.st.noShow++;
    if (this.rec !== null) this.rec.outcome[id] = Outcome.noShow;
    if (this.trace !== null) this.trace.add(this.cal.now, TraceKind.noShow, id, -1, -1, -1);
    this.pt.free(slot);
  }

  private initResources(start: number): void {
    const c = this.c;
    for (let p = 0; p < this.nPools; p++) {
      const av = c.poolAvailability[p];
      const shifts = c.poolShifts[p];
      const pool = new StaffPool(c.poolSize[p], start, (m) => av !== AVAILABLE_BY_SHIFTS || shifts[m].isOnAt(start), av === AVAILABLE_WHILE_PRESENT);
      this.pools.push(pool);
      if (av === AVAILABLE_BY_SHIFTS) {
        for (let m = 0; m < pool.size; m++) {
          const t = shifts[m].nextChangeAfter(start);
          if (t !== Infinity) this.cal.schedule(t, PR_SHIFT, EV_SHIFT, p, m);
        }
      }
    }
    for (let s = 0; s < this.nSteps; s++) this.lines.push(new WaitingLine(c.stepByKey[s] ? 'key' : 'fifo', start));
  }

  /** Creates a patient: slot, identity and every pre-drawn uniform, in creation order. @returns the slot. */
  private createPatient(source: number, cls: number, key: number, arrival: number, pinPool: number, pinMember: number): number {
    const pt = this.pt;
    const slot = pt.alloc();
    const id = this.nextId++;
    pt.id[slot] = id;
    pt.cls[slot] = cls;
    pt.source[slot] = source;
    pt.key[slot] = key;
    pt.arrival[slot] = arrival;
    pt.pinPool[slot] = pinPool;
    pt.pinMember[slot] = pinMember;
    pt.counted[slot] = arrival >= this.countFrom && arrival < this.countTo ? 1 : 0;
    const B = this.B;
    const base = slot * B;
    const u = pt.u;
    const bs = this.c.blockStream;
    const streams = this.blockStreams;
    for (let i = 0; i < B; i++) u[base + i] = streams[bs[i]].next();
    this.st.created++;
    this.rec?.addPatient(id, arrival, cls, source, key);
    return slot;
  }

  private onArrival(i: number): void {
    const cal = this.cal;
    const src = this.c.sources[i];
    if (src.kind !== 'arrivals') throw new InvariantError(cal.now, `source ${i}`, src.kind, 'arrival event for a scheduled source');
    let cls = src.mixClass[0];
    const cs = this.classStreams[i];
    if (cs !== null) {
      const u = cs.next();
      let k = 0;
      while (k < src.mixCum.length - 1 && u >= src.mixCum[k]) k++;
      cls = src.mixClass[k];
    }
    const now = cal.now;
    const slot = this.createPatient(i, cls, now, now, -1, -1);
    const t = (this.processes[i] as ArrivalProcess).next();
    if (t !== Infinity) cal.schedule(t, PR_ARRIVAL + i, EV_ARRIVAL, i, 0);
    else this.activeSources--;
    this.arrive(slot);
  }

  /** A created patient comes through the door and joins their first stage. */
  private arrive(slot: number): void {
    const pt = this.pt;
    if (this.inBuilding++ === 0) this.setPresent(true);
    if (pt.counted[slot]) {
      this.countedInBuilding++;
      this.st.arrived++;
    }
    this.trace?.add(this.cal.now, TraceKind.arrive, pt.id[slot], -1, -1, -1);
    this.join(slot, this.c.classEntry[pt.cls[slot]]);
  }

  private setPresent(present: boolean): void {
    for (let p = 0; p < this.nPools; p++) if (this.c.poolAvailability[p] === AVAILABLE_WHILE_PRESENT) this.pools[p].setPresent(present, this.cal.now);
  }

  /** Patient joins the line of the step of global stage `stage`. */
  private join(slot: number, stage: number): void {
    const c = this.c;
    const pt = this.pt;
    const now = this.cal.now;
    const s = c.stageStep[stage];
    pt.stage[slot] = stage;
    const vi = slot * this.nSteps + s;
    const visit = pt.visits[vi]++;
    pt.join[slot] = now;
    if (this.rec !== null) pt.visitRec[slot] = this.rec.addVisit(pt.id[slot], s, now);
    this.trace?.add(now, TraceKind.join, pt.id[slot], s, -1, -1);
    const line = this.lines[s];
    if (this.solo[s] === 1) {
      const p = c.needPool[c.needStart[s]];
      const pool = this.pools[p];
      if (line.length === 0 && pool.freeCount > 0) {
        const m = pool.takeLongestIdle(now);
        this.hold(slot, s, p, m, s, 0);
        this.startService(slot, s, visit);
        return;
      }
      line.push(slot, 0, now, pt.id[slot]);
    } else {
      // Matched after the event, in step priority order, together with members freed by it.
      pt.eligible[slot] = this.eligibleFrom(s, pt.key[slot]);
      line.push(slot, pt.key[slot], now, pt.id[slot]);
      this.markDirty(s);
    }
    pt.lineStep[slot] = s;
    const ps = this.patSampler[s];
    if (ps !== null) {
      this.replay.u = this.uniform(slot, c.patOff[s], s, visit);
      this.cal.scheduleCancellable(now + ps(), PR_RENEGE, EV_RENEGE, slot, 0);
      pt.renegePending[slot] = 1;
    }
  }

  /** Start of the session a patient with this key belongs to at step s (−Infinity if no sessions). */
  private eligibleFrom(s: number, key: number): number {
    const b = this.c.stepSessions[s];
    if (b === null) return -Infinity;
    for (let i = 0; i < b.length; i += 2) if (b[i + 1] > key) return b[i];
    return -Infinity;
  }

  /** Pre-drawn uniform `visit` of the block at `off`, or a counter-based one beyond the block. */
  private uniform(slot: number, off: number, s: number, visit: number): number {
    if (visit < this.c.stepK[s]) return this.pt.u[slot * this.B + off + visit];
    const streamIx = this.c.blockStream[off];
    return counterUniform(this.streamKeys[streamIx], this.pt.id[slot], visit);
  }

  /** Records that the patient holds member m of pool p until the end of step `until`. */
  private hold(slot: number, s: number, p: number, m: number, until: number, post: number): void {
    const pt = this.pt;
    const hi = slot * this.nPools + p;
    pt.held[hi] = m;
    pt.heldUntil[hi] = until;
    pt.heldPost[hi] = post;
    pt.nHeld[slot]++;
    if (this.trace !== null) this.trace.add(this.cal.now, TraceKind.seize, pt.id[slot], s, p, m);
  }

  private startService(slot: number, s: number, visit: number): void {
    const pt = this.pt;
    const cal = this.cal;
    const now = cal.now;
    const wait = now - pt.join[slot];
    pt.totalWait[slot] += wait;
    if (pt.counted[slot]) this.st.lineExit(s, wait, true);
    if (pt.renegePending[slot]) {
      pt.renegePending[slot] = 0;
      cal.cancel(slot);
    }
    const g = pt.stage[slot];
    const u = this.uniform(slot, this.c.svcOff[s], s, visit);
    let d: number;
    const kind = this.stageKind[g];
    if (kind === SVC_EXP) d = -this.stageParam[g] * Math.log1p(-u);
    else if (kind === SVC_DET) d = this.stageParam[g];
    else {
      this.replay.u = u;
      d = this.stageSampler[g]();
    }
    if (pt.counted[slot]) {
      this.st.serviceSum[s] += d;
      this.st.serviceCount[s]++;
    }
    cal.schedule(now + d, PR_RELEASE, EV_END, slot, 0);
    if (this.rec !== null) {
      const v = pt.visitRec[slot];
      this.rec.visitStart[v] = now;
      const a = this.c.needStart[s];
      if (this.c.needStart[s + 1] > a) this.rec.visitMember[v] = pt.held[slot * this.nPools + this.c.needPool[a]];
    }
    if (this.trace !== null) this.trace.add(now, TraceKind.start, pt.id[slot], s, -1, -1);
  }

  private onEnd(slot: number): void {
    const c = this.c;
    const pt = this.pt;
    const now = this.cal.now;
    const stage = pt.stage[slot];
    const s = c.stageStep[stage];
    if (this.rec !== null) this.rec.visitEnd[pt.visitRec[slot]] = now;
    if (this.trace !== null) this.trace.add(now, TraceKind.end, pt.id[slot], s, -1, -1);
    if (c.stepSimple[s] === 1) {
      const p = c.needPool[c.needStart[s]];
      const hi = slot * this.nPools + p;
      const m = pt.held[hi];
      pt.held[hi] = -1;
      pt.nHeld[slot]--;
      if (this.solo[s] === 1) {
        // The freed member is the only free one (a solo line never waits beside a free member), so the
        // next patient in line starts with it now, before the finishing patient moves on.
        const pool = this.pools[p];
        if (this.trace !== null) this.trace.add(now, TraceKind.release, pt.id[slot], s, p, m);
        if (!pool.release(m, now, 0)) {
          if (this.trace !== null) this.trace.add(now, TraceKind.offDuty, -1, -1, p, m);
        } else {
          const line = this.lines[s];
          if (line.length > 0) {
            const next = line.shift(now);
            pt.lineStep[next] = -1;
            this.hold(next, s, p, pool.takeLongestIdle(now), s, 0);
            this.startService(next, s, pt.visits[next * this.nSteps + s] - 1);
          }
        }
      } else this.releaseMember(slot, s, p, m, 0);
    }
    // Members held from earlier steps until the end of this one (the exam room after the exam).
    if (pt.nHeld[slot] > 0) this.releaseHeld(slot, s, false);
    const next = this.route(slot, stage, s);
    if (next < 0) this.depart(slot, OUT_DEPARTED);
    else this.join(slot, next);
  }

  /** Releases members held until the end of step s (all of them if `all`). */
  private releaseHeld(slot: number, s: number, all: boolean): void {
    const pt = this.pt;
    const base = slot * this.nPools;
    for (let p = 0; p < this.nPools; p++) {
      const m = pt.held[base + p];
      if (m < 0 || (!all && pt.heldUntil[base + p] !== s)) continue;
      pt.held[base + p] = -1;
      pt.nHeld[slot]--;
      this.releaseMember(slot, s, p, m, pt.heldPost[base + p]);
    }
  }

  private releaseMember(slot: number, s: number, p: number, m: number, post: number): void {
    const now = this.cal.now;
    if (this.trace !== null) this.trace.add(now, TraceKind.release, this.pt.id[slot], s, p, m);
    const pool = this.pools[p];
    if (pool.release(m, now, post)) this.markPool(p);
    else if (post > 0) {
      this.postPending++;
      this.cal.schedule(now + post, PR_RELEASE, EV_POST, p, m);
    }
    else if (this.trace !== null) this.trace.add(now, TraceKind.offDuty, -1, -1, p, m);
  }

  private onPostEnd(p: number, m: number): void {
    const now = this.cal.now;
    this.postPending--;
    if (this.trace !== null) this.trace.add(now, TraceKind.postEnd, -1, -1, p, m);
    if (this.pools[p].finishPost(m, now)) this.markPool(p);
    else if (this.trace !== null) this.trace.add(now, TraceKind.offDuty, -1, -1, p, m);
  }

  /** Next global stage after `stage` (step s), or −1 to leave. */
  private route(slot: number, stage: number, s: number): number {
    const c = this.c;
    const b0 = c.branchStart[stage];
    const b1 = c.branchStart[stage + 1];
    if (b0 === b1) return c.stageDefaultNext[stage];
    const visit = this.pt.visits[slot * this.nSteps + s] - 1;
    const u = this.uniform(slot, c.routeOff[s], s, visit);
    for (let b = b0; b < b1; b++) {
      if (u < c.branchCum[b]) {
        const k = c.branchCounter[b];
        if (k >= 0) {
          const ui = slot * c.nCounters + k;
          if (this.pt.branchUses[ui] >= c.branchLimit[b]) return c.stageDefaultNext[stage];
          this.pt.branchUses[ui]++;
        }
        return c.branchTo[b];
      }
    }
    return c.stageDefaultNext[stage];
  }

  private depart(slot: number, outcome: number): void {
    const pt = this.pt;
    const now = this.cal.now;
    if (pt.nHeld[slot] > 0) this.releaseHeld(slot, -1, true);
    if (pt.renegePending[slot]) {
      pt.renegePending[slot] = 0;
      this.cal.cancel(slot);
    }
    if (pt.counted[slot]) {
      this.countedInBuilding--;
      if (outcome === OUT_DEPARTED) this.st.departed(now - pt.arrival[slot], pt.totalWait[slot]);
      else this.st.renegedPatients++;
    }
    if (--this.inBuilding === 0) this.setPresent(false);
    const id = pt.id[slot];
    if (this.rec !== null) {
      this.rec.departure[id] = now;
      this.rec.outcome[id] = outcome;
    }
    if (this.trace !== null) this.trace.add(now, TraceKind.depart, id, -1, -1, -1);
    pt.free(slot);
  }

  private onRenege(slot: number): void {
    const pt = this.pt;
    const now = this.cal.now;
    const s = pt.lineStep[slot];
    const line = this.lines[s];
    const pos = s >= 0 ? line.indexOf(slot) : -1;
    if (pos < 0) throw new InvariantError(now, `patient ${pt.id[slot]}`, s, 'patience ran out but the patient is not waiting');
    line.removeAt(pos, now);
    pt.lineStep[slot] = -1;
    pt.renegePending[slot] = 0;
    const wait = now - pt.join[slot];
    pt.totalWait[slot] += wait;
    if (pt.counted[slot]) this.st.lineExit(s, wait, false);
    if (this.trace !== null) this.trace.add(now, TraceKind.renege, pt.id[slot], s, -1, -1);
    this.depart(slot, OUT_LEFT_UNSEEN);
  }

  private onShift(p: number, m: number): void {
    const now = this.cal.now;
    const sched = this.c.poolShifts[p][m];
    const on = sched.isOnAt(now);
    const pool = this.pools[p];
    const wasBusy = pool.state[m] !== 0;
    const changed = pool.onShift[m] !== (on ? 1 : 0);
    if (pool.setOnShift(m, on, now)) this.markPool(p);
    if (changed && this.trace !== null) {
      this.trace.add(now, on ? TraceKind.shiftStart : TraceKind.shiftEnd, -1, -1, p, m);
      if (!on && !wasBusy) this.trace.add(now, TraceKind.offDuty, -1, -1, p, m);
    }
    const t = sched.nextChangeAfter(now);
    if (t !== Infinity) this.cal.schedule(t, PR_SHIFT, EV_SHIFT, p, m);
  }

  private onWarmup(): void {
    const now = this.cal.now;
    this.windowStart = now;
    for (const p of this.pools) p.resetStats(now);
    for (const l of this.lines) l.level.reset(now);
  }

  private markDirty(s: number): void {
    if (this.dirty[s] === 0) {
      this.dirty[s] = 1;
      this.dirtyList[this.nDirty++] = s;
    }
  }

  private markPool(p: number): void {
    const users = this.c.poolUsers[p];
    for (let i = 0; i < users.length; i++) this.markDirty(users[i]);
  }

  /** Matches the dirty steps, in priority order. */
  private dispatch(): void {
    const list = this.dirtyList;
    const n = this.nDirty;
    if (n > 1) {
      const rank = this.c.stepRank;
      for (let i = 1; i < n; i++) {
        const s = list[i];
        let j = i;
        while (j > 0 && rank[list[j - 1]] > rank[s]) {
          list[j] = list[j - 1];
          j--;
        }
        list[j] = s;
      }
    }
    for (let i = 0; i < n; i++) {
      const s = list[i];
      this.dirty[s] = 0;
      if (this.c.stepSimple[s] === 1) this.matchSimple(s);
      else this.matchGeneral(s);
    }
    this.nDirty = 0;
  }

  private matchSimple(s: number): void {
    const line = this.lines[s];
    const p = this.c.needPool[this.c.needStart[s]];
    const pool = this.pools[p];
    const pt = this.pt;
    const now = this.cal.now;
    while (line.length > 0 && pool.freeCount > 0) {
      const slot = line.shift(now);
      pt.lineStep[slot] = -1;
      const m = pool.takeLongestIdle(now);
      this.hold(slot, s, p, m, s, 0);
      this.startService(slot, s, pt.visits[slot * this.nSteps + s] - 1);
    }
  }

  private matchGeneral(s: number): void {
    const c = this.c;
    const pt = this.pt;
    const line = this.lines[s];
    const now = this.cal.now;
    const n0 = c.needStart[s];
    const n1 = c.needStart[s + 1];
    const nP = this.nPools;
    const chosen = this.chosen;
    const stamp = ++this.stamp;
    let minElig = Infinity;
    let i = 0;
    while (i < line.length) {
      const slot = line.at(i);
      const el = pt.eligible[slot];
      if (el > now) {
        if (el < minElig) minElig = el;
        i++;
        continue;
      }
      const holds = pt.nHeld[slot] > 0;
      let ok = true;
      for (let n = n0; n < n1; n++) {
        const p = c.needPool[n];
        chosen[n - n0] = -1;
        if (pt.held[slot * nP + p] >= 0) {
          chosen[n - n0] = -2;
          continue;
        }
        if (!holds && this.blockStamp[p] === stamp) {
          ok = false;
          continue;
        }
        const pool = this.pools[p];
        const pin = pt.pinPool[slot] === p ? pt.pinMember[slot] : -1;
        const m = pin >= 0 ? (pool.isFree(pin) ? pin : -1) : pool.peekLongestIdle();
        chosen[n - n0] = m;
        if (m < 0) ok = false;
      }
      if (!ok) {
        if (!holds) for (let n = n0; n < n1; n++) if (chosen[n - n0] >= 0) this.blockStamp[c.needPool[n]] = stamp;
        i++;
        continue;
      }
      line.removeAt(i, now);
      pt.lineStep[slot] = -1;
      const visit = pt.visits[slot * this.nSteps + s] - 1;
      for (let n = n0; n < n1; n++) {
        const m = chosen[n - n0];
        if (m < 0) continue;
        const p = c.needPool[n];
        this.pools[p].take(m, now);
        const ps = this.postSampler[n];
        let post = 0;
        if (ps !== null) {
          this.replay.u = this.uniform(slot, c.needPostOff[n], s, visit);
          post = ps();
        }
        this.hold(slot, s, p, m, c.needRelease[n], post);
      }
      this.startService(slot, s, visit);
    }
    if (minElig < this.wakeAt[s]) {
      this.wakeAt[s] = minElig;
      this.cal.schedule(minElig, PR_WAKE, EV_WAKE, s, 0);
    }
  }
}

/**
 * Runs one replication of a compiled model.
 * @returns the run's metric vector, warnings and optional records/trace.
 */
export function runOnce(compiled: CompiledModel, options: RunOptions): RunResult {
  return new Simulation(compiled, options).run();
}
