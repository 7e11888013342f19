/**
 * One simulated office day: patients flow through their pathways, staff and rooms are taken and released,
 * and the calendar (src/sim/calendar.ts) orders every event. The office's rules (docs/model.md) live here:
 * strict first-come first-served lines for staff steps (the patient at the head goes first when everything
 * it needs is free), provider choice by appointment key with session eligibility and longest-idle
 * providers, rooms held from rooming to the end of the last room step, busy-after time, shifts with breaks
 * and overtime, floating staff, alternatives, patience.
 *
 * The hot path allocates nothing: state lives in typed arrays (DayBuffers and the member arrays below),
 * events are small integers, and every buffer is reused by the next replication.
 */
import { Calendar } from '../calendar';
import { InvariantError, ScheduleTimeError, SimulationError } from '../errors';
import { StreamSeedPrefix } from '../streams';
import { ArrivalOrder } from './arrivalOrder';
import { DayBuffers, GONE, IN_SERVICE, LEFT_WITHOUT_BEING_SEEN, REBOOKED, WAITING } from './buffers';
import { GRID_MINUTES, PROVIDER, type CompiledOffice } from './compile';
import { CreationScratch, createPatients, type CreatedCounts } from './patients';
import { DayTrace, T_ARRIVE, T_DEPART, T_END, T_FLOAT, T_HOME, T_LWBS, T_REBOOKED, T_START, T_STAY, T_UNFLOAT } from './trace';

// Event kinds.
const E_END = 0;
const E_STAFF_FREE = 1;
const E_ROOM_FREE = 2;
const E_DUTY_OFF = 3;
const E_DUTY_ON = 4;
const E_READY = 5;
const E_ARRIVE = 6;
const E_PATIENCE = 7;
// Priorities among simultaneous events: releases first, then schedule changes, then arrivals, patience last.
const PRI = [0, 0, 0, 1, 2, 3, 4, 5];

/** DUTY_OFF payloads: a break starts, a (non-final) shift ends, the member's last shift of the day ends. */
const OFF_BREAK = 0;
const OFF_SHIFT = 1;
const OFF_FINAL = 2;

/** Thrown when a replication needs more events than its budget: a runaway scenario, not a hang. */
export class EventBudgetError extends SimulationError {
  override name = 'EventBudgetError';
  constructor(
    readonly now: number,
    readonly budget: number,
  ) {
    super(`t=${now.toFixed(2)}: the day used more than ${budget} events (eventBudgetPerReplication); the scenario is probably runaway`);
  }
}

/** A reusable simulator of one office day; `run` simulates one replication into its public arrays. */
export class OfficeDay {
  readonly b = new DayBuffers();
  counts: CreatedCounts = { booked: 0, noShows: 0, walkIns: 0, rebooked: 0 };
  /** Events processed in the last run. */
  events = 0;
  /** Time the last patient left (minutes after opening), or NaN if nobody came. */
  lastDeparture = NaN;
  trace: DayTrace | null = null;

  // Members: pool members first (pool by pool), then providers.
  readonly nMembers: number;
  readonly nPoolMembers: number;
  readonly memberPool: Int32Array;
  readonly poolFirst: Int32Array;
  readonly busy: Uint8Array;
  readonly duty: Uint8Array;
  readonly stay: Uint8Array;
  readonly gone: Uint8Array;
  /** Shift end a busy member is overrunning (NaN if none), and whether it was their last. */
  readonly offPending: Float64Array;
  readonly offFinal: Uint8Array;
  readonly freeSince: Float64Array;
  readonly busyMinutes: Float64Array;
  readonly lastBusyEnd: Float64Array;
  readonly overtime: Float64Array;
  /**
   * Pool members free to take a patient (not busy, not gone home, on duty or staying), one bit each: pool
   * member k of a pool is bit k % 31 of word poolWord[pool] + ⌊k / 31⌋ (a pool has at most 50 members, so
   * one or two words). Picking a member then visits only the free ones, in member order.
   */
  private readonly availBits: Int32Array;
  private readonly poolWord: Int32Array;
  /** Per word: the member its bit 0 stands for. Per pool member: its word and bit. */
  private readonly wordFirst: Int32Array;
  private readonly memberWord: Int32Array;
  private readonly memberBit: Int32Array;
  /**
   * Per step: the word of `availBits` of its one staff member's pool, if its primary staff is one member of
   * a pool of at most 31 (one word); else −1. Picking for such a step is then the lowest bit of one word.
   */
  private readonly singleWord: Int32Array;
  /** Floating members: step they help at, or −1. */
  readonly attached: Int32Array;
  /** Per step: floating members helping there (so an emptied line looks for them only if there are some). */
  private readonly attachedAt: Int32Array;
  /** Per step: today's visits to it (scratch for counting each pool's future need). */
  private readonly stepVisits: Int32Array;
  /** Providers: busy minutes inside their sessions. */
  readonly busyInSession: Float64Array;
  readonly providerReady: Float64Array;
  readonly providerSeen: Int32Array;
  /** Busy minutes by pool and clock hour (pool * hours + h). */
  readonly poolHourBusy: Float64Array;
  /** Waiting-room occupancy integrated over each grid bin (patient-minutes). */
  readonly grid: Float64Array;
  /** Per pool: remaining visits today that need it; members needed together by one step (at least 1). */
  readonly futureNeed: Int32Array;
  readonly minStay: Int32Array;
  /** The time each member's final shift ended (their overtime counts from there). */
  private readonly overtimeBase: Float64Array;

  /** Session starts (providers ready) and patience deadlines: events scheduled when the day starts. */
  private readonly cal = new Calendar(0, 256);
  /**
   * Releases (a visit ends, busy-after time ends, a room's turnover ends), the events scheduled while the
   * day runs: a few pending at a time (at most one per patient in service, member and room), kept sorted
   * by time in [relHead, relTail). The next is one load; a new one is placed by scanning back from the
   * latest, usually a step or two, since a release is scheduled minutes ahead. Ties stay in scheduling
   * order, as the calendar orders events of one priority. Payload: entity · 4 + kind.
   */
  private relTime = new Float64Array(64);
  private relData = new Int32Array(64);
  private relHead = 0;
  private relTail = 0;
  /**
   * Steps to match at the next dispatch, one bit per step at its place in the dispatch order (a scenario
   * has at most 30 steps): only a change that can let someone start marks a step. One integer instead of a
   * flag per step, so marking a set of steps is one `|=` and a dispatch visits only the marked steps.
   */
  private dirtyMask = 0;
  /**
   * Steps whose line is not empty, bits as in `dirtyMask`. Lines only shrink while a dispatch runs (joins
   * happen in event handlers), so a dispatch visits the marked steps of this mask and no others.
   */
  private nonEmpty = 0;
  /** Per step: its bit in `dirtyMask`. */
  private readonly stepBit: Int32Array;
  /** Per pool: the bits of the steps it can serve (as staff, alternative or float); steps needing a provider; room steps. */
  private readonly poolMask: Int32Array;
  private readonly providerMask: number;
  private readonly roomMask: number;
  /**
   * Per step and pool (s · (pools + 1) + pool + 1, PROVIDER at pool + 1 = 0): the position of the pool's
   * first busy-after entry among the step's (afterStart[s] on), or −1, so ending a visit finds a member's
   * busy-after time with one load.
   */
  private readonly afterRel: Int32Array;
  /** Steps with an alternative, in dispatch order. */
  private readonly altOrder: Int32Array;
  /**
   * Every step's line in one array: step s owns [s·lineCap, (s + 1)·lineCap), with lineCap ≥ the day's
   * visits. A visit joins a line once, so a line never fills up and join needs no capacity check.
   * lineHead/lineTail are absolute indices into `lines`. A line holds exactly the visits waiting there: one
   * that starts or whose patient leaves is taken out (from the head, usually), so the head needs no check.
   */
  private lines = new Int32Array(0);
  private lineCap = 0;
  private readonly lineHead: Int32Array;
  private readonly lineTail: Int32Array;
  readonly lineCount: Int32Array;
  private readonly picked: Int32Array;
  private readonly creation = new CreationScratch();
  private freeRooms = 0;
  /**
   * Providers not busy (serving or in busy-after time), bit q for provider q (a scenario has at most 30):
   * while none is, a provider step cannot start anyone, and choosing one visits only the free.
   */
  private freeProviders = 0;
  private roomBusy = 0;
  private waitingRoom = 0;
  private wrSince = 0;
  private remaining = 0;
  private now = 0;
  /**
   * Shift boundaries (the same every day) and today's arrivals are read from sorted arrays and merged with
   * the calendar, which then holds only the few events in progress: a shallow heap is a fast heap.
   */
  private dutyTime = new Float64Array(0);
  private dutyMember = new Int32Array(0);
  /** Payload: −1 = duty starts, else OFF_BREAK / OFF_SHIFT / OFF_FINAL. */
  private dutyPayload = new Int32Array(0);
  private readonly arrivalOrder = new ArrivalOrder();

  constructor(readonly c: CompiledOffice) {
    const nPools = c.poolIds.length;
    this.poolFirst = new Int32Array(nPools + 1);
    let m = 0;
    for (let p = 0; p < nPools; p++) {
      this.poolFirst[p] = m;
      m += c.poolHeadcount[p];
    }
    this.poolFirst[nPools] = m;
    this.nPoolMembers = m;
    this.nMembers = m + c.providerIds.length;
    const n = this.nMembers;
    this.memberPool = new Int32Array(n).fill(PROVIDER);
    for (let p = 0; p < nPools; p++) this.memberPool.fill(p, this.poolFirst[p], this.poolFirst[p + 1]);
    this.poolWord = new Int32Array(nPools + 1);
    for (let p = 0; p < nPools; p++) this.poolWord[p + 1] = this.poolWord[p] + Math.ceil(c.poolHeadcount[p] / 31);
    this.availBits = new Int32Array(this.poolWord[nPools]);
    this.wordFirst = new Int32Array(this.poolWord[nPools]);
    this.memberWord = new Int32Array(m);
    this.memberBit = new Int32Array(m);
    for (let p = 0; p < nPools; p++)
      for (let k = 0; k < c.poolHeadcount[p]; k++) {
        const w = this.poolWord[p] + Math.floor(k / 31);
        if (k % 31 === 0) this.wordFirst[w] = this.poolFirst[p] + k;
        this.memberWord[this.poolFirst[p] + k] = w;
        this.memberBit[this.poolFirst[p] + k] = 1 << k % 31;
      }
    this.busy = new Uint8Array(n);
    this.duty = new Uint8Array(n);
    this.stay = new Uint8Array(n);
    this.gone = new Uint8Array(n);
    this.offPending = new Float64Array(n);
    this.offFinal = new Uint8Array(n);
    this.freeSince = new Float64Array(n);
    this.busyMinutes = new Float64Array(n);
    this.lastBusyEnd = new Float64Array(n);
    this.overtime = new Float64Array(n);
    this.overtimeBase = new Float64Array(n);
    this.attached = new Int32Array(n);
    this.busyInSession = new Float64Array(c.providerIds.length);
    this.providerReady = new Float64Array(c.providerIds.length * c.sessionStart.length);
    this.providerSeen = new Int32Array(c.providerIds.length);
    this.poolHourBusy = new Float64Array(nPools * c.hours);
    this.grid = new Float64Array(c.gridBins);
    this.futureNeed = new Int32Array(nPools);
    this.minStay = new Int32Array(nPools).fill(1);
    const nSteps = c.stepIds.length;
    for (let s = 0; s < nSteps; s++)
      for (let i = c.staffStart[s]; i < c.staffStart[s + 1]; i++) {
        const pool = c.staffPool[i];
        if (pool < 0) continue;
        let k = 0;
        for (let j = c.staffStart[s]; j < c.staffStart[s + 1]; j++) if (c.staffPool[j] === pool) k++;
        this.minStay[pool] = Math.max(this.minStay[pool], k);
      }
    this.stepBit = new Int32Array(nSteps);
    c.dispatchOrder.forEach((s, k) => (this.stepBit[s] = 1 << k));
    const uses = (s: number, pool: number) => {
      for (let i = c.staffStart[s]; i < c.staffStart[s + 1]; i++) if (c.staffPool[i] === pool) return true;
      for (let i = c.altStart[s]; i < c.altStart[s + 1]; i++) if (c.altPool[i] === pool) return true;
      return false;
    };
    const stepList = Array.from({ length: nSteps }, (_, s) => s);
    const bits = (steps: number[]) => steps.reduce((mask, s) => mask | this.stepBit[s], 0);
    this.poolMask = Int32Array.from({ length: nPools }, (_, pool) => bits(stepList.filter((s) => uses(s, pool) || c.floatSteps[pool].includes(s))));
    this.providerMask = bits(stepList.filter((s) => uses(s, PROVIDER)));
    this.roomMask = bits(stepList.filter((s) => c.stepUsesRoom[s] === 1));
    this.afterRel = new Int32Array(nSteps * (nPools + 1)).fill(-1);
    for (let s = 0; s < nSteps; s++)
      for (let a = c.afterStart[s + 1] - 1; a >= c.afterStart[s]; a--) this.afterRel[s * (nPools + 1) + c.afterPool[a] + 1] = a - c.afterStart[s];
    this.altOrder = Int32Array.from(Array.from(c.dispatchOrder).filter((s) => c.altSampler[s] !== null));
    this.lineHead = new Int32Array(nSteps);
    this.lineTail = new Int32Array(nSteps);
    this.lineCount = new Int32Array(nSteps);
    this.attachedAt = new Int32Array(nSteps);
    this.stepVisits = new Int32Array(nSteps);
    this.picked = new Int32Array(8);
    this.singleWord = Int32Array.from({ length: nSteps }, (_, s) => {
      const pool = c.staffStart[s + 1] - c.staffStart[s] === 1 ? c.staffPool[c.staffStart[s]] : -1;
      return pool >= 0 && this.poolWord[pool + 1] - this.poolWord[pool] === 1 ? this.poolWord[pool] : -1;
    });
    // Duty boundaries are the same every day: compute them once, sorted by (time, off before on, member).
    const duty: { time: number; member: number; payload: number }[] = [];
    for (let pool = 0; pool < nPools; pool++) {
      if (c.poolWhilePresent[pool]) continue;
      for (let k = 0; k < c.poolHeadcount[pool]; k++) {
        const member = this.poolFirst[pool] + k;
        const d = c.memberDuty[pool][k];
        const ends = c.memberShiftEnds[pool][k];
        const finalEnd = ends[ends.length - 1];
        for (let i = 0; i < d.length; i += 2) {
          duty.push({ time: d[i], member, payload: -1 });
          // The last duty interval before a shift's end is that shift's end (a break may reach to it).
          const off = d[i + 1];
          const nextOn = i + 2 < d.length ? d[i + 2] : Infinity;
          let payload = OFF_BREAK;
          for (const e of ends) if (off <= e && nextOn > e) payload = e === finalEnd ? OFF_FINAL : OFF_SHIFT;
          duty.push({ time: off, member, payload });
        }
      }
    }
    duty.sort((a, b) => a.time - b.time || (a.payload < 0 ? 1 : 0) - (b.payload < 0 ? 1 : 0) || a.member - b.member);
    this.dutyTime = Float64Array.from(duty, (e) => e.time);
    this.dutyMember = Int32Array.from(duty, (e) => e.member);
    this.dutyPayload = Int32Array.from(duty, (e) => e.payload);
  }

  /**
   * Simulates replication `rep` of the day with `seed`.
   * @throws EventBudgetError past the event budget; InvariantError if patients are left stranded.
   */
  run(seed: string | number, rep: number): void {
    const c = this.c;
    const b = this.b;
    this.createDay(seed, rep);
    this.reset();
    const cal = this.cal;
    while (cal.pop()); // a previous run that stopped with an error may have left events behind
    cal.now = -1e9;
    const nSessions = c.sessionStart.length;
    for (let i = 0; i < this.providerReady.length; i++) {
      const t = this.providerReady[i];
      if (t !== Infinity) cal.schedule(t, PRI[E_READY], E_READY, (i / nSessions) | 0, i % nSessions);
    }
    // Before their first session each provider counts as free since its (late) start: longest idle first.
    for (let q = 0; q < c.providerIds.length; q++) {
      let first = Infinity;
      for (let s = 0; s < nSessions; s++) first = Math.min(first, this.providerReady[q * nSessions + s]);
      this.freeSince[this.nPoolMembers + q] = first;
    }
    const order = this.arrivalOrder.sort(b.arrival, b.n);
    // Each pool's future need: the visits of every step (not of rebooked patients), times the step's entries for the pool.
    const stepVisits = this.stepVisits;
    stepVisits.fill(0);
    const visitStep = b.visitStep;
    for (let p = 0; p < b.n; p++) {
      if (b.patienceAt[p] !== Infinity && !b.rebook[p]) cal.schedule(b.patienceAt[p], PRI[E_PATIENCE], E_PATIENCE, p, 0);
      if (b.rebook[p]) continue;
      const v0 = b.routeStart[p];
      const v1 = v0 + b.routeLen[p];
      for (let v = v0; v < v1; v++) stepVisits[visitStep[v]]++;
    }
    for (let s = 0; s < stepVisits.length; s++)
      for (let i = c.staffStart[s]; i < c.staffStart[s + 1]; i++) if (c.staffPool[i] >= 0) this.futureNeed[c.staffPool[i]] += stepVisits[s];
    this.remaining = b.n;
    this.events = this.loop(order);
    if (this.remaining > 0) {
      let p = 0;
      while (p < b.n && b.state[p] === GONE) p++;
      throw new InvariantError(this.now, `patient ${p}`, b.state[p], 'the day ended with a patient still in the building (no staff will ever serve them)');
    }
    this.closeGrid(this.lastDeparture);
  }

  /**
   * The event loop of {@link run}; returns the number of events. The hot path is written out in it, with
   * the buffers in locals read once a day: the end of a visit (the most common event: endService with the
   * common paths of memberFreed, releaseRoom and join) and the dispatch after each event, with the start
   * of the head of a first-come first-served line (dispatchLine + tryStart + start, addBusy and
   * integrateGrid for that case), and the three insertions into the release list they make (insertRelease:
   * V8 inlined one to three of the three calls, varying by process). As methods, V8 did not inline them
   * here (the loop is over its inlining budget, and which small helpers it inlines varies from one
   * optimisation to the next), so every event made calls that reloaded every array from `this`; measured,
   * 4–8% of the loop's time each step (docs/performance.md). The general methods remain the specification: dispatchLine and start for the
   * other starts, and the property test "nobody who could start is left waiting" matches with them.
   *
   * Rare turns stay calls (shift boundaries, session starts, patience, arrivals through {@link handle};
   * floating members, stay decisions, room holders behind the head, provider steps, alternatives), so the
   * scalars they change (dirtyMask, nonEmpty, freeRooms, freeProviders, waitingRoom, wrSince, the release
   * list) stay fields, read and written through `this` here; only arrays that are not reallocated while
   * the day runs are held in locals (not the release list's). Apart from run's setup, so the setup's code
   * and what V8 inlines into it do not count against the loop's optimisation.
   */
  private loop(order: Int32Array): number {
    const c = this.c;
    const b = this.b;
    const cal = this.cal;
    // Arrays the end of a visit reads (none is reallocated while the day runs; the release list may be)…
    const routeStart = b.routeStart;
    const routeLen = b.routeLen;
    const cursor = b.cursor;
    const visitStep = b.visitStep;
    const servingCount = b.servingCount;
    const servingAlt = b.servingAlt;
    const serving = b.serving;
    const afterDur = b.afterDur;
    const holdsRoom = b.holdsRoom;
    const state = b.state;
    const readyAt = b.readyAt;
    const afterStart = c.afterStart;
    const stepUsesRoom = c.stepUsesRoom;
    const poolWhilePresent = c.poolWhilePresent;
    const memberPool = this.memberPool;
    const busy = this.busy;
    const attached = this.attached;
    const offPending = this.offPending;
    const stay = this.stay;
    const poolMask = this.poolMask;
    const providerMask = this.providerMask;
    const roomMask = this.roomMask;
    const nPoolMembers = this.nPoolMembers;
    const lines = this.lines;
    const lineTail = this.lineTail;
    const lineCount = this.lineCount;
    const stepBit = this.stepBit;
    // … and those a dispatch reads.
    const dispatchOrder = c.dispatchOrder;
    const stepHasProvider = c.stepHasProvider;
    const stepSeen = c.stepSeen;
    const staffStart = c.staffStart;
    const staffPool = c.staffPool;
    const singleWord = this.singleWord;
    const lineHead = this.lineHead;
    const visitPatient = b.visitPatient;
    const duration = b.duration;
    const picked = this.picked;
    const availBits = this.availBits;
    const wordFirst = this.wordFirst;
    const memberWord = this.memberWord;
    const memberBit = this.memberBit;
    const futureNeed = this.futureNeed;
    const busyMinutes = this.busyMinutes;
    const lastBusyEnd = this.lastBusyEnd;
    const poolHourBusy = this.poolHourBusy;
    const hours = c.hours;
    const hourBase = c.hourStart * 60 - c.opensClock;
    const grid = this.grid;
    const g0 = c.gridStart;
    const g1 = g0 + c.gridBins * GRID_MINUTES;
    const budget = c.eventBudget;
    let events = 0;
    let nextDuty = 0;
    let nextArrival = 0;
    const nDuty = this.dutyTime.length;
    const nArrivals = b.n;
    // Merge: on equal times, shift boundaries first (a member whose break starts at t takes nobody new at
    // t; one coming on duty at t is there for what happens at t), then releases, then calendar events
    // (session starts, then patience), then arrivals (in patient order).
    const dutyTime = this.dutyTime;
    const arrival = b.arrival;
    this.relHead = 0;
    this.relTail = 0;
    // The next shift boundary's, calendar event's and arrival's times, re-read only when one is taken
    // (nothing is added to the calendar once the day runs).
    let td = nDuty > 0 ? dutyTime[0] : Infinity;
    let tc = cal.peekTime();
    let ta = nArrivals > 0 ? arrival[order[0]] : Infinity;
    for (;;) {
      const tr = this.relHead < this.relTail ? this.relTime[this.relHead] : Infinity;
      if (td <= tr && td <= tc && td <= ta) {
        if (td === Infinity) break;
        this.now = td;
        const m = this.dutyMember[nextDuty];
        const payload = this.dutyPayload[nextDuty++];
        td = nextDuty < nDuty ? dutyTime[nextDuty] : Infinity;
        if (payload < 0) this.handle(E_DUTY_ON, m, 0);
        else this.handle(E_DUTY_OFF, m, payload);
      } else if (tr <= tc && tr <= ta) {
        this.now = tr;
        const r = this.relData[this.relHead++];
        if ((r & 3) === E_STAFF_FREE) this.memberFreed(r >> 2);
        else if ((r & 3) === E_ROOM_FREE) {
          this.freeRooms++;
          this.dirtyMask |= roomMask;
        } else {
          // A visit ends: its staff are freed (or start their busy-after time), and the patient leaves or
          // joins the line of their next step (written out here: see the comment on this function).
          const p = r >> 2;
          const now = tr;
          const v = routeStart[p] + cursor[p];
          const s = visitStep[v];
          b.end[v] = now;
          if (this.trace !== null) this.trace.add(now, T_END, p, s, b.servedBy[v]);
          const n = servingCount[p];
          // Busy-after times are drawn for primary staff of steps that have them (none for alternatives).
          const after0 = servingAlt[p] === 1 || afterStart[s + 1] === afterStart[s];
          for (let i = 0; i < n; i++) {
            const m = serving[4 * p + i];
            const pool = memberPool[m];
            const a = after0 ? -1 : this.afterFor(v, s, pool);
            const after = a >= 0 ? afterDur[a] : 0;
            if (after > 0) {
              this.addBusy(m, afterDur, a);
              busy[m] = 2;
              // insertRelease(now + after, m * 4 + E_STAFF_FREE), written out (see the start's below).
              const time = now + after;
              if (!(Number.isFinite(time) && time >= now)) throw new ScheduleTimeError(now, m, time, E_STAFF_FREE);
              if (this.relTail === this.relTime.length) this.makeReleaseRoom();
              const times = this.relTime;
              const data = this.relData;
              const head = this.relHead;
              let j = this.relTail++;
              while (j > head && times[j - 1] > time) {
                times[j] = times[j - 1];
                data[j] = data[j - 1];
                j--;
              }
              times[j] = time;
              data[j] = m * 4 + E_STAFF_FREE;
            } else if (pool === PROVIDER) {
              // memberFreed(m) for a provider.
              busy[m] = 0;
              this.freeProviders |= 1 << (m - nPoolMembers);
              this.freeSince[m] = now;
              this.dirtyMask |= providerMask;
            } else if (attached[m] < 0 && poolWhilePresent[pool] === 0 && offPending[m] !== offPending[m] && stay[m] === 0) {
              // memberFreed(m) for a pool member with no float, shift end or stay decision to make.
              busy[m] = 0;
              this.refreshAvail(m);
              this.dirtyMask |= poolMask[pool];
            } else this.memberFreed(m);
          }
          servingCount[p] = 0;
          if (++cursor[p] === routeLen[p]) this.depart(p);
          else {
            const next = v + 1;
            const ns = visitStep[next];
            if (holdsRoom[p] && !stepUsesRoom[ns]) {
              // releaseRoom(p, v).
              const turnover = b.turnover[v];
              holdsRoom[p] = 0;
              this.roomBusy += now - b.roomSince[p] + turnover;
              if (turnover > 0) {
                // insertRelease(now + turnover, E_ROOM_FREE), written out (see the start's below).
                const time = now + turnover;
                if (!(Number.isFinite(time) && time >= now)) throw new ScheduleTimeError(now, 0, time, E_ROOM_FREE);
                if (this.relTail === this.relTime.length) this.makeReleaseRoom();
                const times = this.relTime;
                const data = this.relData;
                const head = this.relHead;
                let j = this.relTail++;
                while (j > head && times[j - 1] > time) {
                  times[j] = times[j - 1];
                  data[j] = data[j - 1];
                  j--;
                }
                times[j] = time;
                data[j] = E_ROOM_FREE;
              } else {
                this.freeRooms++;
                this.dirtyMask |= roomMask;
              }
            }
            // join(p, next).
            state[p] = WAITING;
            readyAt[p] = now;
            if (!holdsRoom[p]) {
              this.integrateGrid();
              this.waitingRoom++;
            }
            lines[lineTail[ns]++] = next;
            lineCount[ns]++;
            const bit = stepBit[ns];
            this.nonEmpty |= bit;
            this.dirtyMask |= bit;
          }
        }
      } else if (tc <= ta) {
        cal.pop();
        this.now = tc;
        this.handle(cal.popKind, cal.popEntity, cal.popData);
        tc = cal.peekTime();
      } else {
        this.now = ta;
        const p = order[nextArrival++];
        ta = nextArrival < nArrivals ? arrival[order[nextArrival]] : Infinity;
        this.handle(E_ARRIVE, p, 0);
      }
      if (++events > budget) throw new EventBudgetError(this.now, budget);
      if (this.dirtyMask === 0) continue;
      // ---- dispatch: marked steps in dispatch order, the lowest marked bit at or after k, re-read after
      // every step, since starting a patient can mark later steps. A step's mark is taken when it is
      // matched, so a mark made after its turn (a floating member leaving checkout, free again for
      // check-in, earlier in the order) stays and is matched by another pass; `marked` collects every mark
      // for the alternatives. Written out here, like the end of a visit, with a first-come first-served
      // step's start (the common case) in it; a provider step's choice is dispatchProviderStep.
      let marked = 0;
      while ((this.dirtyMask & this.nonEmpty) !== 0) {
        for (let k = 0; ; k++) {
          const rest = this.dirtyMask & this.nonEmpty & ~((1 << k) - 1);
          if (rest === 0) break;
          k = 31 - Math.clz32(rest & -rest);
          const bit = 1 << k;
          this.dirtyMask &= ~bit;
          marked |= bit;
          const s = dispatchOrder[k];
          if (stepHasProvider[s]) {
            if (this.freeProviders !== 0) this.dispatchProviderStep(s);
            continue;
          }
          // Strict first come, first served with the step's primary staff: start the head while all it
          // needs is free, as dispatchLine does, with start's work for this case (the head leaves the line,
          // pool members only, no alternative) written out.
          const i0 = staffStart[s];
          const i1 = staffStart[s + 1];
          const usesRoom = stepUsesRoom[s] === 1;
          const word = singleWord[s];
          for (;;) {
            const h = lineHead[s];
            if (h >= lineTail[s]) break;
            const v = lines[h];
            const p = visitPatient[v];
            const heldRoom = holdsRoom[p] === 1;
            if (usesRoom && !heldRoom && this.freeRooms === 0) {
              this.dispatchRoomHolders(s, false);
              break;
            }
            let n = 1;
            if (word >= 0) {
              // pickStaff for one member of a one-word pool: the first free member, else a floating one.
              const bits = availBits[word];
              if (bits !== 0) picked[0] = wordFirst[word] + 31 - Math.clz32(bits & -bits);
              else {
                const m = this.floaterFor(s, 0);
                if (m < 0) break;
                picked[0] = m;
              }
            } else {
              n = this.pickStaff(i0, i1, staffPool, s, p, false);
              if (n < 0) break;
            }
            const now = this.now;
            lineHead[s] = h + 1;
            if (--lineCount[s] === 0) this.nonEmpty &= ~stepBit[s];
            if (!heldRoom) {
              // integrateGrid(), written out, then the patient leaves the waiting room.
              const count = this.waitingRoom;
              let from = this.wrSince;
              this.wrSince = now;
              if (count !== 0 && now > from) {
                if (from < g0) from = g0;
                const to = now > g1 ? g1 : now;
                while (from < to) {
                  const bin = Math.floor((from - g0) / GRID_MINUTES);
                  const binEnd = g0 + (bin + 1) * GRID_MINUTES;
                  const until = binEnd < to ? binEnd : to;
                  grid[bin] += count * (until - from);
                  from = until;
                }
              }
              this.waitingRoom = count - 1;
              if (usesRoom) {
                this.freeRooms--;
                holdsRoom[p] = 1;
                b.roomSince[p] = now;
              }
            }
            state[p] = IN_SERVICE;
            b.start[v] = now;
            b.wait[v] = now - readyAt[p];
            b.byAlt[v] = 0;
            b.servedBy[v] = picked[0];
            const d = duration[v];
            const end = now + d;
            for (let i = 0; i < n; i++) {
              const m = picked[i];
              serving[4 * p + i] = m;
              busy[m] = 1;
              availBits[memberWord[m]] &= ~memberBit[m];
              // addBusy(m, duration, v) for a pool member, written out (V8 inlines it here only at times).
              busyMinutes[m] += d;
              if (!(end <= lastBusyEnd[m])) lastBusyEnd[m] = end;
              const row = memberPool[m] * hours;
              for (let from = now; from < end; ) {
                const h = Math.floor((from - hourBase) / 60);
                const hEnd = hourBase + (h + 1) * 60;
                const until = hEnd < end ? hEnd : end;
                if (h >= 0 && h < hours) poolHourBusy[row + h] += until - from;
                from = until;
              }
            }
            servingCount[p] = n;
            servingAlt[p] = 0;
            // The line is empty: floating members helping here who are free return (busy ones when they finish).
            if (lineCount[s] === 0 && this.attachedAt[s] > 0) this.releaseFloaters(s);
            if (stepSeen[s] && b.seenAt[p] !== b.seenAt[p]) b.seenAt[p] = now;
            for (let i = i0; i < i1; i++) {
              const pool = staffPool[i];
              if (pool >= 0 && --futureNeed[pool] <= 0) this.lastNeedDone(pool);
            }
            if (this.trace !== null) this.trace.add(now, T_START, p, s, picked[0]);
            // insertRelease(end, p * 4 + E_END), written out, like the loop's two others (a busy-after end, a
            // room's turnover): V8 inlined one to three of the three calls, varying from one process to the
            // next, and a call it does not inline boxes the double it passes (an allocation per event).
            if (!(Number.isFinite(end) && end >= now)) throw new ScheduleTimeError(now, p, end, E_END);
            if (this.relTail === this.relTime.length) this.makeReleaseRoom();
            const times = this.relTime;
            const data = this.relData;
            const head = this.relHead;
            let j = this.relTail++;
            while (j > head && times[j - 1] > end) {
              times[j] = times[j - 1];
              data[j] = data[j - 1];
              j--;
            }
            times[j] = end;
            data[j] = p * 4 + E_END;
          }
        }
      }
      if (this.altOrder.length !== 0) this.dispatchAlternatives(marked);
      this.dirtyMask = 0;
    }
    return events;
  }

  /**
   * The first part of {@link run}: re-seeds the streams for replication `rep` and creates the day's patients
   * with all their draws into `b` (public so the benchmark can time it apart from the event loop).
   */
  createDay(seed: string | number, rep: number): void {
    const prefix = new StreamSeedPrefix(seed, rep);
    const streams = this.c.streams;
    for (let i = 0; i < streams.length; i++) streams[i].reseedWith(prefix);
    this.counts = createPatients(this.c, this.b, this.providerReady, this.creation);
  }

  private reset(): void {
    const c = this.c;
    // Members of pools that follow shifts start off duty; "while patients present" pools and providers are on.
    for (let m = 0; m < this.nMembers; m++) {
      const pool = this.memberPool[m];
      this.duty[m] = pool === PROVIDER || c.poolWhilePresent[pool] ? 1 : 0;
      this.busy[m] = 0;
      this.stay[m] = 0;
      this.gone[m] = 0;
      this.offPending[m] = NaN;
      this.offFinal[m] = 0;
      this.freeSince[m] = -Infinity;
      this.busyMinutes[m] = 0;
      this.lastBusyEnd[m] = NaN;
      this.overtime[m] = 0;
      this.attached[m] = -1;
    }
    for (let m = 0; m < this.nPoolMembers; m++) this.refreshAvail(m);
    for (let q = 0; q < this.providerSeen.length; q++) {
      this.busyInSession[q] = 0;
      this.providerSeen[q] = 0;
    }
    const nSteps = this.lineCount.length;
    if (this.lineCap < this.b.nVisits) {
      this.lineCap = Math.max(this.b.nVisits, 2 * this.lineCap, 64);
      this.lines = new Int32Array(nSteps * this.lineCap);
    }
    for (let s = 0; s < nSteps; s++) {
      this.lineHead[s] = s * this.lineCap;
      this.lineTail[s] = s * this.lineCap;
      this.lineCount[s] = 0;
      this.attachedAt[s] = 0;
    }
    this.nonEmpty = 0;
    for (let p = 0; p < this.futureNeed.length; p++) this.futureNeed[p] = 0;
    this.poolHourBusy.fill(0);
    this.grid.fill(0);
    this.freeRooms = c.rooms;
    this.freeProviders = (1 << c.providerIds.length) - 1;
    this.roomBusy = 0;
    this.waitingRoom = 0;
    this.wrSince = -Infinity;
    this.lastDeparture = NaN;
    this.trace?.clear();
  }

  /** Exam-room minutes busy (held by patients or in turnover) in the last run. */
  get roomBusyMinutes(): number {
    return this.roomBusy;
  }

  /** Handles a shift boundary, calendar event or arrival (releases are handled in {@link loop} itself). */
  private handle(kind: number, entity: number, data: number): void {
    switch (kind) {
      case E_ARRIVE:
        return this.arrive(entity);
      case E_DUTY_ON:
        this.duty[entity] = 1;
        this.refreshAvail(entity);
        this.dirtyMask |= this.poolMask[this.memberPool[entity]];
        return;
      case E_DUTY_OFF:
        return this.dutyOff(entity, data);
      case E_READY:
        this.dirtyMask |= this.providerMask;
        return;
      case E_PATIENCE:
        return this.patienceRunsOut(entity);
    }
  }

  // ---- patients -------------------------------------------------------------------------------------

  private arrive(p: number): void {
    const b = this.b;
    this.trace?.add(this.now, T_ARRIVE, p, -1, -1);
    if (b.rebook[p]) {
      b.state[p] = GONE;
      b.left[p] = REBOOKED;
      b.departure[p] = this.now;
      this.remaining--;
      this.trace?.add(this.now, T_REBOOKED, p, -1, -1);
      return;
    }
    if (b.routeLen[p] === 0) return this.depart(p);
    this.join(p, b.routeStart[p]);
  }

  /** Patient p becomes ready for visit v: joins the step's line. */
  private join(p: number, v: number): void {
    const b = this.b;
    b.state[p] = WAITING;
    b.readyAt[p] = this.now;
    if (!b.holdsRoom[p]) this.changeWaitingRoom(1);
    const s = b.visitStep[v];
    this.lines[this.lineTail[s]++] = v;
    this.lineCount[s]++;
    this.nonEmpty |= this.stepBit[s];
    this.dirtyMask |= this.stepBit[s];
  }

  /** Removes v from a provider step's line (order there does not matter: the key decides). */
  private removeFromLine(s: number, v: number): void {
    const buf = this.lines;
    const last = --this.lineTail[s];
    for (let i = this.lineHead[s]; i <= last; i++)
      if (buf[i] === v) {
        buf[i] = buf[last];
        return;
      }
    throw new InvariantError(this.now, `visit ${v}`, this.c.stepIds[s], 'not found in its line');
  }

  /**
   * Removes v from a first-come first-served line, keeping the order of the others: from the head (a start,
   * the usual case) by moving the head; from further back (a room holder starting behind the head, a patient
   * whose patience ran out) by moving the entries behind it forward.
   */
  private removeFromFifo(s: number, v: number): void {
    const buf = this.lines;
    const h = this.lineHead[s];
    if (buf[h] === v) {
      this.lineHead[s] = h + 1;
      return;
    }
    const t = --this.lineTail[s];
    for (let i = h + 1; i <= t; i++)
      if (buf[i] === v) {
        buf.copyWithin(i, i + 1, t + 1);
        return;
      }
    throw new InvariantError(this.now, `visit ${v}`, this.c.stepIds[s], 'not found in its line');
  }

  /** The line at step s is empty: floating members helping there and free now return. */
  private releaseFloaters(s: number): void {
    const pools = this.c.floatersOf[s];
    for (let i = 0; i < pools.length; i++)
      for (let k = this.poolFirst[pools[i]]; k < this.poolFirst[pools[i] + 1]; k++) if (this.attached[k] === s && !this.busy[k]) this.detach(k);
  }

  /** Head of a first-come first-served line, or −1. */
  private head(s: number): number {
    const h = this.lineHead[s];
    return h < this.lineTail[s] ? this.lines[h] : -1;
  }

  /** Index in `afterDur` of the busy-after minutes for the member of `pool` (or PROVIDER) who served visit v of step s, or −1. */
  private afterFor(v: number, s: number, pool: number): number {
    const rel = this.afterRel[s * (this.c.poolIds.length + 1) + pool + 1];
    return rel < 0 ? -1 : this.b.afterOff[v] + rel;
  }

  private depart(p: number): void {
    const b = this.b;
    if (b.holdsRoom[p]) {
      const last = b.routeStart[p] + b.routeLen[p] - 1;
      this.releaseRoom(p, b.cursor[p] >= b.routeLen[p] ? last : -1);
    }
    b.state[p] = GONE;
    b.departure[p] = this.now;
    this.remaining--;
    if (!(this.now <= this.lastDeparture)) this.lastDeparture = this.now;
    this.trace?.add(this.now, T_DEPART, p, -1, -1);
  }

  /** Patient p leaves their exam room, which is turned over after visit `v` (none if v < 0). */
  private releaseRoom(p: number, v: number): void {
    const b = this.b;
    const turnover = v >= 0 ? b.turnover[v] : 0;
    b.holdsRoom[p] = 0;
    this.roomBusy += this.now - b.roomSince[p] + turnover;
    if (turnover > 0) this.release(this.now + turnover, E_ROOM_FREE, 0);
    else {
      this.freeRooms++;
      this.dirtyMask |= this.roomMask;
    }
  }

  private patienceRunsOut(p: number): void {
    const b = this.b;
    const c = this.c;
    if (b.state[p] !== WAITING || b.holdsRoom[p] || b.seenAt[p] === b.seenAt[p]) return;
    const v = b.routeStart[p] + b.cursor[p];
    const step = b.visitStep[v];
    if (--this.lineCount[step] === 0) this.nonEmpty &= ~this.stepBit[step];
    if (c.stepHasProvider[step]) this.removeFromLine(step, v);
    else {
      this.removeFromFifo(step, v);
      if (this.lineCount[step] === 0 && this.attachedAt[step] > 0) this.releaseFloaters(step);
    }
    this.changeWaitingRoom(-1);
    // Visits not taken no longer need their staff (a shift-end stayer may now go home).
    for (let u = v; u < b.routeStart[p] + b.routeLen[p]; u++) {
      const s = b.visitStep[u];
      for (let i = c.staffStart[s]; i < c.staffStart[s + 1]; i++) if (c.staffPool[i] >= 0) this.needDone(c.staffPool[i]);
    }
    this.dirtyMask |= this.stepBit[step];
    b.left[p] = LEFT_WITHOUT_BEING_SEEN;
    this.trace?.add(this.now, T_LWBS, p, b.visitStep[v], -1);
    b.state[p] = IN_SERVICE; // has left the line, then departs
    this.depart(p);
  }

  private changeWaitingRoom(delta: number): void {
    this.integrateGrid();
    this.waitingRoom += delta;
  }

  /** Adds the waiting-room count held since the last change to the grid bins, up to now. */
  private integrateGrid(): void {
    const c = this.c;
    const t = this.now;
    const count = this.waitingRoom;
    let from = this.wrSince;
    this.wrSince = t;
    if (count === 0 || !(t > from)) return;
    const g0 = c.gridStart;
    const g1 = g0 + c.gridBins * GRID_MINUTES;
    if (from < g0) from = g0;
    const to = t > g1 ? g1 : t;
    while (from < to) {
      const bin = Math.floor((from - g0) / GRID_MINUTES);
      const binEnd = g0 + (bin + 1) * GRID_MINUTES;
      const until = binEnd < to ? binEnd : to;
      this.grid[bin] += count * (until - from);
      from = until;
    }
  }

  /** Closes the grid at the last departure: the clock stops there (the day's last events change nobody's wait). */
  private closeGrid(t: number): void {
    if (t !== t) return;
    this.now = t;
    this.integrateGrid();
  }

  // ---- staff ----------------------------------------------------------------------------------------

  /**
   * Sets pool member m's bit in `availBits` from busy, gone, duty and stay. Members of "while patients
   * present" pools are on duty all day (reset; no shift boundaries are scheduled for them), so the one rule
   * covers them: they take patients whenever one waits, and one who waits is in the building.
   */
  private refreshAvail(m: number): void {
    const w = this.memberWord[m];
    if (this.busy[m] === 0 && this.gone[m] === 0 && (this.duty[m] === 1 || this.stay[m] === 1)) this.availBits[w] |= this.memberBit[m];
    else this.availBits[w] &= ~this.memberBit[m];
  }

  /** The first free member of `pool` (in member order) not among the first n picked, or −1. */
  private firstFree(pool: number, n: number): number {
    for (let w = this.poolWord[pool]; w < this.poolWord[pool + 1]; w++)
      for (let bits = this.availBits[w]; bits !== 0; bits &= bits - 1) {
        const k = this.wordFirst[w] + 31 - Math.clz32(bits & -bits);
        if (!this.isPicked(k, n)) return k;
      }
    return -1;
  }

  private memberFreed(m: number): void {
    this.busy[m] = 0;
    const pool = this.memberPool[m];
    if (pool === PROVIDER) {
      this.freeProviders |= 1 << (m - this.nPoolMembers);
      this.freeSince[m] = this.now;
      this.dirtyMask |= this.providerMask;
      return;
    }
    this.refreshAvail(m);
    this.dirtyMask |= this.poolMask[pool];
    const at = this.attached[m];
    if (at >= 0 && this.lineCount[at] === 0) this.detach(m);
    if (this.c.poolWhilePresent[pool]) return;
    const end = this.offPending[m];
    if (end === end) {
      // The member overran a shift end finishing this patient.
      this.offPending[m] = NaN;
      if (this.offFinal[m]) this.finalShiftOver(m, end);
      else this.overtime[m] += this.now - end;
    } else if (this.stay[m]) this.decideStay(m);
  }

  private dutyOff(m: number, payload: number): void {
    this.duty[m] = 0;
    this.refreshAvail(m);
    if (payload === OFF_BREAK) return;
    if (this.busy[m]) {
      this.offPending[m] = this.now;
      this.offFinal[m] = payload === OFF_FINAL ? 1 : 0;
      return;
    }
    if (payload === OFF_FINAL) {
      this.offPending[m] = NaN;
      this.overtimeBase[m] = this.now;
      this.decideStay(m);
    }
  }

  /** Member m is free past the end of their final shift, which ended at `end`. */
  private finalShiftOver(m: number, end: number): void {
    this.overtimeBase[m] = end;
    this.decideStay(m);
  }

  /**
   * Past their last shift, a free member stays while more patients wait for the pool than other members
   * are present, or while patients still to be served today need the pool and too few others remain;
   * otherwise they go home. Their overtime runs from the end of the shift to going home.
   */
  private decideStay(m: number): void {
    const pool = this.memberPool[m];
    const c = this.c;
    let others = 0;
    for (let k = this.poolFirst[pool]; k < this.poolFirst[pool + 1]; k++)
      if (k !== m && !this.gone[k] && (this.duty[k] || this.busy[k] || this.stay[k])) others++;
    let waiting = 0;
    for (let s = 0; s < c.stepIds.length; s++)
      for (let i = c.staffStart[s]; i < c.staffStart[s + 1]; i++) if (c.staffPool[i] === pool) waiting += this.lineCount[s];
    const needed = waiting > others || (this.futureNeed[pool] > 0 && others < this.minStay[pool]);
    if (needed) {
      if (!this.stay[m]) this.trace?.add(this.now, T_STAY, -1, -1, m);
      this.stay[m] = 1;
      this.refreshAvail(m);
      return;
    }
    this.stay[m] = 0;
    this.gone[m] = 1;
    this.refreshAvail(m);
    this.overtime[m] += this.now - this.overtimeBase[m];
    this.trace?.add(this.now, T_HOME, -1, -1, m);
  }

  /** A visit needing `pool` has started (or will never happen): stayers with nothing left to do go home. */
  private needDone(pool: number): void {
    if (--this.futureNeed[pool] > 0) return;
    this.lastNeedDone(pool);
  }

  /** The pool's future need has reached zero: stayers who are free go home (or stay, see decideStay). */
  private lastNeedDone(pool: number): void {
    for (let k = this.poolFirst[pool]; k < this.poolFirst[pool + 1]; k++) if (this.stay[k] && !this.busy[k]) this.decideStay(k);
  }

  private detach(m: number): void {
    this.trace?.add(this.now, T_UNFLOAT, -1, this.attached[m], m);
    this.attachedAt[this.attached[m]]--;
    this.attached[m] = -1;
    this.dirtyMask |= this.poolMask[this.memberPool[m]];
  }

  /**
   * Adds [now, now + d) with d = minutes[i] to member m's busy time (and its pool's hourly busy time, or a
   * provider's in-session time). The duration comes as (array, index), not as a number: a double passed to
   * a call V8 does not inline is boxed, a heap allocation per event.
   */
  private addBusy(m: number, minutes: Float64Array, i: number): void {
    const c = this.c;
    const t = this.now;
    const d = minutes[i];
    this.busyMinutes[m] += d;
    const end = t + d;
    if (!(end <= this.lastBusyEnd[m])) this.lastBusyEnd[m] = end;
    const pool = this.memberPool[m];
    if (pool === PROVIDER) {
      const q = m - this.nPoolMembers;
      const nS = c.sessionStart.length;
      for (let s = 0; s < nS; s++) {
        if (!c.providerWorks[q * nS + s]) continue;
        const lo = t > c.sessionStart[s] ? t : c.sessionStart[s];
        const hi = end < c.sessionEnd[s] ? end : c.sessionEnd[s];
        if (hi > lo) this.busyInSession[q] += hi - lo;
      }
      return;
    }
    // Hourly busy time on the clock-hour grid.
    const base = c.hourStart * 60 - c.opensClock;
    let from = t;
    while (from < end) {
      const h = Math.floor((from - base) / 60);
      const hEnd = base + (h + 1) * 60;
      const until = hEnd < end ? hEnd : end;
      if (h >= 0 && h < c.hours) this.poolHourBusy[pool * c.hours + h] += until - from;
      from = until;
    }
  }

  // ---- dispatch ---------------------------------------------------------------------------------------

  /**
   * Alternatives (a provider rooming their own patient…) only use staff nobody's primary work needed: after
   * the primary matching, the steps `marked` in it that have an alternative. Out of line: most offices have
   * none, and V8 then has room to inline more of the hot path into the event loop.
   */
  private dispatchAlternatives(marked: number): void {
    const alt = this.altOrder;
    for (let k = 0; k < alt.length; k++) {
      const s = alt[k];
      if (marked & this.stepBit[s] && this.lineCount[s] > 0) this.dispatchLine(s, true);
    }
  }

  /**
   * Strict first come, first served: start the head while all it needs is free. A patient already holding
   * an exam room (back at a room step after a return) is exempt when the head waits for a room: it needs no
   * room, and making it wait would hold its room forever (a hold-and-wait deadlock).
   */
  private dispatchLine(s: number, alternatives: boolean): void {
    const c = this.c;
    const b = this.b;
    for (;;) {
      const v = this.head(s);
      if (v < 0) return;
      const p = b.visitPatient[v];
      if (c.stepUsesRoom[s] && !b.holdsRoom[p] && this.freeRooms === 0) return this.dispatchRoomHolders(s, alternatives);
      if (!this.tryStart(s, v, alternatives)) return;
    }
  }

  /** Starts visit v (primary staff, else the alternative if allowed); false if neither is free. */
  private tryStart(s: number, v: number, alternatives: boolean): boolean {
    const c = this.c;
    const p = this.b.visitPatient[v];
    let n = this.pickStaff(c.staffStart[s], c.staffStart[s + 1], c.staffPool, s, p, false);
    if (n >= 0) {
      this.start(v, n, false);
      return true;
    }
    if (!alternatives) return false;
    n = this.pickStaff(c.altStart[s], c.altStart[s + 1], c.altPool, s, p, true);
    if (n < 0) return false;
    this.start(v, n, true);
    return true;
  }

  /** The head waits for a room: patients behind it who already hold one may start, in line order. */
  private dispatchRoomHolders(s: number, alternatives: boolean): void {
    const b = this.b;
    const buf = this.lines;
    // A start takes entry i out and moves the rest forward: the next entry is then at i.
    for (let i = this.lineHead[s] + 1; i < this.lineTail[s]; ) {
      const v = buf[i];
      if (!b.holdsRoom[b.visitPatient[v]]) i++;
      else if (!this.tryStart(s, v, alternatives)) return;
    }
  }

  /**
   * Picks free members for staff entries [i0, i1) into `picked`; returns how many, or −1 if any is missing.
   * A missing pool member may be replaced by a floating member helping at (or free to help at) step s.
   */
  private pickStaff(i0: number, i1: number, staff: Int32Array, s: number, p: number, alt: boolean): number {
    let n = 0;
    for (let i = i0; i < i1; i++) {
      const pool = staff[i];
      let m: number;
      if (pool === PROVIDER) m = this.ownProviderFor(p, alt);
      else {
        m = this.firstFree(pool, n);
        if (m < 0 && !alt) m = this.floaterFor(s, n);
      }
      if (m < 0) return -1;
      this.picked[n++] = m;
    }
    return n;
  }

  private isPicked(m: number, n: number): boolean {
    for (let i = 0; i < n; i++) if (this.picked[i] === m) return true;
    return false;
  }

  /** The booked patient's own provider if free, eligible now, and (for alternatives) allowed to do it. */
  private ownProviderFor(p: number, alt: boolean): number {
    const b = this.b;
    const q = b.provider[p];
    if (q < 0) return -1;
    const m = this.nPoolMembers + q;
    if (this.busy[m] || !this.eligible(p, q)) return -1;
    if (alt && !this.c.providerRoomsOwn[q]) return -1;
    return m;
  }

  /** Whether provider q may start patient p now: p's session has opened and q is ready for it. */
  private eligible(p: number, q: number): boolean {
    const c = this.c;
    const s = this.b.session[p];
    return this.now >= c.sessionStart[s] && this.now >= this.providerReady[q * c.sessionStart.length + s];
  }

  /** A floating member free to help at step s: one already helping there, or one whose longest line is s. */
  private floaterFor(s: number, n: number): number {
    const c = this.c;
    const pools = c.floatersOf[s];
    for (let i = 0; i < pools.length; i++) {
      const pool = pools[i];
      for (let w = this.poolWord[pool]; w < this.poolWord[pool + 1]; w++)
        for (let bits = this.availBits[w]; bits !== 0; bits &= bits - 1) {
          const k = this.wordFirst[w] + 31 - Math.clz32(bits & -bits);
          if (this.isPicked(k, n)) continue;
          const at = this.attached[k];
          if (at === s) return k;
          if (at >= 0) continue;
          // Unattached: go to the float step with the longest line, if it has reached the threshold.
          const steps = c.floatSteps[pool];
          let best = -1;
          for (let j = 0; j < steps.length; j++) if (best < 0 || this.lineCount[steps[j]] > this.lineCount[best]) best = steps[j];
          if (best === s && this.lineCount[s] >= c.floatThreshold[pool]) {
            this.attached[k] = s;
            this.attachedAt[s]++;
            this.trace?.add(this.now, T_FLOAT, -1, s, k);
            return k;
          }
        }
    }
    return -1;
  }

  /**
   * Provider choice: free providers, longest idle first (ties: lower index), each start the eligible waiting
   * patient with the smallest key among their own booked patients and all walk-ins (ties: earlier entry into
   * the line, then patient id), provided the step's other needs are free. The work of {@link start} for
   * this case (no alternative; the chosen entry leaves the line by its known position) is written out at the
   * end, with the buffers in locals, as in {@link loop} for a first-come first-served step.
   */
  private dispatchProviderStep(s: number): void {
    const c = this.c;
    const b = this.b;
    const first = this.nPoolMembers;
    const freeSince = this.freeSince;
    const buf = this.lines;
    const nS = c.sessionStart.length;
    const sessionStart = c.sessionStart;
    const providerReady = this.providerReady;
    const providerWorks = c.providerWorks;
    const visitPatient = b.visitPatient;
    const provider = b.provider;
    const session = b.session;
    const holdsRoom = b.holdsRoom;
    const keys = b.key;
    const readyAt = b.readyAt;
    const seenAt = b.seenAt;
    const picked = this.picked;
    const usesRoom = c.stepUsesRoom[s] === 1;
    const seen = c.stepSeen[s] === 1;
    // Providers tried since the last start, one bit each.
    let tried = 0;
    for (;;) {
      // The free provider not yet tried idle longest (ties: lower index), over the set bits in index order.
      let rest = this.freeProviders & ~tried;
      if (rest === 0) return;
      let q = 31 - Math.clz32(rest & -rest);
      let since = freeSince[first + q];
      for (rest &= rest - 1; rest !== 0; rest &= rest - 1) {
        const k = 31 - Math.clz32(rest & -rest);
        if (freeSince[first + k] < since) {
          q = k;
          since = freeSince[first + k];
        }
      }
      const m = first + q;
      tried |= 1 << q;
      // The step's other staff (an assistant for a procedure) do not depend on the patient: pick them once.
      picked[0] = m;
      const n = this.pickOthers(s);
      if (n < 0) return;
      // One pass over the line: the filters (own provider or a walk-in of a session q works, session open
      // and q ready for it, a room if needed) are independent of each other, and among the patients passing
      // them the smallest (key, readyAt, id) wins; `before` with the best's fields held in locals.
      const now = this.now;
      const needRoom = usesRoom && this.freeRooms === 0;
      let best = -1;
      let bestI = -1;
      let bestP = -1;
      let bestKey = 0;
      let bestReady = 0;
      const t = this.lineTail[s];
      for (let i = this.lineHead[s]; i < t; i++) {
        const v = buf[i];
        const p = visitPatient[v];
        const own = provider[p];
        const ses = session[p];
        if (own >= 0 ? own !== q : !providerWorks[q * nS + ses]) continue;
        if (!(now >= sessionStart[ses] && now >= providerReady[q * nS + ses])) continue;
        if (needRoom && !holdsRoom[p]) continue;
        const key = keys[p];
        const ready = readyAt[p];
        if (best >= 0 && !(key !== bestKey ? key < bestKey : ready !== bestReady ? ready < bestReady : p < bestP)) continue;
        best = v;
        bestI = i;
        bestP = p;
        bestKey = key;
        bestReady = ready;
      }
      if (best < 0) continue;
      tried = 0;
      // start(best, n, false): the entry leaves the line (order there does not matter: the key decides).
      const v = best;
      const p = bestP;
      const last = --this.lineTail[s];
      buf[bestI] = buf[last];
      if (--this.lineCount[s] === 0) this.nonEmpty &= ~this.stepBit[s];
      if (!holdsRoom[p]) {
        this.integrateGrid();
        this.waitingRoom--;
        if (usesRoom) {
          this.freeRooms--;
          holdsRoom[p] = 1;
          b.roomSince[p] = now;
        }
      }
      b.state[p] = IN_SERVICE;
      b.start[v] = now;
      b.wait[v] = now - bestReady;
      b.byAlt[v] = 0;
      b.servedBy[v] = m;
      const duration = b.duration;
      // The provider (picked[0]), then the step's other staff.
      b.serving[4 * p] = m;
      this.busy[m] = 1;
      this.freeProviders &= ~(1 << q);
      this.addBusy(m, duration, v);
      if (seen && seenAt[p] !== seenAt[p]) this.providerSeen[q]++;
      for (let i = 1; i < n; i++) {
        const o = picked[i];
        b.serving[4 * p + i] = o;
        this.busy[o] = 1;
        this.availBits[this.memberWord[o]] &= ~this.memberBit[o];
        this.addBusy(o, duration, v);
      }
      b.servingCount[p] = n;
      b.servingAlt[p] = 0;
      // The line is empty: floating members helping here who are free return (busy ones when they finish).
      if (this.lineCount[s] === 0 && this.attachedAt[s] > 0) this.releaseFloaters(s);
      if (seen && seenAt[p] !== seenAt[p]) seenAt[p] = now;
      for (let i = c.staffStart[s]; i < c.staffStart[s + 1]; i++) if (c.staffPool[i] >= 0) this.needDone(c.staffPool[i]);
      if (this.trace !== null) this.trace.add(now, T_START, p, s, m);
      this.insertRelease(now + duration[v], p * 4 + E_END);
    }
  }

  /** Picks the step's non-provider staff after `picked[0]` (the provider); returns the total, or −1. */
  private pickOthers(s: number): number {
    const c = this.c;
    let n = 1;
    for (let i = c.staffStart[s]; i < c.staffStart[s + 1]; i++) {
      const pool = c.staffPool[i];
      if (pool === PROVIDER) continue;
      let m = this.firstFree(pool, n);
      if (m < 0) m = this.floaterFor(s, n);
      if (m < 0) return -1;
      this.picked[n++] = m;
    }
    return n;
  }

  /** Starts visit v with the `n` members in `picked` (alternative staff if `alt`). */
  private start(v: number, n: number, alt: boolean): void {
    const b = this.b;
    const c = this.c;
    const p = b.visitPatient[v];
    const s = b.visitStep[v];
    const now = this.now;
    if (--this.lineCount[s] === 0) this.nonEmpty &= ~this.stepBit[s];
    if (c.stepHasProvider[s]) this.removeFromLine(s, v);
    else this.removeFromFifo(s, v);
    if (!b.holdsRoom[p]) this.changeWaitingRoom(-1);
    if (c.stepUsesRoom[s] && !b.holdsRoom[p]) {
      this.freeRooms--;
      b.holdsRoom[p] = 1;
      b.roomSince[p] = now;
    }
    b.state[p] = IN_SERVICE;
    b.start[v] = now;
    b.wait[v] = now - b.readyAt[p];
    b.byAlt[v] = alt ? 1 : 0;
    b.servedBy[v] = this.picked[0];
    const d = alt ? b.altDuration[v] : b.duration[v];
    for (let i = 0; i < n; i++) {
      const m = this.picked[i];
      b.serving[4 * p + i] = m;
      this.busy[m] = 1;
      if (this.memberPool[m] === PROVIDER) this.freeProviders &= ~(1 << (m - this.nPoolMembers));
      else this.availBits[this.memberWord[m]] &= ~this.memberBit[m];
      this.addBusy(m, alt ? b.altDuration : b.duration, v);
      if (this.memberPool[m] === PROVIDER && i === 0 && c.stepSeen[s] && b.seenAt[p] !== b.seenAt[p]) this.providerSeen[m - this.nPoolMembers]++;
    }
    b.servingCount[p] = n;
    b.servingAlt[p] = alt ? 1 : 0;
    // The line is empty: floating members helping here who are free return (busy ones when they finish).
    if (this.lineCount[s] === 0 && this.attachedAt[s] > 0) this.releaseFloaters(s);
    if (c.stepSeen[s] && b.seenAt[p] !== b.seenAt[p]) b.seenAt[p] = now;
    for (let i = c.staffStart[s]; i < c.staffStart[s + 1]; i++) if (c.staffPool[i] >= 0) this.needDone(c.staffPool[i]);
    this.trace?.add(now, T_START, p, s, this.picked[0]);
    this.release(now + d, E_END, p);
  }

  /** Schedules release `kind` of `entity` at `time` (finite, not before now) among the pending releases. */
  private release(time: number, kind: number, entity: number): void {
    this.insertRelease(time, entity * 4 + kind);
  }

  /**
   * {@link release} with the payload packed (entity · 4 + kind). Hot callers call this one, which V8 inlines
   * (with a double argument, a call it did not inline would box the time: a heap allocation per event).
   */
  private insertRelease(time: number, payload: number): void {
    if (!(Number.isFinite(time) && time >= this.now)) throw new ScheduleTimeError(this.now, payload >> 2, time, payload & 3);
    if (this.relTail === this.relTime.length) this.makeReleaseRoom();
    const times = this.relTime;
    const data = this.relData;
    const head = this.relHead;
    let j = this.relTail++;
    while (j > head && times[j - 1] > time) {
      times[j] = times[j - 1];
      data[j] = data[j - 1];
      j--;
    }
    times[j] = time;
    data[j] = payload;
  }

  /** Moves the pending releases to the front of their arrays, and doubles them if they are more than half full. */
  private makeReleaseRoom(): void {
    const n = this.relTail - this.relHead;
    if (2 * n > this.relTime.length) {
      const times = new Float64Array(2 * this.relTime.length);
      const data = new Int32Array(2 * this.relTime.length);
      times.set(this.relTime.subarray(this.relHead, this.relTail));
      data.set(this.relData.subarray(this.relHead, this.relTail));
      this.relTime = times;
      this.relData = data;
    } else {
      this.relTime.copyWithin(0, this.relHead, this.relTail);
      this.relData.copyWithin(0, this.relHead, this.relTail);
    }
    this.relHead = 0;
    this.relTail = n;
  }
}
