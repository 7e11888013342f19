/** The full API the simulation worker exposes: the slice's `validate`/`run` and the planner's calls. */
import type { SimApi } from './api';
import type { PlannerApi } from './plannerApi';

export type WorkerApi = SimApi & PlannerApi;
