/** Helpers for trace tests: run a small model with the trace on and print its rows as short lines. */
import { compileModel } from '../../src/sim/compile';
import { runOnce, type RunResult } from '../../src/sim/engine';
import type { NetworkModel } from '../../src/sim/model';
import { metricLayout } from '../../src/sim/results';

/** A deterministic duration (minutes). */
export const det = (valueMinutes: number) => ({ kind: 'deterministic' as const, valueMinutes });

/** Booked patients at the given times (minutes), arriving exactly on time unless `punctuality` says otherwise. */
export function booked(times: number[], extra: Partial<{ classes: string[]; pins: ({ pool: string; member: number } | undefined)[]; punctuality: number }> = {}) {
  return {
    kind: 'scheduled' as const,
    name: 'booked',
    appointments: times.map((t, i) => ({ timeMinutes: t, class: extra.classes?.[i], pin: extra.pins?.[i] })),
    punctuality: extra.punctuality === undefined ? undefined : det(extra.punctuality),
  };
}

/** Runs a day model with trace and records; returns the result, the trace as lines, and a metric getter. */
export function traceRun(model: NetworkModel, seed = 1) {
  const c = compileModel(model);
  const r: RunResult = runOnce(c, { seed, replication: 0, trace: true, record: true });
  const L = metricLayout(c);
  const tr = r.trace!;
  const lines: string[] = [];
  for (let i = 0; i < tr.length; i++) {
    const parts = [String(+tr.time[i].toFixed(6)), kindName(tr.kind[i])];
    if (tr.patient[i] >= 0) parts.push(`p${tr.patient[i]}`);
    if (tr.step[i] >= 0) parts.push(c.stepNames[tr.step[i]]);
    if (tr.pool[i] >= 0) parts.push(`${c.poolNames[tr.pool[i]]}#${tr.member[i]}`);
    lines.push(parts.join(' '));
  }
  return { result: r, lines, metric: (name: string) => r.values[L.index[name]], compiled: c };
}

const NAMES = ['', 'arrive', 'noShow', 'join', 'seize', 'start', 'end', 'release', 'postEnd', 'renege', 'depart', 'shiftStart', 'shiftEnd', 'offDuty'];
function kindName(k: number): string {
  return NAMES[k] ?? `kind${k}`;
}

/** Only the lines of the given kinds (e.g. ['start', 'end']). */
export function only(lines: string[], kinds: string[]): string[] {
  return lines.filter((l) => kinds.includes(l.split(' ')[1]));
}
