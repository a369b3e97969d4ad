export { startEmulator } from './emulator.js';
export type { EmulatorOptions, EmulatorAdmin, RunningEmulator } from './emulator.js';
export type { FaultRule, FaultRuleInput, FaultAction } from './faults.js';
export type { FailureKey } from './failures.js';
export type { Quotas } from './world.js';
export type { AuthMode } from './authn.js';
export type { Speed } from './lifecycle.js';
export type { SeedName } from './seed.js';
export { buildChartArchive, demoChartFiles } from './chart-archive.js';
