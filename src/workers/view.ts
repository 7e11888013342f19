/**
 * Compact views of a run's results for the page: what the charts and cards read, as numbers and typed
 * arrays (transferable), never the raw record (hundreds of thousands of pooled samples) or thousands of
 * objects. This is a projection of the core's results, not a computation of queueing results: every number
 * comes from `src/sim` (means, CIs and percentiles from its summaries; box-plot quantiles from its percentiles).
 */
import type { Metric, OfficeScenario, SimulationResults } from '../sim/office/api';
import { pooledQuantiles } from '../sim/results/percentiles';

/** A metric as the page shows it: mean and 95% CI over replications, and one value per replication (NaN: none). */
export interface MetricView {
  mean: number | null;
  low: number | null;
  high: number | null;
  /** Per-replication values in replication order, for paired comparisons (same seed ⇒ same patients). */
  values: Float64Array;
}

/** The headline cards' metrics, by id. */
export type HeadlineId =
  | 'totalWait'
  | 'providerWait'
  | 'p90TotalWait'
  | 'timeInOffice'
  | 'delay'
  | 'providerIdle'
  | 'overtime'
  | 'seen'
  | 'leftWithoutBeingSeen';

/** One step's waits: summary with CI, and pooled quantiles (p10, p25, p50, p75, p90) over every visit. */
export interface StepView {
  id: string;
  name: string;
  /** Served by the patient's provider (the "wait for the provider" step). */
  provider: boolean;
  wait: MetricView;
  /** Pooled wait quantiles in minutes [p10, p25, p50, p75, p90], or null if nobody visited the step. */
  quantiles: [number, number, number, number, number] | null;
  /** Visits per day (mean). */
  visits: number | null;
}

/** One staff pool's day: mean utilisation by clock hour (null: nobody scheduled that hour) and overtime. */
export interface PoolView {
  id: string;
  name: string;
  role: string;
  utilisation: number | null;
  overtimeMinutes: number | null;
  startHour: number;
  byHour: (number | null)[];
  /** Scheduled minutes per hour (0: outside the shifts, so any work there is overtime). */
  scheduledByHour: number[];
  busyByHour: number[];
}

/** Everything the result views read. Structured-clone friendly; `transferables` lists its buffers. */
export interface ResultsView {
  kind: 'office' | 'network';
  appVersion: string;
  scenarioName: string;
  scenarioHash: string;
  seed: number | string;
  /** Replications summarised so far, and in the whole run. */
  replications: number;
  total: number;
  /** Office opening time "HH:MM" (minute 0), or null for network runs. */
  opensAt: string | null;
  headline: Partial<Record<HeadlineId, MetricView>>;
  steps: StepView[];
  pools: PoolView[];
  /** Waiting-room occupancy per 5-minute bin: mean and 10–90% band across days (office only). */
  waitingRoom: { binMinutes: number; startMinutes: number; mean: number[]; p10: number[]; p90: number[] } | null;
  /** Providers' overtime per day (mean over providers), one value per replication (office only). */
  overtimePerDay: Float64Array | null;
  /**
   * Overbooking (office only; docs/results.md): per appointment slot (minutes after opening) the mean booked,
   * arrived and seen; per clock hour the mean provider idle minutes and wait for the provider (null: none).
   */
  overbooking: { slots: SlotView[]; hours: HourView[] } | null;
  /** Each provider's overtime per day, by provider id. */
  providerOvertime: { id: string; name: string; values: Float64Array }[];
  warnings: string[];
}

/** One appointment slot of the overbooking view: means over replications. */
export interface SlotView {
  minutes: number;
  booked: number;
  arrived: number;
  seen: number;
}

/** One clock hour of the overbooking view: means over replications (null where undefined every day). */
export interface HourView {
  hour: number;
  idle: number | null;
  wait: number | null;
}

/** Mean of the finite values of a raw column, or null. */
function columnMean(results: SimulationResults, key: string): number | null {
  const i = results.raw.repKeys.indexOf(key);
  if (i < 0) return null;
  let sum = 0;
  let n = 0;
  for (const x of results.raw.columns[i]) {
    if (!Number.isFinite(x)) continue;
    sum += x;
    n++;
  }
  return n > 0 ? sum / n : null;
}

/** The overbooking view from the raw `overbooking.*` columns. */
function overbookingView(results: SimulationResults): ResultsView['overbooking'] {
  const slots = new Map<number, SlotView>();
  const hours = new Map<number, HourView>();
  for (const key of results.raw.repKeys) {
    const slot = /^overbooking\.slots\.m(\d+)\.(booked|arrived|seen)$/.exec(key);
    if (slot) {
      const minutes = Number(slot[1]);
      const row = slots.get(minutes) ?? { minutes, booked: 0, arrived: 0, seen: 0 };
      row[slot[2] as 'booked' | 'arrived' | 'seen'] = columnMean(results, key) ?? 0;
      slots.set(minutes, row);
    }
    const hour = /^overbooking\.hours\.h(\d+)\.(providerIdleMinutes|providerWaitMinutes)$/.exec(key);
    if (hour) {
      const h = Number(hour[1]);
      const row = hours.get(h) ?? { hour: h, idle: null, wait: null };
      row[hour[2] === 'providerIdleMinutes' ? 'idle' : 'wait'] = columnMean(results, key);
      hours.set(h, row);
    }
  }
  return { slots: [...slots.values()].sort((a, b) => a.minutes - b.minutes), hours: [...hours.values()].sort((a, b) => a.hour - b.hour) };
}

function metricView(m: Metric | undefined, values?: Float64Array): MetricView {
  return {
    mean: m?.mean ?? null,
    low: m?.ci95?.[0] ?? null,
    high: m?.ci95?.[1] ?? null,
    // A copy: the view's arrays are transferred, and m.values is the results' own raw column.
    values: values ?? (m ? m.values.slice() : new Float64Array(0)),
  };
}

/** A raw column by key (per-replication values), or an empty array. */
function column(results: SimulationResults, key: string): Float64Array {
  const i = results.raw.repKeys.indexOf(key);
  return i >= 0 ? results.raw.columns[i].slice() : new Float64Array(0);
}

/** The box plot's percentiles of a pooled per-patient sample. */
const BOX_PS = [0.1, 0.25, 0.5, 0.75, 0.9];

/**
 * The box plot's percentiles (type 7) of the pooled sample `key`, or null if there is none. By selection in
 * `scratch` (twice the longest sample, shared by the steps of one view) rather than a sorted copy per step:
 * the same order statistics, a few ms less per streamed view for tens of thousands of values.
 */
function boxQuantiles(results: SimulationResults, key: string, scratch: Float64Array): StepView['quantiles'] {
  const i = results.raw.sampleKeys.indexOf(key);
  if (i < 0 || results.raw.samples[i].length === 0) return null;
  const [p10, p25, p50, p75, p90] = pooledQuantiles(results.raw.samples[i], BOX_PS, scratch).map((q) => q ?? NaN);
  return [p10, p25, p50, p75, p90];
}

/** The page's view of `results` (a run, or the replications of it done so far, out of `total`). */
export function resultsView(results: SimulationResults, total: number): ResultsView {
  const scenario = results.kind === 'office' ? (results.scenario as OfficeScenario) : null;
  const scratch = new Float64Array(2 * results.raw.samples.reduce((longest, x) => Math.max(longest, x.length), 0));
  const steps: StepView[] = Object.entries(results.steps).map(([id, s]) => {
    const spec = scenario?.steps.find((st) => st.id === id);
    return {
      id,
      name: s.name,
      provider: spec?.staff.includes('provider') ?? false,
      wait: metricView(s.waitMinutes),
      quantiles: boxQuantiles(results, `steps.${id}.waitMinutes`, scratch),
      visits: s.visits.mean,
    };
  });
  const pools: PoolView[] = Object.entries(results.pools).map(([id, p]) => {
    const office = results.kind === 'office' ? results.pools[id] : null;
    return {
      id,
      name: p.name,
      role: 'role' in p ? String(p.role) : 'station',
      utilisation: p.utilisation.mean,
      overtimeMinutes: office ? office.overtimeMinutes.mean : null,
      startHour: office?.byHour.startHour ?? 0,
      byHour: office?.byHour.utilisation ?? [],
      scheduledByHour: office?.byHour.scheduledMinutes ?? [],
      busyByHour: office?.byHour.busyMinutes ?? [],
    };
  });
  const headline: ResultsView['headline'] = {};
  const p = results.patients;
  headline.totalWait = metricView(p.totalWaitMinutes);
  if (results.kind === 'office') {
    const providerStep = steps.filter((s) => s.provider).sort((a, b) => (b.visits ?? 0) - (a.visits ?? 0))[0];
    if (providerStep) headline.providerWait = providerStep.wait;
    const d90 = p.totalWaitMinutes.daily?.p90;
    if (d90) headline.p90TotalWait = metricView({ ...d90, values: new Float64Array(0) }, column(results, 'patients.totalWaitMinutes#p90'));
    headline.timeInOffice = metricView(p.timeInOfficeMinutes);
    headline.delay = metricView(p.delayPastAppointmentMinutes);
    headline.providerIdle = metricView(results.providers.idleMinutes);
    headline.overtime = metricView(results.providers.overtimeMinutes);
    headline.seen = metricView(p.seen);
    headline.leftWithoutBeingSeen = metricView(p.leftWithoutBeingSeen);
  } else if (p.leftWithoutBeingSeen) {
    headline.leftWithoutBeingSeen = metricView(p.leftWithoutBeingSeen);
  }
  const office = results.kind === 'office' ? results : null;
  return {
    kind: results.kind,
    appVersion: results.appVersion,
    scenarioName: results.scenarioName,
    scenarioHash: results.scenarioHash,
    seed: results.seed,
    replications: results.replications,
    total,
    opensAt: office?.opensAt ?? null,
    headline,
    steps,
    pools,
    waitingRoom: office
      ? { binMinutes: office.waitingRoom.binMinutes, startMinutes: office.waitingRoom.startMinutes, mean: office.waitingRoom.mean, p10: office.waitingRoom.p10, p90: office.waitingRoom.p90 }
      : null,
    overtimePerDay: office ? column(results, 'providers.overtimeMinutes') : null,
    overbooking: office ? overbookingView(results) : null,
    providerOvertime: scenario
      ? scenario.providers.map((pr) => ({ id: pr.id, name: pr.name ?? pr.id, values: column(results, `providers.byId.${pr.id}.overtimeMinutes`) }))
      : [],
    warnings: results.warnings,
  };
}

/** The buffers of a view, to transfer rather than copy (each array owns its buffer: they are fresh copies). */
export function viewTransferables(view: ResultsView): ArrayBuffer[] {
  const arrays: Float64Array[] = [
    ...Object.values(view.headline).map((m) => m.values),
    ...view.steps.map((s) => s.wait.values),
    ...view.providerOvertime.map((p) => p.values),
  ];
  if (view.overtimePerDay) arrays.push(view.overtimePerDay);
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}
