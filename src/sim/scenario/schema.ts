/**
 * Scenario format v1: the schema (valibot) and the types inferred from it. An office scenario describes a
 * medical office's day; a network scenario is a plain queueing network for classic models and other
 * facilities. Structural rules live here; rules that relate fields to each other live in crossChecks.ts.
 * Every field is documented in docs/scenario-format.md.
 */
import * as v from 'valibot';
import { DurationSchema, OffsetSchema, MAX_MINUTES } from './distribution';
import { bool, clock, id, idMap, int, list, num, oneOf, probability, show, strict, text } from './primitives';

/** The current scenario format version. Older versions are migrated (migrations.ts). */
export const SCENARIO_VERSION = 1;

/** Caps on sizes: a runaway scenario becomes a clear error instead of a hang. */
export const CAPS = {
  providers: 30,
  staffPools: 20,
  headcount: 50,
  examRooms: 200,
  sessions: 12,
  visitTypes: 20,
  steps: 30,
  pathwayEntries: 40,
  maxReturns: 10,
  slotEntries: 200,
  /** Slots one provider's template may produce in a day. */
  slotsPerProvider: 400,
  slotCapacity: 10,
  walkInRatePerHour: 120,
  /** Expected patients per day (bookings + walk-ins), checked across fields. */
  patientsPerDay: 5_000,
  /** Network mode: the horizon, and the expected arrivals per replication. */
  horizonMinutes: 10_000_000,
  arrivalsPerReplication: 5_000_000,
  stations: 50,
  sources: 20,
  /** Events one replication may process before it stops with an error. */
  eventBudget: 50_000_000,
  replications: 100_000,
} as const;

const NAME = text(120, 'a name');
const NOTES = text(4000, 'notes');

const Break = strict({ start: clock(), end: clock() }, 'a break { "start": "HH:MM", "end": "HH:MM" }');
const Shift = strict(
  { start: clock(), end: clock(), breaks: v.optional(list(Break, 0, 6, 'breaks'), []) },
  'a shift { "start": "HH:MM", "end": "HH:MM", "breaks": [...] }',
);

const Float = strict(
  { steps: list(id('a step id'), 1, CAPS.steps, 'step ids'), lineAtLeast: int(1, 1000, 'a line length') },
  'a float rule { "steps": [...], "lineAtLeast": n }',
);

const StaffPool = strict(
  {
    id: id('a staff pool id'),
    name: v.optional(NAME),
    role: oneOf(['receptionist', 'medicalAssistant', 'nurse', 'billingClerk', 'officeManager', 'other'] as const),
    headcount: int(1, CAPS.headcount, 'a head count'),
    shifts: list(Shift, 1, 4, 'shifts'),
    wagePerHour: v.optional(num(0, 10_000, 'a wage per hour'), 0),
    overtimeMultiplier: v.optional(num(1, 5, 'an overtime multiplier'), 1.5),
    staggerBreaksMinutes: v.optional(int(0, 240, 'minutes between members\' breaks'), 0),
    availableWhilePatientsPresent: v.optional(bool(), false),
    float: v.optional(Float),
  },
  'a staff pool',
);

const Provider = strict(
  {
    id: id('a provider id'),
    name: v.optional(NAME),
    role: v.optional(oneOf(['physician', 'nursePractitioner', 'physicianAssistant'] as const), 'physician'),
    sessions: list(id('a session id'), 1, CAPS.sessions, 'session ids'),
    slotTemplate: v.optional(id('a slot template id')),
    wagePerHour: v.optional(num(0, 10_000, 'a wage per hour'), 0),
    overtimeMultiplier: v.optional(num(1, 5, 'an overtime multiplier'), 1.5),
    startsLateMinutes: v.optional(DurationSchema),
    roomsOwnPatients: v.optional(bool(), false),
  },
  'a provider',
);

const Session = strict({ id: id('a session id'), start: clock(), end: clock() }, 'a session { "id", "start", "end" }');

const VisitType = strict(
  {
    id: id('a visit type id'),
    name: v.optional(NAME),
    share: v.optional(num(0, 1, 'a share'), 1),
    noShowProbability: v.optional(probability(), 0),
  },
  'a visit type',
);

const SlotRun = strict(
  {
    from: clock(),
    to: clock(),
    lengthMinutes: v.optional(int(1, 600, 'a slot length in minutes')),
    capacity: v.optional(int(1, CAPS.slotCapacity, 'patients per slot'), 1),
    visitTypes: v.optional(list(id('a visit type id'), 1, CAPS.visitTypes, 'visit type ids')),
  },
  'slots { "from": "HH:MM", "to": "HH:MM", "lengthMinutes": n }',
);

const Policy = v.variant(
  'kind',
  [
    strict({ kind: v.literal('doubleBookFirstSlots'), slots: int(1, 100, 'a number of slots') }, 'a double-booking policy'),
    strict({ kind: v.literal('extraEveryKthSlot'), k: int(1, 1000, 'k') }, 'an every-k-th-slot policy'),
    strict({ kind: v.literal('extraPercent'), percent: num(0, 100, 'a percentage') }, 'a percentage overbooking policy'),
    strict({ kind: v.literal('baileyWelch') }, 'a Bailey-Welch policy'),
  ],
  (i) =>
    `got ${show(i.input)}; expected a booking policy with "kind" one of "doubleBookFirstSlots", "extraEveryKthSlot", "extraPercent", "baileyWelch"`,
);

const LateRule = strict(
  { lateByMoreThanMinutes: num(0, 600, 'minutes'), action: oneOf(['seenAtEndOfSession', 'rebooked'] as const) },
  'a late rule { "lateByMoreThanMinutes": n, "action": ... }',
);

const AppointmentBook = strict(
  {
    fillRate: v.optional(probability(), 1),
    visitTypeAssignment: v.optional(oneOf(['bySlot', 'byShares'] as const), 'byShares'),
    policies: v.optional(list(Policy, 0, 8, 'policies'), []),
    punctualityMinutes: v.optional(OffsetSchema),
    lateRule: v.optional(LateRule),
  },
  'an appointment book',
);

/**
 * Walk-ins: a Poisson process over [from, to), either at one constant rate or with an hourly profile
 * (`ratesPerHour[i]` applies to the i-th hour from `from`). The first gap is measured from `from`.
 */
const WalkIns = strict(
  {
    from: clock(),
    to: clock(),
    ratePerHour: v.optional(num(0, CAPS.walkInRatePerHour, 'a rate per hour')),
    ratesPerHour: v.optional(list(num(0, CAPS.walkInRatePerHour, 'a rate per hour'), 1, 24, 'hourly rates')),
    visitTypeShares: v.optional(idMap(num(0, 1, 'a share'), CAPS.visitTypes, 'shares')),
  },
  'walk-ins { "from", "to", "ratePerHour" or "ratesPerHour" }',
);

const ExamRooms = strict(
  { count: int(1, CAPS.examRooms, 'a number of exam rooms'), turnoverMinutes: v.optional(DurationSchema) },
  'exam rooms { "count": n }',
);

const Alternative = strict(
  { staff: list(id('a staff pool id or "provider"'), 1, 4, 'staff'), durationMinutes: DurationSchema },
  'an alternative { "staff": [...], "durationMinutes": {...} }',
);

const Step = strict(
  {
    id: id('a step id'),
    name: v.optional(NAME),
    staff: list(id('a staff pool id or "provider"'), 1, 4, 'staff'),
    durationMinutes: DurationSchema,
    durationByVisitType: v.optional(idMap(DurationSchema, CAPS.visitTypes, 'distributions')),
    usesExamRoom: v.optional(bool(), false),
    priority: v.optional(int(0, 100, 'a priority (lower goes first)'), 0),
    staffBusyAfterMinutes: v.optional(idMap(DurationSchema, 5, 'distributions')),
    alternative: v.optional(Alternative),
    seen: v.optional(bool()),
  },
  'a step',
);

const Branch = strict({ step: id('a step id'), probability: probability() }, 'a branch { "step", "probability" }');

/**
 * One entry of a pathway: either a step (`step`, optionally skipped with `1 − probability`, optionally
 * followed by a return to an earlier step) or a branch (`oneOf`: at most one of several steps). One object
 * shape with a cross-field check ("either step or oneOf") gives clearer messages than a union.
 */
const PathwayEntry = strict(
  {
    step: v.optional(id('a step id')),
    probability: v.optional(probability()),
    returnTo: v.optional(id('a step id')),
    returnProbability: v.optional(probability()),
    maxReturns: v.optional(int(0, CAPS.maxReturns, 'a number of returns')),
    oneOf: v.optional(list(Branch, 1, 10, 'branches')),
  },
  'a pathway entry { "step": id } or { "oneOf": [...] }',
);

const Patience = strict({ waitingRoomMinutes: DurationSchema }, 'patience { "waitingRoomMinutes": {...} }');

const DayHours = strict({ opens: clock(), closes: clock() }, 'opening hours { "opens", "closes" }');

/** An office scenario: the day of a medical office. */
export const OfficeScenarioSchema = strict(
  {
    version: v.literal(SCENARIO_VERSION, (i) => `got ${show(i.input)}; expected ${SCENARIO_VERSION}`),
    kind: v.literal('office'),
    name: NAME,
    notes: NOTES,
    openingHours: DayHours,
    sessions: list(Session, 1, CAPS.sessions, 'sessions'),
    visitTypes: list(VisitType, 1, CAPS.visitTypes, 'visit types'),
    examRooms: ExamRooms,
    staffPools: list(StaffPool, 0, CAPS.staffPools, 'staff pools'),
    providers: list(Provider, 1, CAPS.providers, 'providers'),
    slotTemplates: v.optional(idMap(list(SlotRun, 1, CAPS.slotEntries, 'slot entries'), 50, 'slot templates'), {}),
    appointmentBook: v.optional(AppointmentBook, {}),
    walkIns: v.optional(WalkIns),
    patience: v.optional(Patience),
    steps: list(Step, 1, CAPS.steps, 'steps'),
    pathways: idMap(list(PathwayEntry, 1, CAPS.pathwayEntries, 'pathway entries'), CAPS.visitTypes, 'pathways'),
    eventBudgetPerReplication: v.optional(int(1000, CAPS.eventBudget, 'an event budget'), 2_000_000),
  },
  'an office scenario',
);

const Station = strict(
  {
    id: id('a station id'),
    name: v.optional(NAME),
    servers: int(1, 1000, 'a number of servers'),
    serviceMinutes: DurationSchema,
    patienceMinutes: v.optional(DurationSchema),
  },
  'a station',
);
const Source = strict(
  { id: id('a source id'), to: id('a station id'), ratePerHour: num(0, 1e6, 'a rate per hour', true) },
  'a source { "id", "to", "ratePerHour" }',
);
const Route = strict({ from: id('a station id'), to: id('a station id'), probability: probability() }, 'a route { "from", "to", "probability" }');

/** A network scenario: stations, Poisson sources, probabilistic routing, long horizon with warm-up. */
export const NetworkScenarioSchema = strict(
  {
    version: v.literal(SCENARIO_VERSION, (i) => `got ${show(i.input)}; expected ${SCENARIO_VERSION}`),
    kind: v.literal('network'),
    name: NAME,
    notes: NOTES,
    horizonMinutes: num(1, CAPS.horizonMinutes, 'a horizon in minutes'),
    warmupMinutes: v.optional(num(0, CAPS.horizonMinutes, 'a warm-up in minutes'), 0),
    stations: list(Station, 1, CAPS.stations, 'stations'),
    sources: list(Source, 1, CAPS.sources, 'sources'),
    routing: v.optional(list(Route, 0, 500, 'routes'), []),
    eventBudgetPerReplication: v.optional(int(1000, CAPS.eventBudget, 'an event budget'), 20_000_000),
  },
  'a network scenario',
);

/** Any scenario, by `kind`. */
export const ScenarioSchema = v.variant('kind', [OfficeScenarioSchema, NetworkScenarioSchema], (i) =>
  i.expected === 'Object'
    ? `got ${show(i.input)}; expected a scenario object`
    : `got ${show(i.input)}; expected "office" or "network"`,
);

/** A validated office scenario (defaults filled in). */
export type OfficeScenario = v.InferOutput<typeof OfficeScenarioSchema>;
/** A validated network scenario (defaults filled in). */
export type NetworkScenario = v.InferOutput<typeof NetworkScenarioSchema>;
/** A validated scenario. */
export type Scenario = v.InferOutput<typeof ScenarioSchema>;
/** Scenario JSON as an author writes it (defaults optional). */
export type ScenarioInput = v.InferInput<typeof ScenarioSchema>;
export type StaffPoolSpec = OfficeScenario['staffPools'][number];
export type ProviderSpec = OfficeScenario['providers'][number];
export type StepSpec = OfficeScenario['steps'][number];
export type SlotRunSpec = NonNullable<OfficeScenario['slotTemplates']>[string][number];
export type PathwayEntrySpec = OfficeScenario['pathways'][string][number];
export type BookingPolicy = OfficeScenario['appointmentBook']['policies'][number];

export { MAX_MINUTES };
