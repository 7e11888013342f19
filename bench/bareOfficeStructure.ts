/**
 * Which offices the office yardstick (bench/bareOffice.ts) can simulate: those structured like
 * scenarios/default.json. The loop hard-codes the structure (steps, pools and headcounts, who serves which
 * step, floating, rooms, sessions) as numbers and bitmasks; this check compares the compiled office with it,
 * described by name, and says what differs. Numbers that the created day or the compiled office carries
 * (rates, durations, shifts, opening hours, how many rooms) may differ.
 */
import { PROVIDER, type CompiledOffice } from '../src/sim/office/compile';

/** Thrown by BareOffice's constructor when the compiled office is not structured like scenarios/default.json. */
export class NotDefaultOfficeError extends Error {
  override name = 'NotDefaultOfficeError';
}

/** Pathways the loop takes: rooming and lab draws are a patient's only assistant visits, every other step comes once. */
const PATHWAY = /^checkIn rooming exam (labDraw\?? )?checkout$/;
const PATHWAY_FORM = 'checkIn rooming exam, then labDraw (always, sometimes or never), checkout';

/**
 * @param maxRooms the most exam rooms the loop has calendar slots for.
 * @throws NotDefaultOfficeError naming the first part of the office's structure that is not the default's.
 */
export function assertDefaultStructure(c: CompiledOffice, maxRooms: number): void {
  const pool = (p: number) => (p === PROVIDER ? 'provider' : c.poolIds[p]);
  const perStep = (from: Int32Array, pools: Int32Array) => c.stepIds.map((id, s) => `${id}: ${Array.from(pools.subarray(from[s], from[s + 1]), pool).join('+')}`).join('; ');
  const steps = (flags: ArrayLike<number>) => c.stepIds.filter((_, s) => flags[s] === 1).join(',');
  const pathway = (entries: CompiledOffice['pathways'][number]) =>
    entries.map((e) => (e.step < 0 ? 'branch' : c.stepIds[e.step]) + (e.probability < 1 ? '?' : '') + (e.returnTo >= 0 ? '↩' : '')).join(' ');
  const shape: Array<[what: string, got: string, want: string]> = [
    ['steps', c.stepIds.join(','), 'checkIn,rooming,exam,labDraw,checkout'],
    ['staff pools', c.poolIds.join(','), 'frontDesk,ma,billing,manager'],
    ['headcounts', Array.from(c.poolHeadcount).join(','), '2,3,1,1'],
    ['providers', `${c.providerIds.length}, working sessions ${Array.from(c.providerWorks).join(',')}`, '3, working sessions 1,1,1,1,1,1'],
    ['staff per step', perStep(c.staffStart, c.staffPool), 'checkIn: frontDesk; rooming: ma; exam: provider; labDraw: ma; checkout: billing'],
    ['alternative staff', perStep(c.altStart, c.altPool), 'checkIn: ; rooming: ; exam: ; labDraw: ; checkout: '],
    ['busy-after time', perStep(c.afterStart, c.afterPool), 'checkIn: ; rooming: ; exam: provider; labDraw: ; checkout: '],
    ['dispatch order', Array.from(c.dispatchOrder, (s) => c.stepIds[s]).join(','), 'checkIn,exam,labDraw,checkout,rooming'],
    ['floating staff', c.poolIds.flatMap((id, p) => (c.floatSteps[p].length > 0 ? [`${id} at ${Array.from(c.floatSteps[p], (s) => c.stepIds[s]).join(',')} from a line of ${c.floatThreshold[p]}`] : [])).join('; '), 'manager at checkIn,checkout from a line of 3'],
    ['staff kept while patients are in', c.poolIds.filter((_, p) => c.poolWhilePresent[p] === 1).join(','), ''],
    ['steps in an exam room', steps(c.stepUsesRoom), 'rooming,exam'],
    ['room turnover', c.turnover === null ? 'none' : 'drawn', 'drawn'],
    ['exam rooms', c.rooms <= maxRooms ? `at most ${maxRooms}` : `${c.rooms}`, `at most ${maxRooms}`],
    ['steps where a patient counts as seen', steps(c.stepSeen), 'exam'],
    ['sessions', `${c.sessionStart.length}`, '2'],
    ['patience', c.patience === null ? 'none' : 'set', 'none'],
    ...c.pathways.map((entries, i): [string, string, string] => {
      const got = pathway(entries);
      return [`pathway for ${c.visitTypeIds[i]}`, PATHWAY.test(got) ? PATHWAY_FORM : got, PATHWAY_FORM];
    }),
  ];
  for (const [what, got, want] of shape)
    if (got !== want) throw new NotDefaultOfficeError(`BareOffice simulates only offices structured like scenarios/default.json; this one differs in its ${what}: ${got || 'none'}, where the loop needs ${want || 'none'}`);
}
