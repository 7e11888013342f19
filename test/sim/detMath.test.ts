/**
 * detMath: deterministic exp, log, log1p, expm1, pow and tan.
 *
 * THE POINT OF THE COMPARISONS BELOW: this suite runs under Node 20 (V8 11.3), whose Math.exp/log/log1p/
 * expm1/pow/tan ARE fdlibm ports (V8's src/base/ieee754.cc). detMath re-implements the same algorithms in
 * plain JavaScript, so under Node 20 every result must equal Math.* bit for bit (Object.is, which also
 * tells −0 from +0 and matches NaN). That equality is what lets the simulation core switch to detMath
 * without changing any golden result, while the browser (a newer V8 whose Math.* differ in the last bit)
 * now computes the same numbers as Node. Under another engine these Math.* comparisons are not expected
 * to hold; the golden list at the end must hold everywhere.
 */
import { describe, expect, it } from 'vitest';
import { exp, expm1, log, log1p, log1pNeg, pow, tan } from '../../src/sim/detMath';

const onNode20 = typeof process !== 'undefined' && process.versions.node.startsWith('20.');

// A small deterministic generator (xorshift32) so that the inputs are the same on every run.
let state = 0x9e3779b9;
function next32(): number {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return state >>> 0;
}
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
/** Any double: random 64 bits (so NaNs, ±Infinity, subnormals, both signs, all exponents). */
function anyBits(): number {
  U32[0] = next32();
  U32[1] = next32();
  return F64[0];
}
/** Uniform in [a, b). */
function uniform(a: number, b: number): number {
  return a + (b - a) * ((next32() + next32() / 4294967296) / 4294967296);
}
/** ±2^e·(1 + f) with e uniform in [lo, hi) (a log-uniform spread of magnitudes), random sign if signed. */
function magnitude(lo: number, hi: number, signed: boolean): number {
  const x = Math.pow(2, Math.floor(uniform(lo, hi))) * (1 + uniform(0, 1));
  return signed && next32() & 1 ? -x : x;
}
/** x moved by k ulps (k may be negative), through the bit pattern; for finite positive x. */
function ulps(x: number, k: number): number {
  F64[0] = x;
  const lo = U32[0] + k;
  U32[1] += Math.floor(lo / 4294967296);
  U32[0] = lo >>> 0;
  return F64[0];
}

const SPECIALS = [
  0, -0, Infinity, -Infinity, NaN, 1, -1, 2, -2, 0.5, -0.5, Number.MIN_VALUE, -Number.MIN_VALUE,
  Number.MAX_VALUE, -Number.MAX_VALUE, 2.2250738585072014e-308, 2.225073858507201e-308, Number.EPSILON,
  Math.PI, Math.E, Math.LN2, Math.SQRT2, Math.SQRT1_2, 1e-300, 1e300, 3, 10, 0.1, -0.1,
];

type Unary = (x: number) => number;

/** Compare f with ref on every input; returns the number of mismatches and a few examples. */
function compareUnary(f: Unary, ref: Unary, inputs: Iterable<number>): { count: number; mismatches: number; examples: string[] } {
  let count = 0;
  let mismatches = 0;
  const examples: string[] = [];
  for (const x of inputs) {
    count++;
    const got = f(x);
    const want = ref(x);
    if (!Object.is(got, want)) {
      mismatches++;
      if (examples.length < 5) examples.push(`x=${x}: got ${got}, Math gives ${want}`);
    }
  }
  return { count, mismatches, examples };
}

/** `n` draws from each generator, plus the specials. */
function* draws(n: number, generators: (() => number)[], extra: number[] = [], specials = SPECIALS): Generator<number> {
  yield* specials;
  yield* extra;
  for (const g of generators) for (let i = 0; i < n; i++) yield g();
}

/** x and its neighbours within ±k ulps, for each x (finite, positive or negative). */
function neighbourhoods(xs: number[], k: number): number[] {
  const out: number[] = [];
  for (const x of xs) {
    for (let d = -k; d <= k; d++) {
      const a = Math.abs(x);
      if (a === 0 || !Number.isFinite(a)) continue;
      const y = ulps(a, d);
      out.push(x < 0 ? -y : y);
    }
  }
  return out;
}

const EXP_OVER = 7.09782712893383973096e2;
const EXP_UNDER = -7.45133219101941108420e2;
const LN2 = Math.LN2;

/**
 * FNV-1a (32-bit) over both words of f(x) for every input, with the input count: a fingerprint of f's bits
 * on those inputs.
 */
function fingerprint(f: Unary, inputs: Iterable<number>): { count: number; digest: string } {
  let h = 0x811c9dc5;
  let count = 0;
  for (const x of inputs) {
    F64[0] = f(x);
    h = Math.imul(h ^ U32[0], 0x01000193);
    h = Math.imul(h ^ U32[1], 0x01000193);
    count++;
  }
  return { count, digest: `${count}:${(h >>> 0).toString(16).padStart(8, '0')}` };
}

function report(name: string, r: { count: number; mismatches: number; examples: string[] }): void {
  expect(r.count).toBeGreaterThanOrEqual(1_000_000);
  expect({ name, mismatches: r.mismatches, examples: r.examples }).toEqual({ name, mismatches: 0, examples: [] });
}

describe.runIf(onNode20)('detMath equals Node 20 Math.* bit for bit', () => {
  it('exp', () => {
    const r = compareUnary(exp, Math.exp, draws(200_000, [
      anyBits,
      () => uniform(EXP_UNDER - 1, EXP_OVER + 1),
      () => uniform(-2, 2),
      () => magnitude(-80, -20, true), // tiny: the |x| < 2^-28 shortcut and around it
      () => uniform(-1.5 * LN2, 1.5 * LN2), // the k = ±1 reduction
      () => (next32() & 1 ? uniform(EXP_OVER - 1, EXP_OVER + 0.01) : uniform(EXP_UNDER - 0.01, -708)), // o/uflow edges
    ], neighbourhoods([EXP_OVER, EXP_UNDER, 0.5 * LN2, 1.5 * LN2, -0.5 * LN2, -1.5 * LN2, 1, -1, 2 ** -28, -(2 ** -28), -708.3964185322641, -709.0895657128241], 200)));
    report('exp', r);
  });

  it('log', () => {
    const r = compareUnary(log, Math.log, draws(200_000, [
      anyBits,
      () => Math.abs(anyBits()),
      () => uniform(0.9, 1.1), // near 1
      () => ulps(1, Math.floor(uniform(-2e6, 2e6))), // very near 1 (|f| < 2^-20 branch)
      () => magnitude(-1074, -1022, false), // subnormal
      () => magnitude(-1022, 1024, false),
    ], neighbourhoods([1, Math.SQRT2, Math.SQRT1_2, 2, 0.5, Number.MIN_VALUE, 2.2250738585072014e-308, Number.MAX_VALUE], 200)));
    report('log', r);
  });

  it('log1p', () => {
    const r = compareUnary(log1p, Math.log1p, draws(200_000, [
      anyBits,
      () => uniform(-1, 1),
      () => magnitude(-70, -10, true), // near 0 (incl. the 2^-29 and 2^-54 shortcuts)
      () => uniform(-0.3, 0.42), // the k = 0 range and its edges
      () => magnitude(-1, 1100, false), // large (incl. ≥ 2^53, where 1 + x is not formed)
      () => -1 + magnitude(-60, -1, false), // just above −1
    ], neighbourhoods([-1, Math.SQRT2 - 1, Math.SQRT1_2 - 1, -0.2928932188134524, 0.41421356237309503, 2 ** -29, -(2 ** -29), 2 ** -54, 2 ** 53, 1], 300)));
    report('log1p', r);
  });

  it('expm1', () => {
    const r = compareUnary(expm1, Math.expm1, draws(200_000, [
      anyBits,
      () => uniform(-40, EXP_OVER + 1),
      () => uniform(-2, 2),
      () => magnitude(-70, -10, true), // near 0
      () => uniform(-60 * LN2, 60 * LN2), // all the k branches, incl. the −56·ln2 cut-off
      () => uniform(EXP_OVER - 1, EXP_OVER + 0.01),
    ], neighbourhoods([EXP_OVER, 56 * LN2, -56 * LN2, 0.5 * LN2, 1.5 * LN2, -0.5 * LN2, -1.5 * LN2, 2 ** -54, 20 * LN2, 57 * LN2], 200)));
    report('expm1', r);
  });

  it('tan on |x| < 2.3561935424804688 (just under 3π/4), the supported domain', () => {
    const hiPio2 = 1.5707963267948966;
    const r = compareUnary(tan, Math.tan, draws(200_000, [
      () => uniform(0, hiPio2), // the core's use: (0, π/2)
      () => uniform(-2.3561935, 2.3561935),
      () => magnitude(-60, -1, true),
      () => ulps(hiPio2, -Math.floor(uniform(0, 1e6))), // near π/2 (high word 0x3ff921fb)
      () => ulps(0.7853981633974483, Math.floor(uniform(-1e6, 1e6))), // around π/4 and the 0.6744 switch
    ], neighbourhoods([hiPio2, -hiPio2, 0.7853981633974483, 0.6744, 2 ** -28, 2.3561935424804683], 200).filter((x) => Math.abs(x) < 2.3561935424804688),
    SPECIALS.filter((x) => !(Math.abs(x) >= 2.3561935424804688))));
    report('tan', r);
  });

  it('pow', () => {
    let count = 0;
    let mismatches = 0;
    const examples: string[] = [];
    const check = (x: number, y: number) => {
      count++;
      const got = pow(x, y);
      const want = Math.pow(x, y);
      if (!Object.is(got, want)) {
        mismatches++;
        if (examples.length < 5) examples.push(`pow(${x}, ${y}): got ${got}, Math gives ${want}`);
      }
    };
    const ys = [...SPECIALS, 0.5, -0.5, 3, -3, 2 ** 31 + 1, 2 ** 53, 2 ** 64, 2 ** 65, 1 / 3, 1e-5];
    for (const x of SPECIALS) for (const y of ys) check(x, y);
    for (let i = 0; i < 200_000; i++) {
      check(anyBits(), anyBits()); // anything
      check(uniform(0, 10), uniform(-20, 20)); // the core's use: positive base, moderate exponent
      check(magnitude(-1074, 1024, false), uniform(-3, 3)); // all magnitudes of x, incl. subnormal
      check(uniform(0, 1), 2 / uniform(1, 200)); // as in Hill's Student t guess: (d·P)^(2/df)
      check(-magnitude(-20, 20, false), Math.floor(uniform(-60, 60))); // negative base, integer exponent
      check(ulps(1, Math.floor(uniform(-1e6, 1e6))), magnitude(30, 70, true)); // x near 1, |y| > 2^31
      check(magnitude(-1074, -1000, false), uniform(0.9, 1.1)); // subnormal results
      check(uniform(1, 2), uniform(1000, 1100)); // overflow / underflow edge (z near ±1024)
    }
    expect(count).toBeGreaterThanOrEqual(1_000_000);
    expect({ mismatches, examples }).toEqual({ mismatches: 0, examples: [] });
  });
});

describe('detMath', () => {
  it('gives these values on every engine (golden list)', () => {
    // Under Node 20 these are also Math.*'s values.
    const unary: [Unary, number, number][] = [
      [exp, 1, 2.718281828459045],
      [exp, -1, 0.36787944117144233],
      [exp, 10, 22026.465794806718],
      [exp, -10, 0.00004539992976248485],
      [exp, 709.78, 1.7928227943945155e308],
      [exp, -745.1, 5e-324],
      [log, 10, 2.302585092994046],
      [log, 1e-300, -690.7755278982137],
      [log, 5e-324, -744.4400719213812],
      [log, 1.0000000001, 1.000000082690371e-10],
      [log, 123456.789, 11.723646487185881],
      [log1p, 1e-10, 9.999999999500001e-11],
      [log1p, -0.5, -0.6931471805599453],
      [log1p, 0.41421356, 0.34657358860194104],
      [log1p, -0.29289, -0.3465690382006941],
      [expm1, 1e-10, 1.00000000005e-10],
      [expm1, 0.3, 0.3498588075760031],
      [expm1, -1, -0.6321205588285577],
      [expm1, 30, 10686474581523.463],
      [expm1, 700, 1.0142320547350045e304],
      [tan, 1, 1.5574077246549023],
      [tan, 0.7853981633974483, 0.9999999999999999],
      [tan, 1.5, 14.101419947171719],
      [tan, 1.5707963267948966, 16331239353195370],
    ];
    for (const [f, x, want] of unary) expect([f.name, x, f(x)]).toEqual([f.name, x, want]);
    const binary: [number, number, number][] = [
      [2, 0.5, 1.4142135623730951],
      [10, -3, 0.001],
      [1.5, 2 / 3, 1.3103706971044482],
      [0.05, 1 / 0.7, 0.013847957451526881],
      [7.5, 0.28571428571428575, 1.7783510833442486],
      [1e-300, 1.05, 1e-315],
      [3, 1e-5, 1.0000109861832343],
      [1.0000001, 3e9, 1.9423975992963885e130],
    ];
    for (const [x, y, want] of binary) expect([x, y, pow(x, y)]).toEqual([x, y, want]);
  });

  it('handles the special values like Math.*', () => {
    expect(exp(NaN)).toBeNaN();
    expect(exp(-Infinity)).toBe(0);
    expect(exp(Infinity)).toBe(Infinity);
    expect(log(-0)).toBe(-Infinity);
    expect(log(-1)).toBeNaN();
    expect(Object.is(log1p(-0), -0)).toBe(true);
    expect(log1p(-1)).toBe(-Infinity);
    expect(expm1(-Infinity)).toBe(-1);
    expect(Object.is(expm1(-0), -0)).toBe(true);
    expect(pow(1, NaN)).toBeNaN();
    expect(pow(-1, Infinity)).toBeNaN();
    expect(pow(NaN, 0)).toBe(1);
    expect(Object.is(pow(-0, 3), -0)).toBe(true);
    expect(pow(-8, 1 / 3)).toBeNaN();
    expect(tan(NaN)).toBeNaN();
  });

  it('tan rejects |x| ≥ 2.3561935424804688 (outside its documented domain)', () => {
    expect(() => tan(3)).toThrow(RangeError);
    expect(() => tan(2.3561935424804688)).toThrow(RangeError);
    expect(tan(2.3561935424804683)).toBe(Math.tan(2.3561935424804683));
    expect(() => tan(-Infinity)).toThrow(RangeError);
  });
});

// log1pNeg is log1p specialised to x = −u, u in [0, 1) (the exponential sampler's input), small enough for
// V8 to inline. It must equal log1p(−u) bit for bit on every engine, so it is compared with detMath's own
// log1p here (not with Math.log1p), and the test runs everywhere.
describe('log1pNeg(u) equals log1p(-u) for u in [0, 1)', () => {
  const same = (u: number) => Object.is(log1pNeg(u), log1p(-u));
  /** Every u in `inputs` that differs (at most 5 kept), and how many were checked. */
  function check(inputs: Iterable<number>): { count: number; bad: number[] } {
    let count = 0;
    const bad: number[] = [];
    for (const u of inputs) {
      count++;
      if (!same(u) && bad.length < 5) bad.push(u);
    }
    return { count, bad };
  }

  it('on the draws a stream gives (multiples of 2^-32) and on any double in [0, 1)', () => {
    function* inputs(): Generator<number> {
      for (let i = 0; i < 400_000; i++) yield next32() / 4294967296; // alea's 32-bit resolution
      for (let i = 0; i < 400_000; i++) yield (next32() + next32() / 4294967296) / 4294967296; // 53 bits
      for (let i = 0; i < 100_000; i++) yield magnitude(-60, 0, false) / 2; // log-uniform down to 2^-61
      for (let i = 0; i < 4096; i++) {
        yield i / 4294967296; // the smallest draws, incl. 0
        yield 1 - (i + 1) / 4294967296; // the largest
        yield 1 - (i + 1) * Number.EPSILON / 2; // the largest doubles below 1
      }
    }
    const r = check(inputs());
    expect(r.count).toBeGreaterThan(900_000);
    expect(r.bad).toEqual([]);
  });

  it('at the branch points of fdlibm (k = 0 bound near 0.2929, 2^-29, 2^-54, normalisation at √2, |f| < 2^-20)', () => {
    const around = (x: number, k: number) => Array.from({ length: 2 * k + 1 }, (_, i) => ulps(x, i - k)).filter((u) => u > 0 && u < 1);
    F64[0] = 0;
    U32[1] = 0x3fd2bec5; // fdlibm's bound: |x| with a high word ≤ 0x3fd2bec4 takes k = 0
    const k0Bound = F64[0];
    const points = [
      0, -0, k0Bound, 0.29289321881345254, 2 ** -29, 2 ** -54, 1 - Math.SQRT1_2, 0.5, 0.75, 1 - 2 ** -20, 0.25,
      1 - 0.5 * (1 + 0x6a09e / 2 ** 20), 1 - 2 ** -21, 1 - 2 ** -30,
      ...Array.from({ length: 40 }, (_, e) => 1 - 2 ** -(e + 1)), // 1 − u a power of 2: f = 0
    ];
    const inputs = points.flatMap((p) => (p > 0 ? around(p, 2000) : [p]));
    const r = check(inputs);
    expect(r.count).toBeGreaterThan(50_000);
    expect(r.bad).toEqual([]);
    expect(Object.is(log1pNeg(0), -0)).toBe(true);
    expect(log1pNeg(0.5)).toBe(-0.6931471805599453);
  });
});

// exp, log, log1p, log1pNeg and expm1 scale by 2^k from a table of powers of two (and normalise x by a
// multiplication) instead of assembling doubles from 32-bit words. Multiplying by a power of two is exact
// only while the result is a normal double, so these check the functions, on every engine, against
// fingerprints of the former code's results (commit e338e18, before the table) on the same inputs, over the
// whole range and at the table's ends: k = −1022, −1021 (the last k scaled directly), −1074, −1075, 1023,
// 1024, subnormal and overflowing results, ±0, ±Infinity, NaN. When they were recorded, a copy of the
// former code gave the same fingerprints as the current one on these inputs (checked side by side).
/** Fingerprints (input count: FNV-1a of the results' bits) of the code before the power-of-two table. */
const FINGERPRINT = {
  exp: '1057678:1352afbb',
  log: '1051499:0b289dfb',
  log1p: '1030899:54fde882',
  log1pNeg: '1020798:27b92546',
  expm1: '1006475:806a791f',
};

describe('exp, log, log1p, log1pNeg and expm1 give the same bits as before the power-of-two table', () => {
  /** x·ln2 nudged by ±d ulps, for each k: inputs whose reduction lands on k and k ± 1. */
  const nearMultiplesOfLn2 = (ks: number[], d: number) => neighbourhoods(ks.map((k) => k * LN2), d).concat(ks.map((k) => k * LN2 + 0.5 * LN2)).concat(ks.map((k) => k * LN2 - 0.5 * LN2));
  /** 2^e·(1 + f) near a power of two and near √2 times one, for each e (log's normalisation edges). */
  const nearPowersOfTwo = (es: number[], d: number) => neighbourhoods(es.flatMap((e) => [2 ** e, 2 ** e * Math.SQRT2, 2 ** e * 1.9999999999999998]), d);
  const allExponents = Array.from({ length: 2098 }, (_, i) => i - 1074);

  /** Checks f's fingerprint on the inputs against the one recorded; the inputs restart from a fixed seed. */
  function same(name: string, f: Unary, recorded: string, inputs: () => Iterable<number>): void {
    state = 0x2545f491;
    const r = fingerprint(f, inputs());
    expect(r.count).toBeGreaterThanOrEqual(1_000_000);
    expect({ name, fingerprint: r.digest }).toEqual({ name, fingerprint: recorded });
  }

  it('exp', () => {
    same('exp', exp, FINGERPRINT.exp, () => draws(150_000, [
      anyBits,
      () => uniform(EXP_UNDER - 1, EXP_OVER + 1), // every k from −1075 to 1024
      () => uniform(-745.2, -707), // subnormal results (k < −1021) and the last normal ones
      () => uniform(707, 709.8), // k = 1020…1024, overflow
      () => uniform(-5, 8), // the lognormal durations
      () => uniform(-1.5 * LN2, 1.5 * LN2),
      () => magnitude(-80, 10, true),
    ], nearMultiplesOfLn2([-1075, -1074, -1023, -1022, -1021, -1020, -1000, -2, -1, 1, 2, 1000, 1022, 1023, 1024], 200).concat(neighbourhoods([EXP_OVER, EXP_UNDER, 1, -1], 200))));
  });

  it('log', () => {
    same('log', log, FINGERPRINT.log, () => draws(170_000, [
      anyBits,
      () => Math.abs(anyBits()),
      () => magnitude(-1074, -1022, false), // subnormal
      () => magnitude(-1022, 1024, false), // every exponent, incl. 2^1023·(√2…2), scaled by 2^-1024
      () => uniform(0, 0.2), // the normal quantile's tails
      () => ulps(2 ** Math.floor(uniform(-1074, 1024)), Math.floor(uniform(-3e6, 3e6))), // |f| < 2^-20
    ], nearPowersOfTwo(allExponents, 2)));
  });

  it('log1p', () => {
    same('log1p', log1p, FINGERPRINT.log1p, () => draws(200_000, [
      anyBits,
      () => uniform(-1, 1),
      () => magnitude(-70, 1024, false), // every exponent of 1 + x and of x ≥ 2^53, up to 2^1024
      () => -1 + magnitude(-60, -1, false), // just above −1: 1 + x down to 2^-53
      () => ulps(2 ** Math.floor(uniform(-2, 1024)), Math.floor(uniform(-3e6, 3e6))) - 1, // |f| < 2^-20
    ], nearPowersOfTwo(allExponents.filter((e) => e >= -60), 2).map((x) => x - 1).concat(nearPowersOfTwo(allExponents.filter((e) => e >= 50), 2))));
  });

  it('log1pNeg', () => {
    same('log1pNeg', log1pNeg, FINGERPRINT.log1pNeg, () => draws(340_000, [
      () => next32() / 4294967296,
      () => (next32() + next32() / 4294967296) / 4294967296,
      () => 1 - magnitude(-54, 0, false) / 2, // 1 − u down to 2^-54 (k down to −53)
    ], nearPowersOfTwo(allExponents.filter((e) => e >= -53 && e < 0), 2).map((v) => 1 - v).filter((u) => u >= 0 && u < 1), [0, 0.5, 0.25, 1 - Number.EPSILON / 2]));
  });

  it('expm1', () => {
    same('expm1', expm1, FINGERPRINT.expm1, () => draws(200_000, [
      anyBits,
      () => uniform(-60 * LN2, EXP_OVER + 1), // every k from −56 to 1024
      () => uniform(-2, 2),
      () => uniform(700, 709.8), // k near 1024, overflow
      () => magnitude(-70, 10, true),
    ], nearMultiplesOfLn2([-57, -56, -2, -1, 1, 2, 19, 20, 21, 55, 56, 57, 1022, 1023, 1024], 200).concat(neighbourhoods([EXP_OVER], 200))));
  });
});
