/**
 * Event kinds and same-time priorities shared by the general engine (engine.ts) and the fast path for
 * plain networks (fastPath.ts). Both must schedule identically for their results to match bit for bit.
 *
 * Same-time order (lower priority first): shift ends, then shift starts (a shift ending at t means off duty
 * at t, so nobody starts a patient with a member at the very end of their shift, not even when another
 * member's shift starting at t frees a line to match), releases (a freed member serves
 * someone at once), session wake-ups, arrivals (by source index), patience expiries (a patient served at
 * the very moment their patience runs out is served), and statistics boundaries (warm-up end, horizon).
 * Hot loops copy these into module-level constants rather than reading module bindings per event.
 */
export const EVENT = {
  arrival: 1,
  booked: 2,
  end: 3,
  postEnd: 4,
  renege: 5,
  shift: 6,
  wake: 7,
  warmup: 8,
  horizon: 9,
} as const;

/** Calendar priorities (see the module comment for the order). */
export const PRIORITY = {
  shiftEnd: 4,
  shiftStart: 5,
  release: 10,
  wake: 30,
  /** Arrivals use arrival + source index, so simultaneous arrivals resolve by source, never by history. */
  arrival: 100,
  renege: 3000,
  stats: 4000,
} as const;

/** Service-time sampler kinds with an inlined fast path. */
export const SERVICE = { exponential: 0, deterministic: 1, general: 2 } as const;
