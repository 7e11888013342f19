/** Typings for the one seedrandom generator the engine uses (the package's own typings omit deep imports). */
declare module 'seedrandom/lib/alea.js' {
  interface AleaPrng {
    (): number;
    int32(): number;
    double(): number;
    quick(): number;
  }
  /** The generator's whole state (with `{ state: true }`): the carry and the three lags. */
  interface AleaState {
    c: number;
    s0: number;
    s1: number;
    s2: number;
  }
  interface AleaPrngWithState extends AleaPrng {
    state(): AleaState;
  }
  function alea(seed: string, opts: { state: true }): AleaPrngWithState;
  function alea(seed?: string): AleaPrng;
  export default alea;
}
