/**
 * Small checks shared by the model compiler's parts: every failure is a {@link ModelError} naming the
 * field's path, the bad value and what is wrong.
 */
import type { DistributionSpec } from './distributions';
import { checkDistribution } from './distributions';
import { ModelError } from './errors';

/** The route target that means leaving the building. */
export const EXIT = 'exit';

/** Throws a ModelError for `path`. */
export function fail(path: string, value: unknown, message: string): never {
  throw new ModelError(path, value, message);
}

/** Name → index of a named list; throws on an empty or repeated name. */
export function indexByName(items: { name: string }[], what: string): Map<string, number> {
  const map = new Map<string, number>();
  items.forEach((it, i) => {
    if (typeof it.name !== 'string' || it.name === '') fail(`${what}[${i}].name`, it.name, 'must be a non-empty string');
    if (map.has(it.name)) fail(`${what}[${i}].name`, it.name, 'is used twice');
    map.set(it.name, i);
  });
  return map;
}

/** Throws unless `d` is a valid distribution for the use. */
export function checkDist(d: DistributionSpec, path: string, use: 'duration' | 'offset'): void {
  const problem = checkDistribution(d, use);
  if (problem !== null) fail(path, d, problem);
}

/** `v` if it is a finite number ≥ min; throws otherwise. */
export function finiteNumber(v: unknown, path: string, min = -Infinity): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) fail(path, v, `must be a finite number ≥ ${min}`);
  return v;
}
