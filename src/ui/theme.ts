/**
 * One colour per step, everywhere (swimlanes, wait distributions, heat strips, animation), from a
 * colour-blind-safe categorical scheme (Tableau 10). Waiting is drawn in the same hue, lighter.
 * The shipped scenarios name their standard steps with these ids; other steps get the remaining colours.
 */
import { schemeTableau10 } from 'd3-scale-chromatic';

const byStep: Record<string, string> = {
  checkIn: schemeTableau10[0],
  frontDesk: schemeTableau10[0],
  rooming: schemeTableau10[1],
  clinicalPrep: schemeTableau10[1],
  exam: schemeTableau10[2],
  provider: schemeTableau10[2],
  procedure: schemeTableau10[3],
  checkout: schemeTableau10[4],
  billing: schemeTableau10[4],
};

/** The colour for a step id; other steps get the scheme's remaining colours by their position. */
export function stepColour(stepId: string, index: number): string {
  return byStep[stepId] ?? schemeTableau10[5 + (index % 5)];
}
