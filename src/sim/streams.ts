/**
 * Named random streams. Every random source in a run (arrivals, each step's durations, no-shows…) draws
 * from its own stream, seeded from (scenario seed, replication, stream name). Adding a receptionist never
 * shifts the numbers drawn for arrivals, and a replication gives the same numbers whichever worker runs it.
 */
import alea from 'seedrandom/lib/alea.js';

/** A source of uniforms on [0, 1). alea has 32-bit resolution, so 0 occurs (about once in 4·10⁹ draws). */
export interface Stream {
  /** The next uniform on [0, 1). */
  next(): number;
}

/**
 * The stream seed for (seed, replication, name). Parts are joined with a separator that cannot occur in
 * a number, so ("1", 23, "x") and ("12", 3, "x") never collide.
 */
export function streamSeed(seed: string | number, replication: number, name: string): string {
  return `${seed}|${replication}|${name}`;
}

/**
 * A seeded stream for one named source in one replication. Generator: seedrandom's `alea`, chosen by
 * measurement (`npm run bench` prints the generators' speeds: ARC4, the default, is several times slower).
 */
export function makeStream(seed: string | number, replication: number, name: string): Stream {
  const prng = alea(streamSeed(seed, replication, name));
  return { next: prng };
}
