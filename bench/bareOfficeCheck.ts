/**
 * Whether the office yardstick (bench/bareOffice.ts) is still the engine's model: runs the same days with
 * `OfficeDay.run` and with the bare loop and compares every output bit for bit (Object.is, so NaN equals NaN
 * and −0 differs from 0). Used by test/bench/bareOffice.test.ts; a comparison over more days is one call.
 */
import type { OfficeDay } from '../src/sim/office/day';
import { OfficeColumns, officeMetricKeys, recordDay } from '../src/sim/office/metrics';
import { RunRecord } from '../src/sim/results/record';
import { BareOffice } from './bareOffice';

/** What {@link checkBareOffice} found. */
export interface BareOfficeCheck {
  /** Days compared: replications 0 … days − 1 of the seed. */
  days: number;
  /** Days on which every output is bit-identical. */
  identical: number;
  /** Per output (e.g. `wait`, `grid`, `events`): on how many days it differed. */
  differing: Record<string, number>;
  /** The first few differences, as `rep 12 wait[40]: engine 3.5, bare 3.25`. */
  examples: string[];
  /** Whether the two runs' records (recordDay into a RunRecord, then `toRaw()`) are bit-identical. */
  sameRecord: boolean;
}

type Outputs = Record<string, ArrayLike<number>>;

/** Copies of every output of the day just run: per visit and per patient from `day.b`, the rest from `figures`. */
function outputs(day: OfficeDay, figures: OfficeDay | BareOffice): Outputs {
  const b = day.b;
  return {
    start: b.start.slice(0, b.nVisits),
    end: b.end.slice(0, b.nVisits),
    wait: b.wait.slice(0, b.nVisits),
    servedBy: b.servedBy.slice(0, b.nVisits),
    departure: b.departure.slice(0, b.n),
    seenAt: b.seenAt.slice(0, b.n),
    left: b.left.slice(0, b.n),
    busyMinutes: figures.busyMinutes.slice(),
    overtime: figures.overtime.slice(),
    lastBusyEnd: figures.lastBusyEnd.slice(),
    poolHourBusy: figures.poolHourBusy.slice(),
    grid: figures.grid.slice(),
    busyInSession: figures.busyInSession.slice(),
    providerSeen: figures.providerSeen.slice(),
    roomBusyMinutes: [figures.roomBusyMinutes],
    lastDeparture: [figures.lastDeparture],
    events: [figures.events],
  };
}

/** Number of typed arrays or numbers in two raw records that differ anywhere (Object.is). */
function rawDifferences(x: unknown, y: unknown): number {
  if (ArrayBuffer.isView(x) && ArrayBuffer.isView(y)) {
    const a = x as unknown as ArrayLike<number>;
    const b = y as unknown as ArrayLike<number>;
    if (a.length !== b.length) return 1;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return 1;
    return 0;
  }
  if (x !== null && typeof x === 'object' && y !== null && typeof y === 'object') {
    let n = 0;
    for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) n += rawDifferences((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]);
    return n;
  }
  return Object.is(x, y) ? 0 : 1;
}

/**
 * Runs replications 0 … days − 1 of `seed` with `day.run` and with `new BareOffice(day)` and compares them.
 * @throws NotDefaultOfficeError if `day`'s office is not structured like scenarios/default.json.
 */
export function checkBareOffice(day: OfficeDay, seed: string | number, days: number): BareOfficeCheck {
  const c = day.c;
  const bare = new BareOffice(day);
  const { repKeys, sampleKeys } = officeMetricKeys(c);
  const newRecord = () => new RunRecord(0, days, repKeys, sampleKeys, c.poolIds.length, c.hours, c.gridBins);
  const engineRecord = newRecord();
  const bareRecord = newRecord();
  const engineColumns = new OfficeColumns(c, engineRecord);
  const bareColumns = new OfficeColumns(c, bareRecord);
  const found: BareOfficeCheck = { days, identical: 0, differing: {}, examples: [], sameRecord: false };
  for (let rep = 0; rep < days; rep++) {
    day.run(seed, rep);
    const want = outputs(day, day);
    recordDay(day, engineColumns, rep);
    engineRecord.events[rep] = day.events;
    day.createDay(seed, rep);
    bare.run();
    const got = outputs(day, bare);
    bare.copyFiguresToDay();
    recordDay(day, bareColumns, rep);
    bareRecord.events[rep] = day.events;
    let same = true;
    for (const [name, a] of Object.entries(want)) {
      const g = got[name];
      let i = 0;
      while (i < a.length && Object.is(a[i], g[i])) i++;
      if (i === a.length && a.length === g.length) continue;
      same = false;
      found.differing[name] = (found.differing[name] ?? 0) + 1;
      if (found.examples.length < 10) found.examples.push(`rep ${rep} ${name}[${i}]: engine ${a[i]}, bare ${g[i]}`);
    }
    if (same) found.identical++;
  }
  found.sameRecord = rawDifferences(engineRecord.toRaw(), bareRecord.toRaw()) === 0;
  return found;
}
