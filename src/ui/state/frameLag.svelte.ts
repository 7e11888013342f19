/** How often a {@link FrameLag} takes a new value while results stream in. */
export interface Throttle {
  /** Shortest gap (ms) between two values taken while `settled()` is false. */
  minIntervalMs: number;
  /** True once the run finished or stopped: the latest value is taken at once. */
  settled: () => boolean;
  /** `performance.now()` when the current run started: its first values (a few noisy days) are skipped too. */
  since: () => number;
}

/**
 * A value that follows another `frames` animation frames later. With a {@link Throttle}, while results
 * stream in, an update that comes less than `minIntervalMs` after the last value taken (or after the run
 * started) is skipped: the value stays as it was until the next update after the interval, or until the
 * run settles, which takes the latest value at once.
 *
 * Skipping rather than deferring by a timer keeps every chart update inside the few frames after a streamed
 * view arrives, which is when the simulation worker waits for the page to draw: a deferred update would draw
 * while the worker simulates, and on a 2-core machine that frame competes with it for the CPU. The results
 * panel staggers its charts over successive frames (one per frame), so no single frame's work grows into a
 * long task. Create it during component initialisation (it owns an effect).
 */
export class FrameLag<T> {
  value = $state.raw<T>() as T;
  #last = -Infinity;

  constructor(get: () => T, frames: number, throttle?: Throttle) {
    this.value = get();
    $effect(() => {
      const next = get();
      if (throttle && !throttle.settled() && performance.now() - Math.max(this.#last, throttle.since()) < throttle.minIntervalMs) return;
      let left = frames;
      const tick = () => {
        if (--left > 0) frame = requestAnimationFrame(tick);
        else {
          this.value = next;
          this.#last = performance.now();
        }
      };
      let frame = requestAnimationFrame(tick);
      return () => cancelAnimationFrame(frame);
    });
  }
}
