/**
 * The office yardstick: a hand-written event loop for exactly the structure of scenarios/default.json
 * (check-in → rooming → exam → lab draw? → checkout; front desk, medical assistants, billing, a floating
 * office manager, three providers, seven exam rooms), simulating a day that `OfficeDay.createDay` has
 * already created into a DayBuffers. It follows src/sim/office/day.ts rule for rule (that file is the
 * specification) and writes the same outputs, so its time per day against `OfficeDay.run` minus creation
 * says how much of the engine's event loop is its generality and how much is the model itself — as
 * bench/bareMmc.ts does for M/M/c.
 *
 * What the shape of the scenario allows, and this loop uses:
 * - one staff member per service and no alternatives, so every member has at most one pending event (the
 *   end of the visit they serve, or a provider's busy-after end): an event is one slot per member plus one
 *   per exam room in turnover (17 slots), and the calendar a sorted array of (time, sequence · 32 + slot),
 *   ~8 long; shift boundaries, session readiness and arrivals are sorted lists merged in;
 * - member state as bitmasks in locals (busy, gone, on duty, staying): picking a free member is a mask test;
 * - the four staff steps' strict FIFO lines as plain index ranges (no patience: the head is always live),
 *   the provider step's line as a few parallel arrays (patient, own provider, session, key, ready time);
 * - the dispatch order (check-in, exam, lab draw, checkout, rooming) unrolled, with the engine's step
 *   marks kept as the same bits, so a mark lost by the engine (a step marked while a later one dispatches)
 *   is lost here too. Two marks that can never start anyone are dropped: a turned-over room does not mark
 *   the exam (exam patients hold their room already), and the exam is not matched while every provider is
 *   busy;
 * - no call on the hot path: the engine's accounting loops (hourly busy time, waiting-room grid, in-session
 *   time) written out, the rare shift-end decisions out of line with integer arguments only (the loop is
 *   far above V8's inlining limits, so any call would box the doubles it passes).
 *
 * Same results: bench/bareOfficeRun.ts `check` compares every output of `OfficeDay.run` bit for bit (500
 * of 500 days of seed 1, 5,000 of 5,000 of seed 7), and `whole` the raw records of whole runs.
 *
 * Figures (2026-11-29, Node 20, esbuild bundle, medians of 9 interleaved rounds of 1,000 days): the
 * engine's loop 98–101 µs a day, this loop 41 µs (2.4×). Ablations of this loop (interleaved, medians of
 * 15 rounds of 500 days): the engine's Calendar class instead of the sorted array 1.33×, a binary heap
 * with lazy replace-top 1.09×, the first version's scan of 17 slots ~1.2×; leaving out all busy, hourly,
 * in-session and waiting-room accounting 0.85×.
 */
import { GRID_MINUTES, PROVIDER, type CompiledOffice } from '../src/sim/office/compile';
import { REBOOKED, type DayBuffers } from '../src/sim/office/buffers';
import type { OfficeDay } from '../src/sim/office/day';

// Steps (scenario order) and their bits in the dispatch mask (the engine's stepBit: dispatch order).
const CI = 0;
const RM = 1;
const EX = 2;
const LB = 3;
const CO = 4;
const B_CI = 1;
const B_EX = 2;
const B_LB = 4;
const B_CO = 8;
const B_RM = 16;
// Members: front desk 0–1, medical assistants 2–4, billing 5, manager 6, providers 7–9.
const FD_BITS = 0b11;
const MA_BITS = 0b11100;
const BILL = 5;
const MGR = 6;
const MGR_BIT = 1 << MGR;
const P0 = 7;
const PROVIDER_BITS = 0b1110000000;
const N_MEMBERS = 10;
const N_SLOTS = 17;
// Pools.
const FD = 0;
const MA = 1;
const BILLING = 2;
const MANAGER = 3;
/** Duty payloads as in day.ts. */
const OFF_BREAK = 0;
const OFF_FINAL = 2;

/** Thrown when the compiled office is not shaped like scenarios/default.json. */
export class NotDefaultOfficeError extends Error {
  override name = 'NotDefaultOfficeError';
}

/** Checks every structural assumption of the loop against the compiled office. */
function assertDefaultShape(c: CompiledOffice): void {
  const same = (a: ArrayLike<number>, b: number[]) => a.length === b.length && b.every((x, i) => a[i] === x);
  const checks: [string, boolean][] = [
    ['steps', same(c.stepIds.map((s) => ['checkIn', 'rooming', 'exam', 'labDraw', 'checkout'].indexOf(s)), [0, 1, 2, 3, 4])],
    ['pools', same(c.poolIds.map((s) => ['frontDesk', 'ma', 'billing', 'manager'].indexOf(s)), [0, 1, 2, 3])],
    ['headcounts', same(c.poolHeadcount, [2, 3, 1, 1])],
    ['providers', c.providerIds.length === 3 && same(c.providerWorks, [1, 1, 1, 1, 1, 1])],
    ['staff', same(c.staffStart, [0, 1, 2, 3, 4, 5]) && same(c.staffPool, [FD, MA, PROVIDER, MA, BILLING])],
    ['alternatives', c.altPool.length === 0],
    ['busy-after', same(c.afterStart, [0, 0, 0, 1, 1, 1]) && same(c.afterPool, [PROVIDER])],
    ['rooms', same(c.stepUsesRoom, [0, 1, 1, 0, 0]) && c.turnover !== null],
    ['seen', same(c.stepSeen, [0, 0, 1, 0, 0])],
    ['dispatch order', same(c.dispatchOrder, [CI, EX, LB, CO, RM])],
    ['float', same(c.floatSteps[MANAGER], [CI, CO]) && c.floatThreshold[MANAGER] === 3 && c.floatSteps.every((f, p) => p === MANAGER || f.length === 0)],
    ['shifts', same(c.poolWhilePresent, [0, 0, 0, 0])],
    ['sessions', c.sessionStart.length === 2],
    ['patience', c.patience === null],
    ['pathways', c.pathways.every((entries) => entries.every((e) => e.step >= 0 && e.returnTo < 0) && entries[0].step === CI && entries[entries.length - 1].step === CO)],
  ];
  for (const [what, ok] of checks) if (!ok) throw new NotDefaultOfficeError(`bareOffice: the compiled office differs from default.json in its ${what}`);
}

/**
 * Waiting-room count `count` held over [io[0], io[1]) added to the grid (day.ts integrateGrid, same
 * arithmetic; io[2], io[3] = the grid's start and end): the grid's closing at the last departure. Doubles go
 * through `io`, not as arguments: the loop is far above V8's inlining limits, so a call would box them.
 */
function addGrid(grid: Float64Array, io: Float64Array, count: number): void {
  const g0 = io[2];
  const g1 = io[3];
  let from = io[0];
  const t = io[1];
  if (from < g0) from = g0;
  const to = t > g1 ? g1 : t;
  while (from < to) {
    const bin = Math.floor((from - g0) / GRID_MINUTES);
    const binEnd = g0 + (bin + 1) * GRID_MINUTES;
    const until = binEnd < to ? binEnd : to;
    grid[bin] += count * (until - from);
    from = until;
  }
}

/** Members of `bits` (a bitmask) counted. */
function popcount(bits: number): number {
  let n = 0;
  while (bits !== 0) {
    bits &= bits - 1;
    n++;
  }
  return n;
}

/**
 * day.ts decideStay for pool member m, past their last shift and free: stays while more patients wait for
 * the pool than other members are present, or while visits still need the pool and nobody else remains;
 * otherwise goes home, with overtime from overtimeBase[m] to now (io[7]). Takes the loop's bitmasks and
 * counts as integers and returns the new (stay | gone << 16): out of line and without double arguments, so
 * this rare path neither bloats the loop nor boxes.
 */
function decideStay(m: number, busy: number, gone: number, duty: number, stay: number, nCI: number, nMA: number, nCO: number, needFD: number, needMA: number, needBill: number, overtime: Float64Array, overtimeBase: Float64Array, io: Float64Array): number {
  const bit = 1 << m;
  const pool = m < 2 ? FD_BITS : m < 5 ? MA_BITS : bit;
  const waiting = m < 2 ? nCI : m < 5 ? nMA : m === BILL ? nCO : 0;
  const future = m < 2 ? needFD : m < 5 ? needMA : m === BILL ? needBill : 0;
  const others = popcount(~gone & (duty | busy | stay) & pool & ~bit);
  if (waiting > others || (future > 0 && others < 1)) stay |= bit;
  else {
    stay &= ~bit;
    gone |= bit;
    overtime[m] += io[7] - overtimeBase[m];
  }
  return stay | (gone << 16);
}

/** day.ts needDone once a pool's future need has run out: its free stayers decide again, in member order. */
function needDone(pool: number, busy: number, gone: number, duty: number, stay: number, nCI: number, nMA: number, nCO: number, needFD: number, needMA: number, needBill: number, overtime: Float64Array, overtimeBase: Float64Array, io: Float64Array): number {
  for (let k = 0; k < MGR; k++) {
    const kb = 1 << k;
    if (!(pool & kb) || !(stay & kb) || busy & kb) continue;
    const r = decideStay(k, busy, gone, duty, stay, nCI, nMA, nCO, needFD, needMA, needBill, overtime, overtimeBase, io);
    stay = r & 0xffff;
    gone = r >>> 16;
  }
  return stay | (gone << 16);
}

/** A reusable simulator of the default office's day; `run` reads a created day and writes its outputs. */
export class BareOffice {
  /** Per member (engine numbering): busy minutes, end of the last busy time (NaN if never), overtime. */
  readonly busyMinutes = new Float64Array(N_MEMBERS);
  readonly lastBusyEnd = new Float64Array(N_MEMBERS);
  readonly overtime = new Float64Array(N_MEMBERS);
  readonly busyInSession = new Float64Array(3);
  readonly providerSeen = new Int32Array(3);
  readonly poolHourBusy: Float64Array;
  readonly grid: Float64Array;
  roomBusyMinutes = 0;
  events = 0;
  lastDeparture = NaN;

  private readonly dutyTime: Float64Array;
  private readonly dutyMember: Int32Array;
  private readonly dutyPayload: Int32Array;
  /** Per pool member: the dispatch bits its pool serves (day.ts poolMask). */
  private readonly memberMask = Int32Array.from([B_CI, B_CI, B_LB | B_RM, B_LB | B_RM, B_LB | B_RM, B_CO, B_CI | B_CO]);
  private readonly memberPoolRow: Int32Array;
  // Calendar slots: members 0–9 (end of service, or a provider's busy-after end), rooms in turnover 10–16.
  private readonly slotTime = new Float64Array(N_SLOTS);
  private readonly slotSeq = new Int32Array(N_SLOTS);
  /** The calendar: the slots with a pending event, sorted by (time, sequence · 32 + slot), compacted when full. */
  private readonly calTime = new Float64Array(64);
  private readonly calKey = new Int32Array(64);
  /** Times handed to the out-of-line accounting helpers (see addHours). */
  private readonly io = new Float64Array(8);
  private readonly serving = new Int32Array(N_MEMBERS);
  private readonly offPending = new Float64Array(N_MEMBERS);
  private readonly offFinal = new Uint8Array(N_MEMBERS);
  private readonly overtimeBase = new Float64Array(N_MEMBERS);
  private readonly freeSince = new Float64Array(3);
  /** Per provider and session: the time both the session and the provider are ready. */
  private readonly gate = new Float64Array(6);
  private readonly readyTime = new Float64Array(6);
  // Lines: the four FIFO lines in one array (step k of CI, RM, LB, CO at [k·cap, (k+1)·cap)); the exam line.
  private lines = new Int32Array(0);
  private cap = 0;
  private exV = new Int32Array(64);
  private exP = new Int32Array(64);
  private exOwn = new Int32Array(64);
  private exSes = new Int32Array(64);
  private exKey = new Float64Array(64);
  private exReady = new Float64Array(64);
  private readyAt = new Float64Array(0);
  private roomSince = new Float64Array(0);
  private order = new Int32Array(0);
  private spare = new Int32Array(0);
  private runs = new Int32Array(0);

  constructor(
    readonly c: CompiledOffice,
    day: OfficeDay,
  ) {
    assertDefaultShape(c);
    const d = day as unknown as { dutyTime: Float64Array; dutyMember: Int32Array; dutyPayload: Int32Array };
    this.dutyTime = d.dutyTime;
    this.dutyMember = d.dutyMember;
    this.dutyPayload = d.dutyPayload;
    this.poolHourBusy = new Float64Array(4 * c.hours);
    this.grid = new Float64Array(c.gridBins);
    this.memberPoolRow = Int32Array.from([FD, FD, MA, MA, MA, BILLING, MANAGER], (p) => p * c.hours);
  }

  private ensure(n: number, nVisits: number): void {
    if (this.cap < nVisits) {
      this.cap = Math.max(nVisits, 2 * this.cap, 64);
      this.lines = new Int32Array(4 * this.cap);
    }
    if (this.readyAt.length < n) {
      const m = Math.max(n, 2 * this.readyAt.length, 64);
      this.readyAt = new Float64Array(m);
      this.roomSince = new Float64Array(m);
      this.order = new Int32Array(m);
      this.spare = new Int32Array(m);
      this.runs = new Int32Array(m + 1);
    }
    if (this.exV.length < n) {
      const m = 2 * n;
      this.exV = new Int32Array(m);
      this.exP = new Int32Array(m);
      this.exOwn = new Int32Array(m);
      this.exSes = new Int32Array(m);
      this.exKey = new Float64Array(m);
      this.exReady = new Float64Array(m);
    }
  }

  /** Patients in arrival order (ties: patient order): day.ts sortArrivals, a stable natural merge sort. */
  private sortArrivals(t: Float64Array, n: number): Int32Array {
    const runs = this.runs;
    let src = this.order;
    let dst = this.spare;
    let nRuns = 0;
    for (let i = 0; i < n; i++) {
      src[i] = i;
      if (i === 0 || t[i] < t[i - 1]) runs[nRuns++] = i;
    }
    runs[nRuns] = n;
    while (nRuns > 1) {
      let merged = 0;
      for (let r = 0; r < nRuns; r += 2) {
        const lo = runs[r];
        const mid = runs[r + 1];
        const hi = r + 2 <= nRuns ? runs[r + 2] : n;
        let i = lo;
        let j = mid;
        let k = lo;
        while (i < mid && j < hi) dst[k++] = t[src[j]] < t[src[i]] ? src[j++] : src[i++];
        while (i < mid) dst[k++] = src[i++];
        while (j < hi) dst[k++] = src[j++];
        runs[merged++] = lo;
      }
      nRuns = merged;
      runs[nRuns] = n;
      const done = dst;
      dst = src;
      src = done;
    }
    if (src !== this.order) {
      this.spare = this.order;
      this.order = src;
    }
    return src;
  }

  /**
   * Simulates the day held in `b` (filled by `OfficeDay.createDay`, whose `providerReady` is passed as
   * `ready`), writing start, end, wait and servedBy per visit and departure, seenAt and left per patient
   * into `b`, and the members', rooms' and waiting room's figures into this object's fields.
   */
  run(b: DayBuffers, ready: Float64Array): void {
    const c = this.c;
    const n = b.n;
    this.ensure(n, b.nVisits);
    const busyMinutes = this.busyMinutes;
    const lastBusyEnd = this.lastBusyEnd;
    const overtime = this.overtime;
    const busyInSession = this.busyInSession;
    const providerSeen = this.providerSeen;
    const phb = this.poolHourBusy;
    const grid = this.grid;
    busyMinutes.fill(0);
    lastBusyEnd.fill(NaN);
    overtime.fill(0);
    busyInSession.fill(0);
    providerSeen.fill(0);
    phb.fill(0);
    grid.fill(0);
    const offPending = this.offPending;
    const offFinal = this.offFinal;
    const overtimeBase = this.overtimeBase;
    offPending.fill(NaN);
    offFinal.fill(0);
    const slotTime = this.slotTime;
    const slotSeq = this.slotSeq;
    slotTime.fill(Infinity);
    const serving = this.serving;
    const memberMask = this.memberMask;
    const memberPoolRow = this.memberPoolRow;
    // Buffers of the day.
    const visitPatient = b.visitPatient;
    const visitStep = b.visitStep;
    const duration = b.duration;
    const afterOff = b.afterOff;
    const afterDur = b.afterDur;
    const turnover = b.turnover;
    const routeStart = b.routeStart;
    const routeLen = b.routeLen;
    const provider = b.provider;
    const session = b.session;
    const key = b.key;
    const start = b.start;
    const end = b.end;
    const wait = b.wait;
    const servedBy = b.servedBy;
    const seenAt = b.seenAt;
    const departure = b.departure;
    const rebook = b.rebook;
    const readyAt = this.readyAt;
    const roomSince = this.roomSince;
    // Compiled constants.
    const ss0 = c.sessionStart[0];
    const ss1 = c.sessionStart[1];
    const se0 = c.sessionEnd[0];
    const se1 = c.sessionEnd[1];
    const hours = c.hours;
    const base = c.hourStart * 60 - c.opensClock;
    const g0 = c.gridStart;
    const g1 = g0 + c.gridBins * GRID_MINUTES;
    const io = this.io;
    io[2] = g0;
    io[3] = g1;
    // Providers: readiness gates, free since their first readiness (longest idle first), READY events.
    const gate = this.gate;
    const freeSince = this.freeSince;
    const readyTime = this.readyTime;
    let nReady = 0;
    for (let i = 0; i < 6; i++) {
      const t = ready[i];
      gate[i] = t > c.sessionStart[i & 1] ? t : c.sessionStart[i & 1];
      if (t === Infinity) continue;
      // Insertion by (time, index): the calendar's sequence order among simultaneous READY events.
      let k = nReady++;
      while (k > 0 && readyTime[k - 1] > t) {
        readyTime[k] = readyTime[k - 1];
        k--;
      }
      readyTime[k] = t;
    }
    for (let q = 0; q < 3; q++) freeSince[q] = Math.min(ready[2 * q], ready[2 * q + 1]);
    const order = this.sortArrivals(b.arrival, n);
    // Future need per pool (visits not yet started): check-in, rooming + lab draws, checkout.
    let needFD = 0;
    let needMA = 0;
    let needBill = 0;
    for (let p = 0; p < n; p++) {
      if (rebook[p]) continue;
      needFD++;
      needBill++;
      needMA += routeLen[p] - 3;
    }
    // Lines.
    const lines = this.lines;
    const cap = this.cap;
    let hCI = 0;
    let tCI = 0;
    let hRM = cap;
    let tRM = cap;
    let hLB = 2 * cap;
    let tLB = 2 * cap;
    let hCO = 3 * cap;
    let tCO = 3 * cap;
    const exV = this.exV;
    const exP = this.exP;
    const exOwn = this.exOwn;
    const exSes = this.exSes;
    const exKey = this.exKey;
    const exReady = this.exReady;
    let nEx = 0;
    // Member state as bitmasks (bit m = member m).
    let busy = 0;
    let gone = 0;
    let duty = 0;
    let stay = 0;
    let inAfter = 0;
    let attached = -1;
    let freeRooms = c.rooms;
    let roomBusy = 0;
    let wr = 0;
    let wrSince = -Infinity;
    let lastDeparture = NaN;
    let seq = 0;
    let events = 0;
    let dirty = 0;
    // Sources merged with the calendar.
    const dutyTime = this.dutyTime;
    const dutyMember = this.dutyMember;
    const dutyPayload = this.dutyPayload;
    const nDuty = dutyTime.length;
    const arrival = b.arrival;
    let iDuty = 0;
    let iArr = 0;
    let iReady = 0;
    let td = nDuty > 0 ? dutyTime[0] : Infinity;
    let ta = n > 0 ? arrival[order[0]] : Infinity;
    let tr = nReady > 0 ? readyTime[0] : Infinity;
    // Calendar: the pending events sorted in calTime/calKey[ch, ct), earliest first. Slots scheduled during
    // an event (`sched`, one bit per slot) are inserted at the top of the next iteration, from the late end
    // (a new event is usually later than most pending ones, so it moves few); taking the earliest is ch++.
    const calTime = this.calTime;
    const calKey = this.calKey;
    let ch = 0;
    let ct = 0;
    let sched = 0;
    // Starts as a number, not undefined: the loop's clock then stays an unboxed double.
    // eslint-disable-next-line no-useless-assignment
    let now = 0;
    for (;;) {
      while (sched !== 0) {
        const slot = 31 - Math.clz32(sched & -sched);
        sched &= sched - 1;
        const t = slotTime[slot];
        const k = slotSeq[slot] * 32 + slot;
        if (ct === 64) {
          // Compact: move the pending events to the front.
          for (let j = ch; j < ct; j++) {
            calTime[j - ch] = calTime[j];
            calKey[j - ch] = calKey[j];
          }
          ct -= ch;
          ch = 0;
        }
        let i = ct++;
        while (i > ch) {
          const tu = calTime[i - 1];
          if (tu < t || (tu === t && calKey[i - 1] < k)) break;
          calTime[i] = tu;
          calKey[i] = calKey[i - 1];
          i--;
        }
        calTime[i] = t;
        calKey[i] = k;
      }
      const tc = ch < ct ? calTime[ch] : Infinity;
      events++;
      if (td <= tc && td <= ta && td <= tr) {
        if (td === Infinity) break;
        // ---- shift boundary
        now = td;
        const m = dutyMember[iDuty];
        const payload = dutyPayload[iDuty++];
        td = iDuty < nDuty ? dutyTime[iDuty] : Infinity;
        const bit = 1 << m;
        if (payload < 0) {
          duty |= bit;
          dirty |= memberMask[m];
        } else {
          duty &= ~bit;
          if (payload !== OFF_BREAK) {
            if (busy & bit) {
              offPending[m] = now;
              offFinal[m] = payload === OFF_FINAL ? 1 : 0;
            } else if (payload === OFF_FINAL) {
              offPending[m] = NaN;
              overtimeBase[m] = now;
              io[7] = now;
              const r = decideStay(m, busy, gone, duty, stay, tCI - hCI, tRM - hRM + (tLB - hLB), tCO - hCO, needFD, needMA, needBill, overtime, overtimeBase, io);
              stay = r & 0xffff;
              gone = r >>> 16;
            }
          }
        }
      } else if (tc <= ta && tc <= tr) {
        // ---- calendar: end of a service, end of busy-after time, or a room turned over
        now = tc;
        const slot = calKey[ch++] & 31;
        slotTime[slot] = Infinity;
        if (slot >= N_MEMBERS) {
          // The engine marks rooming and exam; exam patients already hold their room (every pathway rooms
          // them first), so a free room never lets an exam start: only rooming is marked (same results).
          freeRooms++;
          dirty |= B_RM;
        } else {
          const m = slot;
          const bit = 1 << m;
          if (inAfter & bit) {
            // A provider's busy-after time ends.
            inAfter &= ~bit;
            busy &= ~bit;
            freeSince[m - P0] = now;
            dirty |= B_EX;
          } else {
            const v = serving[m];
            const p = visitPatient[v];
            end[v] = now;
            if (m >= P0) {
              const after = afterDur[afterOff[v]];
              if (after > 0) {
                busyMinutes[m] += after;
                const e = now + after;
                if (!(e <= lastBusyEnd[m])) lastBusyEnd[m] = e;
                const q = m - P0;
                let lo = now > ss0 ? now : ss0;
                let hi = e < se0 ? e : se0;
                if (hi > lo) busyInSession[q] += hi - lo;
                lo = now > ss1 ? now : ss1;
                hi = e < se1 ? e : se1;
                if (hi > lo) busyInSession[q] += hi - lo;
                inAfter |= bit;
                slotTime[m] = e;
                slotSeq[m] = seq++;
                sched |= 1 << m;
              } else {
                busy &= ~bit;
                freeSince[m - P0] = now;
                dirty |= B_EX;
              }
            } else {
              // memberFreed for a pool member.
              busy &= ~bit;
              dirty |= memberMask[m];
              if (m === MGR && attached >= 0 && (attached === CI ? tCI - hCI : tCO - hCO) === 0) {
                attached = -1;
                dirty |= B_CI | B_CO;
              }
              const op = offPending[m];
              let decide = false;
              if (op === op) {
                offPending[m] = NaN;
                if (offFinal[m]) {
                  overtimeBase[m] = op;
                  decide = true;
                } else overtime[m] += now - op;
              } else if (stay & bit) decide = true;
              if (decide) {
                io[7] = now;
                const r = decideStay(m, busy, gone, duty, stay, tCI - hCI, tRM - hRM + (tLB - hLB), tCO - hCO, needFD, needMA, needBill, overtime, overtimeBase, io);
                stay = r & 0xffff;
                gone = r >>> 16;
              }
            }
            // The patient moves on.
            const next = v + 1;
            if (next === routeStart[p] + routeLen[p]) {
              departure[p] = now;
              if (!(now <= lastDeparture)) lastDeparture = now;
            } else {
              const s = visitStep[next];
              readyAt[p] = now;
              if (s === EX) {
                // Rooming → exam: keeps the room, stays out of the waiting room.
                exV[nEx] = next;
                exP[nEx] = p;
                exOwn[nEx] = provider[p];
                exSes[nEx] = session[p];
                exKey[nEx] = key[p];
                exReady[nEx++] = now;
                dirty |= B_EX;
              } else {
                if (m >= P0) {
                  // Leaves the exam room, which is turned over.
                  const turn = turnover[v];
                  roomBusy += now - roomSince[p] + turn;
                  if (turn > 0) {
                    let r = N_MEMBERS;
                    while (slotTime[r] !== Infinity) r++;
                    slotTime[r] = now + turn;
                    slotSeq[r] = seq++;
                    sched |= 1 << r;
                  } else {
                    freeRooms++;
                    dirty |= B_RM | B_EX;
                  }
                }
                if (wr !== 0 && now > wrSince) {
                  // day.ts integrateGrid, written out: a loop whose first pass always runs has feedback for its
                  // later passes, where a rarely taken call would deoptimise the loop the first time it is taken.
                  let from = wrSince < g0 ? g0 : wrSince;
                  const to = now > g1 ? g1 : now;
                  while (from < to) {
                    const bin = Math.floor((from - g0) / GRID_MINUTES);
                    const binEnd = g0 + (bin + 1) * GRID_MINUTES;
                    const until = binEnd < to ? binEnd : to;
                    grid[bin] += wr * (until - from);
                    from = until;
                  }
                }
                wrSince = now;
                wr++;
                if (s === RM) {
                  lines[tRM++] = next;
                  dirty |= B_RM;
                } else if (s === LB) {
                  lines[tLB++] = next;
                  dirty |= B_LB;
                } else {
                  lines[tCO++] = next;
                  dirty |= B_CO;
                }
              }
            }
          }
        }
      } else if (tr <= ta) {
        // ---- a provider is ready for a session
        now = tr;
        iReady++;
        tr = iReady < nReady ? readyTime[iReady] : Infinity;
        dirty |= B_EX;
      } else {
        // ---- arrival
        now = ta;
        const p = order[iArr++];
        ta = iArr < n ? arrival[order[iArr]] : Infinity;
        if (rebook[p]) {
          departure[p] = now;
          b.left[p] = REBOOKED;
        } else {
          readyAt[p] = now;
          if (wr !== 0 && now > wrSince) {
            // day.ts integrateGrid, written out: a loop whose first pass always runs has feedback for its
            // later passes, where a rarely taken call would deoptimise the loop the first time it is taken.
            let from = wrSince < g0 ? g0 : wrSince;
            const to = now > g1 ? g1 : now;
            while (from < to) {
              const bin = Math.floor((from - g0) / GRID_MINUTES);
              const binEnd = g0 + (bin + 1) * GRID_MINUTES;
              const until = binEnd < to ? binEnd : to;
              grid[bin] += wr * (until - from);
              from = until;
            }
          }
          wrSince = now;
          wr++;
          lines[tCI++] = routeStart[p];
          dirty |= B_CI;
        }
      }
      if (dirty === 0) continue;
      // ---- dispatch, in the engine's order: check-in, exam, lab draw, checkout, rooming. As in day.ts, a
      // step's mark is taken when it is matched, so a mark made after its turn (the manager detached from
      // checkout, free again for check-in) stays and is matched by another pass.
      while (dirty !== 0) {
        if (dirty & B_CI) {
          dirty &= ~B_CI;
          while (tCI > hCI) {
            const avail = ~busy & ~gone & (duty | stay);
            let m: number;
            if (avail & 1) m = 0;
            else if (avail & 2) m = 1;
            else if (avail & MGR_BIT && (attached === CI || (attached < 0 && tCI - hCI >= tCO - hCO && tCI - hCI >= 3))) {
              attached = CI;
              m = MGR;
            } else break;
            const v = lines[hCI++];
            const p = visitPatient[v];
            if (wr !== 0 && now > wrSince) {
              // day.ts integrateGrid, written out: a loop whose first pass always runs has feedback for its
              // later passes, where a rarely taken call would deoptimise the loop the first time it is taken.
              let from = wrSince < g0 ? g0 : wrSince;
              const to = now > g1 ? g1 : now;
              while (from < to) {
                const bin = Math.floor((from - g0) / GRID_MINUTES);
                const binEnd = g0 + (bin + 1) * GRID_MINUTES;
                const until = binEnd < to ? binEnd : to;
                grid[bin] += wr * (until - from);
                from = until;
              }
            }
            wrSince = now;
            wr--;
            start[v] = now;
            wait[v] = now - readyAt[p];
            servedBy[v] = m;
            const d = duration[v];
            busy |= 1 << m;
            busyMinutes[m] += d;
            const e = now + d;
            if (!(e <= lastBusyEnd[m])) lastBusyEnd[m] = e;
            // day.ts addBusy's hourly grid, written out (see integrateGrid above).
            for (let from = now; from < e; ) {
              const h = Math.floor((from - base) / 60);
              const hEnd = base + (h + 1) * 60;
              const until = hEnd < e ? hEnd : e;
              if (h >= 0 && h < hours) phb[memberPoolRow[m] + h] += until - from;
              from = until;
            }
            if (tCI === hCI && attached === CI && !(busy & MGR_BIT)) {
              attached = -1;
              dirty |= B_CI | B_CO;
            }
            if (--needFD <= 0) {
              io[7] = now;
              const r = needDone(FD_BITS, busy, gone, duty, stay, tCI - hCI, tRM - hRM + (tLB - hLB), tCO - hCO, needFD, needMA, needBill, overtime, overtimeBase, io);
              stay = r & 0xffff;
              gone = r >>> 16;
            }
            serving[m] = v;
            slotTime[m] = e;
            slotSeq[m] = seq++;
            sched |= 1 << m;
          }
        }
        const examMarked = dirty & B_EX;
        dirty &= ~B_EX;
        if (examMarked !== 0 && nEx > 0 && (~busy & PROVIDER_BITS) !== 0) {
          let tried = 0;
          for (;;) {
            // The free provider idle longest (ties: lower index) not yet tried.
            let q = -1;
            let fq = 0;
            for (let k = 0; k < 3; k++) {
              if (busy & (1 << (P0 + k)) || tried & (1 << k)) continue;
              if (q < 0 || freeSince[k] < fq) {
                q = k;
                fq = freeSince[k];
              }
            }
            if (q < 0) break;
            tried |= 1 << q;
            // Their own booked patients and the walk-ins, session open and provider ready: smallest (key, ready, id).
            let best = -1;
            let bestP = -1;
            let bestKey = 0;
            let bestReady = 0;
            for (let i = 0; i < nEx; i++) {
              const own = exOwn[i];
              if (own >= 0 && own !== q) continue;
              if (!(now >= gate[2 * q + exSes[i]])) continue;
              const k = exKey[i];
              const r = exReady[i];
              const p = exP[i];
              if (best >= 0 && !(k !== bestKey ? k < bestKey : r !== bestReady ? r < bestReady : p < bestP)) continue;
              best = i;
              bestP = p;
              bestKey = k;
              bestReady = r;
            }
            if (best < 0) continue;
            const v = exV[best];
            const p = bestP;
            const last = --nEx;
            exV[best] = exV[last];
            exP[best] = exP[last];
            exOwn[best] = exOwn[last];
            exSes[best] = exSes[last];
            exKey[best] = exKey[last];
            exReady[best] = exReady[last];
            const m = P0 + q;
            start[v] = now;
            wait[v] = now - bestReady;
            servedBy[v] = m;
            const d = duration[v];
            busy |= 1 << m;
            busyMinutes[m] += d;
            const e = now + d;
            if (!(e <= lastBusyEnd[m])) lastBusyEnd[m] = e;
            let lo = now > ss0 ? now : ss0;
            let hi = e < se0 ? e : se0;
            if (hi > lo) busyInSession[q] += hi - lo;
            lo = now > ss1 ? now : ss1;
            hi = e < se1 ? e : se1;
            if (hi > lo) busyInSession[q] += hi - lo;
            if (seenAt[p] !== seenAt[p]) {
              providerSeen[q]++;
              seenAt[p] = now;
            }
            serving[m] = v;
            slotTime[m] = e;
            slotSeq[m] = seq++;
            sched |= 1 << m;
            if (nEx === 0) break;
            tried = 0;
          }
        }
        if (dirty & B_LB) {
          dirty &= ~B_LB;
          while (tLB > hLB) {
            const avail = ~busy & ~gone & (duty | stay) & MA_BITS;
            if (avail === 0) break;
            const m = 31 - Math.clz32(avail & -avail);
            const v = lines[hLB++];
            const p = visitPatient[v];
            if (wr !== 0 && now > wrSince) {
              // day.ts integrateGrid, written out: a loop whose first pass always runs has feedback for its
              // later passes, where a rarely taken call would deoptimise the loop the first time it is taken.
              let from = wrSince < g0 ? g0 : wrSince;
              const to = now > g1 ? g1 : now;
              while (from < to) {
                const bin = Math.floor((from - g0) / GRID_MINUTES);
                const binEnd = g0 + (bin + 1) * GRID_MINUTES;
                const until = binEnd < to ? binEnd : to;
                grid[bin] += wr * (until - from);
                from = until;
              }
            }
            wrSince = now;
            wr--;
            start[v] = now;
            wait[v] = now - readyAt[p];
            servedBy[v] = m;
            const d = duration[v];
            busy |= 1 << m;
            busyMinutes[m] += d;
            const e = now + d;
            if (!(e <= lastBusyEnd[m])) lastBusyEnd[m] = e;
            // day.ts addBusy's hourly grid, written out (see integrateGrid above).
            for (let from = now; from < e; ) {
              const h = Math.floor((from - base) / 60);
              const hEnd = base + (h + 1) * 60;
              const until = hEnd < e ? hEnd : e;
              if (h >= 0 && h < hours) phb[memberPoolRow[m] + h] += until - from;
              from = until;
            }
            if (--needMA <= 0) {
              io[7] = now;
              const r = needDone(MA_BITS, busy, gone, duty, stay, tCI - hCI, tRM - hRM + (tLB - hLB), tCO - hCO, needFD, needMA, needBill, overtime, overtimeBase, io);
              stay = r & 0xffff;
              gone = r >>> 16;
            }
            serving[m] = v;
            slotTime[m] = e;
            slotSeq[m] = seq++;
            sched |= 1 << m;
          }
        }
        if (dirty & B_CO) {
          dirty &= ~B_CO;
          while (tCO > hCO) {
            const avail = ~busy & ~gone & (duty | stay);
            let m: number;
            if (avail & (1 << BILL)) m = BILL;
            else if (avail & MGR_BIT && (attached === CO || (attached < 0 && tCO - hCO > tCI - hCI && tCO - hCO >= 3))) {
              attached = CO;
              m = MGR;
            } else break;
            const v = lines[hCO++];
            const p = visitPatient[v];
            if (wr !== 0 && now > wrSince) {
              // day.ts integrateGrid, written out: a loop whose first pass always runs has feedback for its
              // later passes, where a rarely taken call would deoptimise the loop the first time it is taken.
              let from = wrSince < g0 ? g0 : wrSince;
              const to = now > g1 ? g1 : now;
              while (from < to) {
                const bin = Math.floor((from - g0) / GRID_MINUTES);
                const binEnd = g0 + (bin + 1) * GRID_MINUTES;
                const until = binEnd < to ? binEnd : to;
                grid[bin] += wr * (until - from);
                from = until;
              }
            }
            wrSince = now;
            wr--;
            start[v] = now;
            wait[v] = now - readyAt[p];
            servedBy[v] = m;
            const d = duration[v];
            busy |= 1 << m;
            busyMinutes[m] += d;
            const e = now + d;
            if (!(e <= lastBusyEnd[m])) lastBusyEnd[m] = e;
            // day.ts addBusy's hourly grid, written out (see integrateGrid above).
            for (let from = now; from < e; ) {
              const h = Math.floor((from - base) / 60);
              const hEnd = base + (h + 1) * 60;
              const until = hEnd < e ? hEnd : e;
              if (h >= 0 && h < hours) phb[memberPoolRow[m] + h] += until - from;
              from = until;
            }
            if (tCO === hCO && attached === CO && !(busy & MGR_BIT)) {
              attached = -1;
              dirty |= B_CI | B_CO;
            }
            if (--needBill <= 0) {
              io[7] = now;
              const r = needDone(1 << BILL, busy, gone, duty, stay, tCI - hCI, tRM - hRM + (tLB - hLB), tCO - hCO, needFD, needMA, needBill, overtime, overtimeBase, io);
              stay = r & 0xffff;
              gone = r >>> 16;
            }
            serving[m] = v;
            slotTime[m] = e;
            slotSeq[m] = seq++;
            sched |= 1 << m;
          }
        }
        if (dirty & B_RM) {
          dirty &= ~B_RM;
          while (tRM > hRM && freeRooms > 0) {
            const avail = ~busy & ~gone & (duty | stay) & MA_BITS;
            if (avail === 0) break;
            const m = 31 - Math.clz32(avail & -avail);
            const v = lines[hRM++];
            const p = visitPatient[v];
            if (wr !== 0 && now > wrSince) {
              // day.ts integrateGrid, written out: a loop whose first pass always runs has feedback for its
              // later passes, where a rarely taken call would deoptimise the loop the first time it is taken.
              let from = wrSince < g0 ? g0 : wrSince;
              const to = now > g1 ? g1 : now;
              while (from < to) {
                const bin = Math.floor((from - g0) / GRID_MINUTES);
                const binEnd = g0 + (bin + 1) * GRID_MINUTES;
                const until = binEnd < to ? binEnd : to;
                grid[bin] += wr * (until - from);
                from = until;
              }
            }
            wrSince = now;
            wr--;
            freeRooms--;
            roomSince[p] = now;
            start[v] = now;
            wait[v] = now - readyAt[p];
            servedBy[v] = m;
            const d = duration[v];
            busy |= 1 << m;
            busyMinutes[m] += d;
            const e = now + d;
            if (!(e <= lastBusyEnd[m])) lastBusyEnd[m] = e;
            // day.ts addBusy's hourly grid, written out (see integrateGrid above).
            for (let from = now; from < e; ) {
              const h = Math.floor((from - base) / 60);
              const hEnd = base + (h + 1) * 60;
              const until = hEnd < e ? hEnd : e;
              if (h >= 0 && h < hours) phb[memberPoolRow[m] + h] += until - from;
              from = until;
            }
            if (--needMA <= 0) {
              io[7] = now;
              const r = needDone(MA_BITS, busy, gone, duty, stay, tCI - hCI, tRM - hRM + (tLB - hLB), tCO - hCO, needFD, needMA, needBill, overtime, overtimeBase, io);
              stay = r & 0xffff;
              gone = r >>> 16;
            }
            serving[m] = v;
            slotTime[m] = e;
            slotSeq[m] = seq++;
            sched |= 1 << m;
          }
        }
      }
    }
    this.events = events - 1;
    // Close the waiting-room grid at the last departure.
    if (lastDeparture === lastDeparture && wr !== 0 && lastDeparture > wrSince) {
      io[0] = wrSince;
      io[1] = lastDeparture;
      addGrid(grid, io, wr);
    }
    this.roomBusyMinutes = roomBusy;
    this.lastDeparture = lastDeparture;
  }
}
