/**
 * The scenario validator: migrate, check the structure (valibot), check fields against each other, and
 * report every problem at once, each with its JSON path and a message saying what was wrong and what is
 * accepted. Expected failures come back as data; it never throws, whatever the input.
 */
import * as v from 'valibot';
import { crossCheck, pathOf, type ValidationIssue } from './crossChecks';
import { migrateScenario } from './migrations';
import { didYouMean, UNKNOWN_KEY_MARK } from './primitives';
import { ScenarioSchema, type Scenario, type OfficeScenario } from './schema';

export type { ValidationIssue };

/** What `validateScenario` returns. `warnings` are soft problems that do not stop a run. */
export type ValidationResult =
  | { ok: true; scenario: Scenario; warnings: ValidationIssue[]; migratedFrom: number }
  | { ok: false; issues: ValidationIssue[] };

/** At most this many issues are returned (a mangled file can produce thousands). */
export const MAX_ISSUES = 200;

/**
 * Validates scenario JSON: an object, or a JSON string (a parse error is reported at `$`).
 * @returns `{ ok: true, scenario }` with defaults filled in, or `{ ok: false, issues }` listing every
 *   problem found (structural and cross-field), each `{ path: "$.steps[2].staff[0]", message }`.
 */
export function validateScenario(json: unknown): ValidationResult {
  try {
    return validateUnsafe(json);
  } catch (e) {
    // A bug, not the input's fault; still reported as data so the UI can show it.
    return { ok: false, issues: [{ path: '$', message: `the validator failed unexpectedly: ${e instanceof Error ? e.message : String(e)}` }] };
  }
}

function validateUnsafe(json: unknown): ValidationResult {
  let input = json;
  if (typeof input === 'string') {
    try {
      input = JSON.parse(input);
    } catch (e) {
      return { ok: false, issues: [{ path: '$', message: `not valid JSON (${e instanceof Error ? e.message : String(e)}); expected a JSON object` }] };
    }
  }
  const migrated = migrateScenario(input);
  if (!migrated.ok) return migrated;
  const parsed = v.safeParse(ScenarioSchema, migrated.doc, { abortEarly: false });
  const issues: ValidationIssue[] = parsed.success ? [] : parsed.issues.map(formatIssue);
  issues.push(...crossCheck(migrated.doc));
  if (issues.length > 0 || !parsed.success) return { ok: false, issues: dedupe(issues) };
  return { ok: true, scenario: parsed.output, warnings: softWarnings(parsed.output), migratedFrom: migrated.fromVersion };
}

/** Turns a valibot issue into `{ path, message }`, expanding unknown-key marks into "did you mean". */
function formatIssue(issue: v.BaseIssue<unknown>): ValidationIssue {
  const keys = (issue.path ?? []).map((p) => p.key as string | number);
  const path = pathOf(keys);
  if (issue.message.startsWith(UNKNOWN_KEY_MARK)) {
    const known = issue.message.slice(UNKNOWN_KEY_MARK.length).split(',');
    const key = String(keys[keys.length - 1]);
    const guess = didYouMean(key, known);
    return {
      path,
      message: `unknown key "${key}"${guess ? `; did you mean "${guess}"?` : ''} Accepted keys here: ${known.map((k) => `"${k}"`).join(', ')}`,
    };
  }
  return { path, message: issue.message };
}

function dedupe(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  const out: ValidationIssue[] = [];
  for (const i of issues) {
    const k = `${i.path}\u0000${i.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(i);
    if (out.length === MAX_ISSUES) {
      out.push({ path: '$', message: `more than ${MAX_ISSUES} problems; fix these first` });
      break;
    }
  }
  return out;
}

/** Soft problems of a valid scenario: things that run but are probably not what the author meant. */
function softWarnings(s: Scenario): ValidationIssue[] {
  if (s.kind !== 'office') return [];
  return officeWarnings(s);
}

function officeWarnings(s: OfficeScenario): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const used = new Set<string>();
  for (const entries of Object.values(s.pathways))
    for (const e of entries) {
      if (e.step) used.add(e.step);
      for (const b of e.oneOf ?? []) used.add(b.step);
    }
  s.steps.forEach((st, i) => {
    if (!used.has(st.id)) out.push({ path: pathOf(['steps', i]), message: `step "${st.id}" is in no pathway, so nobody goes through it` });
  });
  const servingPools = new Set<string>();
  for (const st of s.steps) for (const p of [...st.staff, ...(st.alternative?.staff ?? [])]) servingPools.add(p);
  s.staffPools.forEach((p, i) => {
    if (!servingPools.has(p.id) && !p.float)
      out.push({ path: pathOf(['staffPools', i]), message: `staff pool "${p.id}" serves no step and floats nowhere; it only adds labour cost` });
  });
  const providerAlt = s.steps.some((st) => st.alternative?.staff.includes('provider'));
  if (providerAlt && !s.providers.some((p) => p.roomsOwnPatients))
    out.push({ path: '$.providers', message: 'a step has an alternative with "provider" but no provider has "roomsOwnPatients": true, so it is never used' });
  s.providers.forEach((p, i) => {
    if (p.roomsOwnPatients && !providerAlt)
      out.push({ path: pathOf(['providers', i, 'roomsOwnPatients']), message: 'is true but no step has an alternative served by "provider", so it has no effect' });
  });
  return out;
}
