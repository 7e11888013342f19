/**
 * Rules that relate fields to each other (a step served by a pool that does not exist, a shift ending
 * before it starts, branch probabilities over 1, an expected day beyond the caps…). They run on the raw
 * (migrated) JSON even when the structure has problems, so one pass reports every problem; every access
 * is guarded, because the input may be anything.
 */
import * as v from 'valibot';
import { checkDistribution } from '../distributionChecks';
import { OffsetSchema } from './distribution';
import { CAPS } from './schema';
import { clockToMinutes, didYouMean } from './primitives';

/** One problem: where (JSON path, `$` is the root) and what (what was wrong and what is accepted). */
export interface ValidationIssue {
  path: string;
  message: string;
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
const fin = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const clk = (x: unknown): number | undefined => (typeof x === 'string' && CLOCK.test(x) ? clockToMinutes(x) : undefined);

/** Formats a path from its parts: `$.steps[2].staff[0]`. */
export function pathOf(parts: readonly (string | number)[]): string {
  let s = '$';
  for (const p of parts) {
    if (typeof p === 'number') s += `[${p}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(p)) s += `.${p}`;
    else s += `[${JSON.stringify(p)}]`;
  }
  return s;
}

class Collector {
  readonly issues: ValidationIssue[] = [];
  add(parts: readonly (string | number)[], message: string): void {
    this.issues.push({ path: pathOf(parts), message });
  }
  /** Reports `ref` at `parts` unless it is one of `known`; suggests the nearest known id. */
  ref(parts: readonly (string | number)[], ref: unknown, known: readonly string[], what: string): boolean {
    const r = str(ref);
    if (r === undefined || known.includes(r)) return true;
    const guess = didYouMean(r, known);
    const list = known.length ? known.map((k) => `"${k}"`).join(', ') : 'none are defined';
    this.add(parts, `no ${what} "${r}"; expected one of ${list}${guess ? `; did you mean "${guess}"?` : ''}`);
    return false;
  }
}

/** Reports duplicate ids in a list of objects; returns the ids (first occurrence). */
function ids(c: Collector, list: unknown[], base: (string | number)[], what: string, reserved: string[] = []): string[] {
  const out: string[] = [];
  list.forEach((item, i) => {
    const id = isObj(item) ? str(item.id) : undefined;
    if (id === undefined) return;
    if (reserved.includes(id)) c.add([...base, i, 'id'], `"${id}" is reserved; choose another ${what} id`);
    else if (out.includes(id)) c.add([...base, i, 'id'], `duplicate ${what} id "${id}"; each ${what} needs its own id`);
    else out.push(id);
  });
  return out;
}

/**
 * Checks one distribution's parameters against each other with the engine's own rules
 * (`checkDistribution` in src/sim/distributionChecks.ts), once its structure is valid (structural problems
 * are already reported by the schema). `duration`: nothing it draws may be negative.
 */
function checkDist(c: Collector, d: unknown, parts: (string | number)[], duration: boolean): void {
  if (!v.is(OffsetSchema, d)) return;
  const problem = checkDistribution(d, duration ? 'duration' : 'offset');
  if (problem !== null) c.add(parts, `${problem}; expected a valid ${d.kind} distribution${duration ? ' for a duration (never negative)' : ''}`);
}

/** Every cross-field problem of a scenario (raw JSON, after migration). */
export function crossCheck(doc: unknown): ValidationIssue[] {
  const c = new Collector();
  if (!isObj(doc)) return c.issues;
  if (doc.kind === 'office') checkOffice(c, doc);
  else if (doc.kind === 'network') checkNetwork(c, doc);
  return c.issues;
}

interface Interval {
  start: number;
  end: number;
}

/** start < end for a { start, end } (or { from, to }) object; returns the interval when both parse. */
function interval(c: Collector, o: unknown, parts: (string | number)[], what: string, a = 'start', b = 'end'): Interval | undefined {
  if (!isObj(o)) return undefined;
  const s = clk(o[a]);
  const e = clk(o[b]);
  if (s === undefined || e === undefined) return undefined;
  if (e <= s) {
    c.add([...parts, b], `${what} ends at ${String(o[b])}, not after it starts (${String(o[a])}); expected "${b}" later than "${a}"`);
    return undefined;
  }
  return { start: s, end: e };
}

/** Reports overlaps in a list of intervals that must be in order and disjoint. */
function ordered(c: Collector, list: (Interval | undefined)[], base: (string | number)[], what: string): void {
  let prev: Interval | undefined;
  list.forEach((iv, i) => {
    if (!iv) return;
    if (prev && iv.start < prev.end) c.add([...base, i], `${what} ${i} starts before the previous one ends; expected ${what}s in time order, not overlapping`);
    prev = iv;
  });
}

function checkOffice(c: Collector, doc: Obj): void {
  const hours = interval(c, doc.openingHours, ['openingHours'], 'the day', 'opens', 'closes');
  void hours;

  // Sessions.
  const sessions = arr(doc.sessions);
  const sessionIds = ids(c, sessions, ['sessions'], 'session');
  const sessionIv = sessions.map((s, i) => interval(c, s, ['sessions', i], 'the session'));
  ordered(c, sessionIv, ['sessions'], 'session');
  const sessionById = new Map<string, Interval>();
  sessions.forEach((s, i) => {
    const id = isObj(s) ? str(s.id) : undefined;
    const iv = sessionIv[i];
    if (id && iv && !sessionById.has(id)) sessionById.set(id, iv);
  });

  // Visit types.
  const visitTypes = arr(doc.visitTypes);
  const vtIds = ids(c, visitTypes, ['visitTypes'], 'visit type');
  const shareSum = visitTypes.reduce<number>((a, t) => a + (isObj(t) ? (fin(t.share) ?? (t.share === undefined ? 1 : 0)) : 0), 0);
  if (visitTypes.length > 0 && shareSum <= 0) c.add(['visitTypes'], 'every visit type has share 0; expected at least one positive share');

  // Staff pools.
  const pools = arr(doc.staffPools);
  const poolIds = ids(c, pools, ['staffPools'], 'staff pool', ['provider']);
  pools.forEach((p, i) => {
    if (!isObj(p)) return;
    const shifts = arr(p.shifts);
    const shiftIv = shifts.map((s, j) => interval(c, s, ['staffPools', i, 'shifts', j], 'the shift'));
    ordered(c, shiftIv, ['staffPools', i, 'shifts'], 'shift');
    shifts.forEach((s, j) => {
      if (!isObj(s)) return;
      const breaks = arr(s.breaks);
      const bIv = breaks.map((b, k) => interval(c, b, ['staffPools', i, 'shifts', j, 'breaks', k], 'the break'));
      ordered(c, bIv, ['staffPools', i, 'shifts', j, 'breaks'], 'break');
      const sIv = shiftIv[j];
      const stagger = (fin(p.staggerBreaksMinutes) ?? 0) * Math.max(0, (fin(p.headcount) ?? 1) - 1);
      bIv.forEach((b, k) => {
        if (b && sIv && (b.start < sIv.start || b.end + stagger > sIv.end))
          c.add(
            ['staffPools', i, 'shifts', j, 'breaks', k],
            stagger > 0
              ? `with breaks staggered by ${fin(p.staggerBreaksMinutes)} minutes, the last member's break ends ${fmt(b.end + stagger)}, outside the shift; expected every member's break within the shift`
              : "the break lies outside its shift; expected a break between the shift's start and end",
          );
      });
    });
  });

  // Steps (before providers and floats, which refer to them).
  const steps = arr(doc.steps);
  const stepIds = ids(c, steps, ['steps'], 'step', ['provider']);
  const staffIds = [...poolIds, 'provider'];
  const stepStaff = new Map<string, string[]>();
  steps.forEach((s, i) => {
    if (!isObj(s)) return;
    const staff = arr(s.staff);
    staff.forEach((st, j) => c.ref(['steps', i, 'staff', j], st, staffIds, 'staff pool'));
    if (staff.filter((x) => x === 'provider').length > 1) c.add(['steps', i, 'staff'], 'names "provider" more than once; a step needs at most one provider');
    for (const id of new Set(staff.filter((x): x is string => typeof x === 'string' && x !== 'provider'))) {
      const need = staff.filter((x) => x === id).length;
      const pool = pools.find((p) => isObj(p) && p.id === id);
      const headcount = isObj(pool) ? fin(pool.headcount) : undefined;
      if (headcount !== undefined && need > headcount)
        c.add(['steps', i, 'staff'], `needs ${need} members of "${id}" at once, but the pool has ${headcount}; expected a head count of at least ${need}`);
    }
    const sid = str(s.id);
    if (sid && !stepStaff.has(sid)) stepStaff.set(sid, staff.filter((x): x is string => typeof x === 'string'));
    checkDist(c, s.durationMinutes, ['steps', i, 'durationMinutes'], true);
    if (isObj(s.durationByVisitType))
      for (const [vt, d] of Object.entries(s.durationByVisitType)) {
        c.ref(['steps', i, 'durationByVisitType', vt], vt, vtIds, 'visit type');
        checkDist(c, d, ['steps', i, 'durationByVisitType', vt], true);
      }
    if (isObj(s.staffBusyAfterMinutes))
      for (const [who, d] of Object.entries(s.staffBusyAfterMinutes)) {
        if (!staff.includes(who))
          c.add(['steps', i, 'staffBusyAfterMinutes', who], `"${who}" does not serve this step; expected one of the step's staff (${staff.map((x) => `"${String(x)}"`).join(', ')})`);
        checkDist(c, d, ['steps', i, 'staffBusyAfterMinutes', who], true);
      }
    if (isObj(s.alternative)) {
      const alt = arr(s.alternative.staff);
      alt.forEach((st, j) => c.ref(['steps', i, 'alternative', 'staff', j], st, staffIds, 'staff pool'));
      if (staff.includes('provider'))
        c.add(['steps', i, 'alternative'], 'a step served by the provider cannot have an alternative; expected alternatives only on steps without "provider"');
      if (alt.filter((x) => x === 'provider').length > 1) c.add(['steps', i, 'alternative', 'staff'], 'names "provider" more than once');
      checkDist(c, s.alternative.durationMinutes, ['steps', i, 'alternative', 'durationMinutes'], true);
    }
  });

  // Floats (after steps).
  pools.forEach((p, i) => {
    if (!isObj(p) || !isObj(p.float)) return;
    const pid = str(p.id);
    arr(p.float.steps).forEach((st, j) => {
      if (!c.ref(['staffPools', i, 'float', 'steps', j], st, stepIds, 'step')) return;
      const staff = stepStaff.get(st as string) ?? [];
      if (staff.length !== 1 || staff[0] === 'provider' || staff[0] === pid)
        c.add(['staffPools', i, 'float', 'steps', j], `step "${String(st)}" is served by ${staff.map((x) => `"${x}"`).join(' + ') || 'nobody'}; a float step must be served by exactly one other staff pool (not the provider)`);
    });
  });

  // Rooms.
  if (isObj(doc.examRooms)) checkDist(c, doc.examRooms.turnoverMinutes, ['examRooms', 'turnoverMinutes'], true);

  // Slot templates.
  const templates = isObj(doc.slotTemplates) ? doc.slotTemplates : {};
  const templateSlots = new Map<string, { start: number; end: number; parts: (string | number)[] }[]>();
  for (const [tid, runs] of Object.entries(templates)) {
    const slots: { start: number; end: number; parts: (string | number)[] }[] = [];
    arr(runs).forEach((r, j) => {
      const parts = ['slotTemplates', tid, j];
      const iv = interval(c, r, parts, 'the slot run', 'from', 'to');
      if (!iv || !isObj(r)) return;
      const len = fin(r.lengthMinutes) ?? iv.end - iv.start;
      if (len > 0 && (iv.end - iv.start) % len !== 0)
        c.add([...parts, 'lengthMinutes'], `${iv.end - iv.start} minutes from "from" to "to" is not a whole number of ${len}-minute slots; expected a length that divides it`);
      arr(r.visitTypes).forEach((vt, k) => c.ref([...parts, 'visitTypes', k], vt, vtIds, 'visit type'));
      for (let t = iv.start; len > 0 && t + len <= iv.end && slots.length <= CAPS.slotsPerProvider; t += len) slots.push({ start: t, end: t + len, parts });
    });
    if (slots.length > CAPS.slotsPerProvider) c.add(['slotTemplates', tid], `makes more than ${CAPS.slotsPerProvider} slots; expected at most ${CAPS.slotsPerProvider} per provider and day`);
    templateSlots.set(tid, slots);
  }

  // Providers.
  const providers = arr(doc.providers);
  const providerIds = ids(c, providers, ['providers'], 'provider', ['provider']);
  providerIds.forEach((pid) => {
    if (poolIds.includes(pid)) {
      const i = providers.findIndex((p) => isObj(p) && p.id === pid);
      c.add(['providers', i, 'id'], `"${pid}" is also a staff pool id; expected distinct ids`);
    }
  });
  const worked = new Set<string>();
  const book = isObj(doc.appointmentBook) ? doc.appointmentBook : {};
  let expectedBookings = 0;
  providers.forEach((p, i) => {
    if (!isObj(p)) return;
    const own = arr(p.sessions);
    const seen = new Set<string>();
    own.forEach((s, j) => {
      if (!c.ref(['providers', i, 'sessions', j], s, sessionIds, 'session')) return;
      if (seen.has(s as string)) c.add(['providers', i, 'sessions', j], `session "${String(s)}" is listed twice`);
      seen.add(s as string);
      worked.add(s as string);
    });
    checkDist(c, p.startsLateMinutes, ['providers', i, 'startsLateMinutes'], true);
    if (p.slotTemplate === undefined) return;
    if (!c.ref(['providers', i, 'slotTemplate'], p.slotTemplate, Object.keys(templates), 'slot template')) return;
    // A session whose times do not parse is reported already; checking slots against it would only echo that.
    const sessionsParsed = [...seen].every((sid) => sessionById.has(sid)) && own.length === seen.size;
    const slots = sessionsParsed ? (templateSlots.get(p.slotTemplate as string) ?? []) : [];
    const reported = new Set<(string | number)[]>();
    let capacity = 0;
    for (const sl of slots) {
      const inOwn = [...seen].some((sid) => {
        const iv = sessionById.get(sid);
        return iv !== undefined && sl.start >= iv.start && sl.end <= iv.end;
      });
      if (!inOwn && !reported.has(sl.parts)) {
        reported.add(sl.parts);
        c.add(['providers', i, 'slotTemplate'], `slot at ${fmt(sl.start)} (from ${pathOf(sl.parts)}) does not lie inside a session this provider works; expected every slot within one of ${[...seen].map((x) => `"${x}"`).join(', ')}`);
      }
      const run = lookup(doc, sl.parts);
      capacity += isObj(run) ? (fin(run.capacity) ?? 1) : 1;
    }
    expectedBookings += capacity * (1 + policyExtraFactor(book));
  });

  // Appointment book.
  checkDist(c, book.punctualityMinutes, ['appointmentBook', 'punctualityMinutes'], false);
  const bw = arr(book.policies).filter((x) => isObj(x) && x.kind === 'baileyWelch').length;
  if (bw > 1) c.add(['appointmentBook', 'policies'], 'lists "baileyWelch" more than once; expected it at most once');

  // Walk-ins.
  let expectedWalkIns = 0;
  if (isObj(doc.walkIns)) {
    const w = doc.walkIns;
    const iv = interval(c, w, ['walkIns'], 'the walk-in window', 'from', 'to');
    const hasRate = w.ratePerHour !== undefined;
    const hasRates = w.ratesPerHour !== undefined;
    if (hasRate === hasRates)
      c.add(['walkIns'], hasRate ? 'has both "ratePerHour" and "ratesPerHour"; expected exactly one of them' : 'missing a rate; expected "ratePerHour" (constant) or "ratesPerHour" (one rate per hour from "from")');
    const rates = hasRates ? arr(w.ratesPerHour).map((r) => fin(r) ?? 0) : [];
    if (iv && hasRates && !hasRate) {
      const hours = Math.ceil((iv.end - iv.start) / 60);
      if (rates.length !== hours)
        c.add(['walkIns', 'ratesPerHour'], `got ${rates.length} hourly rates for a ${iv.end - iv.start}-minute window; expected ${hours} (one per started hour from "from" to "to")`);
    }
    if (iv) {
      const rateAt = (k: number) => (hasRate ? (fin(w.ratePerHour) ?? 0) : (rates[k] ?? 0));
      for (let k = 0; iv.start + 60 * k < iv.end; k++) expectedWalkIns += (rateAt(k) * (Math.min(iv.end, iv.start + 60 * (k + 1)) - (iv.start + 60 * k))) / 60;
      // A walk-in belongs to the first session not yet ended when they arrive (after the last: the last).
      // Session k therefore receives arrivals in [end of session k−1, end of session k).
      const sessionList = sessions
        .map((s, i) => ({ id: isObj(s) ? str(s.id) : undefined, iv: sessionIv[i] }))
        .filter((x): x is { id: string; iv: Interval } => x.id !== undefined && x.iv !== undefined);
      if (expectedWalkIns > 0)
        sessionList.forEach((s, k) => {
          const from = k === 0 ? -Infinity : sessionList[k - 1].iv.end;
          const to = k === sessionList.length - 1 ? Infinity : s.iv.end;
          if (iv.start < to && iv.end > from && !worked.has(s.id))
            c.add(['walkIns'], `walk-ins arriving from ${fmt(Math.max(iv.start, from))} belong to session "${s.id}", which no provider works; expected at least one provider working "${s.id}" or a narrower walk-in window`);
        });
    }
    if (isObj(w.visitTypeShares)) {
      let sum = 0;
      for (const [vt, sh] of Object.entries(w.visitTypeShares)) {
        c.ref(['walkIns', 'visitTypeShares', vt], vt, vtIds, 'visit type');
        sum += fin(sh) ?? 0;
      }
      if (sum <= 0) c.add(['walkIns', 'visitTypeShares'], 'every share is 0; expected at least one positive share');
    }
  }
  if (isObj(doc.patience)) checkDist(c, doc.patience.waitingRoomMinutes, ['patience', 'waitingRoomMinutes'], true);

  const expected = expectedBookings + expectedWalkIns;
  if (expected > CAPS.patientsPerDay)
    c.add([], `the day books or expects about ${Math.round(expected)} patients; expected at most ${CAPS.patientsPerDay} per day`);
  if (expectedBookings === 0 && expectedWalkIns === 0 && providers.length > 0 && issuesFree(c))
    c.add(['providers'], 'no provider has a slot template and there are no walk-ins, so no patient ever comes; expected a "slotTemplate" on a provider or "walkIns"');

  // Pathways.
  const pathways = isObj(doc.pathways) ? doc.pathways : {};
  for (const vt of vtIds) if (!(vt in pathways)) c.add(['pathways'], `visit type "${vt}" has no pathway; expected a pathway for every visit type`);
  for (const [vt, entries] of Object.entries(pathways)) {
    c.ref(['pathways', vt], vt, vtIds, 'visit type');
    const before: string[] = [];
    arr(entries).forEach((e, j) => {
      const parts = ['pathways', vt, j];
      if (!isObj(e)) return;
      const hasStep = e.step !== undefined;
      const hasOneOf = e.oneOf !== undefined;
      if (hasStep === hasOneOf) {
        c.add(parts, hasStep ? 'has both "step" and "oneOf"; expected exactly one of them' : 'has neither "step" nor "oneOf"; expected { "step": id } or { "oneOf": [...] }');
        return;
      }
      if (hasOneOf) {
        for (const k of ['probability', 'returnTo', 'returnProbability', 'maxReturns'])
          if (e[k] !== undefined) c.add([...parts, k], `"${k}" belongs on a step entry, not on a branch; expected it inside a branch's step entry or on a separate entry`);
        let sum = 0;
        arr(e.oneOf).forEach((b, k) => {
          if (!isObj(b)) return;
          c.ref([...parts, 'oneOf', k, 'step'], b.step, stepIds, 'step');
          sum += fin(b.probability) ?? 0;
          if (typeof b.step === 'string') before.push(b.step);
        });
        if (sum > 1 + 1e-9) c.add([...parts, 'oneOf'], `branch probabilities add up to ${+sum.toFixed(6)}; expected a total of at most 1 (the rest skips the branch)`);
        return;
      }
      c.ref([...parts, 'step'], e.step, stepIds, 'step');
      if (e.returnTo !== undefined) {
        if (!before.includes(e.returnTo as string) && e.returnTo !== e.step)
          c.add([...parts, 'returnTo'], `"${String(e.returnTo)}" is not an earlier step of this pathway; expected one of ${[...before, String(e.step)].map((x) => `"${x}"`).join(', ')}`);
        if (e.returnProbability === undefined) c.add([...parts, 'returnProbability'], 'missing; a "returnTo" needs a "returnProbability" from 0 to 1');
        if ((fin(e.returnProbability) ?? 0) >= 1 && e.maxReturns === undefined)
          c.add([...parts, 'returnProbability'], 'is 1 without "maxReturns"; expected a probability below 1 or an explicit "maxReturns"');
      } else if (e.returnProbability !== undefined || e.maxReturns !== undefined) {
        c.add([...parts, 'returnTo'], 'missing; "returnProbability" and "maxReturns" need a "returnTo" step');
      }
      if (typeof e.step === 'string') before.push(e.step);
    });
  }
  const used = new Set<string>();
  for (const entries of Object.values(pathways))
    for (const e of arr(entries)) {
      if (!isObj(e)) continue;
      if (typeof e.step === 'string') used.add(e.step);
      for (const b of arr(e.oneOf)) if (isObj(b) && typeof b.step === 'string') used.add(b.step);
    }
  void used;
}

/** Whether the collector is still empty (used to avoid piling a consequence on top of a cause). */
function issuesFree(c: Collector): boolean {
  return c.issues.length === 0;
}

/** Extra bookings per template booking implied by the policies (an upper bound, for the cap check). */
function policyExtraFactor(book: Obj): number {
  let f = 0;
  for (const p of arr(book.policies)) {
    if (!isObj(p)) continue;
    if (p.kind === 'extraPercent') f += (fin(p.percent) ?? 0) / 100;
    if (p.kind === 'extraEveryKthSlot') f += 1 / Math.max(1, fin(p.k) ?? 1);
    if (p.kind === 'doubleBookFirstSlots') f += 1;
  }
  return f;
}

function lookup(doc: unknown, parts: readonly (string | number)[]): unknown {
  let x: unknown = doc;
  for (const p of parts) x = isObj(x) || Array.isArray(x) ? (x as Record<string | number, unknown>)[p] : undefined;
  return x;
}

function fmt(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

function checkNetwork(c: Collector, doc: Obj): void {
  const horizon = fin(doc.horizonMinutes);
  const warmup = fin(doc.warmupMinutes) ?? 0;
  if (horizon !== undefined && warmup >= horizon) c.add(['warmupMinutes'], `got ${warmup}, not shorter than the horizon ${horizon}; expected a warm-up shorter than horizonMinutes`);
  const stations = arr(doc.stations);
  const stationIds = ids(c, stations, ['stations'], 'station');
  stations.forEach((s, i) => {
    if (!isObj(s)) return;
    checkDist(c, s.serviceMinutes, ['stations', i, 'serviceMinutes'], true);
    checkDist(c, s.patienceMinutes, ['stations', i, 'patienceMinutes'], true);
  });
  const sources = arr(doc.sources);
  ids(c, sources, ['sources'], 'source');
  const inflow = new Map<string, number>();
  let totalRate = 0;
  sources.forEach((s, i) => {
    if (!isObj(s)) return;
    if (c.ref(['sources', i, 'to'], s.to, stationIds, 'station')) {
      const r = fin(s.ratePerHour) ?? 0;
      totalRate += r;
      inflow.set(s.to as string, (inflow.get(s.to as string) ?? 0) + r);
    }
  });
  const out = new Map<string, number>();
  const routes: { from: string; to: string; p: number }[] = [];
  arr(doc.routing).forEach((r, i) => {
    if (!isObj(r)) return;
    const okFrom = c.ref(['routing', i, 'from'], r.from, stationIds, 'station');
    const okTo = c.ref(['routing', i, 'to'], r.to, stationIds, 'station');
    const p = fin(r.probability) ?? 0;
    if (okFrom && okTo) {
      out.set(r.from as string, (out.get(r.from as string) ?? 0) + p);
      routes.push({ from: r.from as string, to: r.to as string, p });
    }
  });
  for (const [from, p] of out)
    if (p > 1 + 1e-9) {
      const i = arr(doc.routing).findIndex((r) => isObj(r) && r.from === from);
      c.add(['routing', i], `routes leaving "${from}" have probabilities adding up to ${+p.toFixed(6)}; expected a total of at most 1 (the rest leaves)`);
    }
  // Expected visits per station: λ = γ + λP, by fixed-point iteration; no convergence ⇒ customers never leave.
  if (horizon !== undefined && [...out.values()].every((p) => p <= 1 + 1e-9)) {
    let lambda = new Map(stationIds.map((s) => [s, inflow.get(s) ?? 0]));
    let converged = false;
    for (let it = 0; it < 2000; it++) {
      const next = new Map(stationIds.map((s) => [s, inflow.get(s) ?? 0]));
      for (const r of routes) next.set(r.to, (next.get(r.to) ?? 0) + (lambda.get(r.from) ?? 0) * r.p);
      let delta = 0;
      let total = 0;
      for (const s of stationIds) {
        delta += Math.abs((next.get(s) ?? 0) - (lambda.get(s) ?? 0));
        total += next.get(s) ?? 0;
      }
      lambda = next;
      if (total > 1e12) break;
      if (delta <= 1e-9 * Math.max(1, total)) {
        converged = true;
        break;
      }
    }
    const visitsPerHour = [...lambda.values()].reduce((a, b) => a + b, 0);
    if (!converged) c.add(['routing'], 'customers can never leave (a routing loop with probability 1, or visits grow without bound); expected routes that leave with positive probability');
    else if ((visitsPerHour * horizon) / 60 > CAPS.arrivalsPerReplication)
      c.add(['horizonMinutes'], `about ${Math.round((visitsPerHour * horizon) / 60)} station visits per replication; expected at most ${CAPS.arrivalsPerReplication} (shorten the horizon)`);
    void totalRate;
  }
}
