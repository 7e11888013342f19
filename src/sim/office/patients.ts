/**
 * Creates one day's patients and draws all their own randomness up front, in patient order, each purpose
 * from its own named stream: which template places are booked (`booking`), visit type (`visit-type`),
 * no-show (`no-show`), punctuality (`punctuality`), walk-in arrival times (`arrivals/walk-in`), the route
 * through the pathway with its branches and returns (`route`), every step's duration (`service/<step>`,
 * `alternative/<step>`), busy-after times (`after/<step>`), room turnover (`turnover`) and patience
 * (`patience`). Staffing never changes what a patient brings, so scenarios that differ only in staff share
 * common random numbers.
 */
import { BOOKED, DayBuffers, NOT_ARRIVED, WALK_IN } from './buffers';
import { pick, type CompiledOffice } from './compile';
import { mapUniforms, MapScratch, type TypedSampler } from '../typedSampler';

/** One variate from `t`, through `w.one` (a typed array, so the variate is never boxed on its way back). */
function draw(t: TypedSampler, w: CreationScratch): number {
  t.drawInto(w.one, 0);
  return w.one[0];
}

/** Longest route a patient may take (returns included); further visits are dropped. */
export const MAX_ROUTE = 200;

/** Counts fixed when the day's patients are created. */
export interface CreatedCounts {
  booked: number;
  noShows: number;
  walkIns: number;
  rebooked: number;
}

/**
 * Work space of {@link createPatients}, owned by the caller (one per OfficeDay) and reused day after day
 * (grown as needed): per pathway entry, the returns taken so far (a pathway has at most
 * CAPS.pathwayEntries = 40 entries); per booked patient, their book place; per visit, its duration sampler
 * (index into `c.durSampler`); per busy-after slot, its sampler (index into `c.afterSampler`); the visits
 * whose room turnover is drawn and its uniforms (`nTurnovers` of them); the punctuality and turnover
 * samplers as one-sampler lists for mapUniforms, and mapUniforms' own work space; `one` receives single
 * draws.
 */
export class CreationScratch {
  returns: Int32Array = new Int32Array(64);
  placeOf: Int32Array = new Int32Array(256);
  durWhich: Int32Array = new Int32Array(1024);
  afterWhich: Int32Array = new Int32Array(256);
  turnoverAt: Int32Array = new Int32Array(256);
  turnoverU: Float64Array = new Float64Array(256);
  nTurnovers = 0;
  readonly punctuality: TypedSampler[] = [];
  readonly turnover: TypedSampler[] = [];
  readonly mapping = new MapScratch();
  readonly one = new Float64Array(1);
}

/** `a` if it holds `n` elements, else a larger copy. */
function fit(a: Int32Array, n: number): Int32Array {
  if (a.length >= n) return a;
  const b = new Int32Array(Math.max(n, 2 * a.length));
  b.set(a);
  return b;
}

/**
 * Fills `b` with the day's patients (booked who show, then walk-ins in arrival order), their routes and
 * pre-drawn durations. `providerReady` receives each provider's ready time per session (start + lateness).
 * The compiled office's streams must already be reseeded for this replication.
 *
 * Each stream serves one purpose and is drawn in patient (and visit) order, as if every variate were drawn
 * when its patient is created; but the uniforms of punctuality, durations and busy-after times are drawn
 * into their slots first and mapped to variates afterwards in blocks ({@link mapUniforms}), which is where
 * most of the time goes (~480 inverse CDFs a day).
 */
export function createPatients(c: CompiledOffice, b: DayBuffers, providerReady: Float64Array, w: CreationScratch): CreatedCounts {
  const nSessions = c.sessionStart.length;
  for (let p = 0; p < c.providerIds.length; p++) {
    const late = c.providerLate[p];
    for (let s = 0; s < nSessions; s++) {
      const works = c.providerWorks[p * nSessions + s] === 1;
      providerReady[p * nSessions + s] = works ? c.sessionStart[s] + (late ? draw(late, w) : 0) : Infinity;
    }
  }
  b.n = 0;
  b.nVisits = 0;
  b.nAfter = 0;
  const counts: CreatedCounts = { booked: 0, noShows: 0, walkIns: 0, rebooked: 0 };
  const book = c.book;
  b.ensurePatients(book.length + 16);
  const placeOf = (w.placeOf = fit(w.placeOf, book.length));
  // Booked patients; b.arrival holds the punctuality uniform until the block is mapped.
  const punct = c.punctuality;
  for (let i = 0; i < book.length; i++) {
    const place = book[i];
    if (place.template && c.fillRate < 1 && c.sFill.next() >= c.fillRate) continue;
    counts.booked++;
    const vt = pick(c.placeShareCum[i], c.sVisitType.next());
    if (c.sNoShow.next() < c.noShow[vt]) {
      counts.noShows++;
      continue;
    }
    const p = b.n++;
    placeOf[p] = i;
    b.arrival[p] = punct ? punct.stream.next() : 0;
    b.kind[p] = BOOKED;
    b.visitType[p] = vt;
    b.provider[p] = place.provider;
    b.appointment[p] = place.time;
    b.session[p] = place.session;
    b.rebook[p] = 0;
  }
  if (punct) {
    w.punctuality[0] = punct;
    mapUniforms(w.punctuality, null, b.arrival, 0, b.n, w.mapping);
  }
  for (let p = 0; p < b.n; p++) {
    const place = book[placeOf[p]];
    const lateness = b.arrival[p];
    b.arrival[p] = place.time + lateness;
    b.key[p] = place.time;
    if (lateness > c.lateAfter) {
      if (c.lateAction === 'rebooked') {
        b.rebook[p] = 1;
        counts.rebooked++;
      } else if (c.lateAction === 'seenAtEndOfSession') b.key[p] = place.sessionEnd;
    }
  }
  if (c.walkIns) {
    const w = c.walkIns;
    const arrivals = w.process;
    arrivals.restart();
    for (let t = arrivals.next(); t !== Infinity; t = arrivals.next()) {
      b.ensurePatients(b.n + 1);
      const p = b.n++;
      counts.walkIns++;
      b.kind[p] = WALK_IN;
      b.visitType[p] = pick(w.shareCum, c.sVisitType.next());
      b.provider[p] = -1;
      b.appointment[p] = NaN;
      b.arrival[p] = t;
      b.key[p] = t;
      b.rebook[p] = 0;
      // A walk-in belongs to the first session not yet ended when they arrive (after the last: the last).
      let s = 0;
      while (s < nSessions - 1 && c.sessionEnd[s] <= t) s++;
      b.session[p] = s;
    }
  }
  // Room for every visit of the day, reserved once: each patient's route has at most its pathway's bound.
  let maxVisits = 0;
  for (let p = 0; p < b.n; p++) maxVisits += Math.min(MAX_ROUTE, c.pathwayMaxVisits[b.visitType[p]]);
  b.ensureVisits(maxVisits);
  w.durWhich = fit(w.durWhich, maxVisits);
  if (w.turnoverAt.length < maxVisits) {
    w.turnoverAt = fit(w.turnoverAt, maxVisits);
    w.turnoverU = new Float64Array(w.turnoverAt.length);
  }
  b.ensureAfter(maxVisits * c.maxAfterPerVisit);
  w.afterWhich = fit(w.afterWhich, maxVisits * c.maxAfterPerVisit);
  drawRoutes(c, b, w);
  for (let p = 0; p < b.n; p++) {
    if (c.patience) {
      c.patience.drawInto(b.patienceAt, p);
      b.patienceAt[p] = b.arrival[p] + b.patienceAt[p];
    } else b.patienceAt[p] = Infinity;
  }
  mapUniforms(c.durSampler, w.durWhich, b.duration, 0, b.nVisits, w.mapping);
  mapUniforms(c.afterSampler, w.afterWhich, b.afterDur, 0, b.nAfter, w.mapping);
  if (c.turnover) {
    w.turnover[0] = c.turnover;
    mapUniforms(w.turnover, null, w.turnoverU, 0, w.nTurnovers, w.mapping);
    for (let k = 0; k < w.nTurnovers; k++) b.turnover[w.turnoverAt[k]] = w.turnoverU[k];
  }
  const n = b.n;
  b.state.fill(NOT_ARRIVED, 0, n);
  b.cursor.fill(0, 0, n);
  b.holdsRoom.fill(0, 0, n);
  b.seenAt.fill(NaN, 0, n);
  b.departure.fill(NaN, 0, n);
  b.left.fill(0, 0, n);
  b.servingCount.fill(0, 0, n);
  const nv = b.nVisits;
  b.start.fill(NaN, 0, nv);
  b.end.fill(NaN, 0, nv);
  b.wait.fill(NaN, 0, nv);
  b.servedBy.fill(-1, 0, nv);
  b.byAlt.fill(0, 0, nv);
  return counts;
}

/**
 * Expands every patient's pathway into visits (drawing branches and returns) and draws each visit's
 * uniforms (mapped later): its duration's, its busy-after times', its alternative's duration, and the room
 * turnover's where the visit releases a room. `b` must have room for the day's visits and busy-after times,
 * and `w`'s durWhich, afterWhich and turnover scratch too (see c.pathwayMaxVisits).
 *
 * One loop over all patients with the buffers and tables in locals: per visit, ~12 fewer loads of a
 * buffer or table from its object than a function per patient and per visit (measured in an interleaved A/B).
 * Each stream is still drawn in patient and visit order.
 */
function drawRoutes(c: CompiledOffice, b: DayBuffers, w: CreationScratch): void {
  const returns = w.returns;
  const nVt = c.visitTypeIds.length;
  const { visitType, routeStart, routeLen, visitPatient, visitStep, duration, altDuration, afterOff, afterDur } = b;
  const turnover = b.turnover;
  const { durWhich, afterWhich, turnoverAt, turnoverU } = w;
  const { pathways, pathwayReturns, durSampler, altSampler, afterStart, afterSampler, stepUsesRoom, sRoute } = c;
  const t = c.turnover;
  let nv = b.nVisits;
  let nAfter = b.nAfter;
  let nTurnovers = 0;
  for (let p = 0; p < b.n; p++) {
    const vt = visitType[p];
    const entries = pathways[vt];
    if (pathwayReturns[vt] === 1) for (let j = 0; j < entries.length; j++) returns[j] = 0;
    const first = nv;
    routeStart[p] = first;
    let j = 0;
    while (j < entries.length && nv - first < MAX_ROUTE) {
      const e = entries[j];
      let step = -1;
      if (e.step >= 0) {
        if (e.probability >= 1 || sRoute.next() < e.probability) step = e.step;
      } else {
        const u = sRoute.next();
        const cum = e.branchCum;
        for (let k = 0; k < cum.length; k++)
          if (u < cum[k]) {
            step = e.branchSteps[k];
            break;
          }
      }
      if (step >= 0) {
        const v = nv++;
        visitPatient[v] = p;
        visitStep[v] = step;
        turnover[v] = 0;
        // The room is released after a room step followed by a step without a room (or by leaving, below):
        // draw the previous visit's turnover uniform.
        if (t && v > first && stepUsesRoom[step] === 0 && stepUsesRoom[visitStep[v - 1]] === 1) {
          turnoverAt[nTurnovers] = v - 1;
          turnoverU[nTurnovers++] = t.stream.next();
        }
        const d = step * nVt + vt;
        durWhich[v] = d;
        duration[v] = durSampler[d].stream.next();
        const alt = altSampler[step];
        if (alt) alt.drawInto(altDuration, v);
        else altDuration[v] = NaN;
        const a0 = afterStart[step];
        const a1 = afterStart[step + 1];
        afterOff[v] = nAfter;
        for (let a = a0; a < a1; a++) {
          afterWhich[nAfter] = a;
          afterDur[nAfter++] = afterSampler[a].stream.next();
        }
        if (e.step >= 0 && e.returnTo >= 0 && returns[j] < e.maxReturns && sRoute.next() < e.returnProbability) {
          returns[j]++;
          j = e.returnTo;
          continue;
        }
      }
      j++;
    }
    const n = nv - first;
    routeLen[p] = n;
    if (t && n > 0 && stepUsesRoom[visitStep[nv - 1]] === 1) {
      turnoverAt[nTurnovers] = nv - 1;
      turnoverU[nTurnovers++] = t.stream.next();
    }
  }
  b.nVisits = nv;
  b.nAfter = nAfter;
  w.nTurnovers = nTurnovers;
}
