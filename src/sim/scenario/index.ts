/** Scenario format v1: schema, types, validation, migrations and hashing. */
export { validateScenario, MAX_ISSUES, type ValidationResult, type ValidationIssue } from './validate';
export { migrateScenario, MIGRATIONS, type Migration, type MigrationResult } from './migrations';
export { scenarioHash, stableStringify } from './hash';
export {
  ScenarioSchema,
  OfficeScenarioSchema,
  NetworkScenarioSchema,
  SCENARIO_VERSION,
  CAPS,
  type Scenario,
  type ScenarioInput,
  type OfficeScenario,
  type NetworkScenario,
  type StaffPoolSpec,
  type ProviderSpec,
  type StepSpec,
  type SlotRunSpec,
  type PathwayEntrySpec,
  type BookingPolicy,
} from './schema';
export { DISTRIBUTION_KINDS, type Distribution } from './distribution';
export { clockToMinutes } from './primitives';
