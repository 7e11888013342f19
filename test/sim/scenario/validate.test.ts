import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CAPS,
  migrateScenario,
  scenarioHash,
  validateScenario,
  type Migration,
  type OfficeScenario,
  type ValidationIssue,
} from '../../../src/sim/scenario';

const dir = 'scenarios';
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const load = (f: string): Record<string, unknown> => JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'));
const clone = <T>(x: T): T => structuredClone(x);
/** Scenario JSON being mutated by a test: deliberately untyped, since tests break it on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;
/** The default scenario, as a mutable plain object. */
const base = () => load('default.json') as Doc;

function issuesOf(json: unknown): ValidationIssue[] {
  const r = validateScenario(json);
  if (r.ok) throw new Error('expected the scenario to be rejected');
  return r.issues;
}
const at = (issues: ValidationIssue[], path: string) => issues.filter((i) => i.path === path);

describe('shipped scenarios', () => {
  it('ships at least the scenarios the issue lists, and a default', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'default.json',
        'solo-family-practice.json',
        'pediatric-walk-ins.json',
        'overbooking-practice.json',
        'front-desk-checkout.json',
        'clinic-day-reference.json',
        'mmc-erlang-c.json',
        'tandem-network.json',
      ]),
    );
  });

  it.each(files)('%s validates with no warnings and names its source or says "illustrative assumption"', (f) => {
    const r = validateScenario(load(f));
    if (!r.ok) throw new Error(`${f}: ${JSON.stringify(r.issues, null, 1)}`);
    expect(r.warnings).toEqual([]);
    const notes = r.scenario.notes;
    expect(/illustrative assumption/i.test(notes) || /(docs|test)\/[\w/.-]+|\(\d{4}\)|\d{4}\b/.test(notes)).toBe(true);
  });
});

describe('structure', () => {
  it('fills in defaults and keeps the types inferred from the schema', () => {
    const r = validateScenario(load('clinic-day-reference.json'));
    if (!r.ok || r.scenario.kind !== 'office') throw new Error('expected an office scenario');
    const s: OfficeScenario = r.scenario;
    expect(s.staffPools[0].overtimeMultiplier).toBe(1.5);
    expect(s.steps[0].priority).toBe(0);
    expect(s.steps[0].usesExamRoom).toBe(false);
    expect(s.appointmentBook.policies).toEqual([]);
    expect(s.providers[0].role).toBe('physician');
    expect(r.migratedFrom).toBe(1);
  });

  it('reports an unknown key at its own path with a did-you-mean suggestion and the accepted keys', () => {
    const s = base();
    s.staffPools[0].headcont = 2;
    s.examRoms = { count: 3 };
    const issues = issuesOf(s);
    const [pool] = at(issues, '$.staffPools[0].headcont');
    expect(pool.message).toContain('unknown key "headcont"; did you mean "headcount"?');
    expect(pool.message).toContain('"wagePerHour"');
    expect(at(issues, '$.examRoms')[0].message).toContain('did you mean "examRooms"?');
  });

  it('reports every unknown key, not just the first', () => {
    const s = base();
    s.foo = 1;
    s.bar = 2;
    s.steps[0].baz = 3;
    const issues = issuesOf(s);
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['$.foo', '$.bar', '$.steps[0].baz']));
  });

  it('reports every problem at once, each with a path, what was wrong and what is accepted', () => {
    const s = base();
    s.examRooms.count = 0;
    s.staffPools[1].headcount = 2.5;
    s.sessions[0].start = '8:00';
    s.visitTypes[0].noShowProbability = 1.2;
    s.steps[1].durationMinutes = { kind: 'lognormal', meanMinutes: 7 };
    s.steps[2].durationMinutes.kind = 'lgnormal';
    s.steps[0].staff = ['frontdesk'];
    delete s.notes;
    const issues = issuesOf(s);
    const expectMsg = (path: string, ...parts: string[]) => {
      const found = at(issues, path);
      expect(found, `${path} in ${JSON.stringify(issues, null, 1)}`).toHaveLength(1);
      for (const p of parts) expect(found[0].message).toContain(p);
    };
    expectMsg('$.examRooms.count', 'got 0', 'from 1 to 200');
    expectMsg('$.staffPools[1].headcount', 'got 2.5', 'whole number');
    expectMsg('$.sessions[0].start', 'got "8:00"', '"HH:MM"');
    expectMsg('$.visitTypes[0].noShowProbability', 'got 1.2', 'probability from 0 to 1');
    expectMsg('$.steps[1].durationMinutes.sdMinutes', 'missing', '"sdMinutes"');
    expectMsg('$.steps[2].durationMinutes.kind', 'got kind "lgnormal"', 'did you mean "lognormal"?');
    expectMsg('$.steps[0].staff[0]', 'no staff pool "frontdesk"', 'did you mean "frontDesk"?');
    expectMsg('$.notes', 'missing');
    expect(issues).toHaveLength(8);
  });

  it('rejects non-objects, bad JSON text and wrong kinds at the root', () => {
    expect(issuesOf(42)[0]).toMatchObject({ path: '$' });
    expect(issuesOf(null)[0]).toMatchObject({ path: '$' });
    expect(issuesOf([])[0]).toMatchObject({ path: '$' });
    expect(issuesOf('{ "version": 1, ')[0]).toMatchObject({ path: '$', message: expect.stringContaining('not valid JSON') });
    const s = base();
    s.kind = 'ofice';
    expect(at(issuesOf(s), '$.kind')[0].message).toContain('"office" or "network"');
  });

  it('accepts scenario JSON given as text', () => {
    expect(validateScenario(readFileSync(`${dir}/default.json`, 'utf8')).ok).toBe(true);
  });
});

describe('cross-field checks', () => {
  it('catches impossible combinations before any simulation starts', () => {
    const s = base();
    s.staffPools[1].shifts[0].end = '07:00';
    s.steps[3].staff = ['phlebotomy'];
    s.providers[0].sessions = ['morning', 'evening'];
    s.pathways.followUp.push({ oneOf: [{ step: 'labDraw', probability: 0.7 }, { step: 'checkout', probability: 0.6 }] });
    s.pathways.acute[2] = { step: 'exam', returnTo: 'checkout', returnProbability: 0.2 };
    s.walkIns.ratesPerHour = [1, 2];
    s.staffPools.push({ ...clone(s.staffPools[0]) });
    delete s.pathways.newPatient;
    const issues = issuesOf(s);
    const paths = issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '$.staffPools[1].shifts[0].end',
        '$.steps[3].staff[0]',
        '$.providers[0].sessions[1]',
        '$.pathways.followUp[5].oneOf',
        '$.pathways.acute[2].returnTo',
        '$.walkIns.ratesPerHour',
        '$.staffPools[4].id',
        '$.pathways',
      ]),
    );
    expect(at(issues, '$.staffPools[1].shifts[0].end')[0].message).toContain('not after it starts');
    expect(at(issues, '$.pathways.followUp[5].oneOf')[0].message).toContain('add up to 1.3');
    expect(at(issues, '$.staffPools[4].id')[0].message).toContain('duplicate staff pool id "frontDesk"');
    expect(at(issues, '$.pathways')[0].message).toContain('visit type "newPatient" has no pathway');
  });

  it('catches a step that needs more members of a pool at once than the pool has', () => {
    const s = base();
    s.steps[4].staff = ['billing', 'billing'];
    expect(at(issuesOf(s), '$.steps[4].staff')[0].message).toContain('needs 2 members of "billing" at once, but the pool has 1');
  });

  it('checks distributions with the engine\'s own rules (a duration never negative)', () => {
    const s = base();
    s.steps[0].durationMinutes = { kind: 'normal', meanMinutes: 4, sdMinutes: 1 };
    s.steps[1].durationMinutes = { kind: 'uniform', minMinutes: 5, maxMinutes: 3 };
    s.examRooms.turnoverMinutes = { kind: 'empirical', values: [1, 2], weights: [1] };
    const issues = issuesOf(s);
    expect(at(issues, '$.steps[0].durationMinutes')[0].message).toContain('minMinutes');
    expect(at(issues, '$.steps[1].durationMinutes')[0].message).toContain('below maxMinutes');
    expect(at(issues, '$.examRooms.turnoverMinutes')[0].message).toContain('one weight per value');
  });

  it('allows a punctuality offset to be negative (not truncated)', () => {
    const s = base();
    s.appointmentBook.punctualityMinutes = { kind: 'normal', meanMinutes: -5, sdMinutes: 8 };
    expect(validateScenario(s).ok).toBe(true);
  });

  it('checks slots against the provider\'s sessions and slot lengths against their run', () => {
    const s = base();
    s.slotTemplates.q20[0].to = '12:20';
    s.slotTemplates.q15[1].lengthMinutes = 25;
    const issues = issuesOf(s);
    expect(at(issues, '$.slotTemplates.q15[1].lengthMinutes')[0].message).toContain('not a whole number of 25-minute slots');
    expect(at(issues, '$.providers[2].slotTemplate')[0].message).toContain('does not lie inside a session');
  });

  it('requires a provider for every session walk-ins can fall into', () => {
    const s = base();
    for (const p of s.providers) p.sessions = ['morning'];
    s.slotTemplates.q15.pop();
    s.slotTemplates.q20.pop();
    expect(at(issuesOf(s), '$.walkIns')[0].message).toContain('"afternoon", which no provider works');
  });

  it('checks float rules and alternatives', () => {
    const s = base();
    s.staffPools[3].float.steps = ['exam', 'checkin'];
    s.steps[2].alternative = { staff: ['ma'], durationMinutes: { kind: 'deterministic', valueMinutes: 5 } };
    const issues = issuesOf(s);
    expect(at(issues, '$.staffPools[3].float.steps[0]')[0].message).toContain('exactly one other staff pool');
    expect(at(issues, '$.staffPools[3].float.steps[1]')[0].message).toContain('did you mean "checkIn"?');
    expect(at(issues, '$.steps[2].alternative')[0].message).toContain('cannot have an alternative');
  });

  it('checks a network\'s references, routing probabilities and that customers can leave', () => {
    const s = load('tandem-network.json') as Doc;
    s.sources[0].to = 'frontdesk';
    s.routing.push({ from: 'provider', to: 'clinicalPrep', probability: 0.5 });
    s.warmupMinutes = s.horizonMinutes;
    const issues = issuesOf(s);
    expect(at(issues, '$.sources[0].to')[0].message).toContain('did you mean "frontDesk"?');
    expect(at(issues, '$.routing[2]')[0].message).toContain('adding up to 1.5');
    expect(at(issues, '$.warmupMinutes')[0].message).toContain('shorter than horizonMinutes');
    const loop = load('tandem-network.json') as Doc;
    loop.routing.push({ from: 'billing', to: 'frontDesk', probability: 1 });
    expect(at(issuesOf(loop), '$.routing')[0].message).toContain('never leave');
  });
});

describe('caps', () => {
  it('turns a runaway scenario into a clear error', () => {
    const s = base();
    s.examRooms.count = 100_000;
    s.providers = Array.from({ length: CAPS.providers + 1 }, (_, i) => ({ ...clone(s.providers[0]), id: `p${i}` }));
    const issues = issuesOf(s);
    expect(at(issues, '$.examRooms.count')[0].message).toContain('from 1 to 200');
    expect(at(issues, '$.providers')[0].message).toContain(`got ${CAPS.providers + 1} providers; expected 1–${CAPS.providers}`);
  });

  it('caps the expected patients per day and the network\'s visits per replication', () => {
    const s = base();
    s.slotTemplates.q15 = [{ from: '08:00', to: '12:00', lengthMinutes: 1, capacity: 10 }];
    s.slotTemplates.q20 = [{ from: '08:00', to: '12:00', lengthMinutes: 1, capacity: 10 }];
    expect(at(issuesOf(s), '$')[0].message).toContain(`at most ${CAPS.patientsPerDay}`);
    const n = load('mmc-erlang-c.json') as Doc;
    n.horizonMinutes = CAPS.horizonMinutes;
    n.sources[0].ratePerHour = 1000;
    expect(at(issuesOf(n), '$.horizonMinutes')[0].message).toContain('shorten the horizon');
  });

  it('limits the number of issues returned', () => {
    const s = base();
    for (let i = 0; i < 500; i++) s[`junk${i}`] = i;
    expect(issuesOf(s).length).toBeLessThanOrEqual(201);
  });
});

describe('versions and migrations', () => {
  it('rejects a missing, malformed or newer version with a $.version issue', () => {
    const s = base();
    delete s.version;
    expect(issuesOf(s)).toEqual([{ path: '$.version', message: expect.stringContaining('missing') }]);
    expect(issuesOf({ ...base(), version: '1' })[0]).toMatchObject({ path: '$.version' });
    expect(issuesOf({ ...base(), version: 2 })[0].message).toContain('newer ClinicFlow');
  });

  it('chains migrations from an old version up to the current one', () => {
    const migrations: Record<number, Migration> = {
      0: (d) => ({ ...d, renamed: d.old, old: undefined }),
      1: (d) => ({ ...d, added: true }),
    };
    const r = migrateScenario({ version: 0, old: 'x' }, migrations, 2);
    expect(r).toEqual({ ok: true, fromVersion: 0, doc: { version: 2, renamed: 'x', old: undefined, added: true } });
    const missing = migrateScenario({ version: 0 }, { 1: (d) => d }, 2);
    expect(missing.ok).toBe(false);
    const throwing = migrateScenario({ version: 1 }, { 1: () => { throw new Error('boom'); } }, 2);
    expect(throwing).toEqual({ ok: false, issues: [{ path: '$', message: expect.stringContaining('boom') }] });
  });
});

describe('scenario hash', () => {
  it('ignores key order and changes with any value', () => {
    const a = validateScenario(load('default.json'));
    const reordered = Object.fromEntries(Object.entries(load('default.json')).reverse());
    const b = validateScenario(reordered);
    const changed = base();
    changed.examRooms.count = 8;
    const c = validateScenario(changed);
    if (!a.ok || !b.ok || !c.ok) throw new Error('expected valid scenarios');
    expect(scenarioHash(a.scenario)).toBe(scenarioHash(b.scenario));
    expect(scenarioHash(a.scenario)).not.toBe(scenarioHash(c.scenario));
    expect(scenarioHash(a.scenario)).toMatch(/^[0-9a-f]{14}$/);
  });
});
