import { describe, expect, it } from 'vitest';
import { newProvider, policiesFor, policyOf, slotLength, type OfficeDraft } from '../../../src/ui/editor/draft';
import { validateScenario } from '../../../src/sim/office';
import { preview, switchKind } from '../../../src/ui/editor/distribution';
import { fieldId } from '../../../src/ui/editor/fieldId';
import { readScenarioText, fileNameFor } from '../../../src/ui/scenarioFiles';
import { unwrapStored, wrapStored } from '../../../src/ui/persist';
import defaultScenario from '../../../scenarios/default.json';

describe('editor logic', () => {
  it('booking policies: one policy with its parameter', () => {
    const d = structuredClone(defaultScenario) as unknown as OfficeDraft;
    expect(policyOf(d)).toEqual({ kind: 'none', value: null });
    d.appointmentBook = { ...d.appointmentBook, policies: policiesFor('doubleBookFirstSlots') };
    expect(policyOf(d)).toEqual({ kind: 'doubleBookFirstSlots', value: 2 });
    expect(policiesFor('extraPercent', 15)).toEqual([{ kind: 'extraPercent', percent: 15 }]);
    expect(policiesFor('baileyWelch')).toEqual([{ kind: 'baileyWelch' }]);
    expect(policiesFor('none')).toEqual([]);
    expect(slotLength([{ from: '08:00', to: '09:00', lengthMinutes: 15 }, { from: '10:00', to: '11:00', lengthMinutes: 20 }])).toBeNull();
  });

  it('switching a distribution kind keeps its mean; the preview states the exact mean', () => {
    const from = { kind: 'lognormal', meanMinutes: 13, sdMinutes: 5 };
    for (const kind of ['exponential', 'gamma', 'triangular', 'normal', 'erlang', 'deterministic'] as const) {
      const p = preview(switchKind(from, kind));
      expect(p, kind).not.toBeNull();
      expect(p?.mean ?? 0).toBeGreaterThan(11);
      expect(p?.mean ?? 0).toBeLessThan(15);
    }
    const p = preview(from);
    expect(p?.mean).toBeCloseTo(13, 6);
    expect(p?.bins.length).toBeGreaterThan(10);
    expect(preview({ kind: 'lognormal', meanMinutes: -1, sdMinutes: 1 })).toBeNull();
  });

  it('a new provider copies the last one under an unused id and name, and the scenario stays valid', () => {
    const d = structuredClone(defaultScenario) as unknown as OfficeDraft;
    const last = d.providers[d.providers.length - 1];
    const p = newProvider(d, last);
    expect(p).toMatchObject({ id: 'provider4', name: 'Provider 4', role: last.role, sessions: last.sessions, slotTemplate: last.slotTemplate, wagePerHour: last.wagePerHour });
    expect(p.sessions).not.toBe(last.sessions); // a copy, not shared with the original
    d.providers.push(p);
    expect(validateScenario(d).ok).toBe(true);
    // Ids and names already taken (by a provider or a staff pool) are skipped.
    d.staffPools[0].id = 'provider5';
    d.providers.push({ ...p, id: 'x', name: 'Provider 6' });
    expect(newProvider(d, p)).toMatchObject({ id: 'provider7', name: 'Provider 7' });
  });

  it('field ids come from JSON paths', () => {
    expect(fieldId('$.staffPools[0].headcount')).toBe('f-staffPools-0-headcount');
  });

  it('imports: bad JSON and invalid scenarios give problems with paths, a good file loads', () => {
    expect(readScenarioText('{ nope')).toMatchObject({ ok: false, issues: [{ path: '$' }] });
    const bad = readScenarioText(JSON.stringify({ ...defaultScenario, examRooms: { count: -1 } }));
    expect(bad.ok).toBe(false);
    expect(readScenarioText(JSON.stringify(defaultScenario)).ok).toBe(true);
    expect(fileNameFor('<b>Dr Who</b>', 'json')).toBe('b-dr-who-b.json');
  });

  it('stored work carries versions and is migrated on reading', () => {
    const stored = wrapStored(structuredClone(defaultScenario), 4, 300, new Date('2026-01-01T00:00:00Z'));
    expect(stored).toMatchObject({ store: 1, savedAt: '2026-01-01T00:00:00.000Z', seed: 4, replications: 300 });
    expect(unwrapStored(stored)?.scenario.name).toBe(defaultScenario.name);
    expect(unwrapStored({ scenario: { ...defaultScenario, version: 99 } })).toBeNull();
    expect(unwrapStored('junk')).toBeNull();
  });
});
