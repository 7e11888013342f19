import { describe, expect, it } from 'vitest';
import { makeStream } from '../../src/sim/streams';
import { DistributionError, makeSampler, type DistributionSpec } from '../../src/sim/distributions';
import { makeTypedSampler, mapUniforms, MapScratch } from '../../src/sim/typedSampler';
import reference from './samplerReference.json';
import { CountingStream } from './replayStream';

const SPECS: Record<string, DistributionSpec> = {
  exponential: { kind: 'exponential', meanMinutes: 12 },
  deterministic: { kind: 'deterministic', valueMinutes: 7 },
  uniform: { kind: 'uniform', minMinutes: 5, maxMinutes: 15 },
  triangular: { kind: 'triangular', minMinutes: 2, modeMinutes: 5, maxMinutes: 15 },
  'triangular, mode at the minimum': { kind: 'triangular', minMinutes: 1, modeMinutes: 1, maxMinutes: 4 },
  'normal, barely truncated': { kind: 'normal', meanMinutes: 10, sdMinutes: 3, minMinutes: 0 },
  'normal, truncated below the mean': { kind: 'normal', meanMinutes: 5, sdMinutes: 4, minMinutes: 3 },
  'normal, truncated 2 sd above the mean': { kind: 'normal', meanMinutes: 0, sdMinutes: 1, minMinutes: 2 },
  'normal, truncated 40 sd above the mean': { kind: 'normal', meanMinutes: 0, sdMinutes: 1, minMinutes: 40 },
  'normal, sd 0, truncated': { kind: 'normal', meanMinutes: 3, sdMinutes: 0, minMinutes: 5 },
  'normal offset (untruncated)': { kind: 'normal', meanMinutes: -5, sdMinutes: 8 },
  lognormal: { kind: 'lognormal', meanMinutes: 3.5, sdMinutes: 1.5 },
  'lognormal, sd 0': { kind: 'lognormal', meanMinutes: 7, sdMinutes: 0 },
  'gamma, shape 9': { kind: 'gamma', meanMinutes: 15, sdMinutes: 5 },
  'gamma, shape 1': { kind: 'gamma', meanMinutes: 10, sdMinutes: 10 },
  'gamma, shape 0.25': { kind: 'gamma', meanMinutes: 10, sdMinutes: 20 },
  erlang: { kind: 'erlang', k: 3, meanMinutes: 12 },
  'erlang, k 1': { kind: 'erlang', k: 1, meanMinutes: 12 },
  empirical: { kind: 'empirical', values: [20, 5, 10, 7], weights: [1, 1, 2, 0] },
  'empirical, equal weights': { kind: 'empirical', values: [3, 1, 2] },
  empiricalContinuous: { kind: 'empiricalContinuous', samplesMinutes: [3, 8, 4, 15, 6] },
};

/** Uniforms at and around every branch point of the inverse CDFs (0, Φ⁻¹'s central region, 1 − 2⁻³²). */
const EDGES = [0, 2 ** -33, 2 ** -32, 1e-12, 0.02425, 0.075, 0.0750000001, 0.0749999999, 0.2, 0.5, 0.925, 0.9250000001,
  0.9249999999, 0.97575, 0.999, 1 - 2 ** -32, 0.3, 1 / 3, 0.6, 2 / 3, 0.75];

/**
 * Reference draws, recorded from the closure samplers that distributions.ts had before it became a wrapper
 * over TypedSampler (commit a0b8b2c, where both implementations existed and agreed bit for bit): per spec,
 * an FNV-1a/sum digest of the bits of 50,000 draws from `makeStream(20240601, 3, 'test/<name>')`, and the
 * variates of the EDGES uniforms. So the single implementation is still checked against an independent one.
 */
const REFERENCE = reference as unknown as Record<string, [string, number[]]>;

/** FNV-1a over both 32-bit words of each draw, and their sum, as 16 hex digits. */
function digest(draw: () => number, n: number): string {
  const f = new Float64Array(1);
  const w = new Uint32Array(f.buffer);
  let h1 = 0x811c9dc5;
  let h2 = 0;
  for (let k = 0; k < n; k++) {
    f[0] = draw();
    h1 = Math.imul(h1 ^ w[0], 16777619) >>> 0;
    h1 = Math.imul(h1 ^ w[1], 16777619) >>> 0;
    h2 = (h2 + w[0] + w[1]) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

describe('typed samplers', () => {
  for (const [name, spec] of Object.entries(SPECS)) {
    it(`${name}: the reference variates, bit for bit, through drawInto and through makeSampler`, () => {
      const [wantDigest, wantEdges] = REFERENCE[name];
      const typed = makeTypedSampler(spec, makeStream(20240601, 3, `test/${name}`));
      const out = new Float64Array(3);
      let k = 0;
      expect(digest(() => {
        typed.drawInto(out, k % 3);
        return out[k++ % 3];
      }, 50_000)).toBe(wantDigest);
      expect(digest(makeSampler(spec, makeStream(20240601, 3, `test/${name}`)), 50_000)).toBe(wantDigest);
      const edgeTyped = makeTypedSampler(spec, new CountingStream(EDGES));
      const edges = EDGES.map(() => {
        edgeTyped.drawInto(out, 0);
        return out[0];
      });
      // toEqual uses Object.is for numbers: −0 and 0, NaN and bits all count.
      expect(edges).toEqual(wantEdges);
    });
  }

  it('mapUniforms maps a block of uniforms, each through its own sampler, to what drawInto gives, bit for bit', () => {
    const samplers = Object.values(SPECS).map((spec) => makeTypedSampler(spec, new CountingStream([0.5])));
    const stream = makeStream(20240601, 3, 'test/mapUniforms');
    const n = 20_000;
    const which = Int32Array.from({ length: n }, (_, i) => (i * 7 + (i >> 3)) % samplers.length);
    const uniforms = Float64Array.from({ length: n }, (_, i) => (i < EDGES.length * samplers.length ? EDGES[i % EDGES.length] : stream.next()));
    const want = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const t = makeTypedSampler(Object.values(SPECS)[which[i]], new CountingStream([uniforms[i]]));
      t.drawInto(want, i);
    }
    const got = Float64Array.from(uniforms);
    mapUniforms(samplers, which, got, 0, n, new MapScratch());
    expect(got).toEqual(want);
    // A sub-range, and one sampler for all (which = null): only out[from … to − 1] changes.
    const lognormal = [makeTypedSampler(SPECS.lognormal, new CountingStream([0.5]))];
    const part = Float64Array.from(uniforms);
    mapUniforms(lognormal, null, part, 100, 5000, new MapScratch());
    const ref = makeTypedSampler(SPECS.lognormal, new CountingStream(Array.from(uniforms.subarray(100, 5000))));
    for (let i = 0; i < n; i++) {
      if (i < 100 || i >= 5000) expect(part[i]).toBe(uniforms[i]);
      else {
        ref.drawInto(want, i);
        expect(part[i]).toBe(want[i]);
      }
    }
  });

  it('reject an invalid spec with a DistributionError', () => {
    expect(() => makeTypedSampler({ kind: 'lognormal', meanMinutes: -1, sdMinutes: 1 }, new CountingStream([0.5]))).toThrowError(
      DistributionError,
    );
  });
});
