/**
 * One colour per step, everywhere (swimlanes, wait distributions, heat strips, animation), from a
 * colour-blind-safe categorical scheme. Waiting is drawn in the same hue, lighter.
 */
import { schemeTableau10 } from 'd3-scale-chromatic';

const byStep: Record<string, string> = {
  'check-in': schemeTableau10[0],
  rooming: schemeTableau10[1],
  provider: schemeTableau10[2],
  procedure: schemeTableau10[3],
  checkout: schemeTableau10[4],
};

/** The colour for a step id; unknown steps get the remaining scheme colours in order of first use. */
export function stepColour(stepId: string, index: number): string {
  return byStep[stepId] ?? schemeTableau10[(index + 5) % schemeTableau10.length];
}
