import { describe, expect, it } from 'vitest';
import { hourReading, hourRows, slotReading, slotRows } from '../../../src/ui/results/overbooking';
import type { ResultsView } from '../../../src/workers/view';

const view = {
  opensAt: '08:00',
  overbooking: {
    slots: [
      { minutes: 0, booked: 2, arrived: 1.8, seen: 1.7 },
      { minutes: 15, booked: 3, arrived: 2.7, seen: 2.5 },
    ],
    hours: [
      { hour: 7, idle: null, wait: null },
      { hour: 8, idle: 5, wait: 12 },
      { hour: 9, idle: 20, wait: 3 },
    ],
  },
} as unknown as ResultsView;

describe('overbooking rows and readings', () => {
  it('slots on the clock, with a plain reading', () => {
    const rows = slotRows(view);
    expect(rows.map((r) => r.t)).toEqual([480, 495]);
    expect(slotReading(rows)).toBe('Of 5.0 patients booked a day, 4.5 arrive and 4.2 are seen; the fullest slot, 08:15, has 3.0 booked.');
  });

  it('hours without sessions or waits are left out; the reading names the idlest and the longest-wait hours', () => {
    const rows = hourRows(view);
    expect(rows.map((r) => r.hour)).toEqual([8, 9]);
    expect(hourReading(rows)).toBe('Providers are idlest in the hour from 09:00 (20 min each) while patients wait longest for them in the hour from 08:00 (12 min).');
  });
});
