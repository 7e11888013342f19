/**
 * Runs replications of an office day and assembles the office results (docs/results.md). A run of
 * replications [from, to) gives a raw record; records of consecutive ranges combine bit-identically
 * (results/record.ts), whatever worker or chunk ran them, because every replication's randomness depends
 * only on (seed, replication, stream name).
 */
import type { OfficeScenario } from '../scenario/schema';
import { RunRecord, type RawRecord } from '../results/record';
import { columnMeans, columnQuantiles, nestMetrics, type Metric } from '../results/summary';
import { compileOffice, GRID_MINUTES, type CompiledOffice } from './compile';
import { OfficeDay } from './day';
import { OfficeColumns, officeMetricKeys, recordDay } from './metrics';

/** Options of a run of replications [from, to). */
export interface ReplicationRange {
  seed: number | string;
  from: number;
  to: number;
  /** Called with (replications done, total in this range) every few replications. */
  onProgress?: (done: number, total: number) => void;
  /** Called after each replication with the finished day (for event logs); do not keep it. */
  onDay?: (day: OfficeDay, rep: number) => void;
}

/** Simulates replications [from, to) of a compiled office and returns their raw record. */
export function runOfficeRange(c: CompiledOffice, opts: ReplicationRange): RawRecord {
  const { repKeys, sampleKeys } = officeMetricKeys(c);
  const rec = new RunRecord(opts.from, opts.to, repKeys, sampleKeys, c.poolIds.length, c.hours, c.gridBins);
  const day = new OfficeDay(c);
  const cols = new OfficeColumns(c, rec);
  const total = opts.to - opts.from;
  const every = Math.max(1, Math.min(100, Math.floor(total / 50)));
  for (let rep = opts.from; rep < opts.to; rep++) {
    day.run(opts.seed, rep);
    const row = rep - opts.from;
    recordDay(day, cols, row);
    rec.events[row] = day.events;
    opts.onDay?.(day, rep);
    if (opts.onProgress && ((row + 1) % every === 0 || rep === opts.to - 1)) opts.onProgress(row + 1, total);
  }
  return rec.toRaw();
}

/** The office part of a result: metrics by step, pool, provider…, hourly utilisation, the waiting room. */
export interface OfficeMetrics {
  steps: Record<string, { name: string; waitMinutes: Metric; maxWaitMinutes: Metric; visits: Metric; serviceMinutes: Metric }>;
  pools: Record<
    string,
    {
      name: string;
      role: string;
      utilisation: Metric;
      busyMinutes: Metric;
      scheduledMinutes: Metric;
      overtimeMinutes: Metric;
      /** Clock hours from `startHour`: mean busy minutes, scheduled minutes and utilisation (null: nobody scheduled). */
      byHour: { startHour: number; busyMinutes: number[]; scheduledMinutes: number[]; utilisation: (number | null)[] };
    }
  >;
  patients: Record<string, Metric>;
  providers: Record<string, Metric> & { byId: Record<string, Record<string, Metric>> };
  rooms: { utilisation: Metric };
  day: Record<string, Metric>;
  /** Patients in the waiting room (neither in an exam room nor being served), time-averaged per 5-minute bin. */
  waitingRoom: { binMinutes: number; startMinutes: number; startClock: string; mean: number[]; p10: number[]; p90: number[] };
  warnings: string[];
}

/** Minutes after midnight as "HH:MM". */
export function clockLabel(minutesAfterMidnight: number): string {
  const m = ((Math.round(minutesAfterMidnight) % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** Assembles the office metrics from a (combined) raw record. */
export function officeMetrics(c: CompiledOffice, raw: RawRecord): OfficeMetrics {
  const nested = nestMetrics(raw) as Record<string, Record<string, Record<string, Metric>>>;
  const [p10, p90] = columnQuantiles(raw.grid, raw.gridBins, [0.1, 0.9]);
  const s = c.scenario;
  const steps: OfficeMetrics['steps'] = {};
  s.steps.forEach((st) => {
    const m = nested.steps[st.id];
    steps[st.id] = { name: st.name ?? st.id, waitMinutes: m.waitMinutes, maxWaitMinutes: m.maxWaitMinutes, visits: m.visits, serviceMinutes: m.serviceMinutes };
  });
  const pools: OfficeMetrics['pools'] = {};
  s.staffPools.forEach((p, i) => {
    const m = nested.pools[p.id];
    const busy = columnMeans(raw.hourly[i], raw.hours);
    const scheduled = Array.from(c.poolHourScheduled.subarray(i * c.hours, (i + 1) * c.hours));
    pools[p.id] = {
      name: p.name ?? p.id,
      role: p.role,
      utilisation: m.utilisation,
      busyMinutes: m.busyMinutes,
      scheduledMinutes: m.scheduledMinutes,
      overtimeMinutes: m.overtimeMinutes,
      byHour: { startHour: c.hourStart, busyMinutes: busy, scheduledMinutes: scheduled, utilisation: busy.map((b, h) => (scheduled[h] > 0 ? b / scheduled[h] : null)) },
    };
  });
  const providers = nested.providers as unknown as OfficeMetrics['providers'];
  const metrics: OfficeMetrics = {
    steps,
    pools,
    patients: nested.patients as unknown as Record<string, Metric>,
    providers,
    rooms: nested.rooms as unknown as { utilisation: Metric },
    day: nested.day as unknown as Record<string, Metric>,
    waitingRoom: {
      binMinutes: GRID_MINUTES,
      startMinutes: c.gridStart,
      startClock: clockLabel(c.opensClock + c.gridStart),
      mean: columnMeans(raw.grid, raw.gridBins),
      p10,
      p90,
    },
    warnings: [],
  };
  metrics.warnings = officeWarnings(c, metrics);
  return metrics;
}

/** Soft problems a manager should see, in plain language, from the results themselves. */
function officeWarnings(c: CompiledOffice, m: OfficeMetrics): string[] {
  const out: string[] = [];
  const s = c.scenario;
  s.staffPools.forEach((p) => {
    const u = m.pools[p.id].utilisation.mean;
    if (u === null || p.availableWhilePatientsPresent || u < 0.95) return;
    const served = s.steps.filter((st) => st.staff.includes(p.id)).map((st) => (st.name ?? st.id).toLowerCase());
    out.push(
      `Demand exceeds capacity at ${served.join(' and ') || p.id}: ${p.name ?? p.id} is busy ${Math.round(u * 100)}% of its scheduled time, so the line grows all day and ends in overtime.`,
    );
  });
  const pu = m.providers.utilisation.mean;
  const ot = m.providers.overtimeMinutes.mean;
  if (pu !== null && ot !== null && (pu >= 0.98 || ot >= 30))
    out.push(`Providers' work exceeds their sessions: they are busy ${Math.round(pu * 100)}% of session time and work ${Math.round(ot)} minutes past their last session on average.`);
  const lwbs = m.patients.leftWithoutBeingSeen.mean ?? 0;
  const arrived = m.patients.arrived.mean ?? 0;
  if (arrived > 0 && lwbs / arrived >= 0.05)
    out.push(`${Math.round((100 * lwbs) / arrived)}% of patients leave without being seen: the waiting room is too slow for their patience.`);
  const last = m.day.lastDepartureMinutes.mean;
  if (last !== null && last > c.closes + 60)
    out.push(`The last patient leaves at ${clockLabel(c.opensClock + last)} on average, more than an hour after closing (${s.openingHours.closes}).`);
  return out;
}

export { compileOffice };
/** The validated office scenario type, re-exported for callers of this module. */
export type { OfficeScenario };
