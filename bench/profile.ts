/**
 * Profiling harness, not part of `npm run bench`: runs one workload of the benchmark several times so a
 * CPU profile shows where the time goes. Bundle it first, so the profile has real line numbers and no
 * loader thread (tsx hands V8 one-line transpiled files):
 *
 *   npx esbuild bench/profile.ts --bundle --platform=node --format=esm --outfile=/tmp/cf/profile.mjs
 *   node --cpu-prof --cpu-prof-dir=/tmp/cf/prof /tmp/cf/profile.mjs engine   # or bare, app, office
 *   npx tsx bench/profileSummary.ts /tmp/cf/prof/*.cpuprofile
 */
import { readFileSync } from 'node:fs';
import { runScenario, validateScenario } from '../src/sim/office';
import { bareMmc } from './bareMmc';
import { engineMmc, mmcModel, mmcScenario, scenarioMmc } from './engineMmc';

const RUNS = 5;
const MMC = [1_000_000, 5, 22.5, 12] as const;
const workloads: Record<string, () => void> = {
  bare: () => {
    for (let r = 0; r < RUNS; r++) bareMmc(...MMC, `profile|${r}`);
  },
  engine: () => {
    const model = mmcModel(...MMC);
    for (let r = 0; r < RUNS; r++) engineMmc(model, 'profile', r);
  },
  app: () => {
    const json = mmcScenario(...MMC);
    for (let r = 0; r < RUNS; r++) scenarioMmc(json, 'profile', r);
  },
  office: () => {
    const v = validateScenario(JSON.parse(readFileSync('scenarios/default.json', 'utf8')));
    if (!v.ok) throw new Error('scenarios/default.json is invalid');
    for (let r = 0; r < RUNS; r++) runScenario(v.scenario, { seed: r, replications: 1000 });
  },
};
const name = process.argv[2] ?? 'engine';
const workload = workloads[name];
if (!workload) throw new Error(`unknown workload ${name}: choose from ${Object.keys(workloads).join(', ')}`);
workload();
