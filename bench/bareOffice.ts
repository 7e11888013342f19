/**
 * The office yardstick: an event loop hand-specialised to scenarios/default.json, so `npm run bench` can show
 * how far the general engine (src/sim/office/day.ts) is from what a loop written for this one office costs,
 * as bench/bareMmc.ts does for M/M/c. It simulates a day already created by `OfficeDay.createDay` (every
 * patient's arrival, route and durations drawn) and writes the same outputs as `OfficeDay.run`, bit for bit:
 * day.ts is the specification, followed rule for rule, and test/bench/bareOffice.test.ts checks that the two
 * still agree. A change to the engine's rules must be made here too.
 *
 * Hard-coded, the default office's structure: steps check-in → rooming → exam → lab draw (sometimes) →
 * checkout; one member per step (front desk ×2, medical assistants ×3 for rooming and lab draws, billing ×1
 * for checkout, the exam's provider), no alternative staff, no patience; a floating office manager helping
 * at check-in or checkout once a line reaches 3; three providers working both sessions, busy-after time
 * after the exam only; exam rooms held from rooming to the end of the exam. The numbers (arrival rates,
 * durations, shifts and breaks, opening hours, the number of rooms) come from the created day and the
 * compiled office. Any other structure is refused: the constructor throws NotDefaultOfficeError naming what
 * differs (bench/bareOfficeStructure.ts).
 *
 * What the structure allows, and the loop uses:
 * - each member has at most one pending event (the end of the visit they serve, or a provider's busy-after
 *   end), and each room in turnover one: an event is a slot (members 0–9, then rooms), and the calendar a
 *   short sorted array of (time, sequence · 32 + slot); shift boundaries, providers' readiness and arrivals
 *   are sorted lists merged in, in the engine's order for equal times;
 * - member state as bitmasks in locals (busy, gone home, on duty, staying past the shift): picking a free
 *   member is a mask test;
 * - the four staff steps' first-come first-served lines as index ranges (no patience: the head is always
 *   waiting), the exam's line as parallel arrays (visit, patient, own provider, session, key, ready time);
 * - the engine's dispatch (matching marked steps in the order check-in, exam, lab draw, checkout, rooming,
 *   again while marks remain) unrolled, with the same marks, less two that can never start anyone: a room
 *   freed by turnover does not mark the exam (exam patients hold their room already), and the exam is not
 *   matched while every provider is busy;
 * - no call on the hot path: the loop is far above V8's inlining limit, so a call would box the doubles it
 *   passes, and a rarely taken call deoptimises the loop when first taken. day.ts's accounting loops (hourly
 *   busy time, waiting-room grid, in-session time) are written out at each use; the rare stay-or-go-home
 *   decisions at a shift's end are out of line, with integer arguments only.
 */
import { ArrivalOrder } from '../src/sim/office/arrivalOrder';
import { GRID_MINUTES, type CompiledOffice } from '../src/sim/office/compile';
import { REBOOKED } from '../src/sim/office/buffers';
import type { OfficeDay } from '../src/sim/office/day';
import { assertDefaultStructure } from './bareOfficeStructure';

export { NotDefaultOfficeError } from './bareOfficeStructure';

// Steps (scenario order) and their bits in the dispatch mask (day.ts stepBit: bit k = k-th in dispatch order).
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
// Members (day.ts numbering): front desk 0–1, medical assistants 2–4, billing 5, manager 6, providers 7–9.
const FD_BITS = 0b11;
const MA_BITS = 0b11100;
const BILL = 5;
const MGR = 6;
const MGR_BIT = 1 << MGR;
const P0 = 7;
const PROVIDER_BITS = 0b1110000000;
const N_MEMBERS = 10;
/** Calendar slots: one per member, then one per exam room; `sched` holds one bit per slot. */
const MAX_SLOTS = 32;
// Staff pools (scenario order).
const FD = 0;
const MA = 1;
const BILLING = 2;
const MANAGER = 3;
// Shift-boundary payloads, as in day.ts.
const OFF_BREAK = 0;
const OFF_FINAL = 2;

/**
 * Adds the waiting-room count `count`, held over [from, to), to the grid whose bins start at g0 and end at g1
 * (day.ts integrateGrid, same arithmetic). Used once a day, to close the grid at the last departure.
 */
function addGrid(grid: Float64Array, g0: number, g1: number, from: number, to: number, count: number): void {
  if (from < g0) from = g0;
  if (to > g1) to = g1;
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
 * otherwise goes home, with overtime from overtimeBase[m] to the clock (clock[0]). Takes the loop's bitmasks
 * and counts as integers and returns the new (stay | gone << 16): out of line and without double arguments,
 * so this rare path neither bloats the loop nor boxes.
 */
function decideStay(m: number, busy: number, gone: number, duty: number, stay: number, nCI: number, nMA: number, nCO: number, needFD: number, needMA: number, needBill: number, overtime: Float64Array, overtimeBase: Float64Array, clock: Float64Array): number {
  const bit = 1 << m;
  const pool = m < 2 ? FD_BITS : m < 5 ? MA_BITS : bit;
  const waiting = m < 2 ? nCI : m < 5 ? nMA : m === BILL ? nCO : 0;
  const future = m < 2 ? needFD : m < 5 ? needMA : m === BILL ? needBill : 0;
  const others = popcount(~gone & (duty | busy | stay) & pool & ~bit);
  if (waiting > others || (future > 0 && others < 1)) stay |= bit;
  else {
    stay &= ~bit;
    gone |= bit;
    overtime[m] += clock[0] - overtimeBase[m];
  }
  return stay | (gone << 16);
}

/** day.ts needDone once a pool's future need has run out: its free stayers decide again, in member order. */
function needDone(pool: number, busy: number, gone: number, duty: number, stay: number, nCI: number, nMA: number, nCO: number, needFD: number, needMA: number, needBill: number, overtime: Float64Array, overtimeBase: Float64Array, clock: Float64Array): number {
  for (let k = 0; k < MGR; k++) {
    const kb = 1 << k;
    if (!(pool & kb) || !(stay & kb) || busy & kb) continue;
    const r = decideStay(k, busy, gone, duty, stay, nCI, nMA, nCO, needFD, needMA, needBill, overtime, overtimeBase, clock);
    stay = r & 0xffff;
    gone = r >>> 16;
  }
  return stay | (gone << 16);
}

/**
 * The default office's day, simulated by a hand-specialised loop: `run` simulates the day that `day.createDay`
 * last created. Its outputs are OfficeDay's, in the same places: per visit and per patient in `day.b`, the
 * day's figures in the fields below (same names and units as OfficeDay's).
 */
export class BareOffice {
  readonly c: CompiledOffice;
  /** Per member (day.ts numbering): minutes busy serving or in busy-after time. */
  readonly busyMinutes = new Float64Array(N_MEMBERS);
  /** Per member: end of their last busy time, minutes (NaN if never busy). */
  readonly lastBusyEnd = new Float64Array(N_MEMBERS);
  /** Per member: minutes worked past the end of their shifts. */
  readonly overtime = new Float64Array(N_MEMBERS);
  /** Per provider: busy minutes inside the sessions. */
  readonly busyInSession = new Float64Array(3);
  /** Per provider: patients seen (first exam). */
  readonly providerSeen = new Int32Array(3);
  /** Per staff pool and clock hour (pool · hours + hour): busy minutes. */
  readonly poolHourBusy: Float64Array;
  /** Waiting-room patient-minutes per grid bin of GRID_MINUTES. */
  readonly grid: Float64Array;
  /** Exam-room minutes busy (held by patients or in turnover). */
  roomBusyMinutes = 0;
  /** Events, counted as OfficeDay counts them. */
  events = 0;
  /** Time of the last departure, minutes (NaN if nobody came). */
  lastDeparture = NaN;

  private readonly dutyTime: Float64Array;
  private readonly dutyMember: Int32Array;
  private readonly dutyPayload: Int32Array;
  /** Per pool member: the dispatch bits its pool serves (day.ts poolMask). */
  private readonly memberMask = Int32Array.from([B_CI, B_CI, B_LB | B_RM, B_LB | B_RM, B_LB | B_RM, B_CO, B_CI | B_CO]);
  private readonly memberPoolRow: Int32Array;
  /** Calendar slots: members 0–9 (end of a service, or of a provider's busy-after time), then rooms in turnover. */
  private readonly slotTime: Float64Array;
  private readonly slotSeq: Int32Array;
  /** The calendar: the slots with a pending event, sorted by (time, sequence · 32 + slot), compacted when full. */
  private readonly calTime = new Float64Array(64);
  private readonly calKey = new Int32Array(64);
  /** The clock, handed to the out-of-line stay decisions in an array: a double argument would be boxed. */
  private readonly clock = new Float64Array(1);
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
  private readonly arrivalOrder = new ArrivalOrder();

  /**
   * @param day the OfficeDay whose created days this simulates; its office must be structured like
   *   scenarios/default.json. Its shift boundaries, which OfficeDay keeps private, are read here once.
   * @throws NotDefaultOfficeError naming what differs, for any other structure.
   */
  constructor(readonly day: OfficeDay) {
    const c = day.c;
    assertDefaultStructure(c, MAX_SLOTS - N_MEMBERS);
    this.c = c;
    this.slotTime = new Float64Array(N_MEMBERS + c.rooms);
    this.slotSeq = new Int32Array(N_MEMBERS + c.rooms);
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


  /**
   * Simulates the day `day.createDay` last created, writing start, end, wait and servedBy per visit and
   * departure, seenAt and left per patient into `day.b`, and the day's figures into this object's fields.
   */
  run(): void {
    const c = this.c;
    const b = this.day.b;
    const ready = this.day.providerReady;
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
    const clock = this.clock;
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
    const order = this.arrivalOrder.sort(b.arrival, n);
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
              clock[0] = now;
              const r = decideStay(m, busy, gone, duty, stay, tCI - hCI, tRM - hRM + (tLB - hLB), tCO - hCO, needFD, needMA, needBill, overtime, overtimeBase, clock);
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
                clock[0] = now;
                const r = decideStay(m, busy, gone, duty, stay, tCI - hCI, tRM - hRM + (tLB - hLB), tCO - hCO, needFD, needMA, needBill, overtime, overtimeBase, clock);
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
                  // day.ts integrateGrid, written out (see the header), as at every change of the waiting room.
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
            // day.ts integrateGrid, written out.
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
              // day.ts integrateGrid, written out.
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
            // day.ts addBusy's hourly busy time, written out.
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
              clock[0] = now;
              const r = needDone(FD_BITS, busy, gone, duty, stay, tCI - hCI, tRM - hRM + (tLB - hLB), tCO - hCO, needFD, needMA, needBill, overtime, overtimeBase, clock);
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
              // day.ts integrateGrid, written out.
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
            // day.ts addBusy's hourly busy time, written out.
            for (let from = now; from < e; ) {
              const h = Math.floor((from - base) / 60);
              const hEnd = base + (h + 1) * 60;
              const until = hEnd < e ? hEnd : e;
              if (h >= 0 && h < hours) phb[memberPoolRow[m] + h] += until - from;
              from = until;
            }
            if (--needMA <= 0) {
              clock[0] = now;
              const r = needDone(MA_BITS, busy, gone, duty, stay, tCI - hCI, tRM - hRM + (tLB - hLB), tCO - hCO, needFD, needMA, needBill, overtime, overtimeBase, clock);
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
              // day.ts integrateGrid, written out.
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
            // day.ts addBusy's hourly busy time, written out.
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
              clock[0] = now;
              const r = needDone(1 << BILL, busy, gone, duty, stay, tCI - hCI, tRM - hRM + (tLB - hLB), tCO - hCO, needFD, needMA, needBill, overtime, overtimeBase, clock);
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
              // day.ts integrateGrid, written out.
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
            // day.ts addBusy's hourly busy time, written out.
            for (let from = now; from < e; ) {
              const h = Math.floor((from - base) / 60);
              const hEnd = base + (h + 1) * 60;
              const until = hEnd < e ? hEnd : e;
              if (h >= 0 && h < hours) phb[memberPoolRow[m] + h] += until - from;
              from = until;
            }
            if (--needMA <= 0) {
              clock[0] = now;
              const r = needDone(MA_BITS, busy, gone, duty, stay, tCI - hCI, tRM - hRM + (tLB - hLB), tCO - hCO, needFD, needMA, needBill, overtime, overtimeBase, clock);
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
      addGrid(grid, g0, g1, wrSince, lastDeparture, wr);
    }
    this.roomBusyMinutes = roomBusy;
    this.lastDeparture = lastDeparture;
  }

  /**
   * Copies the figures of the day just run into `day`'s fields, where recordDay reads them (its per-visit and
   * per-patient outputs are in `day.b` already), so a day run by this loop is recorded as OfficeDay's own.
   */
  copyFiguresToDay(): void {
    const day = this.day;
    day.busyMinutes.set(this.busyMinutes);
    day.lastBusyEnd.set(this.lastBusyEnd);
    day.overtime.set(this.overtime);
    day.poolHourBusy.set(this.poolHourBusy);
    day.grid.set(this.grid);
    day.busyInSession.set(this.busyInSession);
    day.providerSeen.set(this.providerSeen);
    // OfficeDay exposes its room minutes through a getter only.
    (day as unknown as { roomBusy: number }).roomBusy = this.roomBusyMinutes;
    day.lastDeparture = this.lastDeparture;
    day.events = this.events;
  }
}
