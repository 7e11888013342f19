import { describe, expect, it } from 'vitest';
import { clock, clockMinutes, count, decimalsFor, hourTicks, signed, valueWithCi } from '../../src/ui/numberFormat';

describe('numbers on screen', () => {
  it('print no more digits than the CI justifies', () => {
    expect(valueWithCi(12.34, 10.2, 14.5, 'min')).toBe('12 min (10–15)');
    expect(valueWithCi(0.213, 0.182, 0.244, 'min')).toBe('0.21 min (0.18–0.24)');
    expect(valueWithCi(3.25, null, null, 'min')).toBe('3.3 min');
    expect(valueWithCi(null, null, null, 'min')).toBe('—');
    expect(decimalsFor(0.4, 5)).toBe(1);
    expect(count(78.66, 78.1, 79.4)).toBe('78.7 (78.1–79.4)');
  });
  it('sign changes and read clock times', () => {
    expect(signed(3.14, 'min')).toBe('+3.1 min');
    expect(signed(-12.6, 'min')).toBe('−13 min');
    expect(signed(0.001, 'min')).toBe('0.00 min');
    expect(clock(555)).toBe('09:15');
    expect(clockMinutes('08:30')).toBe(510);
    expect(hourTicks(470, 610)).toEqual([480, 540, 600]);
  });
});
