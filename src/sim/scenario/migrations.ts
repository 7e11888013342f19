/**
 * Migrations between scenario format versions, so files and saved work keep opening. `MIGRATIONS[n]`
 * turns a version-n document into a version-(n+1) one; `migrateScenario` chains them up to the current
 * version. Version 1 is the first published format, so the chain is empty today; the next format change
 * adds `MIGRATIONS[1]` (and a test that every file in scenarios/ still validates after it).
 */
import type { ValidationIssue } from './crossChecks';
import { SCENARIO_VERSION } from './schema';
import { show } from './primitives';

/** Turns a document of one version into the next version's shape (pure: returns a new object). */
export type Migration = (doc: Readonly<Record<string, unknown>>) => Record<string, unknown>;

/** The migrations, keyed by the version they upgrade from. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {};

/** The outcome of migrating: the document at `current`, and the version it started from. */
export type MigrationResult =
  | { ok: true; doc: Record<string, unknown>; fromVersion: number }
  | { ok: false; issues: ValidationIssue[] };

/**
 * Upgrades `json` to the `current` format version by applying `migrations` in order.
 * Fails (with a `$.version` issue) when the version is missing, not a whole number, newer than `current`,
 * or has no migration path. Never throws: a migration that throws becomes an issue too.
 */
export function migrateScenario(
  json: unknown,
  migrations: Readonly<Record<number, Migration>> = MIGRATIONS,
  current: number = SCENARIO_VERSION,
): MigrationResult {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return { ok: false, issues: [{ path: '$', message: `got ${show(json)}; expected a scenario object { "version": ${current}, "kind": ..., ... }` }] };
  const version = (json as Record<string, unknown>).version;
  if (version === undefined)
    return { ok: false, issues: [{ path: '$.version', message: `missing; expected the format version, currently ${current}` }] };
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0)
    return { ok: false, issues: [{ path: '$.version', message: `got ${show(version)}; expected a whole number, currently ${current}` }] };
  if (version > current)
    return {
      ok: false,
      issues: [{ path: '$.version', message: `got ${version}; this version of ClinicFlow reads format versions up to ${current}: the file was made by a newer ClinicFlow` }],
    };
  let doc = json as Record<string, unknown>;
  for (let n = version; n < current; n++) {
    const step = migrations[n];
    if (!step) return { ok: false, issues: [{ path: '$.version', message: `got ${version}; no migration from version ${n} to ${n + 1} exists; expected ${current}` }] };
    try {
      doc = { ...step(doc), version: n + 1 };
    } catch (e) {
      return { ok: false, issues: [{ path: '$', message: `could not migrate from version ${n} to ${n + 1}: ${e instanceof Error ? e.message : String(e)}` }] };
    }
  }
  return { ok: true, doc, fromVersion: version };
}
