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
export function makeStream(seed: string | number, replication: number, name: string): ReseedableStream {
  // seedrandom seeds the generator; its state then steps in a ReseedableStream (the same arithmetic as
  // seedrandom's, see below), whose `next` is one method shared by every stream. With seedrandom's own
  // closures each stream is a different function: a call site in a hot loop that sees two of them cannot
  // be inlined reliably, and every draw then comes back boxed (one heap allocation per draw).
  const s = new ReseedableStream(name);
  s.setState(alea(streamSeed(seed, replication, name), { state: true }).state());
  return s;
}

// Baagøe's Mash hash, as seedrandom 3.0.5's lib/alea.js runs it, split so a seed can be hashed in parts:
// the hash state `n` is a double carried from character to character, and alea's seeding hashes ' ' three
// times and then the seed three times, all with one state.
const TWO_M32 = 2.3283064365386963e-10; // 2^-32

/** Mash state `n` after hashing the characters of `text`, starting from state `n`. */
function mashText(n: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    n += text.charCodeAt(i);
    let h = 0.02519603282416938 * n;
    n = h >>> 0;
    h -= n;
    h *= n;
    n = h >>> 0;
    h -= n;
    n += h * 0x100000000; // 2^32
  }
  return n;
}

// The three hashes of ' ' that start every alea seeding do not depend on the seed: done once.
const MASH_SPACE_1 = mashText(0xefc8249d, ' ');
const MASH_SPACE_2 = mashText(MASH_SPACE_1, ' ');
const MASH_SPACE_3 = mashText(MASH_SPACE_2, ' ');
const SPACE_1 = (MASH_SPACE_1 >>> 0) * TWO_M32;
const SPACE_2 = (MASH_SPACE_2 >>> 0) * TWO_M32;
const SPACE_3 = (MASH_SPACE_3 >>> 0) * TWO_M32;

/**
 * The replication part of stream seeds: `streamSeed(seed, replication, name)` is `prefix + name`, and the
 * Mash state after the prefix's first hashing is shared by every stream of the replication.
 */
export class StreamSeedPrefix {
  /** `${seed}|${replication}|` */
  readonly text: string;
  /** Mash state after the three spaces and the prefix. */
  readonly mashed: number;
  constructor(seed: string | number, replication: number) {
    this.text = streamSeed(seed, replication, '');
    this.mashed = mashText(MASH_SPACE_3, this.text);
  }
}

/**
 * One named stream whose state is reseeded in place per replication: the same numbers as
 * `makeStream(seed, replication, name)` (seedrandom's alea, ported here statement for statement, checked
 * bit for bit against seedrandom by test/sim/streams.test.ts), without the generator's closures and seed
 * string built per replication, and with `next` a plain method that samplers can call monomorphically.
 */
export class ReseedableStream implements Stream {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private c = 1;
  constructor(readonly name: string) {}

  /** Points this stream at (seed, replication, name). */
  reseed(seed: string | number, replication: number): void {
    this.reseedWith(new StreamSeedPrefix(seed, replication));
  }

  /** Points this stream at the stream of `prefix.text + name` (see {@link StreamSeedPrefix}). */
  reseedWith(prefix: StreamSeedPrefix): void {
    const name = this.name;
    // alea's seeding: s_i = mash(' ')_i − mash(seed)_i, wrapped into [0, 1).
    let n = mashText(prefix.mashed, name);
    let s0 = SPACE_1 - (n >>> 0) * TWO_M32;
    if (s0 < 0) s0 += 1;
    n = mashText(mashText(n, prefix.text), name);
    let s1 = SPACE_2 - (n >>> 0) * TWO_M32;
    if (s1 < 0) s1 += 1;
    n = mashText(mashText(n, prefix.text), name);
    let s2 = SPACE_3 - (n >>> 0) * TWO_M32;
    if (s2 < 0) s2 += 1;
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.c = 1;
  }

  /** Sets the generator's state (as seedrandom's alea `state()` gives it). */
  setState(state: { c: number; s0: number; s1: number; s2: number }): void {
    this.s0 = state.s0;
    this.s1 = state.s1;
    this.s2 = state.s2;
    this.c = state.c;
  }

  next(): number {
    const t = 2091639 * this.s0 + this.c * TWO_M32;
    this.s0 = this.s1;
    this.s1 = this.s2;
    const c = t | 0;
    this.c = c;
    return (this.s2 = t - c);
  }
}
