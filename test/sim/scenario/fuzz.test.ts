/**
 * Fuzz tests (fast-check; the failing seed and input are printed): random JSON and randomly mutated
 * shipped scenarios. No input may crash or hang the validator; every rejection carries a JSON path; every
 * accepted scenario runs (one replication) without crashing — at most a named error for a runaway day.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario, validateScenario } from '../../../src/sim/office';
import { SimulationError } from '../../../src/sim/errors';

type Json = unknown;
const shipped: Json[] = readdirSync('scenarios')
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(`scenarios/${f}`, 'utf8')));

function checkRejection(r: ReturnType<typeof validateScenario>): void {
  if (r.ok) return;
  expect(r.issues.length).toBeGreaterThan(0);
  for (const i of r.issues) {
    expect(i.path).toMatch(/^\$/);
    expect(typeof i.message).toBe('string');
    expect(i.message.length).toBeGreaterThan(0);
    expect(i.message).not.toContain('\u0000');
  }
}

/** Runs an accepted scenario briefly: it must finish, or stop with a named simulation error. */
function runBriefly(r: ReturnType<typeof validateScenario>): void {
  if (!r.ok) return;
  let s = r.scenario;
  if (s.kind === 'network') s = { ...s, horizonMinutes: Math.min(s.horizonMinutes, 2000), warmupMinutes: Math.min(s.warmupMinutes, 200) };
  try {
    runScenario(s, { seed: 1, replications: 1 });
  } catch (e) {
    if (!(e instanceof SimulationError) || e.name === 'InvariantError') throw e;
  }
}

/** Every path (as key lists) into a JSON value, the root included. */
function paths(x: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (Array.isArray(x)) x.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) out.push(...paths(v, [...prefix, k]));
  return out;
}

type Op = { at: number; kind: 'replace' | 'delete' | 'add' | 'scale' | 'duplicate'; value: Json; key: string; factor: number };

function mutate(doc: Json, ops: Op[]): Json {
  const d = structuredClone(doc) as Record<string, unknown>;
  for (const op of ops) {
    const all = paths(d).filter((p) => p.length > 0);
    if (all.length === 0) break;
    const path = all[op.at % all.length];
    const parent = path.slice(0, -1).reduce<any>((x, k) => x[k], d); // eslint-disable-line @typescript-eslint/no-explicit-any
    const key = path[path.length - 1];
    const current = parent[key];
    switch (op.kind) {
      case 'replace':
        parent[key] = structuredClone(op.value);
        break;
      case 'delete':
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
        break;
      case 'add':
        if (current && typeof current === 'object' && !Array.isArray(current)) current[op.key] = structuredClone(op.value);
        else if (Array.isArray(current)) current.push(structuredClone(op.value));
        break;
      case 'scale':
        if (typeof current === 'number') parent[key] = current * op.factor;
        break;
      case 'duplicate':
        if (Array.isArray(current) && current.length > 0) current.push(structuredClone(current[0]));
        break;
    }
  }
  return d;
}

const arbOp: fc.Arbitrary<Op> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('replace', 'delete', 'add', 'scale', 'duplicate'),
  value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(0, -1, 1e9, 0.5, '08:00', '25:99', 'provider', { kind: 'deterministic', valueMinutes: 0 })),
  key: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('id', 'kind', 'step', 'oneOf', 'returnTo', '__proto__')),
  factor: fc.constantFrom(0, -1, 0.001, 2, 10, 1000, Number.NaN),
});

describe('fuzz: the validator and the engine', () => {
  it('random JSON never crashes the validator, and every rejection has a path', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (json) => {
        const r = validateScenario(json);
        checkRejection(r);
        expect(r.ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('random objects with a scenario\'s top-level keys are rejected with paths', () => {
    const keys = ['version', 'kind', 'name', 'notes', 'openingHours', 'sessions', 'visitTypes', 'examRooms', 'staffPools', 'providers', 'steps', 'pathways', 'stations', 'sources'];
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 3 })), fc.constantFrom('office', 'network'), (doc, kind) => {
        const r = validateScenario({ ...doc, version: 1, kind });
        checkRejection(r);
        runBriefly(r);
      }),
      { numRuns: 300 },
    );
  });

  it('mutated shipped scenarios never crash or hang the validator or the engine', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: shipped.length - 1 }), fc.array(arbOp, { minLength: 1, maxLength: 4 }), (i, ops) => {
        const r = validateScenario(mutate(shipped[i], ops));
        checkRejection(r);
        runBriefly(r);
      }),
      { numRuns: 400 },
    );
  });

  it('text input: truncated and corrupted JSON is rejected at $', () => {
    const text = readFileSync('scenarios/default.json', 'utf8');
    fc.assert(
      fc.property(fc.nat({ max: text.length - 1 }), fc.string({ maxLength: 3 }), (cut, junk) => {
        const r = validateScenario(text.slice(0, cut) + junk);
        checkRejection(r);
      }),
      { numRuns: 200 },
    );
  });
});
