/**
 * Shared staff pools in plain language: which pool serves a step, the order a pool shared by several steps
 * serves them in (`priority`, lower first, ties by the order of `steps`), and the steps a floating pool may
 * help at. Pure; the core's validator judges every edit.
 */
import type { OfficeDraft, PoolDraft, StepDraft } from './draft';

/** The one staff pool serving a step, or null (the provider, or several pools together). */
export function soloPool(step: StepDraft): string | null {
  return step.staff.length === 1 && step.staff[0] !== 'provider' ? step.staff[0] : null;
}

export interface SharedPool {
  pool: PoolDraft;
  /** The steps it serves alone, in the order it serves them, with their index in `steps`. */
  steps: { step: StepDraft; index: number }[];
}

/** Pools serving two or more steps (alone), each with its steps in serving order. */
export function sharedPools(d: OfficeDraft): SharedPool[] {
  return d.staffPools
    .map((pool) => ({
      pool,
      steps: d.steps
        .map((step, index) => ({ step, index }))
        .filter(({ step }) => soloPool(step) === pool.id)
        .sort((a, b) => (a.step.priority ?? 0) - (b.step.priority ?? 0) || a.index - b.index),
    }))
    .filter((s) => s.steps.length > 1);
}

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** "Front desk: check-in first, then checkout" (a colon, so plural pool names read right too). */
export function servingOrder(poolName: string, stepNames: string[]): string {
  const [first, ...rest] = stepNames.map(lower);
  return `${poolName}: ${first} first${rest.map((n) => `, then ${n}`).join('')}`;
}

/** Steps a pool may float to: those served by exactly one other staff pool. */
export function floatCandidates(d: OfficeDraft, poolId: string): StepDraft[] {
  return d.steps.filter((s) => {
    const p = soloPool(s);
    return p !== null && p !== poolId;
  });
}

/** A float rule's steps with `id` switched on or off, kept in the order of `steps`. */
export function toggleFloatStep(d: OfficeDraft, current: string[], id: string, on: boolean): string[] {
  return d.steps.map((s) => s.id).filter((s) => (s === id ? on : current.includes(s)));
}

/** A float rule for an office manager without one: every candidate step, from a line of three. */
export function defaultFloat(d: OfficeDraft, poolId: string): NonNullable<PoolDraft['float']> {
  return { steps: floatCandidates(d, poolId).map((s) => s.id), lineAtLeast: 3 };
}
