import { describe, expect, it } from 'vitest';
import { bottleneck, heatRows, overtimeBins, shareWithOvertime, waitBoxes, waitingRoomSeries } from '../../../src/ui/results/chartData';
import type { ResultsView } from '../../../src/workers/view';

const results = {
  kind: 'office',
  seed: 1,
  opensAt: '08:00',
  steps: [
    { id: 'checkIn', name: 'Check-in', provider: false, wait: { mean: 1, low: 0.8, high: 1.2, values: new Float64Array([1, 1]) }, quantiles: [0, 0, 0.5, 1.5, 3], visits: 80 },
    { id: 'exam', name: 'Provider exam', provider: true, wait: { mean: 9, low: 8, high: 10, values: new Float64Array([9, 9]) }, quantiles: [0, 2, 7, 14, 22], visits: 80 },
  ],
  pools: [
    { id: 'frontDesk', name: 'Front desk', role: 'receptionist', utilisation: 0.5, overtimeMinutes: 3, startHour: 6, byHour: [null, 0.2, 0.6, null, null], scheduledByHour: [0, 30, 60, 0, 0], busyByHour: [0, 6, 36, 4, 0] },
  ],
  waitingRoom: { binMinutes: 5, startMinutes: -10, mean: [0, 1, 2], p10: [0, 0, 1], p90: [0, 2, 4] },
} as unknown as ResultsView;

describe('chart rows', () => {
  it('one wait box per step in step order, the bottleneck is the longest mean wait', () => {
    const boxes = waitBoxes(results, null);
    expect(boxes.map((b) => b.id)).toEqual(['checkIn', 'exam']);
    expect(boxes[0].colour).not.toBe(boxes[1].colour);
    expect(bottleneck(boxes)?.id).toBe('exam');
  });
  it('waiting-room points sit at bin midpoints on the clock', () => {
    expect(waitingRoomSeries(results).map((p) => p.t)).toEqual([472.5, 477.5, 482.5]);
  });
  it('heat rows trim to used hours and mark work outside the shifts as overtime', () => {
    const { rows, hours } = heatRows(results);
    expect(hours).toEqual([7, 8, 9]);
    expect(rows[0].cells.map((c) => c.overtime)).toEqual([false, false, true]);
  });
  it('overtime histogram counts every day once', () => {
    const values = Float64Array.from([0, 0, 5, 12, 30, NaN]);
    expect(overtimeBins(values).reduce((a, b) => a + b.days, 0)).toBe(5);
    expect(overtimeBins([0, 0])).toEqual([{ x0: 0, x1: 5, days: 2 }]);
    expect(shareWithOvertime(values)).toBeCloseTo(0.6);
  });
});
