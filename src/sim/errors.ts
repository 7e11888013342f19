/**
 * Named errors of the simulation engine. Every invariant violation throws one of these, and its message
 * carries the simulation time, the entity involved and the offending value, so a failure in a long run
 * can be located without a debugger. Soft problems (a station loaded at or above capacity) are not
 * errors: they go into a run's `warnings` list.
 */

/** Base class of every error the engine throws on purpose. */
export class SimulationError extends Error {
  override name = 'SimulationError';
}

/**
 * An event was scheduled at a time that is not finite or lies before the current clock
 * (NaN, ±Infinity, or a time in the past).
 */
export class ScheduleTimeError extends SimulationError {
  override name = 'ScheduleTimeError';
  /**
   * @param now current simulation time (minutes)
   * @param entity id of the entity the event belongs to (patient slot, pool, source…)
   * @param value the rejected event time (minutes)
   * @param kind the event kind (small integer), for the message
   */
  constructor(
    readonly now: number,
    readonly entity: number,
    readonly value: number,
    readonly kind: number,
  ) {
    super(`cannot schedule event kind ${kind} for entity ${entity} at t=${value} (clock is at t=${now}): times must be finite and not in the past`);
  }
}

/** An internal consistency check failed (a bug in the engine or a corrupted state). */
export class InvariantError extends SimulationError {
  override name = 'InvariantError';
  /**
   * @param now simulation time (minutes) at which the check failed
   * @param entity description of the entity (e.g. `patient 12`, `pool providers member 1`)
   * @param value the offending value
   * @param what which invariant failed
   */
  constructor(
    readonly now: number,
    readonly entity: string,
    readonly value: unknown,
    what: string,
  ) {
    super(`t=${now}: ${entity}: ${what} (value: ${String(value)})`);
  }
}

/** A model specification is invalid (unknown name, probability outside [0, 1], negative size…). */
export class ModelError extends SimulationError {
  override name = 'ModelError';
  /**
   * @param path where in the model the problem is, e.g. `steps[2].next[1].p`
   * @param value the offending value
   * @param message what is wrong
   */
  constructor(
    readonly path: string,
    readonly value: unknown,
    message: string,
  ) {
    super(`${path}: ${message} (value: ${JSON.stringify(value)})`);
  }
}

/** Thrown when a run exceeds its event budget (a runaway model). */
export class EventBudgetError extends SimulationError {
  override name = 'EventBudgetError';
  /** @param now clock (minutes) when the budget ran out; @param value the budget (events). */
  constructor(
    readonly now: number,
    readonly value: number,
  ) {
    super(`t=${now}: run stopped after ${value} events (event budget exceeded)`);
  }
}
