/**
 * Keeping the user's work in IndexedDB (idb-keyval): the current scenario (autosaved) and named saved
 * scenarios. Every stored entry carries the store's own version and the scenario's format version; on
 * reading, the scenario goes through the core's migrations, so work saved by an older ClinicFlow opens.
 */
import { get, set } from 'idb-keyval';
import { migrateScenario } from '../workers/scenarioCheck';

/** Version of the stored entry's shape (not of the scenario format, which the scenario carries itself). */
export const STORE_VERSION = 1;
const CURRENT = 'clinicflow:current';
const SAVED = 'clinicflow:saved';

/** A stored scenario with its run settings. */
export interface StoredScenario {
  store: number;
  savedAt: string;
  scenario: Record<string, unknown>;
  seed: number;
  replications: number;
}

/** Wraps a scenario for storage. */
export function wrapStored(scenario: Record<string, unknown>, seed: number, replications: number, now = new Date()): StoredScenario {
  return { store: STORE_VERSION, savedAt: now.toISOString(), scenario, seed, replications };
}

/** Reads a stored entry back, migrating its scenario to the current format; null if unreadable. */
export function unwrapStored(entry: unknown): StoredScenario | null {
  if (typeof entry !== 'object' || entry === null) return null;
  const e = entry as Partial<StoredScenario>;
  const m = migrateScenario(e.scenario);
  if (!m.ok) return null;
  return {
    store: STORE_VERSION,
    savedAt: typeof e.savedAt === 'string' ? e.savedAt : '',
    scenario: m.doc,
    seed: Number.isInteger(e.seed) ? (e.seed as number) : 1,
    replications: Number.isInteger(e.replications) ? (e.replications as number) : 200,
  };
}

/** The autosaved current scenario, or null. */
export async function loadCurrent(): Promise<StoredScenario | null> {
  return unwrapStored(await get(CURRENT));
}

/** Autosaves the current scenario. */
export function saveCurrent(entry: StoredScenario): Promise<void> {
  return set(CURRENT, entry);
}

/** Named saved scenarios, by name. */
export async function loadSaved(): Promise<Record<string, StoredScenario>> {
  const all = ((await get(SAVED)) ?? {}) as Record<string, unknown>;
  const out: Record<string, StoredScenario> = {};
  for (const [name, entry] of Object.entries(all)) {
    const s = unwrapStored(entry);
    if (s) out[name] = s;
  }
  return out;
}

/** Stores (or replaces) a named scenario; returns the new list. */
export async function saveNamed(name: string, entry: StoredScenario): Promise<Record<string, StoredScenario>> {
  const all = await loadSaved();
  all[name] = entry;
  await set(SAVED, all);
  return all;
}

/** Deletes a named scenario; returns the new list. */
export async function deleteNamed(name: string): Promise<Record<string, StoredScenario>> {
  const all = await loadSaved();
  delete all[name];
  await set(SAVED, all);
  return all;
}
