import type { clusterPhases, jobPhases } from './schemas/cluster.js';
import type { addonInstanceStatuses } from './schemas/addon.js';
import type { upgradeTaskPhases, precheckPhases, workflowPhases, pointStatuses, snapshotPhases } from './schemas/upgrade.js';
import type { releaseStatuses } from './schemas/release.js';
import type { upgradePlanPhases, v2JobStatuses } from './schemas/sdk-only.js';

// Union types of the status enums, for switch statements and lifecycle tables.
export type ClusterPhase = (typeof clusterPhases)[number];
export type JobPhase = (typeof jobPhases)[number];
export type AddonStatus = (typeof addonInstanceStatuses)[number];
export type UpgradeTaskPhase = (typeof upgradeTaskPhases)[number];
export type PrecheckPhase = (typeof precheckPhases)[number];
export type WorkflowPhase = (typeof workflowPhases)[number];
export type WorkflowPointStatus = (typeof pointStatuses)[number];
export type SnapshotPhase = (typeof snapshotPhases)[number];
export type ReleaseStatus = (typeof releaseStatuses)[number];
export type UpgradePlanPhase = (typeof upgradePlanPhases)[number];
export type V2JobStatus = (typeof v2JobStatuses)[number];
