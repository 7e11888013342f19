import { describe, expect, it } from 'vitest';
import alea from 'seedrandom/lib/alea.js';
import { makeStream, ReseedableStream, StreamGroup, StreamSeedPrefix, streamSeed } from '../../src/sim/streams';

describe('named random streams', () => {
  it('golden: the first values of a stream for a fixed seed never change', () => {
    const s = makeStream(42, 0, 'arrivals/walk-in');
    const first = [s.next(), s.next(), s.next()];
    expect(first).toMatchInlineSnapshot(`
      [
        0.9237366653978825,
        0.33979747584089637,
        0.8469959888607264,
      ]
    `);
  });

  it('same (seed, replication, name) gives the same sequence; any part changed gives another', () => {
    const draw = (seed: number, rep: number, name: string) => {
      const s = makeStream(seed, rep, name);
      return Array.from({ length: 5 }, () => s.next());
    };
    expect(draw(7, 3, 'service/check-in')).toEqual(draw(7, 3, 'service/check-in'));
    expect(draw(7, 3, 'service/check-in')).not.toEqual(draw(7, 4, 'service/check-in'));
    expect(draw(7, 3, 'service/check-in')).not.toEqual(draw(8, 3, 'service/check-in'));
    expect(draw(7, 3, 'service/check-in')).not.toEqual(draw(7, 3, 'service/checkout'));
  });

  it('seed parts are separated, so (1, 23) and (12, 3) do not collide', () => {
    expect(streamSeed(1, 23, 'x')).not.toBe(streamSeed(12, 3, 'x'));
    const a = makeStream(1, 23, 'x').next();
    const b = makeStream(12, 3, 'x').next();
    expect(a).not.toBe(b);
  });

  it('draws lie in [0, 1)', () => {
    const s = makeStream('seed', 0, 'range');
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = s.next();
      if (!(u >= 0 && u < 1)) outside++;
    }
    expect(outside).toBe(0);
  });

  it('a reseedable stream draws exactly what seedrandom\'s own alea draws for the same seed, reseeded any number of times', () => {
    const names = ['arrivals/walk-in', 'service/checkIn', 'after/exam', 'no-show', '', 'é/日本/\u{1F600}', 'x'.repeat(300)];
    const seeds: Array<string | number> = [0, 1, 42, 20240601, -7, 0.5, 1e21, 'golden', '', 'seed with spaces|and bars'];
    const streams = names.map((n) => new ReseedableStream(n));
    for (const seed of seeds)
      for (const rep of [0, 1, 9, 10, 999, 123456]) {
        const prefix = new StreamSeedPrefix(seed, rep);
        streams.forEach((s, i) => {
          if (i % 2 === 0) s.reseedWith(prefix);
          else s.reseed(seed, rep);
          const ref = alea(streamSeed(seed, rep, s.name));
          for (let k = 0; k < 50; k++) expect(s.next()).toBe(ref());
        });
      }
  });

  it('streams hashed in lockstep as a group draw exactly what seedrandom\'s alea draws, whatever the order of reseeding', () => {
    const names = ['arrivals/walk-in', 'service/checkIn', 'after/exam', 'no-show', '', 'é/日本/\u{1F600}', 'x'.repeat(300), 'route'];
    const streams = names.map((n) => new ReseedableStream(n));
    new StreamGroup(streams);
    expect(() => new StreamGroup([streams[0]])).toThrow(/already in a group/);
    const prefixes = [0, 1, 42, 'golden', '', 'seed with spaces|and bars'].flatMap((seed) => [0, 7, 123456].map((rep) => ({ seed, rep, prefix: new StreamSeedPrefix(seed, rep) })));
    prefixes.forEach(({ seed, rep, prefix }, k) => {
      // Reseed in a varying order, drawing in between; reseeding again with the same prefix restarts the stream.
      const order = streams.map((_, i) => (i * (k + 3)) % streams.length);
      for (const i of order) {
        const s = streams[i];
        s.reseedWith(prefix);
        s.next();
        s.reseedWith(prefix);
        const ref = alea(streamSeed(seed, rep, s.name));
        for (let j = 0; j < 20; j++) expect(s.next()).toBe(ref());
      }
      // A member reseeded on its own (another prefix) does not disturb the others' next reseeding.
      streams[1].reseed(seed, rep + 1);
      expect(streams[1].next()).toBe(alea(streamSeed(seed, rep + 1, streams[1].name))());
    });
  });
});
