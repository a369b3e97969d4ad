// The parts of API objects the extension reads. Shapes follow spec/01-04; everything optional
// because the service omits fields freely.

export interface Meta {
  uid?: string;
  name?: string;
  alias?: string;
  creationTimestamp?: string;
  updateTimestamp?: string;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
}

export interface ResourceTag { key?: string; value?: string }

export interface Cluster {
  kind?: string;
  apiVersion?: string;
  metadata?: Meta;
  spec?: {
    flavor?: string;
    version?: string;
    platformVersion?: string;
    description?: string;
    clusterTags?: ResourceTag[];
    az?: string;
    hostNetwork?: { vpc?: string; subnet?: string };
  };
  status?: {
    phase?: string;
    jobID?: string;
    reason?: string;
    message?: string;
    endpoints?: { url?: string; type?: string }[];
  };
}

export interface ClusterList { items?: Cluster[] }

export interface AddonInstance {
  metadata?: Meta;
  spec?: { clusterID?: string; version?: string; addonTemplateName?: string; values?: Record<string, unknown> | null; description?: string };
  status?: {
    status?: string;
    Reason?: string;
    message?: string;
    targetVersions?: string[] | null;
    isRollbackable?: boolean;
    previousVersion?: string;
    currentVersion?: AddonVersion;
  };
}

export interface AddonVersion {
  version?: string;
  input?: Record<string, unknown>;
  stable?: boolean;
  supportVersions?: { clusterType?: string; clusterVersion?: string[] }[] | null;
}

export interface AddonTemplate {
  metadata?: Meta;
  spec?: { type?: string; description?: string; versions?: AddonVersion[]; labels?: string[] };
}

export interface Release {
  chart_name?: string;
  chart_version?: string;
  cluster_id?: string;
  name?: string;
  namespace?: string;
  status?: string;
  status_description?: string;
  values?: string;
  version?: number;
  description?: string;
  update_at?: string;
  create_at?: string;
}

export interface Chart {
  id?: string;
  name?: string;
  version?: string;
  description?: string;
  values?: string;
  create_at?: string;
  update_at?: string;
}

export interface Task {
  metadata?: Meta;
  spec?: Record<string, unknown> & { targetVersion?: string; version?: string; type?: string; clusterVersion?: string };
  status?: Record<string, unknown> & { phase?: string; progress?: string; message?: string; reason?: string };
}

export interface TaskList { items?: Task[] }

export interface UpgradeInfo {
  spec?: {
    versionInfo?: { release?: string; patch?: string; suggestPatch?: string; targetVersions?: string[] };
    lastUpgradeInfo?: { phase?: string; completionTime?: string };
  };
  status?: { phase?: string; completionTime?: string; progress?: string };
}

export interface UpgradePaths { upgradePaths?: { version?: string; platformVersion?: string; targetVersions?: string[] }[] }

export interface Quotas { quotas?: { resources?: { quotaKey?: string; quotaLimit?: number; used?: number; unit?: string; regionId?: string }[] }[] }

export interface ChartQuotas { quotas?: { resources?: { type?: string; quota?: number; used?: number }[] } }

/** Several list answers are bare arrays in one place and wrapped in another; accept both. */
export function asArray<T>(body: unknown, key = 'items'): T[] {
  if (Array.isArray(body)) return (body.flat() as T[]);
  if (body && typeof body === 'object') {
    const v = (body as Record<string, unknown>)[key];
    if (Array.isArray(v)) return v as T[];
  }
  return [];
}
