/**
 * The independent check (docs/clinic-day-reference-model.md): the reference clinic day, expressed as the
 * scenario scenarios/clinic-day-reference.json, against an independent SimPy implementation
 * (clinic_day_reference.json). The randomness-free day must match every patient's timeline to the minute;
 * over many replications every output must agree with the reference within |z| < 3, z = Δ / √(se_ref² +
 * se_sim²). Seed and replication count are fixed in advance (never tuned until a test passes).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inspectDay, runScenario, validateScenario, type OfficeResults, type OfficeScenario } from '../../src/sim/office';
import { quantileSorted } from '../../src/sim/stats';

const reference = JSON.parse(readFileSync('test/validation/clinic_day_reference.json', 'utf8'));
const scenarioJson = JSON.parse(readFileSync('scenarios/clinic-day-reference.json', 'utf8'));

function valid(json: unknown): OfficeScenario {
  const r = validateScenario(json);
  if (!r.ok) throw new Error(JSON.stringify(r.issues, null, 1));
  if (r.scenario.kind !== 'office') throw new Error('expected an office scenario');
  return r.scenario;
}

/** The reference's `deterministic_check` parameter changes, applied to the base scenario. */
function exactDayScenario(): OfficeScenario {
  const s = structuredClone(scenarioJson);
  const changes = reference.deterministic_check.parameter_changes;
  s.providers = s.providers.slice(0, changes.providers);
  s.examRooms.count = changes.exam_rooms;
  s.visitTypes[0].noShowProbability = changes.no_show_p;
  expect(changes.punctuality_sd).toBe(0);
  s.appointmentBook.punctualityMinutes = { kind: 'deterministic', valueMinutes: -5 };
  expect(changes.walkins_per_hour).toBe(0);
  delete s.walkIns;
  const fixed = (v: number[]) => ({ kind: 'deterministic', valueMinutes: v[0] });
  s.steps[0].durationMinutes = fixed(changes.checkin);
  s.steps[1].durationMinutes = fixed(changes.prep);
  s.steps[2].durationMinutes = fixed(changes.exam);
  s.steps[3].durationMinutes = fixed(changes.checkout);
  return valid(s);
}

/** Our results under the reference's output names. */
function outputs(r: OfficeResults) {
  return {
    w_checkin: r.steps.checkIn.waitMinutes,
    w_prep: r.steps.rooming.waitMinutes,
    w_provider: r.steps.exam.waitMinutes,
    w_checkout: r.steps.checkout.waitMinutes,
    total_wait: r.patients.totalWaitMinutes,
    time_in_system: r.patients.timeInOfficeMinutes,
    p90_total_wait_within_day: r.patients.totalWaitMinutes.daily!.p90,
    provider_utilisation_in_session: r.providers.utilisation,
    provider_idle_min_in_session: r.providers.idleMinutes,
    provider_overtime_min: r.providers.overtimeMinutes,
    clinic_overtime_min: r.providers.maxOvertimeMinutes,
    any_provider_overtime: r.providers.anyOvertime,
    last_departure_min_after_0800: r.day.lastDepartureMinutes,
    patients_seen: r.patients.seen,
    walkins_seen: r.patients.walkInsSeen,
  };
}

describe('reference clinic day: the exact, randomness-free day', () => {
  const scenario = exactDayScenario();
  const day = inspectDay(scenario, { seed: 'exact' });

  it('matches every patient\'s timeline to the minute', () => {
    const timeline = reference.deterministic_check.timeline;
    expect(day.patients).toHaveLength(timeline.length);
    expect(day.opensAt).toBe('08:00');
    timeline.forEach((ref: Record<string, number>, i: number) => {
      const p = day.patients[i];
      const [checkIn, rooming, exam, checkout] = p.visits;
      expect(p.visits.map((v) => v.step)).toEqual(['checkIn', 'rooming', 'exam', 'checkout']);
      const ours = {
        appointment: p.appointment,
        arrival: p.arrival,
        t_checkin_start: checkIn.start,
        t_prep_start: rooming.start,
        t_exam_start: exam.start,
        t_exam_end: exam.end,
        t_checkout_start: checkout.start,
        departure: p.departure,
      };
      for (const [k, v] of Object.entries(ours)) expect(v, `patient ${i} ${k}`).toBeCloseTo(ref[k], 9);
    });
  });

  it('matches every exact output', () => {
    const r = runScenario(scenario, { seed: 'exact', replications: 1 });
    if (r.kind !== 'office') throw new Error('office expected');
    const exact = reference.deterministic_check.results_exact;
    for (const [k, m] of Object.entries(outputs(r))) expect(m.mean, k).toBeCloseTo(exact[k], 9);
  });
});

describe('reference clinic day: statistics over many days', () => {
  const REPLICATIONS = 4000;
  const SEED = 'clinic-day-reference';
  const scenario = valid(scenarioJson);
  const r = runScenario(scenario, { seed: SEED, replications: REPLICATIONS });
  if (r.kind !== 'office') throw new Error('office expected');
  const ref = reference.base.results;
  const se = (halfWidth: number) => halfWidth / 1.96;

  it.each(Object.keys(outputs(r)))('%s agrees with the reference (|z| < 3)', (name) => {
    const m = outputs(r)[name as keyof ReturnType<typeof outputs>];
    const x = ref[name];
    expect(m.n).toBe(REPLICATIONS);
    const seSim = m.sd! / Math.sqrt(m.n);
    const z = (m.mean! - x.mean) / Math.sqrt(se(x.ci95_half_width) ** 2 + seSim ** 2);
    expect(Math.abs(z), `${name}: ours ${m.mean} vs ${x.mean}, z = ${z.toFixed(2)}`).toBeLessThan(3);
  });

  it('pooled p90 of the total wait agrees with the reference (|z| < 3, standard errors from batches)', () => {
    // The pooled percentile has no CI; estimate its standard error from 20 batches of replications, and the
    // reference's by scaling with its number of patients (se ∝ 1/√n).
    const samples = r.raw.samples[r.raw.sampleKeys.indexOf('patients.totalWaitMinutes')];
    const perRep = r.raw.columns[r.raw.repKeys.indexOf('patients.arrived')];
    const batches = 20;
    const per = REPLICATIONS / batches;
    const p90s: number[] = [];
    let offset = 0;
    for (let k = 0; k < batches; k++) {
      let n = 0;
      for (let i = k * per; i < (k + 1) * per; i++) n += perRep[i];
      p90s.push(quantileSorted(samples.slice(offset, offset + n).sort(), 0.9)!);
      offset += n;
    }
    expect(offset).toBe(samples.length);
    const mean = p90s.reduce((a, b) => a + b, 0) / batches;
    const sdBatch = Math.sqrt(p90s.reduce((a, b) => a + (b - mean) ** 2, 0) / (batches - 1));
    const seSim = sdBatch / Math.sqrt(batches);
    const refValue = reference.base.results.p90_total_wait_pooled_patients;
    const seRef = seSim * Math.sqrt(samples.length / refValue.n_patients);
    const z = (r.patients.totalWaitMinutes.p90! - refValue.value) / Math.sqrt(seSim ** 2 + seRef ** 2);
    expect(Math.abs(z), `pooled p90 ${r.patients.totalWaitMinutes.p90} vs ${refValue.value}, z = ${z.toFixed(2)}`).toBeLessThan(3);
  });
});
