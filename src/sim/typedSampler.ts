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
 */
import { exp, log, log1p, log1pNeg, pow } from './detMath';
import { empiricalTables, makeSampler, sortedSamples, type DistributionSpec, type Sampler } from './distributions';
import { normalCdf, normalQuantileAt } from './normal';
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

/** As in distributions.ts: stands in for u = 0 where the normal quantile is unbounded. */
const SMALLEST_U = pow(2, -33);
/** As in distributions.ts: beyond this truncation point makeSampler works in log space (kept there). */
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
    // makeSampler checks the spec (and throws DistributionError) and serves the kinds without a fast case.
    this.other = makeSampler(spec, this.replay);
  }

  /**
   * Draws one variate (minutes) from this sampler's stream into `out[i]`.
   * @param out the array to write to; `i` must be a valid index of it.
   */
  drawInto(out: Float64Array, i: number): void {
    out[i] = this.stream.next();
    mapUniform(this, out, i);
  }

  /** Maps out[i] (a uniform) through `makeSampler`'s sampler. */
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

/**
 * A {@link TypedSampler} for `spec` drawing from `stream`: the same variates, in the same order, as
 * `makeSampler(spec, stream)`.
 * @throws DistributionError when a parameter is invalid (as `makeSampler`).
 */
export function makeTypedSampler(spec: DistributionSpec, stream: Stream): TypedSampler {
  const t = new TypedSampler(spec, stream);
  // The constants are computed exactly as makeSampler computes them (same operations, same order).
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
