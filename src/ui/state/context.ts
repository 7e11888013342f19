/** Typed context for the planner state, so components deep in the editor reach it without prop drilling. */
import { getContext, setContext } from 'svelte';
import type { Planner } from './planner.svelte';

const KEY = Symbol('planner');

/** Makes `planner` available to descendants (call in the root component's script). */
export function providePlanner(planner: Planner): Planner {
  return setContext(KEY, planner);
}

/** The planner provided by an ancestor. @throws Error if none was provided. */
export function usePlanner(): Planner {
  const p = getContext<Planner | undefined>(KEY);
  if (!p) throw new Error('usePlanner() outside a component tree that called providePlanner()');
  return p;
}
