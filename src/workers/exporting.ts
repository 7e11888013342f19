/**
 * Result exports, built in the worker from the last run's results: JSON (every summary, with the
 * reproducibility metadata: app version, scenario hash, seed, replications, the validated scenario) and CSV
 * (one row per metric). The per-replication raw record is left out of the JSON; rerun with the same seed to
 * get it back bit for bit.
 */
import { metricsJsonReplacer, type Metric, type SimulationResults } from '../sim/office/api';

const isMetric = (x: unknown): x is Metric =>
  typeof x === 'object' && x !== null && 'mean' in x && 'ci95' in x && 'values' in x && (x as Metric).values instanceof Float64Array;

/** Every metric of `results` as [dotted key, metric], in the results' own order. */
export function flattenMetrics(results: SimulationResults): [string, Metric][] {
  const out: [string, Metric][] = [];
  const walk = (node: unknown, path: string) => {
    if (isMetric(node)) out.push([path, node]);
    else if (typeof node === 'object' && node !== null && !ArrayBuffer.isView(node) && !Array.isArray(node))
      for (const [k, v] of Object.entries(node)) walk(v, path ? `${path}.${k}` : k);
  };
  for (const key of ['steps', 'pools', 'patients', 'providers', 'rooms', 'day'] as const) walk((results as unknown as Record<string, unknown>)[key], key);
  return out;
}

/** The results as pretty JSON: metadata first, summaries without the raw record. */
export function resultsJson(results: SimulationResults, exportedBy: string): string {
  const { raw: _raw, scenario, ...rest } = results;
  void _raw;
  const meta = {
    exportedBy,
    appVersion: results.appVersion,
    scenarioName: results.scenarioName,
    scenarioHash: results.scenarioHash,
    seed: results.seed,
    replications: results.replications,
    note: 'Rerun the scenario below with this seed and number of replications to reproduce every number.',
  };
  return JSON.stringify({ meta, results: rest, scenario }, metricsJsonReplacer, 2);
}

const csvCell = (x: unknown): string => {
  const s = x === null || x === undefined ? '' : String(x);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The results as CSV: a metadata comment block, then metric, mean, ci_low, ci_high, sd, n, p50, p90, p95. */
export function resultsCsv(results: SimulationResults): string {
  const lines = [
    `# ClinicFlow ${results.appVersion}; scenario ${csvCell(results.scenarioName)}; hash ${results.scenarioHash}; seed ${results.seed}; replications ${results.replications}`,
    'metric,mean,ci_low,ci_high,sd,n,p50,p90,p95',
  ];
  for (const [key, m] of flattenMetrics(results))
    lines.push([key, m.mean, m.ci95?.[0], m.ci95?.[1], m.sd, m.n, m.p50, m.p90, m.p95].map(csvCell).join(','));
  return lines.join('\n') + '\n';
}
