/**
 * Golden summaries: every shipped scenario, fixed seed, a few replications, each metric's mean to four
 * significant digits. A change here means the numbers a user sees changed: check it was meant.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScenario, validateScenario } from '../../../src/sim/office';

/** Four significant digits (and no −0). */
const sig = (x: number) => (x === 0 ? 0 : Number(x.toPrecision(4)) || 0);

/** Every metric's mean, by dotted key; and the warnings. */
function summary(results: unknown): Record<string, number | null | string[]> {
  const out: Record<string, number | null | string[]> = {};
  const walk = (node: unknown, path: string[]) => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return;
    const o = node as Record<string, unknown>;
    if ('mean' in o && 'values' in o) {
      out[path.join('.')] = o.mean === null ? null : sig(o.mean as number);
      return;
    }
    for (const [k, v] of Object.entries(o)) walk(v, [...path, k]);
  };
  const r = results as Record<string, unknown>;
  for (const top of ['steps', 'patients', 'pools', 'providers', 'rooms', 'day']) walk(r[top], [top]);
  out.warnings = r.warnings as string[];
  return out;
}

describe('golden summaries of the shipped scenarios', () => {
  const files = readdirSync('scenarios').filter((f) => f.endsWith('.json')).sort();
  it.each(files)('%s', (f) => {
    const v = validateScenario(JSON.parse(readFileSync(`scenarios/${f}`, 'utf8')));
    if (!v.ok) throw new Error(JSON.stringify(v.issues));
    const r = runScenario(v.scenario, { seed: 'golden', replications: v.scenario.kind === 'office' ? 100 : 2 });
    expect(summary(r)).toMatchSnapshot();
  });
});
