/**
 * The planner's shared state: the scenario being edited (plain JSON in a deep `$state`), its validation
 * (derived on every edit), the run settings, and the results (`$state.raw`, replaced, never mutated).
 * Valid edits re-run automatically after a short pause; the last valid results stay on screen while the
 * scenario is invalid. Runs go through a {@link Runner} (the worker client in the app, a fake in tests).
 */
import { validateScenario, type ValidationIssue } from '../../workers/scenarioCheck';
import type { ResultsView } from '../../workers/view';
import type { DayView } from '../../workers/dayView';
import type { PlannerOutcome, PlannerRunOptions } from '../../workers/plannerApi';
import type { StreamUpdate } from '../../workers/stream';

/** What the planner needs from the worker client. */
export interface Runner {
  /** `onUpdate` returns a promise for a view: resolved once the page has drawn it (the run waits for it). */
  run(json: unknown, options: PlannerRunOptions, onUpdate: (u: StreamUpdate) => void | Promise<void>): Promise<PlannerOutcome>;
  cancel(): void;
}

/** A scenario as edited: JSON-shaped, possibly invalid. */
export type ScenarioJson = Record<string, unknown> & { name?: string; kind?: string };

export type RunStatus = 'idle' | 'waiting' | 'running' | 'finished' | 'cancelled' | 'failed';

/** Default number of simulated days per run. */
export const DEFAULT_REPLICATIONS = 200;

export class Planner {
  /** The scenario being edited. */
  scenario = $state<ScenarioJson>({});
  seed = $state(1);
  replications = $state(DEFAULT_REPLICATIONS);
  status = $state<RunStatus>('idle');
  progress = $state.raw({ done: 0, total: 0 });
  failure = $state('');
  results = $state.raw<ResultsView | null>(null);
  baseline = $state.raw<ResultsView | null>(null);
  day = $state.raw<DayView | null>(null);
  /** `performance.now()` when the current (or last) run started (not reactive: read it when results change). */
  startedAt = -Infinity;
  /** Bumped on every load, so views can reset (e.g. pin the next finished run as baseline). */
  loads = $state(0);

  /** The plain data of the edit (what crosses to the worker, the store and the share link). */
  readonly snapshot = $derived($state.snapshot(this.scenario) as ScenarioJson);
  /** Run-setting problems (not part of the scenario format), by path. */
  readonly settingIssues = $derived(settingIssues(this.seed, this.replications));
  readonly validation = $derived(validateScenario(this.snapshot));
  readonly issues = $derived<ValidationIssue[]>([...(this.validation.ok ? [] : this.validation.issues), ...this.settingIssues]);
  readonly valid = $derived(this.issues.length === 0);
  /**
   * What one replication is called: a simulated day of an office, a long steady-state run of a queueing
   * network (200 replications of an M/M/3 queue are not 200 days).
   */
  readonly replicationUnit = $derived((this.snapshot as { kind?: unknown }).kind === 'network' ? 'runs' : 'days');

  #runner: Runner;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #runId = 0;
  #pinNext = true;
  #pending: ResultsView | null = null;

  constructor(runner: Runner, scenario: ScenarioJson, readonly debounceMs = 400) {
    this.#runner = runner;
    this.scenario = scenario;
  }

  /** Replaces the scenario (a preset, an import, a share link, a restore); the next run becomes the baseline. */
  load(scenario: ScenarioJson, settings?: { seed?: number; replications?: number }, pinBaseline = true): void {
    this.scenario = structuredClone(scenario);
    if (settings?.seed !== undefined) this.seed = settings.seed;
    if (settings?.replications !== undefined) this.replications = settings.replications;
    if (pinBaseline) {
      this.#pinNext = true;
      this.baseline = null;
    }
    this.loads++;
  }

  /** Schedules a run after the debounce pause (an edit); an invalid scenario waits for the next edit. */
  schedule(): void {
    if (this.#timer) clearTimeout(this.#timer);
    if (!this.valid) return;
    this.status = this.status === 'running' ? 'running' : 'waiting';
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.run();
    }, this.debounceMs);
  }

  /** Runs the current scenario now, cancelling a run in progress. */
  async run(): Promise<void> {
    if (!this.valid) return;
    const id = ++this.#runId;
    if (this.status === 'running') this.#runner.cancel();
    const options = { seed: this.seed, replications: this.replications };
    this.status = 'running';
    this.startedAt = performance.now();
    this.failure = '';
    // User-timing marks: the e2e test measures the main thread between them (and DevTools shows them).
    performance.mark('clinicflow:run-start', { detail: { id } });
    this.progress = { done: 0, total: options.replications };
    try {
      const outcome = await this.#runner.run(this.snapshot, options, (u) => {
        if (id !== this.#runId) return;
        this.progress = { done: u.done, total: u.total };
        if (!u.view) return drawn(PROGRESS_FRAMES);
        this.#show(u.view, id);
        return drawn(VIEW_FRAMES);
      });
      if (id !== this.#runId) return;
      if (!outcome.ok) {
        this.status = 'failed';
        this.failure = `The scenario has ${outcome.issues.length} problem(s).`;
        return;
      }
      this.#pending = null;
      this.results = outcome.view;
      this.day = outcome.day;
      this.progress = { done: options.replications, total: options.replications };
      if (this.#pinNext) {
        this.#pinNext = false;
        this.baseline = outcome.view;
      }
      this.status = 'finished';
      performance.mark('clinicflow:run-finished', { detail: { id } });
    } catch (e) {
      if (id !== this.#runId) return;
      const reason = (e as { reason?: string }).reason;
      this.status = reason === 'cancelled' ? 'cancelled' : 'failed';
      this.failure = e instanceof Error ? e.message : String(e);
    }
  }

  /**
   * Shows a streamed view at the next animation frame; views arriving in between replace it, so the page
   * draws at most one update per frame however fast they come.
   */
  #show(view: ResultsView, id: number): void {
    const scheduled = this.#pending !== null;
    this.#pending = view;
    if (scheduled) return;
    const frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame : (f: () => void) => setTimeout(f, 0);
    frame(() => {
      const v = this.#pending;
      this.#pending = null;
      if (v && id === this.#runId && this.status === 'running') this.results = v;
    });
  }

  /** Stops the run in progress at once (the worker is terminated; the next run starts a fresh one). */
  cancel(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.status !== 'running' && this.status !== 'waiting') return;
    this.#runId++;
    this.#runner.cancel();
    this.status = 'cancelled';
    this.failure = 'Run cancelled';
  }

  /** Pins the shown results as the baseline every change is measured against. */
  pinBaseline(): void {
    this.baseline = this.results;
    this.#pinNext = false;
  }

  /** The problems at `path` or inside it (for the message next to a field). */
  issuesAt(path: string): ValidationIssue[] {
    return this.issues.filter((i) => i.path === path || i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`));
  }

  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#runner.cancel();
  }
}

/** Frames the results panel takes to draw a view (its charts follow one per frame), and one to spare. */
const VIEW_FRAMES = 7;

/** Frames the run bar takes to draw new progress, and one to spare. */
const PROGRESS_FRAMES = 2;

/** Longest the run waits for the page to draw a view (ms): a page starved of frames must not stall it. */
const DRAW_WAIT_MS = 1000;

/**
 * Resolves once the page has had `frames` animation frames to draw a streamed update, or after
 * {@link DRAW_WAIT_MS} at most, or at once on a hidden page (it gets no frames, and the run must not stall).
 * The worker simulates nothing meanwhile, so on a machine with few cores the page's frames do not compete
 * with it for the CPU.
 */
function drawn(frames: number): Promise<void> {
  if (typeof requestAnimationFrame !== 'function' || (typeof document !== 'undefined' && document.hidden)) return Promise.resolve();
  return new Promise((resolve) => {
    let left = frames;
    const tick = () => (--left > 0 ? requestAnimationFrame(tick) : resolve());
    requestAnimationFrame(tick);
    setTimeout(resolve, DRAW_WAIT_MS);
  });
}

/** Problems with the run settings (seed and replications are not part of the scenario file). */
export function settingIssues(seed: number, replications: number): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31) out.push({ path: 'run.seed', message: 'expected a whole number from 0 to 2147483648' });
  if (!Number.isInteger(replications) || replications < 2 || replications > 100_000)
    out.push({ path: 'run.replications', message: 'expected a whole number of simulated days from 2 to 100,000' });
  return out;
}
