/**
 * The discrete-event engine: one {@link Simulation} per (compiled model, seed, replication), never module
 * state, so replications run anywhere (a worker, a pool of workers, Node) and give the same numbers.
 *
 * Hot loop: integer event kinds dispatched by `switch`, a typed-array calendar, typed-array patient slots,
 * no allocation per event. Matching rules (see {@link Simulation}) are general; single-resource FIFO steps
 * take a fast path, and plain networks run on fastPath.ts (bit-identical results). Patient-level
 * operations and the common-random-numbers scheme are in engineState.ts.
 */
import { makeArrivals, type ArrivalProcess } from './arrivals';
import { Calendar } from './calendar';
import { AVAILABLE_BY_SHIFTS, AVAILABLE_WHILE_PRESENT, type CompiledModel } from './compile';
import { makeSampler } from './distributions';
import { EngineState, type RunOptions, type RunResult } from './engineState';
import { EventBudgetError, InvariantError } from './errors';
import { EVENT, PRIORITY } from './events';
import { canRunFast, runFast } from './fastPath';
import { Outcome } from './records';
import { takeSnapshot, writeMetrics } from './results';
import { StaffPool } from './staffPool';
import { makeStream } from './streams';
import { TraceKind } from './trace';
import { WaitingLine } from './waitingLine';

export type { RunOptions, RunResult } from './engineState';

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
const PR_SHIFT_END = PRIORITY.shiftEnd;
const PR_SHIFT_START = PRIORITY.shiftStart;
const PR_WAKE = PRIORITY.wake;
const PR_ARRIVAL = PRIORITY.arrival;
const PR_STATS = PRIORITY.stats;
const OUT_DEPARTED = Outcome.departed;
const OUT_LEFT_UNSEEN = Outcome.leftUnseen;

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
export class Simulation extends EngineState {
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

  protected loop(steady: boolean): void {
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

  protected finish(): RunResult {
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
    return { replication: this.opts.replication, values, warnings: this.warnings, records: this.rec, trace: this.trace, departures: this.st.departuresKept(), lineWaits: this.st.lineWaitsKept() };
  }

  /**
   * Creates every booked patient in booking order (each draws all their randomness now).
   * @returns [slot, time, no-show flag] triples: the arrival time, or the appointment time of a no-show.
   */
  protected createBooked(): number[] {
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
  protected onBooked(slot: number, noShow: boolean): void {
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

  protected initResources(start: number): void {
    const c = this.c;
    for (let p = 0; p < this.nPools; p++) {
      const av = c.poolAvailability[p];
      const shifts = c.poolShifts[p];
      const pool = new StaffPool(c.poolSize[p], start, (m) => av !== AVAILABLE_BY_SHIFTS || shifts[m].isOnAt(start), av === AVAILABLE_WHILE_PRESENT);
      this.pools.push(pool);
      if (av === AVAILABLE_BY_SHIFTS) {
        for (let m = 0; m < pool.size; m++) {
          this.scheduleShiftChange(p, m, start);
        }
      }
    }
    for (let s = 0; s < this.nSteps; s++) this.lines.push(new WaitingLine(c.stepByKey[s] ? 'key' : 'fifo', start));
  }

  protected onArrival(i: number): void {
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

  protected onEnd(slot: number): void {
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

  protected onPostEnd(p: number, m: number): void {
    const now = this.cal.now;
    this.postPending--;
    if (this.trace !== null) this.trace.add(now, TraceKind.postEnd, -1, -1, p, m);
    if (this.pools[p].finishPost(m, now)) this.markPool(p);
    else if (this.trace !== null) this.trace.add(now, TraceKind.offDuty, -1, -1, p, m);
  }

  protected onRenege(slot: number): void {
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

  protected onShift(p: number, m: number): void {
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
    this.scheduleShiftChange(p, m, now);
  }

  /** Schedules member m of pool p's next shift change after `after`: ends before starts at the same time. */
  protected scheduleShiftChange(p: number, m: number, after: number): void {
    const sched = this.c.poolShifts[p][m];
    const t = sched.nextChangeAfter(after);
    if (t !== Infinity) this.cal.schedule(t, sched.isOnAt(t) ? PR_SHIFT_START : PR_SHIFT_END, EV_SHIFT, p, m);
  }

  protected onWarmup(): void {
    const now = this.cal.now;
    this.windowStart = now;
    for (const p of this.pools) p.resetStats(now);
    for (const l of this.lines) l.level.reset(now);
  }

  /** Matches the dirty steps, in priority order. */
  protected dispatch(): void {
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

  protected matchSimple(s: number): void {
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

  protected matchGeneral(s: number): void {
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
