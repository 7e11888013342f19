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
 * The pooled samples as the per-patient records give them (how runNetworkRange read them before it used
 * what the engine keeps): customers who arrived in [warm-up, horizon) and left after service or unserved;
 * per visit the wait before service, or before leaving unserved; per customer served the total wait and the
 * time in the system.
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
      const p = pr.visitPatient[k];
      const start = pr.visitStart[k];
      // A visit never started is where the customer gave up (their last), or one still waiting at the end.
      const w = (start === start ? start : pr.departure[p]) - pr.visitJoin[k];
      if (start === start) wait[p] += w;
      if (counted(p)) visitWait.push(w);
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

describe('pooled samples of network scenarios', () => {
  it('come from what the engine keeps (fast path, no records) and hold exactly the values the records give', () => {
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

  it('the engine keeps the same departures and line waits on its fast path as on the general one, and only when asked', () => {
    const tandem = validateScenario(JSON.parse(readFileSync(new URL('../../../scenarios/tandem-network.json', import.meta.url), 'utf8')));
    if (!tandem.ok) throw new Error('scenarios/tandem-network.json is invalid');
    const oneServer = scenario({ stations: [{ ...(mmc.stations as object[])[0], servers: 1, serviceMinutes: { kind: 'lognormal', meanMinutes: 4, sdMinutes: 2 } }] });
    // One station (fastPathSingle.ts), one station with one server, and two stations in tandem (fastPath.ts).
    for (const s of [scenario({}), oneServer, { ...(tandem.scenario as NetworkScenario), horizonMinutes: 20_000, warmupMinutes: 2_000 }]) {
      const c = compileModel(networkModel(s));
      expect(canRunFast(c, { seed: 1, replication: 0, departures: true, lineWaits: true })).toBe(true);
      const fast = runOnce(c, { seed: 1, replication: 0, departures: true, lineWaits: true });
      const general = runOnce(c, { seed: 1, replication: 0, departures: true, lineWaits: true, fastPath: false });
      expect(fast.departures!.totalWait.length).toBeGreaterThan(100);
      expect(fast.departures).toEqual(general.departures);
      expect(fast.lineWaits).toEqual(general.lineWaits);
      expect(fast.values).toEqual(general.values);
      expect(runOnce(c, { seed: 1, replication: 0 }).departures).toBeNull();
      expect(runOnce(c, { seed: 1, replication: 0 }).lineWaits).toBeNull();
    }
  });

  it('customers who give up count at the station with their wait until leaving, not as NaN', () => {
    const s = scenario({ stations: [{ ...(mmc.stations as object[])[0], servers: 2, patienceMinutes: { kind: 'exponential', meanMinutes: 20 } }] });
    const r = runScenario(s, { seed: 5, replications: 2 });
    const want = samplesFromRecords(s, 5, 2);
    const sample = (key: string) => r.raw.samples[r.raw.sampleKeys.indexOf(key)];
    expect(want.visitWait.length).toBeGreaterThan(want.totalWait.length + 100);
    expect(Array.from(sample('steps.desk.waitMinutes')).every(Number.isFinite)).toBe(true);
    expect(sorted(sample('steps.desk.waitMinutes'))).toEqual(sorted(want.visitWait));
    expect(sorted(sample('patients.totalWaitMinutes'))).toEqual(sorted(want.totalWait));
    expect(sorted(sample('patients.timeInOfficeMinutes'))).toEqual(sorted(want.timeInSystem));
  });

  it('several stations, routing back and patience (the tandem and urgent-care presets): the same values as the records', () => {
    for (const file of ['tandem-network', 'urgent-care-network']) {
      const v = validateScenario(JSON.parse(readFileSync(new URL(`../../../scenarios/${file}.json`, import.meta.url), 'utf8')));
      if (!v.ok) throw new Error(`scenarios/${file}.json is invalid`);
      const s = { ...(v.scenario as NetworkScenario), horizonMinutes: 30_000, warmupMinutes: 3_000 };
      const r = runScenario(s, { seed: 2, replications: 2 });
      const c = compileModel(networkModel(s));
      const byStation = s.stations.map(() => [] as number[]);
      for (let rep = 0; rep < 2; rep++) {
        const pr = runOnce(c, { seed: 2, replication: rep, record: true }).records!;
        for (let k = 0; k < pr.visitCount; k++) {
          const p = pr.visitPatient[k];
          if (!(pr.arrival[p] >= s.warmupMinutes && pr.arrival[p] < s.horizonMinutes && (pr.outcome[p] === Outcome.departed || pr.outcome[p] === Outcome.leftUnseen))) continue;
          const start = pr.visitStart[k];
          byStation[pr.visitStep[k]].push((start === start ? start : pr.departure[p]) - pr.visitJoin[k]);
        }
      }
      const want = samplesFromRecords(s, 2, 2);
      const sample = (key: string) => r.raw.samples[r.raw.sampleKeys.indexOf(key)];
      s.stations.forEach((st, i) => expect(sorted(sample(`steps.${st.id}.waitMinutes`)), `${file} ${st.id}`).toEqual(sorted(byStation[i])));
      expect(sorted(sample('patients.totalWaitMinutes'))).toEqual(sorted(want.totalWait));
      expect(sorted(sample('patients.timeInOfficeMinutes'))).toEqual(sorted(want.timeInSystem));
    }
  });
});
