/**
 * A value that follows another `frames` animation frames later. The results panel draws its charts in
 * stages (cards and waits first, the rest on the next frames), so no single frame's work grows into a long
 * task while results stream in. Create it during component initialisation (it owns an effect).
 */
export class FrameLag<T> {
  value = $state.raw<T>() as T;

  constructor(get: () => T, frames: number) {
    this.value = get();
    $effect(() => {
      const next = get();
      let id = 0;
      let left = frames;
      const tick = () => {
        if (--left > 0) id = requestAnimationFrame(tick);
        else this.value = next;
      };
      id = requestAnimationFrame(tick);
      return () => cancelAnimationFrame(id);
    });
  }
}
