/**
 * Deterministic elementary functions: exp, log, log1p, expm1, pow and tan computed in plain JavaScript,
 * so that a scenario and seed give the same bits in Node and in every browser.
 *
 * Why: `Math.exp`, `Math.log`, `Math.pow`, `Math.tan`… are implementation-defined. Node 20 (V8 11.3) and a
 * newer V8 in Chromium disagree in the last bit for thousands of inputs in 20,000, so the simulation's
 * numbers differed between the CLI/tests and the browser worker.
 *
 * How: these are re-implementations of Sun's fdlibm 5.3 algorithms (e_exp.c, e_log.c, s_log1p.c,
 * s_expm1.c, e_pow.c, s_tan.c/k_tan.c with e_rem_pio2.c's small-argument case), with fdlibm's published
 * constants, as also used by V8 (src/base/ieee754.cc, "adapted from fdlibm") and therefore by Node 20's
 * `Math.*`. pow follows V8's variant of e_pow.c (`legacy::pow`), which differs from fdlibm in one
 * expression (marked below). They use only IEEE-754 correctly rounded operations (+ − × ÷, comparisons), integer bit
 * operations on the two 32-bit words of a double, `Math.abs` and `Math.sqrt` — all exact and identical on
 * every engine. Under Node 20 they return exactly what `Math.*` returns (test/sim/detMath.test.ts checks
 * millions of inputs with Object.is), so switching the core to them changed no result.
 *
 * Domains: exp, log, log1p, expm1 and pow are complete (all doubles, ±0, ±Infinity, NaN, with the
 * ECMAScript special cases of `Math.*`, e.g. pow(1, NaN) = NaN). tan covers |x| < 2.3561935424804688
 * (fdlibm's bound for its n = ±1 reduction, high word 0x4002d97c, just under 3π/4) and NaN; other
 * arguments throw a RangeError (the core only needs tan on (0, π/2)).
 *
 * Speed: no allocation and no closures; the words of a double go through one module-level scratch buffer
 * (read back only as a word of a stored double), and 2^k comes from a table (POW2).
 */

// ---------------------------------------------------------------------------------------------------------
// Word access. One 8-byte scratch buffer, viewed as a double and as two int32 words. The index of the high
// word depends on the platform's byte order (little-endian everywhere in practice: high word at index 1).

const SCRATCH = new Float64Array(1);
const WORDS = new Int32Array(SCRATCH.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

/** High 32 bits of x (sign, exponent, top 20 mantissa bits) as a signed int32. */
function highWord(x: number): number {
  SCRATCH[0] = x;
  return WORDS[HI];
}

/** Low 32 bits of x as a signed int32. */
function lowWord(x: number): number {
  SCRATCH[0] = x;
  return WORDS[LO];
}

/** x with its high word replaced. */
function setHighWord(x: number, hi: number): number {
  SCRATCH[0] = x;
  WORDS[HI] = hi;
  return SCRATCH[0];
}

/** x with its low word set to 0 (fdlibm's SET_LOW_WORD(x, 0): keeps the top 21 bits of the mantissa). */
function clearLowWord(x: number): number {
  SCRATCH[0] = x;
  WORDS[LO] = 0;
  return SCRATCH[0];
}

/** The double with the given high word and a zero low word. */
function fromHighWord(hi: number): number {
  WORDS[HI] = hi;
  WORDS[LO] = 0;
  return SCRATCH[0];
}

// Powers of two, for scaling by 2^k with one multiplication. Assembling 2^k from two 32-bit words in SCRATCH
// (or rewriting x's high word there) and reading it back as a double cannot be store-forwarded by the CPU,
// which then waits for both stores to reach the cache (~10+ cycles a call); storing a double and reading one
// of its words back (highWord) is forwarded. Multiplying by 2^j is exact whenever the result is a normal
// double (also when 2^j itself is subnormal), so it gives the bits the word surgery gave on those paths;
// subnormal results keep fdlibm's own two-step scaling.

/** POW2[1074 + j] = 2^j for j in −1074…1023 (exact: built by doubling and halving 1). */
const POW2 = powersOfTwo();

function powersOfTwo(): Float64Array {
  const table = new Float64Array(1074 + 1024);
  let p = 1;
  for (let j = 0; j <= 1023; j++, p *= 2) table[1074 + j] = p;
  p = 1;
  for (let j = 0; j <= 1074; j++, p *= 0.5) table[1074 - j] = p;
  return table;
}

// ---------------------------------------------------------------------------------------------------------
// Shared constants. The hot functions (exp, log, log1p, log1pNeg, expm1) write theirs as literals, named in
// comments: a module-level const read in optimised code is a context load, a hole check and an unboxing load
// (exp: ~18 ns a call with them, ~12.5 with literals), and a module-level double returned from an
// inlined function makes V8 allocate a heap number for the result.

const HUGE = 1.0e300;
const TINY = 1.0e-300;
const TWO53 = 9007199254740992.0; // 2^53
const TWOM1000 = 9.33263618503218878990e-302; // 2^-1000
const TWO1023 = 8.98846567431157953865e307; // 2^1023
const LN2_HI = 6.93147180369123816490e-1; // 0x3fe62e42 fee00000
const LN2_LO = 1.90821492927058770002e-10; // 0x3dea39ef 35793c76
const INV_LN2 = 1.44269504088896338700e0; // 0x3ff71547 652b82fe

// exp's polynomial on [−0.5·ln2, 0.5·ln2] (also used by pow).
const P1 = 1.66666666666666019037e-1; // 0x3FC55555 5555553E
const P2 = -2.77777777770155933842e-3; // 0xBF66C16C 16BEBD93
const P3 = 6.61375632143793436117e-5; // 0x3F11566A AF25DE2C
const P4 = -1.65339022054652515390e-6; // 0xBEBBBD41 C5D26BF1
const P5 = 4.13813679705723846039e-8; // 0x3E663769 72BEA4D0

// log's and log1p's polynomial in s² where s = f/(2 + f), written as literals in log, log1p and log1pNeg:
// LG1 = 6.666666666666735130e-1 (3FE55555 55555593), LG2 = 3.999999999940941908e-1 (3FD99999 9997FA04),
// LG3 = 2.857142874366239149e-1 (3FD24924 94229359), LG4 = 2.222219843214978396e-1 (3FCC71C5 1D8E78AF),
// LG5 = 1.818357216161805012e-1 (3FC74664 96CB03DE), LG6 = 1.531383769920937332e-1 (3FC39A09 D078C69F),
// LG7 = 1.479819860511658591e-1 (3FC2F112 DF3E5244). LN2_HI = 6.93147180369123816490e-1, LN2_LO =
// 1.90821492927058770002e-10, INV_LN2 = 1.44269504088896338700e0 appear as literals there too.

// ---------------------------------------------------------------------------------------------------------
// exp (fdlibm e_exp.c): x = k·ln2 + r with |r| ≤ 0.5·ln2 (r = hi − lo in extra precision), then
// exp(r) = 1 + r + r·c/(2 − c) with c = r − r²·(P1 + … + P5·r⁸), scaled by 2^k.

const EXP_OVERFLOW = 7.09782712893383973096e2; // 0x40862E42 FEFA39EF
// EXP_UNDERFLOW = -7.45133219101941108420e2 (0xc0874910 D52D3051), a literal in exp.

/** e^x, bit-identical to fdlibm's exp (Node 20's Math.exp). */
export function exp(x: number): number {
  const hxSigned = highWord(x);
  const negative = hxSigned < 0;
  const hx = hxSigned & 0x7fffffff;
  if (hx >= 0x40862e42) {
    // |x| ≥ 709.78…
    if (hx >= 0x7ff00000) {
      if (x !== x) return x + x; // NaN
      return negative ? 0 : x; // exp(±∞) = ∞, 0
    }
    if (x > 7.09782712893383973096e2) return Infinity; // EXP_OVERFLOW
    if (x < -7.45133219101941108420e2) return 0; // EXP_UNDERFLOW
  }
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (hx > 0x3fd62e42) {
    // |x| > 0.5·ln2
    if (hx < 0x3ff0a2b2) {
      // and |x| < 1.5·ln2
      if (x === 1) return 2.718281828459045; // Math.E, as V8: the general path would be 1 ulp off
      if (negative) {
        hi = x + 6.93147180369123816490e-1;
        lo = -1.90821492927058770002e-10;
        k = -1;
      } else {
        hi = x - 6.93147180369123816490e-1;
        lo = 1.90821492927058770002e-10;
        k = 1;
      }
    } else {
      k = (1.44269504088896338700e0 * x + (negative ? -0.5 : 0.5)) | 0; // truncation toward 0, as C's (int)
      hi = x - k * 6.93147180369123816490e-1;
      lo = k * 1.90821492927058770002e-10;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    // |x| < 2^-28
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (1.66666666666666019037e-1 + t * (-2.77777777770155933842e-3 + t * (6.61375632143793436117e-5 + t * (-1.65339022054652515390e-6 + t * 4.13813679705723846039e-8))));
  if (k === 0) return 1 - ((x * c) / (c - 2.0) - x);
  const y = 1 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) {
    if (k === 1024) return y * 2.0 * 8.98846567431157953865e307;
    return y * POW2[1074 + k];
  }
  return y * POW2[2074 + k] * 9.33263618503218878990e-302;
}

// ---------------------------------------------------------------------------------------------------------
// log (fdlibm e_log.c): x = 2^k·(1 + f) with √2/2 < 1 + f < √2, log(1 + f) = f − f²/2 + s·(f²/2 + R(s²))
// with s = f/(2 + f), and k·ln2 added in two parts.

/** Natural logarithm, bit-identical to fdlibm's log (Node 20's Math.log). */
export function log(x: number): number {
  let hx = highWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    // x < 2^-1022: zero, subnormal or negative
    if (!(x > 0)) return x === 0 ? -Infinity : NaN; // log(±0), log(negative)
    k = -54;
    x *= 1.80143985094819840000e16; // 2^54: scale a subnormal up
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x; // ∞ or NaN
  let e = (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000; // 0x100000 if the mantissa is ≥ √2: normalise x/2
  e += i >> 20;
  k += e;
  const f = x * POW2[1074 - e] - 1.0; // x or x/2 normalised to [√2/2, √2), minus 1
  if ((0x000fffff & (2 + hx)) < 3) return +logSmallF(f, k); // −2^-20 ≤ f < 2^-20
  const s = f / (2.0 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (3.999999999940941908e-1 + w * (2.222219843214978396e-1 + w * 1.531383769920937332e-1));
  const t2 = z * (6.666666666666735130e-1 + w * (2.857142874366239149e-1 + w * (1.818357216161805012e-1 + w * 1.479819860511658591e-1)));
  const r = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    if (k === 0) return f - (hfsq - s * (hfsq + r));
    return k * 6.93147180369123816490e-1 - ((hfsq - (s * (hfsq + r) + k * 1.90821492927058770002e-10)) - f);
  }
  if (k === 0) return f - s * (f - r);
  return k * 6.93147180369123816490e-1 - ((s * (f - r) - k * 1.90821492927058770002e-10) - f);
}

/** log's −2^-20 ≤ f < 2^-20 case (x within about 2^-20 of a power of two), kept out of log's bytecode. */
function logSmallF(f: number, k: number): number {
  if (f === 0) {
    if (k === 0) return 0;
    return k * LN2_HI + k * LN2_LO;
  }
  const r = f * f * (0.5 - 0.3333333333333333 * f);
  if (k === 0) return f - r;
  return k * LN2_HI - ((r - k * LN2_LO) - f);
}

// ---------------------------------------------------------------------------------------------------------
// log1p (fdlibm s_log1p.c): as log, but 1 + x = 2^k·(1 + f) is formed with a correction term c for the
// rounding of 1 + x, so small x keep their precision.

/** log(1 + x), bit-identical to fdlibm's log1p (Node 20's Math.log1p). */
export function log1p(x: number): number {
  const hx = highWord(x);
  const ax = hx & 0x7fffffff;
  let k = 1;
  let f = 0;
  let hu = 0;
  let c = 0;
  if (hx < 0x3fda827a) {
    // 1 + x < √2 (or x negative)
    if (ax >= 0x3ff00000) {
      // x ≤ −1
      if (x === -1.0) return -Infinity;
      return NaN;
    }
    if (ax < 0x3e200000) {
      // |x| < 2^-29
      if (ax < 0x3c900000) return x; // |x| < 2^-54
      return x - x * x * 0.5;
    }
    if (hx > 0 || hx <= (0xbfd2bec4 | 0)) {
      // −0.2929 < x < 0.41422: use x itself as f
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7ff00000) return x + x; // +∞ or NaN
  if (k !== 0) {
    let u: number;
    if (hx < 0x43400000) {
      u = 1.0 + x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1.0 - (u - x) : x - (u - 1.0); // the rounding error of 1 + x
      c /= u;
    } else {
      u = x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    if (hu >= 0x6a09e) {
      k += 1; // normalise u/2, not u
      hu = (0x00100000 - hu) >> 2;
    }
    f = u * POW2[1074 - k] - 1.0; // u·2^-k, exact: u with the exponent of 1 (or of 1/2)
  }
  if (hu === 0) return +log1pSmallF(f, k, c); // |f| < 2^-20
  const hfsq = 0.5 * f * f;
  const s = f / (2.0 + f);
  const z = s * s;
  const r = z * (6.666666666666735130e-1 + z * (3.999999999940941908e-1 + z * (2.857142874366239149e-1 + z * (2.222219843214978396e-1 + z * (1.818357216161805012e-1 + z * (1.531383769920937332e-1 + z * 1.479819860511658591e-1))))));
  if (k === 0) return f - (hfsq - s * (hfsq + r));
  return k * 6.93147180369123816490e-1 - ((hfsq - (s * (hfsq + r) + (k * 1.90821492927058770002e-10 + c))) - f);
}

// ---------------------------------------------------------------------------------------------------------
// log1p(−u) for a uniform draw u in [0, 1): the exponential sampler's −m·log1p(−u) on every arrival and
// service. The same fdlibm steps as log1p above, with the branches that cannot occur for x = −u ∈ (−1, 0]
// removed and the rare |f| < 2^-20 case moved out, so that its bytecode stays under V8's inlining limit
// (460 bytes; log1p is about 510). A call that is not inlined passes and returns its doubles boxed, one
// heap allocation each, which made the sampler cost ~35 ns against ~12 ns for the native Math.log1p.

/**
 * log(1 − u) for u in [0, 1) (as from a stream's `next()`), bit-identical to `log1p(-u)` (and so to
 * fdlibm's log1p and Node 20's Math.log1p). Outside [0, 1) the result is unspecified.
 *
 * The constants are written as literals, not as the module's named constants: a module-level `const` read
 * from a function costs a context load and a hole check in the bytecode, and what matters here is V8's
 * inlining budget (the loops in fastPath*.ts call this twice and must still inline their stream draws).
 * Their names: 0.292893648147583 = the double with high word 0x3fd2bec5 (fdlibm's k = 0 bound, |x| ≤
 * 0x3fd2bec4…); 1.862645149230957e-9 = 2^-29; 5.551115123125783e-17 = 2^-54; the seven polynomial
 * coefficients are LG1…LG7 and 6.93147180369123816490e-1 / 1.90821492927058770002e-10 are LN2_HI / LN2_LO
 * (their values are checked against the named constants in test/sim/detMath.test.ts through the results).
 */
export function log1pNeg(u: number): number {
  let f: number;
  let k = 0;
  let c = 0;
  if (u < 0.292893648147583) {
    if (u < 1.862645149230957e-9) return u < 5.551115123125783e-17 ? -u : -u - u * u * 0.5;
    f = -u;
  } else {
    const v = 1.0 - u;
    SCRATCH[0] = v;
    let hu = WORDS[HI];
    k = (hu >> 20) - 1023;
    c = (-u - (v - 1.0)) / v; // the rounding error of 1 − u, relative
    hu &= 0x000fffff;
    if (hu >= 0x6a09e) {
      k += 1; // normalise v/2, not v
      hu = (0x00100000 - hu) >> 2;
    }
    f = v * POW2[1074 - k] - 1.0; // v·2^-k, exact: v with the exponent of 1 (or of 1/2)
    if (hu === 0) return +log1pSmallF(f, k, c); // `+`: typed as a number, so the result is never boxed
  }
  const hfsq = 0.5 * f * f;
  const s = f / (2.0 + f);
  const z = s * s;
  const r = z * (6.666666666666735130e-1 + z * (3.999999999940941908e-1 + z * (2.857142874366239149e-1 + z * (2.222219843214978396e-1 + z * (1.818357216161805012e-1 + z * (1.531383769920937332e-1 + z * 1.479819860511658591e-1))))));
  if (k === 0) return f - (hfsq - s * (hfsq + r));
  return k * 6.93147180369123816490e-1 - ((hfsq - (s * (hfsq + r) + (k * 1.90821492927058770002e-10 + c))) - f);
}

/** log1p's |f| < 2^-20 case (fdlibm's hu == 0), shared by log1p and log1pNeg. */
function log1pSmallF(f: number, k: number, c: number): number {
  if (f === 0) {
    if (k === 0) return 0;
    return k * LN2_HI + (c + k * LN2_LO);
  }
  const r = 0.5 * f * f * (1.0 - 0.6666666666666666 * f);
  if (k === 0) return f - r;
  return k * LN2_HI - ((r - (k * LN2_LO + c)) - f);
}

// ---------------------------------------------------------------------------------------------------------
// expm1 (fdlibm s_expm1.c): x = k·ln2 + r (with correction c), e^r − 1 from a rational approximation in
// r²/2 (Q1…Q5), then e^x − 1 = 2^k·(e^r − 1) + (2^k − 1) arranged to avoid cancellation.

// Q1 = -3.33333333333331316428e-2 (BFA11111 111110F4), Q2 = 1.58730158725481460165e-3 (3F5A01A0 19FE5585),
// Q3 = -7.93650757867487942473e-5 (BF14CE19 9EAADBB7), Q4 = 4.00821782732936239552e-6 (3ED0CFCA 86E65239),
// Q5 = -2.01099218183624371326e-7 (BE8AFDB7 6E09C32D), written as literals in expm1.

/** e^x − 1, bit-identical to fdlibm's expm1 (Node 20's Math.expm1). */
export function expm1(x: number): number {
  const hxSigned = highWord(x);
  const negative = hxSigned < 0;
  const hx = hxSigned & 0x7fffffff;
  if (hx >= 0x4043687a) {
    // |x| ≥ 56·ln2
    if (hx >= 0x40862e42) {
      // |x| ≥ 709.78…
      if (hx >= 0x7ff00000) {
        if (x !== x) return x + x; // NaN
        return negative ? -1.0 : x; // expm1(±∞) = ∞, −1
      }
      if (x > EXP_OVERFLOW) return Infinity;
    }
    if (negative) return TINY - 1.0; // x < −56·ln2: −1
  }
  let k = 0;
  let c = 0;
  if (hx > 0x3fd62e42) {
    // |x| > 0.5·ln2
    let hi: number;
    let lo: number;
    if (hx < 0x3ff0a2b2) {
      // and |x| < 1.5·ln2
      if (negative) {
        hi = x + 6.93147180369123816490e-1;
        lo = -1.90821492927058770002e-10;
        k = -1;
      } else {
        hi = x - 6.93147180369123816490e-1;
        lo = 1.90821492927058770002e-10;
        k = 1;
      }
    } else {
      k = (1.44269504088896338700e0 * x + (negative ? -0.5 : 0.5)) | 0;
      hi = x - k * 6.93147180369123816490e-1;
      lo = k * 1.90821492927058770002e-10;
    }
    x = hi - lo;
    c = (hi - x) - lo;
  } else if (hx < 0x3c900000) {
    // |x| < 2^-54
    return x;
  }
  const hfx = 0.5 * x;
  const hxs = x * hfx;
  const r1 = 1.0 + hxs * (-3.33333333333331316428e-2 + hxs * (1.58730158725481460165e-3 + hxs * (-7.93650757867487942473e-5 + hxs * (4.00821782732936239552e-6 + hxs * -2.01099218183624371326e-7))));
  let t = 3.0 - r1 * hfx;
  let e = hxs * ((r1 - t) / (6.0 - x * t));
  if (k === 0) return x - (x * e - hxs);
  e = x * (e - c) - c;
  e -= hxs;
  if (k === -1) return 0.5 * (x - e) - 0.5;
  if (k === 1) {
    if (x < -0.25) return -2.0 * (e - (x + 0.5));
    return 1.0 + 2.0 * (x - e);
  }
  let y: number;
  if (k <= -2 || k > 56) {
    // e^x − 1 ≈ e^x
    y = 1.0 - (e - x);
    if (k === 1024) y = y * 2.0 * TWO1023;
    else y = y * POW2[1074 + k];
    return y - 1.0;
  }
  if (k < 20) {
    t = 1 - POW2[1074 - k]; // 1 − 2^-k (exact for k < 53)
    y = t - (e - x);
  } else {
    t = POW2[1074 - k]; // 2^-k
    y = x - (e + t);
    y += 1.0;
  }
  return y * POW2[1074 + k];
}

// ---------------------------------------------------------------------------------------------------------
// pow (fdlibm e_pow.c): log2|x| in extra precision (t1 + t2, t1 with a zeroed low word), times y split the
// same way, then 2^(integer) · 2^(fraction) with exp's polynomial. ECMAScript special cases as Math.pow.

const BP1 = 1.5; // bp[1]; bp[0] = 1
const DP_H1 = 5.84962487220764160156e-1; // 0x3FE2B803 40000000: log2(1.5) high
const DP_L1 = 1.35003920212974897128e-8; // 0x3E4CFDEB 43CFD006: log2(1.5) low
const L1 = 5.99999999999994648725e-1; // 0x3FE33333 33333303
const L2 = 4.28571428578550184252e-1; // 0x3FDB6DB6 DB6FABFF
const L3 = 3.33333329818377432918e-1; // 0x3FD55555 518F264D
const L4 = 2.72728123808534006489e-1; // 0x3FD17460 A91D4101
const L5 = 2.30660745775561754067e-1; // 0x3FCD864A 93C9DB65
const L6 = 2.06975017800338417784e-1; // 0x3FCA7E28 4A454EEF
const LN2 = 6.93147180559945286227e-1; // 0x3FE62E42 FEFA39EF
const LG2_H = 6.93147182464599609375e-1; // 0x3FE62E43 00000000
const LG2_L = -1.90465429995776804525e-9; // 0xBE205C61 0CA86C39
const OVT = 8.008566259537294e-17; // −(1024 − log2(overflow threshold + 0.5 ulp))
const CP = 9.61796693925975554329e-1; // 0x3FEEC709 DC3A03FD = 2/(3·ln2)
const CP_H = 9.61796700954437255859e-1; // 0x3FEEC709 E0000000 = (float)cp
const CP_L = -7.02846165095275826516e-9; // 0xBE3E2FE0 145B01F5 = tail of cp_h
const IVLN2_H = 1.44269502162933349609e0; // 0x3FF71547 60000000: 24-bit 1/ln2
const IVLN2_L = 1.92596299112661746887e-8; // 0x3E54AE0B F85DDF44: 1/ln2 tail

/** x^y (as `Math.pow` / `**`), bit-identical to V8's fdlibm-based pow (Node 20's Math.pow). Complete domain. */
export function pow(x: number, y: number): number {
  SCRATCH[0] = x;
  const hx = WORDS[HI];
  const lx = WORDS[LO];
  SCRATCH[0] = y;
  const hy = WORDS[HI];
  const ly = WORDS[LO];
  let ix = hx & 0x7fffffff;
  const iy = hy & 0x7fffffff;

  if ((iy | ly) === 0) return 1; // x^±0 = 1, even for NaN x
  if (x !== x || y !== y) return NaN; // ECMAScript: 1^NaN is NaN too

  // yisint: 0 = y not an integer, 1 = odd integer, 2 = even integer (only needed for x < 0).
  let yisint = 0;
  if (hx < 0) {
    if (iy >= 0x43400000) yisint = 2; // |y| ≥ 2^53: even
    else if (iy >= 0x3ff00000) {
      const e = (iy >> 20) - 0x3ff;
      if (e > 20) {
        const j = ly >>> (52 - e);
        if ((j << (52 - e)) === ly) yisint = 2 - (j & 1);
      } else if (ly === 0) {
        const j = iy >> (20 - e);
        if (j << (20 - e) === iy) yisint = 2 - (j & 1);
      }
    }
  }

  if (ly === 0) {
    if (iy === 0x7ff00000) {
      // y = ±∞
      if (((ix - 0x3ff00000) | lx) === 0) return NaN; // (±1)^±∞ is NaN in ECMAScript
      if (ix >= 0x3ff00000) return hy >= 0 ? y : 0; // |x| > 1
      return hy < 0 ? -y : 0; // |x| < 1
    }
    if (iy === 0x3ff00000) return hy < 0 ? 1 / x : x; // y = ±1
    if (hy === 0x40000000) return x * x; // y = 2
    if (hy === 0x3fe00000 && hx >= 0) return Math.sqrt(x); // y = 0.5, x ≥ +0
  }

  let ax = Math.abs(x);
  if (lx === 0 && (ix === 0x7ff00000 || ix === 0 || ix === 0x3ff00000)) {
    // x = ±0, ±∞, ±1
    let z = ax;
    if (hy < 0) z = 1 / z;
    if (hx < 0) {
      if (((ix - 0x3ff00000) | yisint) === 0) z = NaN; // (−1)^non-integer
      else if (yisint === 1) z = -z; // (x < 0)^odd = −(|x|^odd)
    }
    return z;
  }

  if (hx < 0 && yisint === 0) return NaN; // (x < 0)^non-integer
  const s = hx < 0 && yisint === 1 ? -1 : 1; // sign of the result

  let t1: number;
  let t2: number;
  if (iy > 0x41e00000) {
    // |y| > 2^31
    if (iy > 0x43f00000) {
      // |y| > 2^64: must overflow or underflow
      if (ix <= 0x3fefffff) return hy < 0 ? Infinity : 0;
      if (ix >= 0x3ff00000) return hy > 0 ? Infinity : 0;
    }
    // over/underflow if x is not close to 1
    if (ix < 0x3fefffff) return hy < 0 ? s * HUGE * HUGE : s * TINY * TINY;
    if (ix > 0x3ff00000) return hy > 0 ? s * HUGE * HUGE : s * TINY * TINY;
    // |1 − x| ≤ 2^-20: log(x) by x − x²/2 + x³/3 − x⁴/4
    const t = ax - 1;
    const w = (t * t) * (0.5 - t * (0.3333333333333333 - t * 0.25));
    const u = IVLN2_H * t;
    const v = t * IVLN2_L - w * INV_LN2;
    t1 = clearLowWord(u + v);
    t2 = v - (t1 - u);
  } else {
    let n = 0;
    if (ix < 0x00100000) {
      // subnormal |x|
      ax *= TWO53;
      n -= 53;
      ix = highWord(ax);
    }
    n += (ix >> 20) - 0x3ff;
    const j = ix & 0x000fffff;
    ix = j | 0x3ff00000; // normalize
    let k: number;
    if (j <= 0x3988e) k = 0; // |x| < √(3/2)
    else if (j < 0xbb67a) k = 1; // |x| < √3
    else {
      k = 0;
      n += 1;
      ix -= 0x00100000;
    }
    ax = setHighWord(ax, ix);
    const bp = k === 0 ? 1 : BP1;
    // ss = s_h + s_l = (x − 1)/(x + 1) or (x − 1.5)/(x + 1.5)
    let u = ax - bp;
    let v = 1 / (ax + bp);
    const ss = u * v;
    const sH = clearLowWord(ss);
    let tH = fromHighWord(((ix >> 1) | 0x20000000) + 0x00080000 + (k << 18)); // ax + bp, high part
    let tL = ax - (tH - bp);
    const sL = v * ((u - sH * tH) - sH * tL);
    // log(ax)
    let s2 = ss * ss;
    let r = s2 * s2 * (L1 + s2 * (L2 + s2 * (L3 + s2 * (L4 + s2 * (L5 + s2 * L6)))));
    r += sL * (sH + ss);
    s2 = sH * sH;
    tH = clearLowWord(3.0 + s2 + r);
    tL = r - ((tH - 3.0) - s2);
    // u + v = ss·(1 + …)
    u = sH * tH;
    v = sL * tH + tL * ss;
    // 2/(3·ln2)·(ss + …)
    const pH = clearLowWord(u + v);
    const pL = v - (pH - u);
    const zH = CP_H * pH;
    const zL = CP_L * pH + pL * CP + (k === 0 ? 0 : DP_L1);
    // log2(ax) = (ss + …)·2/(3·ln2) = n + dp_h + z_h + z_l
    const dpH = k === 0 ? 0 : DP_H1;
    t1 = clearLowWord(((zH + zL) + dpH) + n);
    t2 = zL - (((t1 - n) - dpH) - zH);
  }

  // y·log2|x| = p_h + p_l, with y split into y1 + (y − y1)
  const y1 = clearLowWord(y);
  const pL = (y - y1) * t1 + y * t2;
  let pH = y1 * t1;
  let z = pL + pH;
  SCRATCH[0] = z;
  const j = WORDS[HI];
  const i = WORDS[LO];
  if (j >= 0x40900000) {
    // z ≥ 1024
    if (((j - 0x40900000) | i) !== 0) return s * HUGE * HUGE; // z > 1024
    if (pL + OVT > z - pH) return s * HUGE * HUGE;
  } else if ((j & 0x7fffffff) >= 0x4090cc00) {
    // z ≤ −1075
    if (((j - (0xc090cc00 | 0)) | i) !== 0) return s * TINY * TINY; // z < −1075
    if (pL <= z - pH) return s * TINY * TINY;
  }

  // 2^(p_h + p_l)
  const ij = j & 0x7fffffff;
  let k = (ij >> 20) - 0x3ff;
  let n = 0;
  if (ij > 0x3fe00000) {
    // |z| > 0.5: n = [z + 0.5]
    n = j + (0x00100000 >> (k + 1));
    k = ((n & 0x7fffffff) >> 20) - 0x3ff; // new k for n
    const t = fromHighWord(n & ~(0x000fffff >> k));
    n = ((n & 0x000fffff) | 0x00100000) >> (20 - k);
    if (j < 0) n = -n;
    pH -= t;
  }
  const t = clearLowWord(pL + pH);
  const u = t * LG2_H;
  const v = (pL - (t - pH)) * LN2 + t * LG2_L;
  z = u + v;
  const w = v - (z - u);
  const tt = z * z;
  const r1 = z - tt * (P1 + tt * (P2 + tt * (P3 + tt * (P4 + tt * P5))));
  // V8's port divides by (t1 − 2) − (w + z·w), where fdlibm has (z·t1)/(t1 − 2) − (w + z·w); kept for bit-equality.
  const r = (z * r1) / ((r1 - 2) - (w + z * w));
  z = 1 - (r - z);
  const hz = highWord(z) + (n << 20);
  if (hz >> 20 <= 0) {
    // subnormal result: z·2^n, rounded once (as fdlibm's scalbn)
    z = z * fromHighWord(0x3ff00000 + ((n + 1000) << 20)) * TWOM1000;
  } else {
    z = setHighWord(z, hz);
  }
  return s * z;
}

// ---------------------------------------------------------------------------------------------------------
// tan (fdlibm s_tan.c, k_tan.c and the |x| < 3π/4 case of e_rem_pio2.c).

const T0 = 3.33333333333334091986e-1; // 3FD55555 55555563
const T1 = 1.33333333333201242699e-1; // 3FC11111 1110FE7A
const T2 = 5.39682539762260521377e-2; // 3FABA1BA 1BB341FE
const T3 = 2.18694882948595424599e-2; // 3F9664F4 8406D637
const T4 = 8.86323982359930005737e-3; // 3F8226E3 E96E8493
const T5 = 3.59207910759131235356e-3; // 3F6D6D22 C9560328
const T6 = 1.45620945432529025516e-3; // 3F57DBC8 FEE08315
const T7 = 5.88041240820264096874e-4; // 3F4344D8 F2F26501
const T8 = 2.46463134818469906812e-4; // 3F3026F7 1A8D1068
const T9 = 7.81794442939557092300e-5; // 3F147E88 A03792A6
const T10 = 7.14072491382608190305e-5; // 3F12B80F 32F0A7E9
const T11 = -1.85586374855275456654e-5; // BEF375CB DB605373
const T12 = 2.59073051863633712884e-5; // 3EFB2A70 74BF7AD4
const PIO4 = 7.85398163397448278999e-1; // 3FE921FB 54442D18
const PIO4LO = 3.06161699786838301793e-17; // 3C81A626 33145C07
const PIO2_1 = 1.57079632673412561417e0; // 0x3FF921FB 54400000: first 33 bits of π/2
const PIO2_1T = 6.07710050650619224932e-11; // 0x3DD0B461 1A626331: π/2 − PIO2_1
const PIO2_2 = 6.07710050630396597660e-11; // 0x3DD0B461 1A600000: second 33 bits of π/2
const PIO2_2T = 2.02226624879595063154e-21; // 0x3BA3198A 2E037073: π/2 − (PIO2_1 + PIO2_2)

/** tan(x + y) for |x| ≤ π/4 (+ tail y); iy = 1 gives tan, iy = −1 gives −1/tan (fdlibm's __kernel_tan). */
function kernelTan(x: number, y: number, iy: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix < 0x3e300000 && (x | 0) === 0) {
    // |x| < 2^-28
    if (((ix | lowWord(x)) | (iy + 1)) === 0) return 1 / Math.abs(x);
    if (iy === 1) return x;
    // −1/(x + y), carefully
    const w = x + y;
    const zz = clearLowWord(w);
    const vv = y - (zz - x);
    const a = -1 / w;
    const tt = clearLowWord(a);
    const ss = 1 + tt * zz;
    return tt + a * (ss + tt * vv);
  }
  const big = ix >= 0x3fe59428; // |x| ≥ 0.6744: use tan(π/4 − x)
  if (big) {
    if (hx < 0) {
      x = -x;
      y = -y;
    }
    x = (PIO4 - x) + (PIO4LO - y);
    y = 0;
  }
  let z = x * x;
  let w = z * z;
  // x⁵·(T1 + x⁴·T3 + … + x²⁰·T11) + x⁵·(x²·(T2 + x⁴·T4 + … + x²⁰·T12))
  let r = T1 + w * (T3 + w * (T5 + w * (T7 + w * (T9 + w * T11))));
  let v = z * (T2 + w * (T4 + w * (T6 + w * (T8 + w * (T10 + w * T12)))));
  let s = z * x;
  r = y + z * (s * (r + v) + y);
  r += T0 * s;
  w = x + r;
  if (big) {
    v = iy;
    return (1 - ((hx >> 30) & 2)) * (v - 2.0 * (x - ((w * w) / (w + v) - r)));
  }
  if (iy === 1) return w;
  // −1/(x + r), accurately
  z = clearLowWord(w);
  v = r - (z - x);
  const a = -1 / w;
  const t = clearLowWord(a);
  s = 1 + t * z;
  return t + a * (s + t * v);
}

/**
 * Tangent for |x| < 2.3561935424804688 (just under 3π/4), bit-identical to fdlibm's tan (Node 20's
 * Math.tan) there.
 * @throws RangeError for |x| ≥ 2.3561935424804688, including ±Infinity (NaN gives NaN): not needed by the core.
 */
export function tan(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelTan(x, 0, 1); // |x| ~≤ π/4
  if (x !== x) return NaN;
  if (ix >= 0x4002d97c) throw new RangeError(`detMath.tan supports |x| < 2.3561935424804688 only (got ${x})`);
  // π/4 < |x| < 3π/4: x = ±π/2 + (y0 + y1), n = ±1, so tan(x) = −1/tan(y0 + y1)
  let z: number;
  let y0: number;
  let y1: number;
  if (hx > 0) {
    z = x - PIO2_1;
    if (ix !== 0x3ff921fb) {
      y0 = z - PIO2_1T;
      y1 = (z - y0) - PIO2_1T;
    } else {
      // near π/2: use 33 + 33 + 53 bits of π/2
      z -= PIO2_2;
      y0 = z - PIO2_2T;
      y1 = (z - y0) - PIO2_2T;
    }
  } else {
    z = x + PIO2_1;
    if (ix !== 0x3ff921fb) {
      y0 = z + PIO2_1T;
      y1 = (z - y0) + PIO2_1T;
    } else {
      z += PIO2_2;
      y0 = z + PIO2_2T;
      y1 = (z - y0) + PIO2_2T;
    }
  }
  return kernelTan(y0, y1, -1);
}
