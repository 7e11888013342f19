/**
 * A sampler that writes its variate into a slot of a `Float64Array` instead of returning it, for loops
 * that draw many durations (the office day draws ~400 a day).
 *
 * Why: a {@link Sampler} is a closure, one per distribution kind, all called from one call site; V8 calls
 * them out of line, an out-of-line call returns its double boxed (one heap number per draw), and inside
 * the lognormal's closure `exp` and `normalQuantile` were out-of-line calls too, boxing their arguments and
 * results (~56 ns and four heap numbers a draw). Here every distribution is one class with its kind as a
 * small integer, the variate reaches the caller through a typed array, and the inverse CDFs are one
 * function that V8 compiles on its own with `exp` and the normal quantile's central case inlined.
 *
 * Same numbers: a draw takes exactly one uniform from the same stream at the same moment as
 * {@link makeSampler}'s sampler and maps it with the same arithmetic, so every variate is bit-identical
 * (test/sim/typedSampler.test.ts compares them). Kinds without a fast case call `makeSampler`'s own sampler.
 *
 * This is the one implementation of the inverse transforms: {@link makeSampler} (the closure API that the
 * engine and the rest of the core use) wraps a TypedSampler. Only the slow kinds (a gamma or Erlang with
 * shape ≠ 1, a normal truncated more than 30 sd out) keep a closure of their own, {@link slowSampler}.
 */
import { exp, log, log1p, log1pNeg, pow } from './detMath';
import type { DistributionSpec, Sampler } from './distributions';
import { checkDistribution, DistributionError } from './distributionChecks';
import { normalCdf, normalLogUpperTail, normalQuantileAt, normalQuantileCentralAt, normalQuantileFromLogUpper, normalQuantileTailAt } from './normal';
import { makeInverseRegularizedGammaP } from './specialFunctions';
import type { Stream } from './streams';

const EXPONENTIAL = 0;
const CONSTANT = 1;
const UNIFORM = 2;
const TRIANGULAR = 3;
const LOGNORMAL = 4;
const NORMAL = 5;
const TRUNCATED_NORMAL = 6;
const EMPIRICAL = 7;
const EMPIRICAL_CONTINUOUS = 8;
const OTHER = 9;

/**
 * Stand-in for u = 0 where the inverse CDF is unbounded (normal, lognormal): half of alea's 2⁻³² step,
 * so the variate stays finite (about −6.4 sd) instead of −Infinity. Happens about once in 4·10⁹ draws.
 */
const SMALLEST_U = pow(2, -33);
/**
 * Above this standardised truncation point Q(α) = P(Z > α) nears the smallest double (Q(30) ≈ 5e-198),
 * so the truncated normal is inverted in log space (in {@link slowSampler}).
 */
const LOG_TAIL_ABOVE = 30;

const EMPTY = new Float64Array(0);

/** Replays one given uniform, so `makeSampler`'s sampler can map a uniform drawn elsewhere. */
class OneUniform implements Stream {
  u = 0;
  next(): number {
    return this.u;
  }
}

/**
 * One distribution over one stream. Build with {@link makeTypedSampler}; draw with {@link TypedSampler.drawInto}.
 */
export class TypedSampler {
  /** EXPONENTIAL … OTHER. */
  kind = OTHER;
  // Per-kind constants (see makeTypedSampler); initialised so V8 keeps them as untagged doubles.
  a = 0;
  b = 0;
  c = 0;
  d = 0;
  e = 0;
  /** Empirical kinds: values ascending (and, for EMPIRICAL, cumulative weights). */
  table: Float64Array = EMPTY;
  cumulative: Float64Array = EMPTY;
  private readonly replay = new OneUniform();
  private readonly other: Sampler;

  constructor(
    spec: DistributionSpec,
    readonly stream: Stream,
  ) {
    const problem = checkDistribution(spec, 'offset');
    if (problem !== null) throw new DistributionError(`${String(spec?.kind)} distribution: ${problem}`, spec);
    this.other = slowSampler(spec, this.replay);
  }

  /**
   * Draws one variate (minutes) from this sampler's stream into `out[i]`.
   * @param out the array to write to; `i` must be a valid index of it.
   */
  drawInto(out: Float64Array, i: number): void {
    out[i] = this.stream.next();
    mapUniform(this, out, i);
  }

  /** Maps out[i] (a uniform) through the slow kinds' sampler. */
  mapOther(out: Float64Array, i: number): void {
    this.replay.u = out[i];
    out[i] = this.other();
  }
}

/**
 * Replaces the uniform in out[i] by the variate: makeSampler's inverse CDFs, the same operations in the
 * same order. Intermediate values go through out[i], never through a call's double result.
 *
 * Keep this function above V8's limit for inlining a callee (460 bytes of bytecode): it is then
 * never inlined into a caller and compiled on its own, with its own inlining budget (920 bytes) spent on
 * `exp` and Φ⁻¹'s central case, which are then inlined here. Inlined into a busy caller, that budget was
 * used up and `exp`/Φ⁻¹ were called out of line, each call boxing its double argument and result.
 */
function mapUniform(t: TypedSampler, out: Float64Array, i: number): void {
  switch (t.kind) {
    case LOGNORMAL:
      out[i] = out[i] || SMALLEST_U;
      normalQuantileAt(out, i);
      out[i] = exp(t.a + t.b * out[i]);
      return;
    case NORMAL:
      out[i] = out[i] || SMALLEST_U;
      normalQuantileAt(out, i);
      out[i] = t.a + t.b * out[i];
      return;
    case TRUNCATED_NORMAL:
      // max(): rounding must never put a variate below the truncation point.
      out[i] = t.d * (1 - out[i]);
      normalQuantileAt(out, i);
      out[i] = Math.max(t.c, t.a - t.b * out[i]);
      return;
    case EXPONENTIAL:
      // log1p(-u), never log(u): alea can return exactly 0.
      out[i] = -t.a * log1pNeg(out[i]);
      return;
    case CONSTANT:
      out[i] = t.a;
      return;
    case UNIFORM:
      out[i] = t.a + t.b * out[i];
      return;
    case TRIANGULAR: {
      const u = out[i];
      out[i] = u < t.c ? t.a + Math.sqrt(u * t.d) : t.b - Math.sqrt((1 - u) * t.e);
      return;
    }
    case EMPIRICAL: {
      const target = out[i] * t.a;
      const cumulative = t.cumulative;
      // Smallest rank with target < cumulative[rank]; a zero-weight value can never be that rank.
      let lo = 0;
      let hi = t.b;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (target < cumulative[mid]) hi = mid;
        else lo = mid + 1;
      }
      out[i] = t.table[lo];
      return;
    }
    case EMPIRICAL_CONTINUOUS: {
      const sorted = t.table;
      const last = t.a;
      const h = out[i] * last;
      const k = Math.floor(h);
      out[i] = k >= last ? sorted[last] : sorted[k] + (h - k) * (sorted[k + 1] - sorted[k]);
      return;
    }
    default:
      t.mapOther(out, i);
  }
}

/** Work space of {@link mapUniforms}, owned by its caller and reused (the core keeps no state of its own). */
export class MapScratch {
  /** Indices of the uniforms in the normal tails (grown as needed). */
  tails: Int32Array = new Int32Array(256);
}

/**
 * Maps the uniforms out[from … to − 1] in place, each through its own sampler, `samplers[which[i]]` (or
 * `samplers[0]` for all when `which` is null): the same variates as {@link TypedSampler.drawInto} would give
 * for those uniforms, for a block drawn beforehand (each from its sampler's stream, in the order drawInto
 * would have drawn them).
 *
 * Why: a lognormal draw is ~40 arithmetic operations in two dependent chains (Φ⁻¹, then exp). One at a
 * time, interleaved with a tail case (15% of uniforms: a log and a square root, out of line) and the calls
 * around each draw, the CPU runs each chain alone. Here normals and lognormals go in passes over the block:
 * Φ⁻¹'s central case, then the tails, then the scaling and exp, each a short loop without calls whose
 * iterations the CPU overlaps. Other kinds are mapped one by one, as drawInto maps them.
 */
export function mapUniforms(samplers: readonly TypedSampler[], which: Int32Array | null, out: Float64Array, from: number, to: number, work: MapScratch): void {
  if (work.tails.length < to - from) work.tails = new Int32Array(2 * (to - from));
  const tail = work.tails;
  let nTails = 0;
  for (let i = from; i < to; i++) {
    const t = samplers[which === null ? 0 : which[i]];
    if (t.kind === LOGNORMAL || t.kind === NORMAL) {
      // out[i] || SMALLEST_U, written so the value stays an unboxed double (|| with a constant boxed it).
      const u = out[i];
      if (u === 0 || u !== u) out[i] = SMALLEST_U;
      if (!normalQuantileCentralAt(out, i)) tail[nTails++] = i;
    } else mapUniform(t, out, i);
  }
  for (let k = 0; k < nTails; k++) normalQuantileTailAt(out, tail[k]);
  for (let i = from; i < to; i++) {
    const t = samplers[which === null ? 0 : which[i]];
    if (t.kind === LOGNORMAL) out[i] = exp(t.a + t.b * out[i]);
    else if (t.kind === NORMAL) out[i] = t.a + t.b * out[i];
  }
}

/**
 * A {@link TypedSampler} for `spec` drawing exactly one uniform from `stream` per variate, by inverse
 * transform. The spec is checked structurally (`checkDistribution(spec, 'offset')`); whether a duration can
 * be negative is the scenario validator's job (`checkDistribution(spec, 'duration')`).
 * @throws DistributionError when a parameter is invalid (the message names it and gives the bad value).
 */
export function makeTypedSampler(spec: DistributionSpec, stream: Stream): TypedSampler {
  const t = new TypedSampler(spec, stream);
  // Per-spec constants, computed once. Lognormal: the underlying normal from the duration's own mean m and
  // sd s, σ² = ln(1 + s²/m²), μ = ln m − σ²/2. Truncated normal: inversion on the truncated range in its
  // complementary form, x = μ − σ·Φ⁻¹(Q(α)(1 − u)), α = (min − μ)/σ, Q = 1 − Φ computed directly, so it keeps
  // full precision and never reaches Φ⁻¹(1). Triangular: two square-root branches split at F(mode).
  switch (spec.kind) {
    case 'exponential':
      t.kind = EXPONENTIAL;
      t.a = spec.meanMinutes;
      break;
    case 'deterministic':
      t.kind = CONSTANT;
      t.a = spec.valueMinutes;
      break;
    case 'uniform':
      t.kind = UNIFORM;
      t.a = spec.minMinutes;
      t.b = spec.maxMinutes - spec.minMinutes;
      break;
    case 'triangular': {
      const lo = spec.minMinutes;
      const mode = spec.modeMinutes;
      const hi = spec.maxMinutes;
      t.kind = TRIANGULAR;
      t.a = lo;
      t.b = hi;
      t.c = (mode - lo) / (hi - lo);
      t.d = (hi - lo) * (mode - lo);
      t.e = (hi - lo) * (hi - mode);
      break;
    }
    case 'normal': {
      const mu = spec.meanMinutes;
      const sigma = spec.sdMinutes;
      const min = spec.minMinutes;
      if (min === undefined) {
        t.kind = NORMAL;
        t.a = mu;
        t.b = sigma;
      } else if (sigma === 0) {
        t.kind = CONSTANT;
        t.a = Math.max(mu, min);
      } else {
        const alpha = (min - mu) / sigma;
        if (alpha <= LOG_TAIL_ABOVE) {
          t.kind = TRUNCATED_NORMAL;
          t.a = mu;
          t.b = sigma;
          t.c = min;
          t.d = normalCdf(-alpha);
        }
      }
      break;
    }
    case 'lognormal': {
      const s2 = log1p((spec.sdMinutes * spec.sdMinutes) / (spec.meanMinutes * spec.meanMinutes));
      t.kind = LOGNORMAL;
      t.a = log(spec.meanMinutes) - s2 / 2;
      t.b = Math.sqrt(s2);
      break;
    }
    case 'gamma': {
      const cv = spec.sdMinutes / spec.meanMinutes;
      if (1 / (cv * cv) === 1) {
        t.kind = EXPONENTIAL;
        t.a = spec.sdMinutes * cv;
      }
      break;
    }
    case 'erlang':
      if (spec.k === 1) {
        t.kind = EXPONENTIAL;
        t.a = spec.meanMinutes / spec.k;
      }
      break;
    case 'empirical': {
      const tables = empiricalTables(spec.values, spec.weights);
      t.kind = EMPIRICAL;
      t.table = tables.sorted;
      t.cumulative = tables.cumulative;
      t.a = tables.total;
      t.b = tables.lastPositive;
      break;
    }
    case 'empiricalContinuous':
      t.kind = EMPIRICAL_CONTINUOUS;
      t.table = sortedSamples(spec.samplesMinutes);
      t.a = t.table.length - 1;
      break;
    default:
      break;
  }
  return t;
}

/**
 * The closure API: a sampler for `spec` that draws exactly one uniform from `stream` per variate (a
 * {@link TypedSampler} read back through a one-slot array).
 * @throws DistributionError when a parameter is invalid (the message names it and gives the bad value).
 */
export function makeSampler(spec: DistributionSpec, stream: Stream): Sampler {
  const t = makeTypedSampler(spec, stream);
  const out = new Float64Array(1);
  return () => {
    t.drawInto(out, 0);
    return out[0];
  };
}

/** Never called: the slow sampler of a kind that has a fast case. */
function unused(): number {
  return NaN;
}

/**
 * The kinds without a fast case in {@link mapUniform}, mapping the uniform `replay` gives: a gamma or
 * Erlang of shape ≠ 1 (inverting the regularized incomplete gamma function P(shape, ·)), and a normal
 * truncated more than {@link LOG_TAIL_ABOVE} sd out (inverted with log Q).
 */
function slowSampler(spec: DistributionSpec, replay: Stream): Sampler {
  switch (spec.kind) {
    case 'gamma': {
      const cv = spec.sdMinutes / spec.meanMinutes;
      return gamma(replay, 1 / (cv * cv), spec.sdMinutes * cv);
    }
    case 'erlang':
      return gamma(replay, spec.k, spec.meanMinutes / spec.k);
    case 'normal': {
      const { meanMinutes: mu, sdMinutes: sigma, minMinutes: min } = spec;
      if (min === undefined || sigma === 0) return unused;
      const alpha = (min - mu) / sigma;
      if (alpha <= LOG_TAIL_ABOVE) return unused;
      const logUpperTail = normalLogUpperTail(alpha);
      return () => Math.max(min, mu + sigma * normalQuantileFromLogUpper(logUpperTail + log1pNeg(replay.next())));
    }
    default:
      return unused;
  }
}

/** Gamma with the given shape and scale by inverting P(shape, ·) (shape 1, the exponential, has a fast case). */
function gamma(stream: Stream, shape: number, scale: number): Sampler {
  if (shape === 1) return unused;
  const inverse = makeInverseRegularizedGammaP(shape);
  return () => {
    const u = stream.next();
    return scale * inverse(u, 1 - u);
  };
}

/** Tables of a weighted discrete distribution: values ascending, cumulative weights, the last rank of positive weight. */
export interface EmpiricalTables {
  sorted: Float64Array;
  cumulative: Float64Array;
  total: number;
  lastPositive: number;
}

/** Sorts `values` ascending (so the map from u is monotone) and accumulates their weights (default: equal). */
export function empiricalTables(values: readonly number[], weights: readonly number[] | undefined): EmpiricalTables {
  const order = values.map((_, i) => i).sort((i, j) => values[i] - values[j]);
  const sorted = Float64Array.from(order, (i) => values[i]);
  const cumulative = new Float64Array(order.length);
  let total = 0;
  let lastPositive = 0;
  order.forEach((i, rank) => {
    const w = weights === undefined ? 1 : weights[i];
    total += w;
    cumulative[rank] = total;
    if (w > 0) lastPositive = rank;
  });
  return { sorted, cumulative, total, lastPositive };
}

/** The samples of an `empiricalContinuous` distribution, ascending (type-7 interpolation in mapUniform). */
export function sortedSamples(samples: readonly number[]): Float64Array {
  return Float64Array.from(samples).sort();
}
