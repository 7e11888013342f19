import { describe, expect, it } from 'vitest';
import type { OfficeDraft } from '../../../src/ui/editor/draft';
import { defaultFloat, floatCandidates, servingOrder, sharedPools, soloPool, toggleFloatStep } from '../../../src/ui/editor/sharedPools';
import defaultScenario from '../../../scenarios/default.json';
import frontDeskCheckout from '../../../scenarios/front-desk-checkout.json';

const load = (s: unknown) => structuredClone(s) as OfficeDraft;

describe('shared staff pools', () => {
  it('a step served by one staff pool has that pool; the provider or a pair has none', () => {
    const d = load(frontDeskCheckout);
    expect(d.steps.map(soloPool)).toEqual(['frontDesk', 'ma', null, null, 'frontDesk']);
  });

  it('lists pools serving several steps in serving order (lower priority first, ties by step order)', () => {
    const d = load(frontDeskCheckout);
    const shared = sharedPools(d);
    expect(shared.map((s) => s.pool.id)).toEqual(['frontDesk']);
    expect(shared[0].steps.map((s) => [s.step.id, s.index])).toEqual([['checkout', 4], ['checkIn', 0]]);
    d.steps[4].priority = 1;
    expect(sharedPools(d)[0].steps.map((s) => s.step.id)).toEqual(['checkIn', 'checkout']);
    expect(servingOrder('Front desk', ['Check-in', 'Checkout'])).toBe('Front desk: check-in first, then checkout');
    expect(servingOrder('Nurses', ['A', 'B', 'C'])).toBe('Nurses: a first, then b, then c');
  });

  it('in the default office the front desk is shared once checkout moves to it', () => {
    const d = load(defaultScenario);
    expect(sharedPools(d).map((s) => s.pool.id)).toEqual(['ma']); // rooming and lab draws
    d.steps.find((s) => s.id === 'checkout')!.staff[0] = 'frontDesk';
    const shared = sharedPools(d);
    expect(shared.map((s) => s.pool.id)).toEqual(['frontDesk', 'ma']);
    expect(shared[0].steps.map((s) => s.step.id)).toEqual(['checkIn', 'checkout']);
  });

  it('float rules: candidate steps, toggling in step order, a default for the office manager', () => {
    const d = load(frontDeskCheckout);
    expect(floatCandidates(d, 'manager').map((s) => s.id)).toEqual(['checkIn', 'rooming', 'checkout']);
    expect(floatCandidates(d, 'frontDesk').map((s) => s.id)).toEqual(['rooming']);
    expect(toggleFloatStep(d, ['checkIn'], 'checkout', true)).toEqual(['checkIn', 'checkout']);
    expect(toggleFloatStep(d, ['checkout'], 'checkIn', true)).toEqual(['checkIn', 'checkout']);
    expect(toggleFloatStep(d, ['checkIn', 'checkout'], 'checkIn', false)).toEqual(['checkout']);
    expect(defaultFloat(d, 'manager')).toEqual({ steps: ['checkIn', 'rooming', 'checkout'], lineAtLeast: 3 });
  });
});
