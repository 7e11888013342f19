/**
 * Typings for the seedrandom generators the benchmark compares (the package's own typings omit deep
 * imports; the engine's one, alea, is typed in src/sim/alea.d.ts).
 */
declare module 'seedrandom/lib/xor128.js' {
  const make: (seed?: string) => () => number;
  export default make;
}
declare module 'seedrandom/lib/xorwow.js' {
  const make: (seed?: string) => () => number;
  export default make;
}
declare module 'seedrandom/lib/xorshift7.js' {
  const make: (seed?: string) => () => number;
  export default make;
}
declare module 'seedrandom/lib/xor4096.js' {
  const make: (seed?: string) => () => number;
  export default make;
}
declare module 'seedrandom/lib/tychei.js' {
  const make: (seed?: string) => () => number;
  export default make;
}
