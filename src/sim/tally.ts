/**
 * Running statistics collected during a run: a {@link Tally} of observations (each patient's wait, each
 * visit's length) and a {@link TimeWeighted} level (patients waiting, staff busy) integrated over time.
 * Both are plain objects with number fields, updated in O(1) without allocation.
 */

/** Thrown when a statistic is fed an impossible update; the message carries the times and values. */
export class StatisticError extends Error {
  override readonly name = 'StatisticError';
}

/**
 * Count, mean, variance, min and max of a stream of observations, by Welford's update (never
 * Σx² − (Σx)²/n, which cancels catastrophically): B. P. Welford, "Note on a method for calculating
 * corrected sums of squares and products", Technometrics 4 (1962) 419–420.
 */
export class Tally {
  /** Number of observations. */
  count = 0;
  /** Mean of the observations (0 while empty). */
  mean = 0;
  /** Sum of squared deviations from the mean, Σ(x − mean)². */
  m2 = 0;
  /** Smallest observation (Infinity while empty). */
  min = Infinity;
  /** Largest observation (−Infinity while empty). */
  max = -Infinity;

  /** Adds one observation (any finite number; units are the caller's, e.g. minutes). */
  add(x: number): void {
    const n = ++this.count;
    const delta = x - this.mean;
    this.mean += delta / n;
    this.m2 += delta * (x - this.mean);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }

  /**
   * Folds another tally into this one, as if its observations had been added here (Chan, Golub & LeVeque,
   * "Updating formulae and a pairwise algorithm for computing sample variances", 1979):
   * δ = mean_b − mean_a, mean = mean_a + δ·n_b/n, M2 = M2_a + M2_b + δ²·n_a·n_b/n.
   * @returns this, for chaining. `other` is unchanged.
   */
  merge(other: Tally): this {
    if (other.count === 0) return this;
    if (this.count === 0) {
      this.count = other.count;
      this.mean = other.mean;
      this.m2 = other.m2;
      this.min = other.min;
      this.max = other.max;
      return this;
    }
    const n = this.count + other.count;
    const delta = other.mean - this.mean;
    this.mean += (delta * other.count) / n;
    this.m2 += other.m2 + ((delta * delta * this.count) / n) * other.count;
    this.count = n;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
    return this;
  }

  /** The sample variance M2/(count − 1) (unbiased); NaN with fewer than two observations. */
  get variance(): number {
    return this.count > 1 ? this.m2 / (this.count - 1) : NaN;
  }

  /** The sample standard deviation √variance; NaN with fewer than two observations. */
  get sd(): number {
    return Math.sqrt(this.variance);
  }

  /** Forgets every observation (e.g. at the end of a warm-up period). */
  reset(): void {
    this.count = 0;
    this.mean = 0;
    this.m2 = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }
}

/**
 * The time average of a piecewise-constant level (number waiting, number of busy staff…): the level holds
 * between events, so its integral is exact, Σ level·Δt, with no sampling.
 */
export class TimeWeighted {
  /** The current level. */
  level = 0;
  /** Time of the last update or reset (minutes). */
  lastTime = 0;
  /** Start of the averaging window (minutes): the construction or last reset time. */
  startTime = 0;
  /** ∫ level dt from startTime to lastTime (level·minutes). */
  area = 0;
  /** Highest level reached since startTime. */
  maxLevel = 0;

  /**
   * @param startTime minutes on the run's clock where averaging starts.
   * @param level the level in force from startTime.
   */
  constructor(startTime = 0, level = 0) {
    this.startTime = startTime;
    this.lastTime = startTime;
    this.level = level;
    this.maxLevel = level;
  }

  /**
   * The level changes to `newLevel` at `time`; the old level is integrated up to then.
   * @param time minutes, not before the last update.
   * @throws StatisticError if time goes backwards.
   */
  update(time: number, newLevel: number): void {
    if (time < this.lastTime) {
      throw new StatisticError(`time went backwards: update to level ${newLevel} at ${time} min after an update at ${this.lastTime} min`);
    }
    this.area += this.level * (time - this.lastTime);
    this.lastTime = time;
    this.level = newLevel;
    if (newLevel > this.maxLevel) this.maxLevel = newLevel;
  }

  /**
   * The time-average level over [startTime, untilTime], the current level holding after the last update.
   * @param untilTime minutes, not before the last update.
   * @returns the average level; the current level if the window has zero length.
   * @throws StatisticError if untilTime is before the last update.
   */
  mean(untilTime: number): number {
    if (untilTime < this.lastTime) {
      throw new StatisticError(`time went backwards: mean until ${untilTime} min asked after an update at ${this.lastTime} min`);
    }
    const span = untilTime - this.startTime;
    if (span === 0) return this.level;
    return (this.area + this.level * (untilTime - this.lastTime)) / span;
  }

  /**
   * Restarts averaging at `time` (the end of a warm-up period), keeping the current level: patients
   * already waiting at the end of the warm-up still count afterwards.
   * @throws StatisticError if time is before the last update.
   */
  reset(time: number): void {
    if (time < this.lastTime) {
      throw new StatisticError(`time went backwards: reset at ${time} min after an update at ${this.lastTime} min`);
    }
    this.startTime = time;
    this.lastTime = time;
    this.area = 0;
    this.maxLevel = this.level;
  }
}
