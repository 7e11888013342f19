import type { Stream } from '../../src/sim/streams';

/** A stream that replays a fixed list of uniforms (cycling) and counts how many were drawn. */
export class CountingStream implements Stream {
  count = 0;
  constructor(private readonly values: readonly number[]) {}
  next(): number {
    return this.values[this.count++ % this.values.length];
  }
}
