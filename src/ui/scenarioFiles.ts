/// <reference types="vite/client" />
/**
 * Scenario files: the presets shipped in `scenarios/` (loaded lazily, so they stay out of the initial
 * bundle), and reading an imported file into JSON with its problems listed (never interpreted as HTML).
 */
import defaultScenario from '../../scenarios/default.json';
import { validateScenario } from '../workers/scenarioCheck';

// The default scenario is in the initial bundle anyway (it is the first thing shown); the rest load on demand.
const presetLoaders: Record<string, () => Promise<Record<string, unknown>>> = {
  ...import.meta.glob<Record<string, unknown>>(['../../scenarios/*.json', '!../../scenarios/default.json'], { import: 'default' }),
  '../../scenarios/default.json': () => Promise.resolve(defaultScenario as Record<string, unknown>),
};

/** Preset ids (file names without `.json`), default first. */
export const PRESETS: string[] = Object.keys(presetLoaders)
  .map((p) => p.replace(/^.*\/(.*)\.json$/, '$1'))
  .sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : a.localeCompare(b)));

/** Loads a preset's JSON. */
export async function loadPreset(id: string): Promise<Record<string, unknown>> {
  const loader = presetLoaders[`../../scenarios/${id}.json`];
  if (!loader) throw new Error(`No preset named ${id}`);
  return structuredClone(await loader());
}

/** The outcome of reading a scenario file. */
export type ReadOutcome = { ok: true; scenario: Record<string, unknown> } | { ok: false; issues: { path: string; message: string }[] };

/** Parses and validates a scenario file's text: every problem with its JSON path. */
export function readScenarioText(text: string): ReadOutcome {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, issues: [{ path: '$', message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  const v = validateScenario(json);
  if (!v.ok) return { ok: false, issues: v.issues.map((i) => ({ path: i.path, message: i.message })) };
  return { ok: true, scenario: json as Record<string, unknown> };
}

/** A file name for a scenario: its name, reduced to safe characters. */
export function fileNameFor(name: unknown, ext: string): string {
  const base = String(name ?? 'scenario').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'scenario';
  return `${base}.${ext}`;
}
