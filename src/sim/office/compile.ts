/**
 * Compiles a validated office scenario into index-based arrays for the day simulation: clock strings become
 * minutes after opening (time 0), ids become indices, pathways become entry tables, and every random source
 * gets its own named stream, reseeded in place per replication (so samplers are built once).
 * Compiled once per run; every replication reuses it.
 */
import { makeArrivals, type ArrivalProcess, type ArrivalSpec } from '../arrivals';
import type { DistributionSpec } from '../distributions';
import { ReseedableStream, StreamGroup } from '../streams';
import { makeTypedSampler, type TypedSampler } from '../typedSampler';
import { clockToMinutes } from '../scenario/primitives';
import type { OfficeScenario } from '../scenario/schema';
import { buildBook, type BookPlace } from './book';

/** Reserved staff index meaning "the provider" in step staff lists. */
export const PROVIDER = -1;

/** One pathway entry, compiled. */
export interface CompiledEntry {
  /** Step index, or −1 for a branch. */
  step: number;
  probability: number;
  /** Entry index to return to, or −1. */
  returnTo: number;
  returnProbability: number;
  maxReturns: number;
  /** Branch: step indices and cumulative probabilities. */
  branchSteps: Int32Array;
  branchCum: Float64Array;
}

/** A compiled office: everything the day simulation needs, in arrays. */
export interface CompiledOffice {
  readonly scenario: OfficeScenario;
  /** Opening time, minutes after midnight (time 0 of the day's clock). */
  readonly opensClock: number;
  /** Closing time, minutes after opening. */
  readonly closes: number;
  readonly sessionStart: Float64Array;
  readonly sessionEnd: Float64Array;
  readonly visitTypeIds: string[];
  readonly noShow: Float64Array;
  readonly stepIds: string[];
  /** Per step: staff (pool index, or PROVIDER), flattened: staffStart[s] … staffStart[s+1]−1. */
  readonly staffStart: Int32Array;
  readonly staffPool: Int32Array;
  readonly stepHasProvider: Uint8Array;
  readonly stepUsesRoom: Uint8Array;
  readonly stepSeen: Uint8Array;
  /** Steps in dispatch order (priority, then listing order). */
  readonly dispatchOrder: Int32Array;
  /** Per step and visit type: the duration sampler (index s * nVisitTypes + vt); one step's share its stream. */
  readonly durSampler: TypedSampler[];
  /** Per step: alternative staff (flattened like staff), alternative sampler or null. */
  readonly altStart: Int32Array;
  readonly altPool: Int32Array;
  readonly altHasProvider: Uint8Array;
  readonly altSampler: (TypedSampler | null)[];
  /** Per step: staff entries with busy-after time: afterStart[s] … afterStart[s+1]−1 (pool index or PROVIDER). */
  readonly afterStart: Int32Array;
  readonly afterPool: Int32Array;
  readonly afterSampler: TypedSampler[];
  readonly poolIds: string[];
  readonly poolHeadcount: Int32Array;
  readonly poolWhilePresent: Uint8Array;
  readonly poolWage: Float64Array;
  readonly poolOvertimeMult: Float64Array;
  /** Per pool, per member: on-duty intervals [on0, off0, on1, off1, …] (shift minus that member's breaks). */
  readonly memberDuty: Float64Array[][];
  /** Per pool, per member: the ends of the member's shifts (not breaks), ascending. */
  readonly memberShiftEnds: Float64Array[][];
  /** Per pool: scheduled (on-duty) minutes of all members, and the end of the last shift. */
  readonly poolScheduledMinutes: Float64Array;
  readonly poolFinalShiftEnd: Float64Array;
  /** Per pool and clock hour of the hourly grid: scheduled on-duty minutes (pool * hours + h). */
  readonly poolHourScheduled: Float64Array;
  /** Per pool: float steps (empty if the pool does not float) and the line length that triggers it. */
  readonly floatSteps: Int32Array[];
  readonly floatThreshold: Int32Array;
  /** Per step: pools that float to it. */
  readonly floatersOf: Int32Array[];
  readonly providerIds: string[];
  /** Per provider, per session: 1 if the provider works it. Index p * nSessions + s. */
  readonly providerWorks: Uint8Array;
  readonly providerWage: Float64Array;
  readonly providerOvertimeMult: Float64Array;
  readonly providerRoomsOwn: Uint8Array;
  readonly providerLate: (TypedSampler | null)[];
  /** Per provider: total session minutes and the end of their last session. */
  readonly providerSessionMinutes: Float64Array;
  readonly providerLastSessionEnd: Float64Array;
  readonly rooms: number;
  readonly turnover: TypedSampler | null;
  readonly book: BookPlace[];
  readonly fillRate: number;
  /** Per book place: cumulative visit-type shares its booking's type is drawn from. */
  readonly placeShareCum: Float64Array[];
  readonly punctuality: TypedSampler | null;
  readonly lateAfter: number;
  readonly lateAction: 'none' | 'seenAtEndOfSession' | 'rebooked';
  /** Walk-ins: `process` draws from sWalkIn and is restarted every day. */
  readonly walkIns: { spec: ArrivalSpec; start: number; end: number; shareCum: Float64Array; process: ArrivalProcess } | null;
  readonly patience: TypedSampler | null;
  readonly pathways: CompiledEntry[][];
  /**
   * Per visit type: the most visits its pathway can give one patient (before patients.ts's MAX_ROUTE cap),
   * so a day's visit buffers are sized once: between two returns the route moves forward through the
   * entries (at most one visit each), and it returns at most Σ maxReturns times.
   */
  readonly pathwayMaxVisits: Int32Array;
  /** Per visit type: 1 if an entry of its pathway may return (its per-entry return counts need resetting). */
  readonly pathwayReturns: Uint8Array;
  /** The most busy-after times one visit draws (over steps: afterStart[s + 1] − afterStart[s]). */
  readonly maxAfterPerVisit: number;
  readonly eventBudget: number;
  /** Every stream, reseeded per replication. */
  readonly streams: ReseedableStream[];
  /** Streams read directly (not through samplers). */
  readonly sFill: ReseedableStream;
  readonly sVisitType: ReseedableStream;
  readonly sNoShow: ReseedableStream;
  readonly sRoute: ReseedableStream;
  readonly sWalkIn: ReseedableStream;
  /** First hour (clock hour, 0–23) of the hourly utilisation grid and its number of hours. */
  readonly hourStart: number;
  readonly hours: number;
  /** Waiting-room grid: start (minutes after opening), bins of 5 minutes. */
  readonly gridStart: number;
  readonly gridBins: number;
}

/** Width of the waiting-room occupancy grid's bins (minutes). */
export const GRID_MINUTES = 5;

/** Cumulative shares, normalised; all-zero shares give an all-zero table (never drawn from). */
function cumulative(shares: number[]): Float64Array {
  const total = shares.reduce((a, b) => a + b, 0);
  const cum = new Float64Array(shares.length);
  let acc = 0;
  shares.forEach((s, i) => {
    acc += total > 0 ? s / total : 0;
    cum[i] = acc;
  });
  if (total > 0) cum[cum.length - 1] = 1;
  return cum;
}

/**
 * Compiles an office scenario (already validated: `validateScenario` guarantees every reference resolves).
 */
export function compileOffice(scenario: OfficeScenario): CompiledOffice {
  const opensClock = clockToMinutes(scenario.openingHours.opens);
  const rel = (hhmm: string) => clockToMinutes(hhmm) - opensClock;
  const streams: ReseedableStream[] = [];
  const holder = (name: string) => {
    const h = new ReseedableStream(name);
    streams.push(h);
    return h;
  };
  const sampler = (spec: DistributionSpec, stream: ReseedableStream) => makeTypedSampler(spec, stream);

  const sessionIds = scenario.sessions.map((s) => s.id);
  const sessionStart = Float64Array.from(scenario.sessions, (s) => rel(s.start));
  const sessionEnd = Float64Array.from(scenario.sessions, (s) => rel(s.end));
  const visitTypeIds = scenario.visitTypes.map((v) => v.id);
  const nVt = visitTypeIds.length;
  const poolIds = scenario.staffPools.map((p) => p.id);
  const stepIds = scenario.steps.map((s) => s.id);
  const staffIndex = (id: string) => (id === 'provider' ? PROVIDER : poolIds.indexOf(id));

  // Steps.
  const staffStart = new Int32Array(stepIds.length + 1);
  const staffPool: number[] = [];
  const altStart = new Int32Array(stepIds.length + 1);
  const altPool: number[] = [];
  const afterStart = new Int32Array(stepIds.length + 1);
  const afterPool: number[] = [];
  const afterSampler: TypedSampler[] = [];
  const durSampler: TypedSampler[] = [];
  const altSampler: (TypedSampler | null)[] = [];
  scenario.steps.forEach((st, s) => {
    staffStart[s] = staffPool.length;
    for (const id of st.staff) staffPool.push(staffIndex(id));
    altStart[s] = altPool.length;
    for (const id of st.alternative?.staff ?? []) altPool.push(staffIndex(id));
    afterStart[s] = afterPool.length;
    if (st.staffBusyAfterMinutes) {
      const h = holder(`after/${st.id}`);
      for (const [who, spec] of Object.entries(st.staffBusyAfterMinutes)) {
        afterPool.push(staffIndex(who));
        afterSampler.push(sampler(spec, h));
      }
    }
    const h = holder(`service/${st.id}`);
    const base = sampler(st.durationMinutes, h);
    for (let vt = 0; vt < nVt; vt++) {
      const spec = st.durationByVisitType?.[visitTypeIds[vt]];
      durSampler[s * nVt + vt] = spec ? sampler(spec, h) : base;
    }
    altSampler.push(st.alternative ? sampler(st.alternative.durationMinutes, holder(`alternative/${st.id}`)) : null);
  });
  staffStart[stepIds.length] = staffPool.length;
  altStart[stepIds.length] = altPool.length;
  afterStart[stepIds.length] = afterPool.length;
  const stepHasProvider = Uint8Array.from(scenario.steps, (s) => (s.staff.includes('provider') ? 1 : 0));
  const altHasProvider = Uint8Array.from(scenario.steps, (s) => (s.alternative?.staff.includes('provider') ? 1 : 0));
  const dispatchOrder = Int32Array.from(
    scenario.steps.map((s, i) => ({ p: s.priority, i })).sort((a, b) => a.p - b.p || a.i - b.i),
    (x) => x.i,
  );

  // Staff pools: each member's duty intervals (shift minus that member's staggered breaks).
  const memberDuty: Float64Array[][] = [];
  const memberShiftEnds: Float64Array[][] = [];
  for (const p of scenario.staffPools) {
    const duty: Float64Array[] = [];
    const ends: Float64Array[] = [];
    for (let k = 0; k < p.headcount; k++) {
      const bounds: number[] = [];
      for (const sh of p.shifts) {
        let on = rel(sh.start);
        for (const br of sh.breaks) {
          const bs = rel(br.start) + k * p.staggerBreaksMinutes;
          const be = rel(br.end) + k * p.staggerBreaksMinutes;
          if (bs > on) bounds.push(on, bs);
          on = be;
        }
        if (rel(sh.end) > on) bounds.push(on, rel(sh.end));
      }
      duty.push(Float64Array.from(bounds));
      ends.push(Float64Array.from(p.shifts, (sh) => rel(sh.end)));
    }
    memberDuty.push(duty);
    memberShiftEnds.push(ends);
  }
  const poolScheduledMinutes = Float64Array.from(memberDuty, (duty) => {
    let sum = 0;
    for (const d of duty) for (let i = 0; i < d.length; i += 2) sum += d[i + 1] - d[i];
    return sum;
  });
  const poolFinalShiftEnd = Float64Array.from(scenario.staffPools, (p) => Math.max(...p.shifts.map((sh) => rel(sh.end))));
  const floatSteps = scenario.staffPools.map((p) => Int32Array.from(p.float?.steps ?? [], (id) => stepIds.indexOf(id)));
  const floatersOf = stepIds.map((_, s) => Int32Array.from(floatSteps.flatMap((steps, pool) => (steps.includes(s) ? [pool] : []))));

  // Providers.
  const nSessions = sessionIds.length;
  const providerWorks = new Uint8Array(scenario.providers.length * nSessions);
  const providerSessionMinutes = new Float64Array(scenario.providers.length);
  const providerLastSessionEnd = new Float64Array(scenario.providers.length);
  const late = scenario.providers.some((p) => p.startsLateMinutes) ? holder('provider-late') : null;
  scenario.providers.forEach((p, i) => {
    let last = -Infinity;
    for (const sid of p.sessions) {
      const s = sessionIds.indexOf(sid);
      providerWorks[i * nSessions + s] = 1;
      providerSessionMinutes[i] += sessionEnd[s] - sessionStart[s];
      last = Math.max(last, sessionEnd[s]);
    }
    providerLastSessionEnd[i] = last;
  });

  // Appointment book (the deterministic part: places and policies).
  const book = buildBook(scenario, rel);
  const vtShares = scenario.visitTypes.map((v) => v.share);

  // Walk-ins.
  let walkIns: Omit<NonNullable<CompiledOffice['walkIns']>, 'process'> | null = null;
  if (scenario.walkIns) {
    const w = scenario.walkIns;
    const spec: ArrivalSpec = w.ratesPerHour ? { kind: 'hourlyProfile', ratesPerHour: w.ratesPerHour } : { kind: 'poisson', ratePerHour: w.ratePerHour ?? 0 };
    const shares = w.visitTypeShares ? visitTypeIds.map((id) => w.visitTypeShares?.[id] ?? 0) : vtShares;
    walkIns = { spec, start: rel(w.from), end: rel(w.to), shareCum: cumulative(shares) };
  }

  // Pathways: entries with indices; `returnTo` resolves to the latest earlier entry of that step (or itself).
  const pathways = visitTypeIds.map((vt) =>
    scenario.pathways[vt].map((e, j, all): CompiledEntry => {
      let returnTo = -1;
      if (e.returnTo !== undefined) for (let k = j; k >= 0; k--) if (all[k].step === e.returnTo) { returnTo = k; break; }
      return {
        step: e.step !== undefined ? stepIds.indexOf(e.step) : -1,
        probability: e.probability ?? 1,
        returnTo,
        returnProbability: e.returnProbability ?? 0,
        maxReturns: e.maxReturns ?? 3,
        branchSteps: Int32Array.from(e.oneOf ?? [], (b) => stepIds.indexOf(b.step)),
        branchCum: Float64Array.from(
          (e.oneOf ?? []).map((b) => b.probability).map((_, k, ps) => ps.slice(0, k + 1).reduce((a, b) => a + b, 0)),
        ),
      };
    }),
  );

  // Grids: hours from the earliest scheduled start (or opening) to 4 hours past closing.
  const closes = rel(scenario.openingHours.closes);
  const earliest = Math.min(0, ...memberDuty.flat().map((b) => (b.length ? b[0] : 0)), ...Array.from(sessionStart));
  const hourStart = Math.max(0, Math.floor((opensClock + earliest) / 60) - 1);
  const hours = Math.min(24, Math.ceil((opensClock + closes) / 60) + 4) - hourStart;
  const gridStart = Math.floor((earliest - 60) / GRID_MINUTES) * GRID_MINUTES;
  const gridBins = Math.ceil((closes + 240 - gridStart) / GRID_MINUTES);

  const poolHourScheduled = new Float64Array(poolIds.length * hours);
  const base = hourStart * 60 - opensClock;
  memberDuty.forEach((duty, pool) => {
    for (const d of duty)
      for (let i = 0; i < d.length; i += 2)
        for (let h = 0; h < hours; h++) {
          const lo = Math.max(d[i], base + 60 * h);
          const hi = Math.min(d[i + 1], base + 60 * (h + 1));
          if (hi > lo) poolHourScheduled[pool * hours + h] += hi - lo;
        }
  });
  const lateRule = scenario.appointmentBook.lateRule;
  const turnover = scenario.examRooms.turnoverMinutes ? sampler(scenario.examRooms.turnoverMinutes, holder('turnover')) : null;
  const punctuality = scenario.appointmentBook.punctualityMinutes ? sampler(scenario.appointmentBook.punctualityMinutes, holder('punctuality')) : null;
  const patience = scenario.patience ? sampler(scenario.patience.waitingRoomMinutes, holder('patience')) : null;
  const sFill = holder('booking');
  const sVisitType = holder('visit-type');
  const sNoShow = holder('no-show');
  const sRoute = holder('route');
  const sWalkIn = holder('arrivals/walk-in');
  // Every stream is reseeded with the same prefix each day: hashed in lockstep (see StreamGroup).
  new StreamGroup(streams);
  return {
    scenario,
    opensClock,
    closes,
    sessionStart,
    sessionEnd,
    visitTypeIds,
    noShow: Float64Array.from(scenario.visitTypes, (v) => v.noShowProbability),
    stepIds,
    staffStart,
    staffPool: Int32Array.from(staffPool),
    stepHasProvider,
    stepUsesRoom: Uint8Array.from(scenario.steps, (s) => (s.usesExamRoom ? 1 : 0)),
    stepSeen: Uint8Array.from(scenario.steps, (s) => ((s.seen ?? s.staff.includes('provider')) ? 1 : 0)),
    dispatchOrder,
    durSampler,
    altStart,
    altPool: Int32Array.from(altPool),
    altHasProvider,
    altSampler,
    afterStart,
    afterPool: Int32Array.from(afterPool),
    afterSampler,
    poolIds,
    poolHeadcount: Int32Array.from(scenario.staffPools, (p) => p.headcount),
    poolWhilePresent: Uint8Array.from(scenario.staffPools, (p) => (p.availableWhilePatientsPresent ? 1 : 0)),
    poolWage: Float64Array.from(scenario.staffPools, (p) => p.wagePerHour),
    poolOvertimeMult: Float64Array.from(scenario.staffPools, (p) => p.overtimeMultiplier),
    memberDuty,
    memberShiftEnds,
    poolScheduledMinutes,
    poolFinalShiftEnd,
    poolHourScheduled,
    floatSteps,
    floatThreshold: Int32Array.from(scenario.staffPools, (p) => p.float?.lineAtLeast ?? 0),
    floatersOf,
    providerIds: scenario.providers.map((p) => p.id),
    providerWorks,
    providerWage: Float64Array.from(scenario.providers, (p) => p.wagePerHour),
    providerOvertimeMult: Float64Array.from(scenario.providers, (p) => p.overtimeMultiplier),
    providerRoomsOwn: Uint8Array.from(scenario.providers, (p) => (p.roomsOwnPatients ? 1 : 0)),
    providerLate: scenario.providers.map((p) => (p.startsLateMinutes && late ? sampler(p.startsLateMinutes, late) : null)),
    providerSessionMinutes,
    providerLastSessionEnd,
    rooms: scenario.examRooms.count,
    turnover,
    book,
    fillRate: scenario.appointmentBook.fillRate,
    placeShareCum: placeShares(book, vtShares, scenario.appointmentBook.visitTypeAssignment === 'bySlot'),
    punctuality,
    lateAfter: lateRule?.lateByMoreThanMinutes ?? Infinity,
    lateAction: lateRule?.action ?? 'none',
    walkIns: walkIns && { ...walkIns, process: makeArrivals(walkIns.spec, sWalkIn, walkIns.start, walkIns.end) },
    patience,
    pathways,
    // Capped to stay an Int32 (patients.ts caps routes at MAX_ROUTE anyway).
    pathwayMaxVisits: Int32Array.from(pathways, (entries) =>
      Math.min(0x40000000, entries.length * (1 + entries.reduce((sum, e) => sum + (e.returnTo >= 0 ? e.maxReturns : 0), 0))),
    ),
    pathwayReturns: Uint8Array.from(pathways, (entries) => (entries.some((e) => e.returnTo >= 0) ? 1 : 0)),
    maxAfterPerVisit: Math.max(0, ...stepIds.map((_, s) => afterStart[s + 1] - afterStart[s])),
    eventBudget: scenario.eventBudgetPerReplication,
    streams,
    sFill,
    sVisitType,
    sNoShow,
    sRoute,
    sWalkIn,
    hourStart,
    hours,
    gridStart,
    gridBins,
  };
}

/**
 * The visit-type table each booking draws from: by shares over all types, or (by slot) over the slot's types
 * weighted by their shares (equally if those shares are all 0). Places with the same types share one table.
 */
function placeShares(book: BookPlace[], shares: number[], bySlot: boolean): Float64Array[] {
  const all = cumulative(shares);
  const cache = new Map<Int32Array, Float64Array>();
  return book.map((place) => {
    const types = place.visitTypes;
    if (!bySlot || !types) return all;
    let cum = cache.get(types);
    if (!cum) {
      const listed = shares.map((s, i) => (types.includes(i) ? s : 0));
      const weights = listed.some((s) => s > 0) ? listed : shares.map((_, i) => (types.includes(i) ? 1 : 0));
      cum = cumulative(weights);
      cache.set(types, cum);
    }
    return cum;
  });
}

/** Draws an index from a cumulative table with one uniform (first entry whose cumulative share exceeds u). */
export function pick(cum: Float64Array, u: number): number {
  const n = cum.length;
  for (let i = 0; i < n; i++) if (u < cum[i]) return i;
  return n - 1;
}
