/**
 * Speeds of seedrandom's generators, in millions of uniforms per second: the measurement behind the
 * engine's choice of alea (src/sim/streams.ts).
 */
import seedrandom from 'seedrandom';
import alea from 'seedrandom/lib/alea.js';
import tychei from 'seedrandom/lib/tychei.js';
import xor128 from 'seedrandom/lib/xor128.js';
import xor4096 from 'seedrandom/lib/xor4096.js';
import xorshift7 from 'seedrandom/lib/xorshift7.js';
import xorwow from 'seedrandom/lib/xorwow.js';
import { median, repeat } from './measure';

/** One generator's figures. */
export interface RngSpeed {
  name: string;
  /** Median over the timed runs, millions of draws per second. */
  mDrawsPerSecond: number;
  runs: number;
}

const GENERATORS: Array<{ name: string; make: (seed: string) => () => number }> = [
  { name: 'seedrandom (ARC4, default)', make: (seed) => seedrandom(seed) },
  { name: 'alea', make: alea },
  { name: 'xor128', make: xor128 },
  { name: 'xorwow', make: xorwow },
  { name: 'xorshift7', make: xorshift7 },
  { name: 'xor4096', make: xor4096 },
  { name: 'tychei', make: tychei },
];

// Each generator gets its own copy of the draw loop, compiled from source: one shared loop would see seven
// different callees at `g()`, turn megamorphic and stop inlining, penalising whichever generator runs later.
// The generator's name makes each source distinct: V8 caches compiled code by source text.
const LOOP_SOURCE = 'let s = 0; for (let i = 0; i < n; i++) s += g(); return s;';

/**
 * Times `draws` calls of each generator, `runs` times after one warm-up pass.
 * @returns per generator, the median speed in millions of draws per second.
 */
export function rngSpeeds(draws: number, runs: number): RngSpeed[] {
  let sink = 0;
  const out = GENERATORS.map(({ name, make }) => {
    const g = make(`bench|${name}`);
    const loop = new Function('g', 'n', `${LOOP_SOURCE} // ${name}`) as (g: () => number, n: number) => number;
    const times = repeat(runs, 1, () => (sink += loop(g, draws))).map((r) => r.ms);
    return { name, mDrawsPerSecond: draws / 1e3 / median(times), runs };
  });
  // Every draw feeds `sink`, so the loops cannot be optimised away; a mean far from 0.5 means a broken run.
  if (!(Math.abs(sink / (draws * (runs + 1) * GENERATORS.length) - 0.5) < 0.01)) throw new Error(`implausible mean uniform: ${sink}`);
  return out;
}
