import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type Io } from '../../src/cli/sim';

/** Runs the command in-process and captures what it writes. */
function run(argv: string[], opts: { tty?: boolean; tick?: number; files?: Record<string, string> } = {}) {
  let out = '';
  let err = '';
  let t = 0;
  const written: Record<string, string> = {};
  const io: Io = {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    isTty: opts.tty ?? false,
    now: () => (t += opts.tick ?? 0),
    readFile: (p) => opts.files?.[p] ?? readFileSync(p, 'utf8'),
    writeFile: (p, text) => (written[p] = text),
  };
  const status = main(argv, io);
  return { status, out, err, written };
}

const shipped = readdirSync('scenarios').filter((f) => f.endsWith('.json'));
const REQUIRED = [
  'patients.totalWaitMinutes',
  'patients.timeInOfficeMinutes',
  'patients.seen',
  'patients.leftWithoutBeingSeen',
  'providers.idleMinutes',
  'providers.overtimeMinutes',
  'day.lastDepartureMinutes',
];
const get = (o: unknown, path: string) => path.split('.').reduce<unknown>((x, k) => (x as Record<string, unknown>)?.[k], o);

describe('sim --format json', () => {
  it.each(shipped)('works for scenarios/%s and has the required keys', (f) => {
    const { status, out, err } = run([`scenarios/${f}`, '--format', 'json', '--seed', '7']);
    expect(status, err).toBe(0);
    const json = JSON.parse(out);
    expect(json.seed).toBe(7);
    expect(json.replications).toBe(json.kind === 'office' ? 1000 : 20);
    expect(json.scenarioHash).toMatch(/^[0-9a-f]{14}$/);
    expect(json.appVersion).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    const metric = (m: Record<string, unknown>) => {
      expect(m).toHaveProperty('mean');
      expect(m).toHaveProperty('ci95');
      expect(m).toHaveProperty('sd');
      expect((m.values as unknown[]).length).toBe(json.replications);
    };
    for (const id of Object.keys(json.steps)) {
      const w = json.steps[id].waitMinutes;
      metric(w);
      for (const p of ['p50', 'p90', 'p95']) expect(w).toHaveProperty(p);
    }
    for (const id of Object.keys(json.pools)) metric(json.pools[id].utilisation);
    for (const k of REQUIRED) metric(get(json, k) as Record<string, unknown>);
    for (const k of ['patients.totalWaitMinutes', 'patients.timeInOfficeMinutes']) {
      const m = get(json, k) as Record<string, number>;
      expect(typeof m.p50 === 'number' && typeof m.p90 === 'number' && typeof m.p95 === 'number').toBe(true);
    }
    expect(json.raw).toBeUndefined();
  });
});

describe('sim', () => {
  it('prints a readable table by default, with CIs', () => {
    const { status, out } = run(['scenarios/default.json', '--replications', '50', '--seed', 'abc']);
    expect(status).toBe(0);
    expect(out).toContain('Three-provider primary-care office');
    expect(out).toContain('seed abc · 50 replications (days) · opens 08:00');
    expect(out).toMatch(/Check-in \(checkIn\)\s+\d+\.\d+ \(\d+\.\d+–\d+\.\d+\)/);
    expect(out).toMatch(/last patient leaves\s+\d\d:\d\d \(\d\d:\d\d–\d\d:\d\d\)/);
  });

  it('writes one CSV row per metric', () => {
    const { status, out } = run(['scenarios/clinic-day-reference.json', '--replications', '20', '--seed', '3', '--format', 'csv']);
    expect(status).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('metric,mean,ci95_low,ci95_high,sd,n,p50,p90,p95,daily_p90_mean');
    const row = lines.find((l) => l.startsWith('steps.exam.waitMinutes,'))!.split(',');
    expect(row).toHaveLength(10);
    expect(Number(row[1])).toBeGreaterThan(0);
    expect(lines.some((l) => l.startsWith('providers.byId.provider1.idleMinutes,'))).toBe(true);
  });

  it('same seed, same output; no seed picks one and reports it', () => {
    const a = run(['scenarios/solo-family-practice.json', '-n', '30', '--seed', '11', '--format', 'json']);
    const b = run(['scenarios/solo-family-practice.json', '-n', '30', '--seed', '11', '--format', 'json']);
    expect(a.out).toBe(b.out);
    const c = run(['scenarios/solo-family-practice.json', '-n', '5', '--format', 'json']);
    const seed = JSON.parse(c.out).seed;
    expect(c.err).toContain(`seed ${seed} (pass --seed ${seed} to repeat this run)`);
  });

  it('a bad scenario exits with status 2, lists every problem, and writes nothing', () => {
    const bad = JSON.parse(readFileSync('scenarios/default.json', 'utf8'));
    bad.examRooms.count = 0;
    bad.steps[0].staff = ['frontdesk'];
    bad.colour = 'blue';
    const { status, out, err, written } = run(['bad.json', '--events', 'events.csv'], { files: { 'bad.json': JSON.stringify(bad) } });
    expect(status).toBe(2);
    expect(out).toBe('');
    expect(written).toEqual({});
    expect(err).toContain('the scenario is invalid (3 problems)');
    expect(err).toContain('$.examRooms.count: got 0');
    expect(err).toContain('$.steps[0].staff[0]: no staff pool "frontdesk"');
    expect(err).toContain('$.colour: unknown key "colour"');
  });

  it('reports unreadable files, bad JSON and bad arguments with status 2', () => {
    expect(run(['missing.json']).status).toBe(2);
    const json = run(['x.json'], { files: { 'x.json': '{ "version": 1,' } });
    expect(json.status).toBe(2);
    expect(json.err).toContain('$: not valid JSON');
    for (const argv of [[], ['a.json', 'b.json'], ['scenarios/default.json', '--format', 'xml'], ['scenarios/default.json', '-n', '0'], ['scenarios/default.json', '--bogus']]) {
      const r = run(argv);
      expect(r.status, argv.join(' ')).toBe(2);
      expect(r.err).toContain('usage:');
    }
  });

  it('writes the per-patient event log as CSV with --events', () => {
    const { status, written } = run(['scenarios/clinic-day-reference.json', '-n', '2', '--seed', '5', '--events', 'ev.csv']);
    expect(status).toBe(0);
    const lines = written['ev.csv'].trim().split('\n');
    expect(lines[0]).toBe('replication,patient,patient_kind,visit_type,provider,appointment,event,step,minutes,clock,staff');
    const first = lines.filter((l) => l.startsWith('0,0,'));
    expect(first.map((l) => l.split(',')[6])).toEqual(['arrival', 'start', 'end', 'start', 'end', 'start', 'end', 'start', 'end', 'departure']);
    expect(first[0]).toMatch(/^0,0,booked,visit,provider1,08:00,arrival,,-?\d+(\.\d+)?,\d\d:\d\d,$/);
    expect(lines.some((l) => l.startsWith('1,'))).toBe(true);
  });

  it('draws a progress bar on stderr once a run takes more than a second', () => {
    const slow = run(['scenarios/solo-family-practice.json', '-n', '200', '--seed', '1', '--progress', 'always'], { tick: 400 });
    expect(slow.err).toMatch(/\r\[#+\.*\] \d+\/200 replications/);
    expect(slow.err).toContain('200/200 replications');
    const fast = run(['scenarios/solo-family-practice.json', '-n', '200', '--seed', '1', '--progress', 'always'], { tick: 0 });
    expect(fast.err).not.toContain('replications,');
    const notTty = run(['scenarios/solo-family-practice.json', '-n', '200', '--seed', '1'], { tick: 400 });
    expect(notTty.err).toBe('');
  });

  it('runs as `npm run -s sim` (real process)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-'));
    const events = join(dir, 'ev.csv');
    const r = spawnSync('npm', ['run', '-s', 'sim', '--', 'scenarios/default.json', '-n', '5', '--seed', '9', '--format', 'json', '--events', events], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).patients.seen.values).toHaveLength(5);
    expect(existsSync(events)).toBe(true);
    const bad = spawnSync('npm', ['run', '-s', 'sim', '--', 'tsconfig.json'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('$.version: missing');
  });
});
