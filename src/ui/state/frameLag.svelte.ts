/**
 * A value that follows another `frames` animation frames later, and (while `urgent()` is false) no more
 * often than every `minIntervalMs`. The results panel draws its charts in stages — cards and waits first,
 * the rest on the next frames, and while results stream in the lower charts only every second or so — so
 * no single frame's work grows into a long task. Create it during component initialisation (it owns an
 * effect).
 */
export class FrameLag<T> {
  value = $state.raw<T>() as T;
  #last = -Infinity;

  constructor(get: () => T, frames: number, minIntervalMs = 0, urgent: () => boolean = () => true) {
    this.value = get();
    $effect(() => {
      const next = get();
      const wait = urgent() ? 0 : Math.max(0, this.#last + minIntervalMs - performance.now());
      let frame = 0;
      let left = frames;
      const tick = () => {
        if (--left > 0) frame = requestAnimationFrame(tick);
        else {
          this.value = next;
          this.#last = performance.now();
        }
      };
      const timer = setTimeout(() => (frame = requestAnimationFrame(tick)), wait);
      return () => {
        clearTimeout(timer);
        cancelAnimationFrame(frame);
      };
    });
  }
}
