import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../../src/sim/compile';
import { runOnce } from '../../../src/sim/engine';
import { canRunFast } from '../../../src/sim/fastPath';
import { runScenario, validateScenario, type NetworkScenario } from '../../../src/sim/office';
import { networkModel } from '../../../src/sim/office/network';
import { Outcome } from '../../../src/sim/records';

const mmc = JSON.parse(readFileSync(new URL('../../../scenarios/mmc-erlang-c.json', import.meta.url), 'utf8')) as Record<string, unknown>;

function scenario(changes: Record<string, unknown>): NetworkScenario {
  const v = validateScenario({ ...mmc, horizonMinutes: 20_000, warmupMinutes: 2_000, ...changes });
  if (!v.ok) throw new Error(`${v.issues[0]?.path}: ${v.issues[0]?.message}`);
  return v.scenario as NetworkScenario;
}

/**
 * The pooled samples as the per-patient records give them (the way runNetworkRange reads every network
 * scenario but the one-station ones): customers who arrived in [warm-up, horizon) and left after service
 * or unserved; per visit the wait before service (or before leaving), per customer served the total wait
 * and the time in the system.
 */
function samplesFromRecords(s: NetworkScenario, seed: number, replications: number) {
  const c = compileModel(networkModel(s));
  const visitWait: number[] = [];
  const totalWait: number[] = [];
  const timeInSystem: number[] = [];
  for (let rep = 0; rep < replications; rep++) {
    const pr = runOnce(c, { seed, replication: rep, record: true }).records!;
    const counted = (p: number) =>
      pr.arrival[p] >= s.warmupMinutes && pr.arrival[p] < s.horizonMinutes && (pr.outcome[p] === Outcome.departed || pr.outcome[p] === Outcome.leftUnseen);
    const wait = new Float64Array(pr.count);
    for (let k = 0; k < pr.visitCount; k++) {
      const start = pr.visitStart[k];
      const w = (start === start ? start : pr.visitEnd[k]) - pr.visitJoin[k];
      wait[pr.visitPatient[k]] += w;
      if (counted(pr.visitPatient[k])) visitWait.push(w);
    }
    for (let p = 0; p < pr.count; p++)
      if (counted(p) && pr.outcome[p] === Outcome.departed) {
        totalWait.push(wait[p]);
        timeInSystem.push(pr.departure[p] - pr.arrival[p]);
      }
  }
  return { visitWait, totalWait, timeInSystem };
}

const sorted = (a: ArrayLike<number>) => Float64Array.from(a).sort();

describe('pooled samples of one-station network scenarios', () => {
  it('come from the kept departures (fast path, no records) and hold exactly the values the records give', () => {
    const s = scenario({});
    const r = runScenario(s, { seed: 11, replications: 3 });
    const want = samplesFromRecords(s, 11, 3);
    const sample = (key: string) => r.raw.samples[r.raw.sampleKeys.indexOf(key)];
    expect(want.totalWait.length).toBeGreaterThan(1000);
    // Departure order instead of arrival order: the same values, hence the same percentiles.
    expect(sorted(sample('steps.desk.waitMinutes'))).toEqual(sorted(want.visitWait));
    expect(sorted(sample('patients.totalWaitMinutes'))).toEqual(sorted(want.totalWait));
    expect(sorted(sample('patients.timeInOfficeMinutes'))).toEqual(sorted(want.timeInSystem));
    // Each replication's samples stay together, so chunks still combine by concatenation.
    const parts = [0, 1, 2].map((rep) => runScenario(s, { seed: 11, replications: 3, from: rep, to: rep + 1 }).raw.samples[r.raw.sampleKeys.indexOf('patients.totalWaitMinutes')]);
    expect(Float64Array.from(parts.flatMap((p) => Array.from(p)))).toEqual(sample('patients.totalWaitMinutes'));
  });

  it('the engine keeps the same departures on its fast path as on the general one, and only when asked', () => {
    const tandem = validateScenario(JSON.parse(readFileSync(new URL('../../../scenarios/tandem-network.json', import.meta.url), 'utf8')));
    if (!tandem.ok) throw new Error('scenarios/tandem-network.json is invalid');
    const oneServer = scenario({ stations: [{ ...(mmc.stations as object[])[0], servers: 1, serviceMinutes: { kind: 'lognormal', meanMinutes: 4, sdMinutes: 2 } }] });
    // One station (fastPathSingle.ts), one station with one server, and two stations in tandem (fastPath.ts).
    for (const s of [scenario({}), oneServer, { ...(tandem.scenario as NetworkScenario), horizonMinutes: 20_000, warmupMinutes: 2_000 }]) {
      const c = compileModel(networkModel(s));
      expect(canRunFast(c, { seed: 1, replication: 0, departures: true })).toBe(true);
      const fast = runOnce(c, { seed: 1, replication: 0, departures: true });
      const general = runOnce(c, { seed: 1, replication: 0, departures: true, fastPath: false });
      expect(fast.departures!.totalWait.length).toBeGreaterThan(100);
      expect(fast.departures).toEqual(general.departures);
      expect(fast.values).toEqual(general.values);
      expect(runOnce(c, { seed: 1, replication: 0 }).departures).toBeNull();
    }
  });

  it('with patience, customers who leave unserved still count at the station (records are used)', () => {
    const s = scenario({ stations: [{ ...(mmc.stations as object[])[0], servers: 2, patienceMinutes: { kind: 'exponential', meanMinutes: 20 } }] });
    const r = runScenario(s, { seed: 5, replications: 2 });
    const want = samplesFromRecords(s, 5, 2);
    const sample = (key: string) => r.raw.samples[r.raw.sampleKeys.indexOf(key)];
    expect(want.visitWait.length).toBeGreaterThan(want.totalWait.length);
    expect(sorted(sample('steps.desk.waitMinutes'))).toEqual(sorted(want.visitWait));
    expect(sorted(sample('patients.totalWaitMinutes'))).toEqual(sorted(want.totalWait));
  });
});
