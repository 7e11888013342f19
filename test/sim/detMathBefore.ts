/**
 * detMath's exp, log, log1p, log1pNeg and expm1 as they were before they scaled by a table of powers of two
 * (commit e338e18: 2^k assembled from two 32-bit words in a scratch buffer, a normalised argument by
 * rewriting its high word). Test-only reference: test/sim/detMath.test.ts checks that the current
 * functions return exactly these bits, on every engine. Do not optimise this file.
 */

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

/** The double with the given high word and a zero low word. */
function fromHighWord(hi: number): number {
  WORDS[HI] = hi;
  WORDS[LO] = 0;
  return SCRATCH[0];
}

const TINY = 1.0e-300;
const TWO54 = 1.80143985094819840000e16; // 2^54
const TWOM1000 = 9.33263618503218878990e-302; // 2^-1000
const TWO1023 = 8.98846567431157953865e307; // 2^1023
const LN2_HI = 6.93147180369123816490e-1; // 0x3fe62e42 fee00000
const LN2_LO = 1.90821492927058770002e-10; // 0x3dea39ef 35793c76
const INV_LN2 = 1.44269504088896338700e0; // 0x3ff71547 652b82fe
const E = 2.718281828459045; // Math.E: V8 returns it for exp(1) exactly
const P1 = 1.66666666666666019037e-1; // 0x3FC55555 5555553E
const P2 = -2.77777777770155933842e-3; // 0xBF66C16C 16BEBD93
const P3 = 6.61375632143793436117e-5; // 0x3F11566A AF25DE2C
const P4 = -1.65339022054652515390e-6; // 0xBEBBBD41 C5D26BF1
const P5 = 4.13813679705723846039e-8; // 0x3E663769 72BEA4D0
const LG1 = 6.666666666666735130e-1; // 3FE55555 55555593
const LG2 = 3.999999999940941908e-1; // 3FD99999 9997FA04
const LG3 = 2.857142874366239149e-1; // 3FD24924 94229359
const LG4 = 2.222219843214978396e-1; // 3FCC71C5 1D8E78AF
const LG5 = 1.818357216161805012e-1; // 3FC74664 96CB03DE
const LG6 = 1.531383769920937332e-1; // 3FC39A09 D078C69F
const LG7 = 1.479819860511658591e-1; // 3FC2F112 DF3E5244
const EXP_OVERFLOW = 7.09782712893383973096e2; // 0x40862E42 FEFA39EF
const EXP_UNDERFLOW = -7.45133219101941108420e2; // 0xc0874910 D52D3051
const Q1 = -3.33333333333331316428e-2; // BFA11111 111110F4
const Q2 = 1.58730158725481460165e-3; // 3F5A01A0 19FE5585
const Q3 = -7.93650757867487942473e-5; // BF14CE19 9EAADBB7
const Q4 = 4.00821782732936239552e-6; // 3ED0CFCA 86E65239
const Q5 = -2.01099218183624371326e-7; // BE8AFDB7 6E09C32D

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
    if (x > EXP_OVERFLOW) return Infinity;
    if (x < EXP_UNDERFLOW) return 0;
  }
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (hx > 0x3fd62e42) {
    // |x| > 0.5·ln2
    if (hx < 0x3ff0a2b2) {
      // and |x| < 1.5·ln2
      if (x === 1) return E; // as V8: the general path would be 1 ulp off
      if (negative) {
        hi = x + LN2_HI;
        lo = -LN2_LO;
        k = -1;
      } else {
        hi = x - LN2_HI;
        lo = LN2_LO;
        k = 1;
      }
    } else {
      k = (INV_LN2 * x + (negative ? -0.5 : 0.5)) | 0; // truncation toward 0, as C's (int)
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    // |x| < 2^-28
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2.0) - x);
  const y = 1 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) {
    if (k === 1024) return y * 2.0 * TWO1023;
    return y * fromHighWord(0x3ff00000 + (k << 20));
  }
  return y * fromHighWord(0x3ff00000 + ((k + 1000) << 20)) * TWOM1000;
}

/** Natural logarithm, bit-identical to fdlibm's log (Node 20's Math.log). */
export function log(x: number): number {
  let hx = highWord(x);
  const lx = lowWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    // x < 2^-1022: zero, subnormal or negative
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity; // log(±0)
    if (hx < 0) return NaN; // log(negative)
    k -= 54;
    x *= TWO54; // scale a subnormal up
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x; // ∞ or NaN
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  x = setHighWord(x, hx | (i ^ 0x3ff00000)); // normalize x or x/2
  k += i >> 20;
  const f = x - 1.0;
  if ((0x000fffff & (2 + hx)) < 3) {
    // −2^-20 ≤ f < 2^-20
    if (f === 0) {
      if (k === 0) return 0;
      return k * LN2_HI + k * LN2_LO;
    }
    const r = f * f * (0.5 - 0.3333333333333333 * f);
    if (k === 0) return f - r;
    return k * LN2_HI - ((r - k * LN2_LO) - f);
  }
  const s = f / (2.0 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const r = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    if (k === 0) return f - (hfsq - s * (hfsq + r));
    return k * LN2_HI - ((hfsq - (s * (hfsq + r) + k * LN2_LO)) - f);
  }
  if (k === 0) return f - s * (f - r);
  return k * LN2_HI - ((s * (f - r) - k * LN2_LO) - f);
}

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
    if (hu < 0x6a09e) {
      u = setHighWord(u, hu | 0x3ff00000); // normalize u
    } else {
      k += 1;
      u = setHighWord(u, hu | 0x3fe00000); // normalize u/2
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1.0;
  }
  if (hu === 0) return log1pSmallF(f, k, c); // |f| < 2^-20
  const hfsq = 0.5 * f * f;
  const s = f / (2.0 + f);
  const z = s * s;
  const r = z * (LG1 + z * (LG2 + z * (LG3 + z * (LG4 + z * (LG5 + z * (LG6 + z * LG7))))));
  if (k === 0) return f - (hfsq - s * (hfsq + r));
  return k * LN2_HI - ((hfsq - (s * (hfsq + r) + (k * LN2_LO + c))) - f);
}

export function log1pNeg(u: number): number {
  let f: number;
  let k = 0;
  let c = 0;
  if (u < 0.292893648147583) {
    if (u < 1.862645149230957e-9) return u < 5.551115123125783e-17 ? -u : -u - u * u * 0.5;
    f = -u;
  } else {
    const v = 1.0 - u;
    const words = WORDS;
    const hi = HI;
    SCRATCH[0] = v;
    let hu = words[hi];
    k = (hu >> 20) - 1023;
    c = (-u - (v - 1.0)) / v; // the rounding error of 1 − u, relative
    hu &= 0x000fffff;
    if (hu < 0x6a09e) {
      words[hi] = hu | 0x3ff00000; // normalise v
    } else {
      k += 1;
      words[hi] = hu | 0x3fe00000; // normalise v/2
      hu = (0x00100000 - hu) >> 2;
    }
    f = SCRATCH[0] - 1.0;
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
        hi = x + LN2_HI;
        lo = -LN2_LO;
        k = -1;
      } else {
        hi = x - LN2_HI;
        lo = LN2_LO;
        k = 1;
      }
    } else {
      k = (INV_LN2 * x + (negative ? -0.5 : 0.5)) | 0;
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
    c = (hi - x) - lo;
  } else if (hx < 0x3c900000) {
    // |x| < 2^-54
    return x;
  }
  const hfx = 0.5 * x;
  const hxs = x * hfx;
  const r1 = 1.0 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
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
    else y = y * fromHighWord(0x3ff00000 + (k << 20));
    return y - 1.0;
  }
  if (k < 20) {
    t = fromHighWord(0x3ff00000 - (0x200000 >> k)); // 1 − 2^-k
    y = t - (e - x);
  } else {
    t = fromHighWord((0x3ff - k) << 20); // 2^-k
    y = x - (e + t);
    y += 1.0;
  }
  return y * fromHighWord(0x3ff00000 + (k << 20));
}
