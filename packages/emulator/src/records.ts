// Shapes of the documents the emulator stores. Responses are rendered from these, so the stored
// form holds what the cloud remembers, not what one answer happens to show.
import type {
  AddonStatus, AutopilotClusterSpec, ClusterPhase, JobPhase, PrecheckPhase, ReleaseStatus, SkippedCheckItem, SnapshotPhase, UpgradeAddonConfig, UpgradePlanPhase,
  UpgradeStrategy, UpgradeTaskPhase, WorkflowPhase, WorkflowPointStatus, workflowTaskTypes,
} from '@cce-autopilot/models';

export interface IamUser {
  id: string;
  name: string;
  password: string;
}

export interface AccessKey {
  ak: string;
  sk: string;
  userId: string;
}

export interface Account {
  id: string; // the domain id
  domainName: string;
  users: IamUser[];
  accessKeys: AccessKey[];
}

export interface Project {
  id: string;
  name: string; // the region id, as IAM names region projects
  region: string;
  domainId: string;
}

export interface TokenRecord {
  /** sha256 of the token text; the token itself is never stored. */
  id: string;
  userId: string;
  domainId: string;
  projectId: string;
  issuedAt: number;
  expiresAt: number;
}

/**
 * A domain-scoped token. Kept apart from project tokens (collection `domainTokens`): the CCE
 * gateway accepts only project-scoped tokens, so these are good for IAM calls only, as in the cloud.
 */
export interface DomainTokenRecord {
  id: string;
  userId: string;
  domainId: string;
  issuedAt: number;
  expiresAt: number;
}

/** The default account's identity; kept across resets so a test's credentials stay valid. */
export interface Identity {
  domainId: string;
  domain: string;
  userId: string;
  user: string;
  password: string;
  ak: string;
  sk: string;
  projects: { region: string; projectId: string }[];
}

/** Anything that moves through phases on the lifecycle table. */
export interface Phased<P extends string = string> {
  /** A word of the catalogue's enum for the resource, so a renderer can send it as it is. */
  phase: P;
  /** When the current phase began (emulator clock, ms). */
  phaseSince: number;
}

export interface ClusterRecord extends Phased<ClusterPhase> {
  id: string;
  projectId: string;
  name: string;
  alias?: string;
  createdAt: number;
  updatedAt: number;
  /** Annotations the service keeps on the cluster (none from the request: the reference says they are not stored). */
  metadata: { annotations?: Record<string, string> };
  /** The create body's spec with the service's defaults filled in (what get answers). */
  spec: AutopilotClusterSpec;
  jobId: string;
  deleteJobId?: string;
  deleteOption?: Record<string, string>;
  tags: { key: string; value: string }[];
  eip?: { id: string; address: string };
  reason?: string;
  message?: string;
}

export interface JobRecord {
  id: string;
  projectId: string;
  type: string;
  clusterId: string;
  resourceId: string;
  resourceName: string;
  phase: JobPhase;
  reason: string;
  createdAt: number;
  updatedAt: number;
  subJobs: { id: string; type: string; phase: JobPhase; createdAt: number; updatedAt: number }[];
}

/**
 * `pending`: installed with a cluster that is still being created; it shows as `installing`
 * (addonStatusName) and starts when the cluster is Available.
 */
export type AddonPhase = AddonStatus | 'pending';

export interface AddonRecord extends Phased<AddonPhase> {
  id: string;
  projectId: string;
  clusterId: string;
  templateName: string;
  version: string;
  values: Record<string, unknown>;
  /** Earlier (version, values) pairs, newest last: what a rollback returns to. */
  history: { version: string; values: Record<string, unknown> }[];
  previousVersion?: string;
  reason: string;
  message: string;
  createdAt: number;
  updatedAt: number;
}

export interface ChartRecord {
  id: string;
  projectId: string;
  name: string;
  version: string;
  description: string;
  iconUrl: string;
  values: Record<string, unknown>;
  valuesSchema?: unknown;
  readme: string;
  source: string;
  visible: boolean;
  /** The .tgz, base64. */
  archive: string;
  createdAt: number;
  updatedAt: number;
}

export interface ReleaseRevision {
  version: number;
  chartId: string;
  chartName: string;
  chartVersion: string;
  values: Record<string, unknown>;
  parameters: Record<string, unknown>;
  status: ReleaseStatus;
  description: string;
  createdAt: number;
  updatedAt: number;
  /** The objects this revision applied (rendered, with Helm's labels), as Helm stores a release's manifest. */
  manifest?: Record<string, unknown>[];
  /** Why rendering or applying failed; the release ends FAILED with it. */
  error?: string;
  notes?: string;
}

export interface ReleaseRecord extends Phased<ReleaseStatus> {
  id: string; // clusterId/namespace/name
  projectId: string;
  clusterId: string;
  namespace: string;
  name: string;
  description: string;
  revisions: ReleaseRevision[];
  createdAt: number;
}

export interface UpgradeTaskRecord extends Phased<UpgradeTaskPhase> {
  id: string;
  projectId: string;
  clusterId: string;
  version: string;
  targetVersion: string;
  targetPlatformVersion: string;
  strategy: UpgradeStrategy;
  addons: UpgradeAddonConfig[];
  progress: string;
  completionTime?: number;
  createdAt: number;
  updatedAt: number;
}

export interface PrecheckRecord extends Phased<PrecheckPhase> {
  id: string;
  projectId: string;
  clusterId: string;
  clusterVersion: string;
  targetVersion: string;
  skipped: SkippedCheckItem[];
  message: string;
  createdAt: number;
  updatedAt: number;
  completedAt?: number;
}

export interface SnapshotRecord extends Phased<SnapshotPhase> {
  id: string;
  projectId: string;
  clusterId: string;
  progress: string;
  createdAt: number;
  updatedAt: number;
  completedAt?: number;
}

export interface WorkflowPoint {
  taskType: (typeof workflowTaskTypes)[number];
  taskID?: string;
  status?: WorkflowPointStatus;
  startTimeStamp?: number;
  endTimeStamp?: number;
  expireTimeStamp?: number;
}

export interface WorkflowRecord extends Phased<WorkflowPhase> {
  id: string;
  projectId: string;
  clusterId: string;
  clusterVersion: string;
  targetVersion: string;
  points: WorkflowPoint[];
  createdAt: number;
  updatedAt: number;
}

/** A cluster's maintenance window (SDK model MaintenanceWindow); stored under the cluster id. */
export interface MaintenanceWindowRecord {
  id: string;
  projectId: string;
  clusterId: string;
  weeklyPeriod: string[];
  startTime: string;
  durationHours: number;
  upgradeScope?: string;
  createdAt: number;
  updatedAt: number;
}

/** An automatic upgrade plan, made when a cluster with a maintenance window has an upgrade target. */
export interface UpgradePlanRecord {
  id: string;
  projectId: string;
  clusterId: string;
  clusterVersion: string;
  targetVersion: string;
  phase: UpgradePlanPhase;
  notBefore: number;
  notAfter: number;
  notBeforeDeadline: number;
  /** Set once UpdateAutopilotUpgradePlan moved it; later window changes leave its time alone. */
  delayedByUser?: boolean;
  /** The upgrade task the plan started once its time came. */
  upgradeTaskId?: string;
  createdAt: number;
  updatedAt: number;
}

/** A VPC of a project (VPC v1). Stored under `${projectId}/${id}`: see network.ts for why. */
export interface VpcRecord {
  id: string;
  projectId: string;
  name: string;
  cidr: string;
  description: string;
  createdAt: number;
}

/** A subnet of a VPC: `id` is the network ID CCE takes as hostNetwork.subnet, `neutronSubnetId` the IPv4 subnet ID of eniNetwork. */
export interface SubnetRecord {
  id: string;
  projectId: string;
  vpcId: string;
  name: string;
  cidr: string;
  gatewayIp: string;
  neutronSubnetId: string;
  createdAt: number;
}

/** An elastic public IP; `boundTo` names the cluster whose apiserver it serves. */
export interface EipRecord {
  id: string;
  projectId: string;
  address: string;
  alias: string;
  bandwidthSize: number;
  boundTo?: { clusterId: string };
  createdAt: number;
}

/** Every stored collection and the shape of its documents (`meta` holds the default identity). */
export interface Collections {
  accounts: Account;
  projects: Project;
  tokens: TokenRecord;
  domainTokens: DomainTokenRecord;
  meta: Identity;
  clusters: ClusterRecord;
  jobs: JobRecord;
  addons: AddonRecord;
  charts: ChartRecord;
  releases: ReleaseRecord;
  upgradeTasks: UpgradeTaskRecord;
  prechecks: PrecheckRecord;
  snapshots: SnapshotRecord;
  workflows: WorkflowRecord;
  maintenanceWindows: MaintenanceWindowRecord;
  upgradePlans: UpgradePlanRecord;
  vpcs: VpcRecord;
  subnets: SubnetRecord;
  eips: EipRecord;
  /** The Kubernetes side's own documents (each cluster's CA and port), as JSON text. */
  kube: string;
}
