/**
 * The engine's state and the patient-level operations every event handler shares: creating a patient
 * (with all their pre-drawn randomness), joining a line, starting service, releasing members, routing
 * and leaving. The event loop and the matching rules are in engine.ts ({@link Simulation}).
 *
 * Common random numbers: each patient's randomness (class, every step's service time, routing draws,
 * patience, post-service busy time) is drawn from per-purpose streams when the patient is created, in
 * creation order; arrival times come from per-source streams. So changing staff changes who waits, never
 * what each patient brings. Visits beyond the pre-drawn block (rework loops) use counter-based uniforms
 * keyed by (stream, patient id, visit), equally independent of staffing.
 */
import type { ArrivalProcess } from './arrivals';
import type { Calendar } from './calendar';
import { AVAILABLE_WHILE_PRESENT, type CompiledModel } from './compile';
import { makeSampler, type Sampler } from './distributions';
import { EVENT, PRIORITY, SERVICE } from './events';
import { PatientTable, counterUniform } from './patients';
import { Outcome, PatientRecords } from './records';
import { metricLayout, RunStats, type MetricLayout, type TimeSnapshot } from './results';
import type { StaffPool } from './staffPool';
import { makeStream, type Stream } from './streams';
import { Trace, TraceKind } from './trace';
import type { WaitingLine } from './waitingLine';
import { log1pNeg } from './detMath';

// Local copies of imported constants: hot paths read plain constants, not module bindings.
const EV_END = EVENT.end;
const EV_POST = EVENT.postEnd;
const EV_RENEGE = EVENT.renege;
const PR_RELEASE = PRIORITY.release;
const PR_RENEGE = PRIORITY.renege;
const SVC_EXP = SERVICE.exponential;
const SVC_DET = SERVICE.deterministic;
const SVC_GEN = SERVICE.general;
const OUT_DEPARTED = Outcome.departed;

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
  /**
   * Keep each counted patient's time in system and total wait as they leave after service, in departure
   * order (default false): the pooled samples of a run, for a fraction of what `record` costs, and the fast
   * path stays available.
   */
  departures?: boolean;
  /**
   * Keep each counted patient's wait at every line exit (into service, or leaving unserved), per step, in
   * exit order (default false): with `departures`, every pooled sample of a network run, without records.
   */
  lineWaits?: boolean;
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
  /** Counted patients' times in system and total waits in departure order, if asked for (`departures`). */
  departures: Departures | null;
  /** Per step, counted patients' waits at its line exits in exit order, if asked for (`lineWaits`). */
  lineWaits: Float64Array[] | null;
}

/** Counted patients' times in system and total waits (minutes), one per patient, in departure order. */
export interface Departures {
  timeInSystem: Float64Array;
  totalWait: Float64Array;
}

/** A stream that replays one stored uniform: samplers transform pre-drawn uniforms through it. */
class ReplayStream implements Stream {
  u = 0;
  next(): number {
    return this.u;
  }
}

/**
 * State of one replication, and the operations on patients and members that the event handlers share.
 * Fields are protected: only {@link Simulation} (engine.ts) builds on it.
 */
export abstract class EngineState {
  /** Metric names of this model's result vector. */
  readonly layout: MetricLayout;
  protected readonly c: CompiledModel;
  protected readonly opts: RunOptions;
  protected cal!: Calendar;
  protected readonly pt: PatientTable;
  protected readonly pools: StaffPool[] = [];
  protected readonly lines: WaitingLine[] = [];
  protected readonly st: RunStats;
  protected readonly trace: Trace | null;
  protected readonly rec: PatientRecords | null;
  protected readonly warnings: string[];
  protected readonly nSteps: number;
  protected readonly nPools: number;
  protected readonly B: number;
  protected readonly blockStreams: Stream[];
  protected readonly streamKeys: Int32Array;
  protected readonly replay = new ReplayStream();
  protected readonly stageKind: Uint8Array;
  protected readonly stageParam: Float64Array;
  protected readonly stageSampler: Sampler[];
  protected readonly patSampler: (Sampler | null)[];
  protected readonly postSampler: (Sampler | null)[];
  protected readonly processes: (ArrivalProcess | null)[] = [];
  protected readonly classStreams: (Stream | null)[] = [];
  /** Simple steps whose pool serves no other step: a joining patient may take a free member at once. */
  protected readonly solo: Uint8Array;
  protected readonly dirty: Uint8Array;
  protected readonly dirtyList: Int32Array;
  protected nDirty = 0;
  protected readonly wakeAt: Float64Array;
  protected readonly blockStamp: Int32Array;
  protected stamp = 0;
  protected readonly chosen: Int32Array;
  protected nextId = 0;
  protected inBuilding = 0;
  protected countedInBuilding = 0;
  protected activeSources = 0;
  protected pendingBooked = 0;
  /** Members in post-service busy time (a day ends when they are done too). */
  protected postPending = 0;
  protected windowStart = 0;
  protected windowEnd = Infinity;
  protected horizonPassed = false;
  protected snapshot: TimeSnapshot | null = null;
  protected events = 0;
  protected startMinutes = 0;
  /** Patients arriving in [countFrom, countTo) count in the statistics. */
  protected readonly countFrom: number;
  protected readonly countTo: number;


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
    this.st = new RunStats(c, options.departures === true, options.lineWaits === true);
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

  /** Creates a patient: slot, identity and every pre-drawn uniform, in creation order. @returns the slot. */
  protected createPatient(source: number, cls: number, key: number, arrival: number, pinPool: number, pinMember: number): number {
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

  /** A created patient comes through the door and joins their first stage. */
  protected arrive(slot: number): void {
    const pt = this.pt;
    if (this.inBuilding++ === 0) this.setPresent(true);
    if (pt.counted[slot]) {
      this.countedInBuilding++;
      this.st.arrived++;
    }
    this.trace?.add(this.cal.now, TraceKind.arrive, pt.id[slot], -1, -1, -1);
    this.join(slot, this.c.classEntry[pt.cls[slot]]);
  }

  protected setPresent(present: boolean): void {
    for (let p = 0; p < this.nPools; p++) if (this.c.poolAvailability[p] === AVAILABLE_WHILE_PRESENT) this.pools[p].setPresent(present, this.cal.now);
  }

  /** Patient joins the line of the step of global stage `stage`. */
  protected join(slot: number, stage: number): void {
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
  protected eligibleFrom(s: number, key: number): number {
    const b = this.c.stepSessions[s];
    if (b === null) return -Infinity;
    for (let i = 0; i < b.length; i += 2) if (b[i + 1] > key) return b[i];
    return -Infinity;
  }

  /** Pre-drawn uniform `visit` of the block at `off`, or a counter-based one beyond the block. */
  protected uniform(slot: number, off: number, s: number, visit: number): number {
    if (visit < this.c.stepK[s]) return this.pt.u[slot * this.B + off + visit];
    const streamIx = this.c.blockStream[off];
    return counterUniform(this.streamKeys[streamIx], this.pt.id[slot], visit);
  }

  /** Records that the patient holds member m of pool p until the end of step `until`. */
  protected hold(slot: number, s: number, p: number, m: number, until: number, post: number): void {
    const pt = this.pt;
    const hi = slot * this.nPools + p;
    pt.held[hi] = m;
    pt.heldUntil[hi] = until;
    pt.heldPost[hi] = post;
    pt.nHeld[slot]++;
    if (this.trace !== null) this.trace.add(this.cal.now, TraceKind.seize, pt.id[slot], s, p, m);
  }

  protected startService(slot: number, s: number, visit: number): void {
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
    if (kind === SVC_EXP) d = -this.stageParam[g] * log1pNeg(u);
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

  /** Releases members held until the end of step s (all of them if `all`). */
  protected releaseHeld(slot: number, s: number, all: boolean): void {
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

  protected releaseMember(slot: number, s: number, p: number, m: number, post: number): void {
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

  /** Next global stage after `stage` (step s), or −1 to leave. */
  protected route(slot: number, stage: number, s: number): number {
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

  protected depart(slot: number, outcome: number): void {
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

  protected markDirty(s: number): void {
    if (this.dirty[s] === 0) {
      this.dirty[s] = 1;
      this.dirtyList[this.nDirty++] = s;
    }
  }

  protected markPool(p: number): void {
    const users = this.c.poolUsers[p];
    for (let i = 0; i < users.length; i++) this.markDirty(users[i]);
  }
}
