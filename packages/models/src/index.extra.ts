export { addonTemplateFixtures } from './fixtures/index.js';
export type {
  ClusterPhase, JobPhase, AddonStatus, UpgradeTaskPhase, PrecheckPhase, WorkflowPhase, WorkflowPointStatus, SnapshotPhase, ReleaseStatus,
} from './enums.js';
