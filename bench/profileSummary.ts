/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): self time per function and per file, largest
 * first. Usage: `npx tsx bench/profileSummary.ts <file.cpuprofile>… [rows]`. Given several files (tsx's
 * loader thread writes its own), it summarises the one with the most sampled time: the main thread.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  positionTicks?: Array<{ line: number; ticks: number }>;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const files = args.filter((a) => a.endsWith('.cpuprofile'));
if (files.length === 0) throw new Error('usage: tsx bench/profileSummary.ts <file.cpuprofile>… [rows]');
const rows = Number(args.find((a) => /^\d+$/.test(a)) ?? 25);
const sampled = (p: Profile): number => p.timeDeltas.reduce((a, b) => a + b, 0);
const profile = files
  .map((f) => JSON.parse(readFileSync(f, 'utf8')) as Profile)
  .reduce((a, b) => (sampled(b) > sampled(a) ? b : a));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
let total = 0;
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
for (const [id, us] of selfUs) {
  const f = byId.get(id)?.callFrame;
  if (!f) continue;
  total += us;
  const where = f.url.replace(/^file:\/\/.*?\/(src|bench|node_modules)\//, '$1/') || '(native)';
  const fn = `${f.functionName || '(anonymous)'}  ${where}:${f.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  byFile.set(where, (byFile.get(where) ?? 0) + us);
}
const print = (title: string, m: Map<string, number>): void => {
  console.log(`${title} (self time, total ${(total / 1e3).toFixed(0)} ms)`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    console.log(`${((100 * us) / total).toFixed(1).padStart(6)}%  ${k}`);
  }
};
// Hottest source lines (1-based, in the profiled file: the bundle's lines when profiling a bundle).
const byLine = new Map<string, number>();
let ticks = 0;
for (const n of profile.nodes) {
  for (const t of n.positionTicks ?? []) {
    const k = `${n.callFrame.functionName || '(anonymous)'} line ${t.line}`;
    byLine.set(k, (byLine.get(k) ?? 0) + t.ticks);
    ticks += t.ticks;
  }
}
print('By function', byFunction);
console.log('');
print('By file', byFile);
console.log('');
console.log(`Hottest lines (share of ${ticks} line ticks)`);
for (const [k, t] of [...byLine].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(`${((100 * t) / ticks).toFixed(1).padStart(6)}%  ${k}`);
