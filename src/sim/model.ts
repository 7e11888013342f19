/**
 * The engine's model: a plain, JSON-serialisable description of a patient-flow network (it crosses the Web
 * Worker boundary as is). The scenario compilers (office day, queueing network) translate a scenario into
 * this; the engine compiles it once (`compileModel`) and runs it many times.
 *
 * Vocabulary: a **step** is a place where patients wait in a line and are then served (check-in, rooming,
 * exam…); it needs one or more **staff pools** or physical resources (exam rooms) at once. A **patient
 * class** (visit type) follows its own **pathway**: an ordered list of **stages**, each visiting one step,
 * with probabilistic branches and returns to earlier stages (rework). Times are minutes; rates per hour.
 */
import type { ArrivalSpec } from './arrivals';
import type { DistributionSpec } from './distributions';

/** A complete model. Every name must be unique within its list. */
export interface NetworkModel {
  /** Staff pools and physical resources (exam rooms). */
  pools: PoolSpec[];
  /** Steps (stations). */
  steps: StepSpec[];
  /**
   * Patient classes (visit types). Optional: without it there is one class, `default`, whose pathway has
   * one stage per step in model order, routed by each step's `next`.
   */
  classes?: PatientClassSpec[];
  /** Where patients come from. At least one. */
  sources: SourceSpec[];
  /** How long to run and what to observe. */
  run: RunSpec;
  /** Thresholds t (minutes) for the reported P(wait > t) at every step. Default none. */
  waitThresholdsMinutes?: number[];
  /**
   * Percentiles (probabilities in (0, 1), e.g. 0.9) of time in system and of total wait per patient,
   * computed with d3-array's R-7 quantile. Default none (keeps long runs lean).
   */
  percentiles?: number[];
  /**
   * Visits per step whose randomness is drawn when the patient is created, for steps a pathway can
   * revisit without bound (rework loops). Further visits use a counter-based hash of (stream, patient,
   * visit), still independent of staffing. Integer in [1, 64]; default 3.
   */
  preDrawVisits?: number;
}

/** Members of a pool: interchangeable but individually addressable (member 0, 1, …). */
export interface PoolSpec {
  /** Unique name, used by steps' needs and in result metric names. */
  name: string;
  /** Number of members, integer ≥ 0. */
  size: number;
  /** Names of members, for display (default `<pool> 1`, `<pool> 2`…). */
  memberNames?: string[];
  /**
   * When members are on duty:
   * - `always` (default): all members, all the time;
   * - `while-patients-present`: all members whenever at least one patient is in the building (for
   *   service this is the same as always; it changes the on-duty minutes that utilisation divides by);
   * - `shifts`: per member, from `memberShifts` or `capacitySchedule`.
   */
  availability?: 'always' | 'while-patients-present' | 'shifts';
  /**
   * For `shifts`: each member's on-duty intervals [fromMinutes, toMinutes). Gaps between intervals are
   * breaks. A member busy when an interval ends finishes that patient (counted as overtime), then goes off.
   */
  memberShifts?: Array<Array<{ fromMinutes: number; toMinutes: number }>>;
  /**
   * For `shifts`, alternative to `memberShifts`: the number of members on duty from each time on (a step
   * function, sorted by time; before the first entry none). Member i is on duty while count > i.
   */
  capacitySchedule?: Array<{ fromMinutes: number; count: number }>;
  /** For `shifts`: the schedule repeats with this period (minutes > 0, e.g. 1440). Default: no repeat. */
  repeatEveryMinutes?: number;
}

/** One resource a step needs, taken together with the step's other needs. */
export interface NeedSpec {
  /** Name of the pool. A step may list a pool once. */
  pool: string;
  /**
   * Keep the member after this step and release it at the end of the named step (e.g. the exam room,
   * taken at rooming, released at the end of the exam). Default: release at the end of this step. A member
   * still held when the patient leaves is released then.
   */
  holdUntilEndOf?: string;
  /**
   * Busy time after release (documentation after an exam, room turnover): the member stays busy, without
   * the patient, for a draw of this distribution (minutes ≥ 0).
   */
  postBusy?: DistributionSpec;
}

/** A branch of a route: go to stage `to` with probability `p`. */
export interface BranchSpec {
  /** A stage label of the same class, or `exit`. */
  to: string;
  /** Probability in [0, 1]; a route's probabilities sum to at most 1 (the rest follows the default). */
  p: number;
  /** At most this many times per patient (integer ≥ 0); once used up, the default is followed instead. */
  maxTimes?: number;
}

/**
 * Where a patient goes after a stage: a stage label (or `exit`), or branches drawn with one uniform per
 * decision; whatever probability the branches leave goes to the next stage in pathway order (exit after
 * the last stage).
 */
export type RouteSpec = string | BranchSpec[];

/** A step (station): a waiting line in front of one service that needs resources. */
export interface StepSpec {
  /** Unique name; also the default stage label. `exit` is reserved. */
  name: string;
  /** Resources taken together when service starts (may be empty: a pure delay). */
  needs: NeedSpec[];
  /** Service duration (minutes ≥ 0). */
  service: DistributionSpec;
  /**
   * Order of the waiting line: `fifo` (default: time of joining, then patient id) or `key`: by the
   * patient's priority key (appointment time for booked patients, arrival time for walk-ins), then time of
   * joining, then patient id.
   */
  order?: 'fifo' | 'key';
  /** Patience in this line (minutes): a patient not started by then leaves (reneges) and is counted. */
  patience?: DistributionSpec;
  /**
   * Eligibility by session: a patient belongs to the first session whose end is after their priority key,
   * and may not start here before that session's start (no cut-off at its end). Sorted, non-overlapping.
   */
  sessions?: Array<{ startMinutes: number; endMinutes: number }>;
  /** Route of the default class after this step (see {@link RouteSpec}). */
  next?: RouteSpec;
  /**
   * When a freed member could serve several steps, lower priority goes first; ties go to the step listed
   * first. Default 0.
   */
  priority?: number;
}

/** One stage of a pathway: a visit to a step. */
export interface StageSpec {
  /** The step visited. */
  step: string;
  /** Label for routes; default the step's name (must be unique within the pathway). */
  label?: string;
  /** Where to go after this stage; default the next stage in the list, `exit` after the last. */
  next?: RouteSpec;
  /** Service duration for this class at this stage, instead of the step's. */
  service?: DistributionSpec;
}

/** A patient class (visit type): its own pathway. */
export interface PatientClassSpec {
  /** Unique name. */
  name: string;
  /** Pathway; default one stage per step in model order, routed by each step's `next`. */
  pathway?: StageSpec[];
}

/** Unscheduled arrivals (walk-ins, or a queueing network's external arrivals). */
export interface ArrivalSourceSpec {
  kind: 'arrivals';
  /** Unique name; names the source's streams (`arrivals/<name>`, `class/<name>`). */
  name: string;
  /** The arrival process (src/sim/arrivals.ts). */
  arrivals: ArrivalSpec;
  /** Window [startMinutes, endMinutes) for arrivals; defaults: the run's start, no end. */
  startMinutes?: number;
  endMinutes?: number;
  /** Class mix: class names with probabilities summing to 1. Default: the first class. */
  classMix?: Array<{ class: string; p: number }>;
}

/** Booked patients: one per appointment, in booking order. Their priority key is the appointment time. */
export interface ScheduledSourceSpec {
  kind: 'scheduled';
  /** Unique name; names the streams `no-show/<name>` and `punctuality/<name>`. */
  name: string;
  /** The appointments, in booking order (the order in which patients are created and draw randomness). */
  appointments: Array<{
    timeMinutes: number;
    /** Class name; default the first class. */
    class?: string;
    /** The patient must be served by this member of this pool (e.g. their own provider). */
    pin?: { pool: string; member: number };
  }>;
  /** Probability in [0, 1] that a booked patient does not come. Default 0. */
  noShowProbability?: number;
  /** Arrival minus appointment time (minutes, may be negative). Default: exactly on time. */
  punctuality?: DistributionSpec;
}

/** A source of patients. */
export type SourceSpec = ArrivalSourceSpec | ScheduledSourceSpec;

/**
 * How long to run:
 * - `steady-state`: arrivals over [0, ∞); statistics from patients arriving in [warmupMinutes,
 *   horizonMinutes), followed until they leave; time-weighted statistics over [warmup, horizon].
 * - `until-empty`: a finite day from `startMinutes` (default 0, or the earliest arrival if earlier) until
 *   every source is exhausted, the building is empty and post-service busy time (documentation, room
 *   turnover) is over. Every patient counts.
 */
export type RunSpec =
  | { kind: 'steady-state'; horizonMinutes: number; warmupMinutes: number }
  | { kind: 'until-empty'; startMinutes?: number };
