/** Overbooking metrics (docs/results.md): per slot booked, arrived and seen; per hour provider idle time and waits. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScenario, validateScenario } from '../../../src/sim/office';

const v = validateScenario(JSON.parse(readFileSync('scenarios/default.json', 'utf8')));
if (!v.ok) throw new Error('default scenario invalid');
const scenario = v.scenario;

describe('overbooking metrics', () => {
  const r = runScenario(scenario, { seed: 7, replications: 20 });
  const raw = r.raw;
  const col = (k: string) => raw.columns[raw.repKeys.indexOf(k)];
  const slotKeys = (f: string) => raw.repKeys.filter((k) => k.startsWith('overbooking.slots.') && k.endsWith(`.${f}`));

  it('per slot, arrived and seen add up to the booked patients who came and were seen, every day', () => {
    const arrived = slotKeys('arrived');
    expect(arrived.length).toBeGreaterThan(5);
    for (let rep = 0; rep < 20; rep++) {
      const sum = (f: string) => slotKeys(f).reduce((a, k) => a + col(k)[rep], 0);
      // Booked patients who came = everyone who came − walk-ins + those sent away to rebook (they came too).
      expect(sum('arrived')).toBe(col('patients.arrived')[rep] - col('patients.walkIns')[rep] + col('patients.rebooked')[rep]);
      expect(sum('seen')).toBe(col('patients.seen')[rep] - col('patients.walkInsSeen')[rep]);
    }
    // Booked per slot is the book's expected count (a template place counts its fill rate): the same every
    // day, and on average the number booked.
    const booked = slotKeys('booked').reduce((a, k) => a + col(k)[0], 0);
    const meanBooked = col('patients.booked').reduce((a, x) => a + x, 0) / 20;
    expect(Math.abs(booked - meanBooked) / meanBooked).toBeLessThan(0.05);
    for (const k of slotKeys('booked')) expect(new Set(col(k)).size).toBe(1);
  });

  it('per hour, provider idle minutes stay within the session minutes and add up to about the day\'s idle time', () => {
    const idle = raw.repKeys.filter((k) => k.startsWith('overbooking.hours.') && k.endsWith('.providerIdleMinutes'));
    expect(idle.length).toBeGreaterThan(5);
    for (let rep = 0; rep < 20; rep++) {
      let total = 0;
      for (const k of idle) {
        const x = col(k)[rep];
        if (Number.isNaN(x)) continue;
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(60);
        total += x;
      }
      // The day's idle time also counts post-service work as busy, so the hourly sum is at least as large.
      expect(total).toBeGreaterThanOrEqual(col('providers.idleMinutes')[rep] - 1e-6);
    }
    const waits = raw.repKeys.filter((k) => k.endsWith('.providerWaitMinutes')).map((k) => col(k)[0]).filter((x) => !Number.isNaN(x));
    expect(waits.length).toBeGreaterThan(3);
    for (const w of waits) expect(w).toBeGreaterThanOrEqual(0);
  });
});
