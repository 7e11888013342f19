/** The office model and the public run API (see api.ts). */
export * from './api';
export { compileOffice, type CompiledOffice } from './compile';
export { OfficeDay, EventBudgetError } from './day';
export type { TraceEvent } from './trace';
export { inspectDay, dayRecord, eventLogRows, EVENT_LOG_HEADER, type DayRecord, type PatientRecord, type VisitRecord, type MemberRecord } from './inspect';
export { DayTrace } from './trace';
