/**
 * The scenario checks the editor runs on the page as the user types (the worker runs them again before a
 * run): the core's validator (every problem, each with its JSON path) and its migrations. Re-exported here
 * so the UI depends on the worker facade, never on src/sim directly.
 */
export { validateScenario, type ValidationResult, type ValidationIssue } from '../sim/scenario/validate';
export { migrateScenario } from '../sim/scenario/migrations';
export { SCENARIO_VERSION } from '../sim/scenario/schema';
export type { Scenario, OfficeScenario, ScenarioInput } from '../sim/scenario/schema';
export { distributionMoments } from '../sim/distributionMoments';
export { makeSampler, type DistributionSpec } from '../sim/distributions';
export { makeStream } from '../sim/streams';
