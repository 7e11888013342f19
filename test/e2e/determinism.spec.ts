import { test, expect } from '@playwright/test';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshStart, watchErrors } from './helpers';

interface ExportedMetric {
  values: (number | null)[];
}

/** Every metric's per-replication values in an exported results tree, keyed by dotted path. */
function perReplicationValues(node: unknown, path = '', out = new Map<string, (number | null)[]>()) {
  if (node && typeof node === 'object' && !Array.isArray(node)) {
    const m = node as Partial<ExportedMetric> & Record<string, unknown>;
    if (Array.isArray(m.values) && 'mean' in m) out.set(path, m.values);
    else for (const [k, v] of Object.entries(m)) perReplicationValues(v, path ? `${path}.${k}` : k, out);
  }
  return out;
}

test('same scenario and seed give bit-identical results in the browser worker and in Node', async ({ page }) => {
  const errors = watchErrors(page);
  await freshStart(page);

  // What the browser's worker computed (streamed in chunks, combined), as the user exports it.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const exported = JSON.parse(await readFile(await download.path(), 'utf8')) as {
    meta: { seed: number | string; replications: number };
    results: Record<string, unknown>;
    scenario: unknown;
  };
  const browser = perReplicationValues({ steps: exported.results.steps, pools: exported.results.pools, patients: exported.results.patients, providers: exported.results.providers, day: exported.results.day });

  // The same scenario and seed, run in Node in one pass by the `sim` command line.
  const dir = await mkdtemp(join(tmpdir(), 'clinicflow-'));
  const file = join(dir, 'scenario.json');
  await writeFile(file, JSON.stringify(exported.scenario));
  const stdout = execFileSync(
    process.execPath,
    ['node_modules/tsx/dist/cli.mjs', 'src/cli/sim.ts', file, '--seed', String(exported.meta.seed), '--replications', String(exported.meta.replications), '--format', 'json', '--progress', 'never'],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  const node = JSON.parse(stdout) as Record<string, unknown>;
  const nodeValues = perReplicationValues({ steps: node.steps, pools: node.pools, patients: node.patients, providers: node.providers, day: node.day });

  expect(exported.meta.replications).toBeGreaterThanOrEqual(10);
  expect(browser.size).toBeGreaterThan(20);
  expect([...browser.keys()].sort()).toEqual([...nodeValues.keys()].sort());
  const differing = [...browser].filter(([key, values]) => JSON.stringify(values) !== JSON.stringify(nodeValues.get(key))).map(([k]) => k);
  expect(differing).toEqual([]);
  // Not just the per-replication values: every summary (means, CIs, sd, pooled and daily percentiles) too.
  for (const key of ['steps', 'pools', 'patients', 'providers', 'rooms', 'day', 'waitingRoom'] as const)
    expect(JSON.stringify(exported.results[key]), key).toBe(JSON.stringify(node[key]));
  expect(errors).toEqual([]);
});
