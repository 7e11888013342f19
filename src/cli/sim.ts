/**
 * The `sim` command: run a scenario file from a consultant's script.
 *
 *   npm run -s sim -- <scenario.json> [--replications N] [--seed S] [--format table|json|csv] [--events FILE.csv]
 *
 * Exit status: 0 done; 2 bad arguments or an invalid scenario (every problem listed on stderr, nothing
 * written); 1 the run itself failed. A progress bar goes to stderr for runs longer than a second.
 */
import { randomInt } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  OfficeDay,
  compileOffice,
  eventLogRows,
  EVENT_LOG_HEADER,
  runScenario,
  validateScenario,
  type Scenario,
  type SimulationResults,
} from '../sim/office';
import { formatCsv, formatJson, formatTable } from './format';

const USAGE = `usage: npm run -s sim -- <scenario.json> [--replications N] [--seed S] [--format table|json|csv] [--events FILE.csv]

  --replications N   replications (simulated days; for network scenarios, long runs); default 1000 for an
                     office, 20 for a network
  --seed S           seed (any text or number); default: a random one, reported with the results
  --format F         table (default): a readable summary with 95% CIs; json: the full results;
                     csv: one row per metric
  --events FILE.csv  also write every patient's event log (arrival, start and end of every step,
                     departure) for every replication (office scenarios)
  --progress WHEN    auto (default: on a terminal), always or never`;

/** Where the command writes; injectable so tests can run it in-process. */
export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTty: boolean;
  now: () => number;
  readFile: (path: string) => string;
  writeFile: (path: string, text: string) => void;
}

class UsageError extends Error {}

/** Runs the command with `argv` (the arguments after the script); returns the exit status. */
export function main(argv: string[], io: Io): number {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (e) {
    io.stderr(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  let text: string;
  try {
    text = io.readFile(args.file);
  } catch (e) {
    io.stderr(`cannot read ${args.file}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const validation = validateScenario(text);
  if (!validation.ok) {
    io.stderr(`${args.file}: the scenario is invalid (${validation.issues.length} problem${validation.issues.length === 1 ? '' : 's'}):\n`);
    for (const i of validation.issues) io.stderr(`  ${i.path}: ${i.message}\n`);
    return 2;
  }
  for (const w of validation.warnings) io.stderr(`warning: ${w.path}: ${w.message}\n`);
  const scenario = validation.scenario;
  if (args.events !== undefined && scenario.kind !== 'office') {
    io.stderr('--events is only available for office scenarios\n');
    return 2;
  }
  const replications = args.replications ?? (scenario.kind === 'office' ? 1000 : 20);
  const seed = args.seed ?? randomInt(1, 2 ** 31 - 1);
  if (args.seed === undefined) io.stderr(`seed ${seed} (pass --seed ${seed} to repeat this run)\n`);

  let results: SimulationResults;
  const bar = progressBar(io, args.progress);
  try {
    results = runScenario(scenario, { seed, replications, onProgress: (done, total) => bar.update(done, total) });
    if (args.events !== undefined) io.writeFile(args.events, eventLog(scenario, seed, replications));
  } catch (e) {
    bar.done();
    io.stderr(`the run failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}\n`);
    return 1;
  }
  bar.done();
  io.stdout(args.format === 'json' ? formatJson(results) : args.format === 'csv' ? formatCsv(results) : formatTable(results));
  return 0;
}

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      replications: { type: 'string', short: 'n' },
      seed: { type: 'string', short: 's' },
      format: { type: 'string', short: 'f' },
      events: { type: 'string' },
      progress: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true, file: '', format: 'table' } as const;
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing the scenario file' : `expected one scenario file, got ${positionals.length}`);
  const format = values.format ?? 'table';
  if (!['table', 'json', 'csv'].includes(format)) throw new UsageError(`--format must be table, json or csv (got ${format})`);
  let replications: number | undefined;
  if (values.replications !== undefined) {
    replications = Number(values.replications);
    if (!Number.isInteger(replications) || replications < 1 || replications > 100_000)
      throw new UsageError(`--replications must be a whole number from 1 to 100000 (got ${values.replications})`);
  }
  const progress = values.progress ?? 'auto';
  if (!['auto', 'always', 'never'].includes(progress)) throw new UsageError(`--progress must be auto, always or never (got ${progress})`);
  const seed = values.seed === undefined ? undefined : /^-?\d{1,15}$/.test(values.seed) ? Number(values.seed) : values.seed;
  return {
    help: false,
    file: positionals[0],
    format: format as 'table' | 'json' | 'csv',
    replications,
    seed,
    events: values.events,
    progress: progress as 'auto' | 'always' | 'never',
  } as const;
}

/** A progress bar on stderr, drawn only once a run has taken more than a second, at most 10 times a second. */
function progressBar(io: Io, when: 'auto' | 'always' | 'never') {
  const enabled = when === 'always' || (when === 'auto' && io.isTty);
  const started = io.now();
  let lastDraw = -Infinity;
  let drawn = false;
  return {
    update(done: number, total: number) {
      if (!enabled) return;
      const t = io.now();
      if (t - started < 1000 || (t - lastDraw < 100 && done < total)) return;
      lastDraw = t;
      drawn = true;
      const width = 30;
      const filled = Math.round((width * done) / total);
      const eta = done > 0 ? ((t - started) / done) * (total - done) : 0;
      io.stderr(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} replications, ${(eta / 1000).toFixed(1)} s left `);
    },
    done() {
      if (drawn) io.stderr('\n');
      drawn = false;
    },
  };
}

/** The event log CSV of every replication (re-simulated: the same seed gives the same days). */
function eventLog(scenario: Scenario, seed: number | string, replications: number): string {
  if (scenario.kind !== 'office') return '';
  const day = new OfficeDay(compileOffice(scenario));
  const rows = [EVENT_LOG_HEADER];
  for (let rep = 0; rep < replications; rep++) {
    day.run(seed, rep);
    eventLogRows(day, rep, rows);
  }
  return `${rows.join('\n')}\n`;
}

const isMain = process.argv[1] !== undefined && /sim\.[cm]?[jt]s$/.test(process.argv[1]);
if (isMain) {
  const status = main(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    isTty: process.stderr.isTTY === true,
    now: () => performance.now(),
    readFile: (p) => readFileSync(p, 'utf8'),
    writeFile: (p, t) => writeFileSync(p, t),
  });
  process.exitCode = status;
}
