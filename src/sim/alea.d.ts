/** Typings for the one seedrandom generator the engine uses (the package's own typings omit deep imports). */
declare module 'seedrandom/lib/alea.js' {
  interface AleaPrng {
    (): number;
    int32(): number;
    double(): number;
    quick(): number;
  }
  function alea(seed?: string): AleaPrng;
  export default alea;
}
