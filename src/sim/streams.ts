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

/** Mash state after hashing one character (its UTF-16 code unit `code`) from state `n`. */
function mashChar(n: number, code: number): number {
  n += code;
  let h = 0.02519603282416938 * n;
  n = h >>> 0;
  h -= n;
  h *= n;
  n = h >>> 0;
  h -= n;
  return n + h * 0x100000000; // 2^32
}

/** Mash state `n` after hashing the characters of `text`, starting from state `n`. */
function mashText(n: number, text: string): number {
  for (let i = 0; i < text.length; i++) n = mashChar(n, text.charCodeAt(i));
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
  /** The group this stream was hashed with (see {@link StreamGroup}), and its index there. */
  group: StreamGroup | null = null;
  slot = 0;
  constructor(readonly name: string) {}

  /** Points this stream at (seed, replication, name). */
  reseed(seed: string | number, replication: number): void {
    this.reseedWith(new StreamSeedPrefix(seed, replication));
  }

  /** Points this stream at the stream of `prefix.text + name` (see {@link StreamSeedPrefix}). */
  reseedWith(prefix: StreamSeedPrefix): void {
    const group = this.group;
    if (group !== null) {
      if (group.prefix !== prefix) group.hash(prefix);
      const k = 3 * this.slot;
      this.s0 = group.state[k];
      this.s1 = group.state[k + 1];
      this.s2 = group.state[k + 2];
      this.c = 1;
      return;
    }
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

/**
 * Streams reseeded together, with one prefix each time (an office day's 14 streams): the first
 * `reseedWith(prefix)` of any member hashes every member's seed for that prefix, and each member's own
 * `reseedWith(prefix)` then copies its state. Same numbers as hashing one stream at a time.
 *
 * Why: Mash is a serial chain of floating-point operations per character (~60 characters per stream, ~10
 * µs a day for 14 streams one after the other), but the streams' chains are independent. Here they run in
 * lockstep, the inner loop over streams at one character position, so the CPU overlaps the chains.
 */
export class StreamGroup {
  /** The prefix `state` was hashed for (null: none yet). */
  prefix: StreamSeedPrefix | null = null;
  /** Per member (by slot): alea's s0, s1, s2 for `prefix`. */
  readonly state: Float64Array;
  /** Mash states during hashing, per slot. */
  private readonly mash: Float64Array;
  /** Name code units, position-major: codes[j * size + slot]. Slots are ordered by name length, longest first. */
  private readonly codes: Float64Array;
  /** active[j]: the number of slots whose name is longer than j (a prefix of the slots). */
  private readonly active: Int32Array;
  private readonly size: number;

  /** Groups `streams` (each may belong to one group only): sets their `group` and `slot`. */
  constructor(streams: readonly ReseedableStream[]) {
    const members = streams.slice().sort((a, b) => b.name.length - a.name.length);
    const size = members.length;
    const longest = size > 0 ? members[0].name.length : 0;
    this.size = size;
    this.state = new Float64Array(3 * size);
    this.mash = new Float64Array(size);
    this.codes = new Float64Array(longest * size);
    this.active = new Int32Array(longest);
    members.forEach((s, slot) => {
      if (s.group !== null) throw new Error(`stream '${s.name}' is already in a group`);
      s.group = this;
      s.slot = slot;
      for (let j = 0; j < s.name.length; j++) {
        this.codes[j * size + slot] = s.name.charCodeAt(j);
        this.active[j] = slot + 1;
      }
    });
  }

  /** Hashes every member's seed for `prefix` into `state` (alea's seeding, as in ReseedableStream.reseedWith). */
  hash(prefix: StreamSeedPrefix): void {
    const mash = this.mash;
    mash.fill(prefix.mashed);
    this.hashNames();
    this.store(0, SPACE_1);
    this.hashText(prefix.text);
    this.hashNames();
    this.store(1, SPACE_2);
    this.hashText(prefix.text);
    this.hashNames();
    this.store(2, SPACE_3);
    this.prefix = prefix;
  }

  /** Hashes each member's name into its Mash state. */
  private hashNames(): void {
    const mash = this.mash;
    const codes = this.codes;
    const active = this.active;
    const size = this.size;
    for (let j = 0; j < active.length; j++) {
      const end = active[j];
      const row = j * size;
      for (let s = 0; s < end; s++) mash[s] = mashChar(mash[s], codes[row + s]);
    }
  }

  /** Hashes `text` into every member's Mash state. */
  private hashText(text: string): void {
    const mash = this.mash;
    const size = this.size;
    for (let j = 0; j < text.length; j++) {
      const code = text.charCodeAt(j);
      for (let s = 0; s < size; s++) mash[s] = mashChar(mash[s], code);
    }
  }

  /** Stores alea's s_i = space_i − mash_i, wrapped into [0, 1), for every member. */
  private store(i: number, space: number): void {
    const mash = this.mash;
    const state = this.state;
    for (let s = 0; s < this.size; s++) {
      let v = space - (mash[s] >>> 0) * TWO_M32;
      if (v < 0) v += 1;
      state[3 * s + i] = v;
    }
  }
}
