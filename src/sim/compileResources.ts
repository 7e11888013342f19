/**
 * Compiles staff pools and physical resources: sizes, availability, and each member's shift schedule
 * (from per-member shifts or a capacity step function), merged into sorted on-duty intervals.
 */
import type { NetworkModel } from './model';
import { fail, finiteNumber } from './modelChecks';
import { ShiftSchedule } from './staffPool';

/** Pool availability: always on duty. */
export const AVAILABLE_ALWAYS = 0;
/** Pool availability: on duty while patients are in the building. */
export const AVAILABLE_WHILE_PRESENT = 1;
/** Pool availability: by each member's shifts. */
export const AVAILABLE_BY_SHIFTS = 2;

/**
 * Compiles every pool.
 * @returns sizes, availability codes and per-member shift schedules (empty lists for pools without shifts).
 * @throws ModelError for a bad size, availability or shift.
 */
export function compilePools(model: NetworkModel, warnings: string[]): { size: Int32Array; availability: Uint8Array; shifts: ShiftSchedule[][] } {
  const n = model.pools.length;
  const size = new Int32Array(n);
  const availability = new Uint8Array(n);
  const shifts: ShiftSchedule[][] = [];
  model.pools.forEach((p, i) => {
    if (!Number.isInteger(p.size) || p.size < 0 || p.size > 1_000_000) fail(`pools[${i}].size`, p.size, 'must be an integer ≥ 0');
    size[i] = p.size;
    const av = p.availability ?? 'always';
    if (av !== 'always' && av !== 'while-patients-present' && av !== 'shifts') fail(`pools[${i}].availability`, av, 'must be "always", "while-patients-present" or "shifts"');
    availability[i] = av === 'always' ? AVAILABLE_ALWAYS : av === 'while-patients-present' ? AVAILABLE_WHILE_PRESENT : AVAILABLE_BY_SHIFTS;
    const period = p.repeatEveryMinutes ?? 0;
    if (p.repeatEveryMinutes !== undefined) finiteNumber(period, `pools[${i}].repeatEveryMinutes`, 1e-9);
    const members: ShiftSchedule[] = [];
    if (av === 'shifts') {
      const perMember: Array<Array<[number, number]>> = [];
      if (p.memberShifts !== undefined) {
        if (p.memberShifts.length !== p.size) fail(`pools[${i}].memberShifts`, p.memberShifts.length, `must list one schedule per member (${p.size})`);
        p.memberShifts.forEach((list, m) => perMember.push(list.map((iv, j) => {
          const a = finiteNumber(iv.fromMinutes, `pools[${i}].memberShifts[${m}][${j}].fromMinutes`);
          const b = finiteNumber(iv.toMinutes, `pools[${i}].memberShifts[${m}][${j}].toMinutes`);
          if (b < a) fail(`pools[${i}].memberShifts[${m}][${j}]`, iv, 'ends before it starts');
          return [a, b] as [number, number];
        })));
      } else if (p.capacitySchedule !== undefined) {
        for (let m = 0; m < p.size; m++) perMember.push([]);
        const cs = p.capacitySchedule;
        cs.forEach((e, j) => {
          finiteNumber(e.fromMinutes, `pools[${i}].capacitySchedule[${j}].fromMinutes`);
          if (!Number.isInteger(e.count) || e.count < 0 || e.count > p.size) fail(`pools[${i}].capacitySchedule[${j}].count`, e.count, `must be an integer in [0, ${p.size}]`);
          if (j > 0 && e.fromMinutes < cs[j - 1].fromMinutes) fail(`pools[${i}].capacitySchedule[${j}].fromMinutes`, e.fromMinutes, 'must be sorted');
          const until = j + 1 < cs.length ? cs[j + 1].fromMinutes : period > 0 ? period : Infinity;
          for (let m = 0; m < e.count; m++) perMember[m].push([e.fromMinutes, until]);
        });
      } else fail(`pools[${i}]`, p.name, 'availability "shifts" needs memberShifts or capacitySchedule');
      perMember.forEach((list, m) => {
        if (period > 0 && list.some(([a, b]) => a < 0 || b > period)) fail(`pools[${i}].memberShifts[${m}]`, list, `repeating shifts must lie within [0, ${period}]`);
        members.push(new ShiftSchedule(mergeIntervals(list), period));
      });
    } else if (p.memberShifts !== undefined || p.capacitySchedule !== undefined) {
      warnings.push(`pool "${p.name}": shifts are ignored because availability is "${av}"`);
    }
    shifts.push(members);
  });
  return { size, availability, shifts };
}

function mergeIntervals(list: Array<[number, number]>): Float64Array {
  const sorted = list.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: number[] = [];
  for (const [a, b] of sorted) {
    if (out.length > 0 && a <= out[out.length - 1]) out[out.length - 1] = Math.max(out[out.length - 1], b);
    else out.push(a, b);
  }
  return Float64Array.from(out);
}
