/**
 * Output formats of the `sim` command: a readable table with confidence intervals, the full results as
 * JSON, or one CSV row per metric.
 */
import { metricsJsonReplacer, type Metric, type SimulationResults, type Summary } from '../sim/office';

/** Rounds for display: more decimals for small numbers, never more than the CI justifies. */
export function num(x: number | null | undefined, digits?: number): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const d = digits ?? (Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2);
  return x.toFixed(d);
}

/** "12.3 (11.9–12.7)": a mean with its 95% CI. */
export function withCi(s: Summary | undefined, digits?: number): string {
  if (!s || s.mean === null) return '–';
  const ci = s.ci95 ? ` (${num(s.ci95[0], digits)}–${num(s.ci95[1], digits)})` : '';
  return `${num(s.mean, digits)}${ci}`;
}

const pct = (s: Summary | undefined) =>
  !s || s.mean === null ? '–' : `${(100 * s.mean).toFixed(1)}%${s.ci95 ? ` (${(100 * s.ci95[0]).toFixed(1)}–${(100 * s.ci95[1]).toFixed(1)}%)` : ''}`;

function clock(opensAt: string | undefined, minutes: number | null): string {
  if (minutes === null || !opensAt) return '–';
  const t = Math.round(Number(opensAt.slice(0, 2)) * 60 + Number(opensAt.slice(3, 5)) + minutes);
  const m = ((t % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

function table(rows: string[][], indent = '  '): string {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => (r[j] ?? '').length)));
  return rows.map((r) => indent + r.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('   ').trimEnd()).join('\n');
}

/** The readable summary. */
export function formatTable(r: SimulationResults): string {
  const out: string[] = [];
  out.push(`ClinicFlow ${r.appVersion} · ${r.scenarioName}`);
  out.push(`scenario ${r.scenarioHash} · seed ${r.seed} · ${r.replications} replication${r.replications === 1 ? '' : 's'}${r.kind === 'office' ? ` (days) · opens ${r.opensAt}` : ' (steady state)'}`);
  out.push('Means over replications with 95% confidence intervals; p50/p90/p95 pooled over all patients.');
  out.push('');
  out.push('Waits before each step (minutes)');
  const waitRows = [['step', 'mean (95% CI)', 'p50', 'p90', 'p95', 'max']];
  for (const [id, s] of Object.entries(r.steps)) waitRows.push([s.name === id ? id : `${s.name} (${id})`, withCi(s.waitMinutes), num(s.waitMinutes.p50), num(s.waitMinutes.p90), num(s.waitMinutes.p95), num(s.waitMinutes.max)]);
  out.push(table(waitRows));
  out.push('');
  out.push('Patients');
  const p = r.patients as Record<string, Metric>;
  const pr: string[][] = [['', 'mean (95% CI)', 'p50', 'p90', 'p95']];
  const per = (label: string, m: Metric | undefined) => m && pr.push([label, withCi(m), num(m.p50), num(m.p90), num(m.p95)]);
  per('total wait (min)', p.totalWaitMinutes);
  per(r.kind === 'office' ? 'time in the office (min)' : 'time in the system (min)', p.timeInOfficeMinutes);
  per('delay past appointment (min)', p.delayPastAppointmentMinutes);
  if (p.startedWithin15MinutesShare) pr.push(['exam within 15 min of appointment', pct(p.startedWithin15MinutesShare), '', '', '']);
  for (const [k, label] of [
    ['booked', 'booked'],
    ['noShows', 'no-shows'],
    ['rebooked', 'sent away to rebook'],
    ['walkIns', 'walk-ins'],
    ['arrived', 'came in'],
    ['seen', 'seen'],
    ['leftWithoutBeingSeen', 'left without being seen'],
  ] as const)
    if (p[k]) pr.push([label, withCi(p[k]), '', '', '']);
  out.push(table(pr));
  out.push('');
  out.push('Staff');
  const sr: string[][] = [['pool', 'utilisation (95% CI)', 'overtime min']];
  for (const [id, pool] of Object.entries(r.pools)) sr.push([pool.name === id ? id : `${pool.name} (${id})`, pct(pool.utilisation), withCi(pool.overtimeMinutes)]);
  out.push(table(sr));
  if (r.kind === 'office') {
    out.push('');
    out.push('Providers (means over providers)');
    const q = r.providers;
    out.push(
      table([
        ['utilisation in sessions', pct(q.utilisation)],
        ['idle minutes in sessions', withCi(q.idleMinutes)],
        ['overtime minutes', withCi(q.overtimeMinutes)],
        ['overtime minutes, latest provider', withCi(q.maxOvertimeMinutes)],
        ['days with provider overtime', pct(q.anyOvertime)],
      ]),
    );
    const byId = Object.entries(q.byId).map(([id, m]) => [id, pct(m.utilisation), withCi(m.idleMinutes), withCi(m.overtimeMinutes), withCi(m.patientsSeen)]);
    out.push(table([['provider', 'utilisation', 'idle min', 'overtime min', 'seen'], ...byId]));
    out.push('');
    out.push('Day');
    const last = r.day.lastDepartureMinutes;
    out.push(
      table([
        ['last patient leaves', `${clock(r.opensAt, last.mean)}${last.ci95 ? ` (${clock(r.opensAt, last.ci95[0])}–${clock(r.opensAt, last.ci95[1])})` : ''}`],
        ['exam-room utilisation', pct(r.rooms.utilisation)],
        ['labour cost', withCi(r.day.labourCost, 0)],
        ['cost per visit', withCi(r.day.costPerVisit, 2)],
      ]),
    );
  }
  if (r.warnings.length > 0) {
    out.push('');
    out.push('Warnings');
    for (const w of r.warnings) out.push(`  ! ${w}`);
  }
  return `${out.join('\n')}\n`;
}

/** The results as JSON, without the raw typed arrays (per-replication values stay, in each metric's `values`). */
export function formatJson(r: SimulationResults): string {
  const { raw: _raw, ...rest } = r;
  return `${JSON.stringify(rest, metricsJsonReplacer, 2)}\n`;
}

const csvCell = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '' : String(x));

/** One row per metric: its dotted key, mean, CI, sd, n and pooled percentiles. */
export function formatCsv(r: SimulationResults): string {
  const rows = ['metric,mean,ci95_low,ci95_high,sd,n,p50,p90,p95,daily_p90_mean'];
  const visit = (node: unknown, path: string[]) => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return;
    const o = node as Record<string, unknown>;
    if ('mean' in o && 'values' in o && 'n' in o) {
      const m = o as unknown as Metric;
      rows.push(
        [path.join('.'), csvCell(m.mean), csvCell(m.ci95?.[0]), csvCell(m.ci95?.[1]), csvCell(m.sd), String(m.n), csvCell(m.p50), csvCell(m.p90), csvCell(m.p95), csvCell(m.daily?.p90.mean)].join(','),
      );
      return;
    }
    for (const [k, v] of Object.entries(o)) visit(v, [...path, k]);
  };
  for (const top of ['steps', 'patients', 'pools', 'providers', 'rooms', 'day'] as const) visit((r as unknown as Record<string, unknown>)[top], [top]);
  return `${rows.join('\n')}\n`;
}
