/**
 * The office scenario as the editor sees it (the format's input type: optional fields may be missing) and
 * small pure edits on it. Edits write plain JSON; the core's validator judges the result.
 */
import type { ScenarioInput } from '../../workers/scenarioCheck';

/** An office scenario being edited. */
export type OfficeDraft = Extract<ScenarioInput, { kind: 'office' }>;
export type PoolDraft = OfficeDraft['staffPools'][number];
export type ProviderDraft = OfficeDraft['providers'][number];
export type StepDraft = OfficeDraft['steps'][number];
export type DistributionDraft = StepDraft['durationMinutes'];
export type PolicyDraft = NonNullable<NonNullable<OfficeDraft['appointmentBook']>['policies']>[number];

/** Booking policies offered in the editor, with their parameter and a default. */
export const POLICY_OPTIONS = [
  { kind: 'none', label: 'Book the template only', param: null },
  { kind: 'doubleBookFirstSlots', label: 'Double-book the first slots of each session', param: { key: 'slots', label: 'Slots double-booked per session', default: 2, min: 1, max: 40 } },
  { kind: 'extraEveryKthSlot', label: 'One extra booking every k-th slot', param: { key: 'k', label: 'Every k-th slot', default: 4, min: 1, max: 400 } },
  { kind: 'extraPercent', label: 'Overbook by a percentage', param: { key: 'percent', label: 'Extra bookings (%)', default: 10, min: 0, max: 100 } },
  { kind: 'baileyWelch', label: 'Bailey–Welch (two in the first slot)', param: null },
] as const;

export type PolicyKind = (typeof POLICY_OPTIONS)[number]['kind'];

/** The policy the editor shows (the first one), as its kind and parameter value. */
export function policyOf(d: OfficeDraft): { kind: PolicyKind; value: number | null } {
  const p = d.appointmentBook?.policies?.[0] as Record<string, unknown> | undefined;
  if (!p) return { kind: 'none', value: null };
  const opt = POLICY_OPTIONS.find((o) => o.kind === p.kind);
  if (!opt) return { kind: 'none', value: null };
  return { kind: opt.kind, value: opt.param ? (p[opt.param.key] as number) : null };
}

/** The policies list for `kind` (with its default parameter), replacing whatever was there. */
export function policiesFor(kind: PolicyKind, value?: number | null): PolicyDraft[] {
  const opt = POLICY_OPTIONS.find((o) => o.kind === kind);
  if (!opt || opt.kind === 'none') return [];
  if (!opt.param) return [{ kind: opt.kind } as PolicyDraft];
  return [{ kind: opt.kind, [opt.param.key]: value ?? opt.param.default } as unknown as PolicyDraft];
}

/** Staff roles with plain-language labels. */
export const ROLES = [
  ['receptionist', 'Receptionist'],
  ['medicalAssistant', 'Medical assistant'],
  ['nurse', 'Nurse'],
  ['billingClerk', 'Billing clerk'],
  ['officeManager', 'Office manager'],
  ['other', 'Other'],
] as const;

export const PROVIDER_ROLES = [
  ['physician', 'Physician'],
  ['nursePractitioner', 'Nurse practitioner'],
  ['physicianAssistant', 'Physician assistant'],
] as const;

/** A slot template's slot length: the common length of its runs, or null if they differ. */
export function slotLength(runs: { from: string; to: string; lengthMinutes?: number }[]): number | null {
  const lengths = new Set(runs.map((r) => r.lengthMinutes ?? NaN));
  return lengths.size === 1 ? [...lengths][0] : null;
}

/** Most providers a scenario may list (the format's cap). */
export const MAX_PROVIDERS = 30;

/**
 * A provider to add to `d`: a copy of `like` (role, sessions, slot template, wage, lateness) under an id
 * and a name that no provider or staff pool uses yet ("provider4", "Provider 4").
 */
export function newProvider(d: OfficeDraft, like: ProviderDraft): ProviderDraft {
  const taken = new Set([...d.providers.map((p) => p.id), ...d.staffPools.map((p) => p.id)]);
  const names = new Set(d.providers.map((p) => p.name ?? p.id));
  let n = d.providers.length + 1;
  while (taken.has(`provider${n}`) || names.has(`Provider ${n}`)) n++;
  // A JSON copy: the draft is plain JSON, and a rune proxy could not go through structuredClone.
  const copy = JSON.parse(JSON.stringify(like)) as ProviderDraft;
  return { ...copy, id: `provider${n}`, name: `Provider ${n}` };
}
