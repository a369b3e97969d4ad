// The rows of the tree as data, and the typed reference that names each one. core/tree.ts loads
// them and re-exports these names; the row builders (tree-sdk.ts) use them without importing the
// model, so nothing imports in a circle.
import type { Look } from './present.js';

/** Everything a tree row needs; the VS Code adapter turns it into a TreeItem one to one. */
export interface TreeNode {
  /** Stable across refreshes: `nodeId(ref)`, built from profile, region and resource ids, never from names. */
  readonly id: string;
  /** What the row is, with the ids of what it shows (the typed form of `id`). */
  readonly ref: NodeRef;
  readonly kind: NodeKind;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly look?: Look;
  readonly collapsible: 'none' | 'collapsed' | 'expanded';
  /** The `viewItem` context value that menus match on. */
  readonly contextValue: string;
  readonly ctx: NodeContext;
  /** The API object behind the row (cluster, addon instance, release...), for commands. */
  readonly data?: unknown;
}

export interface NodeContext {
  readonly profileId: string;
  readonly region?: string;
  readonly clusterId?: string;
  readonly clusterName?: string;
  /** For error nodes: the id of the node whose children failed to load. */
  readonly retryOf?: string;
  readonly requestId?: string;
}

export interface RegionKey { readonly profileId: string; readonly region: string }
export interface ClusterKey extends RegionKey { readonly clusterId: string }

/** Folders under a region. */
export type RegionFolderKind = 'charts' | 'quotas' | 'featureGates';
/** Folders under a cluster. */
export type ClusterFolderKind = 'kubernetes' | 'addons' | 'releases' | 'upgrade' | 'jobs' | 'logConfigs' | 'tags';
/** Folders under a cluster's Upgrade node. */
export type UpgradeFolderKind = 'upgradePaths' | 'upgradeTasks' | 'prechecks' | 'snapshots' | 'workflows' | 'maintenanceWindows' | 'upgradePlans';
/** The upgrade folders whose rows are tasks. */
export type TaskFolderKind = 'upgradeTasks' | 'prechecks' | 'snapshots' | 'workflows';

/** A release row of a cluster (its objects hang under it). */
export type ReleaseRef = { readonly kind: 'release'; readonly namespace: string; readonly name: string } & ClusterKey;
/** A kind group under a namespace of the Kubernetes node. */
export type KubeGroupRef = { readonly kind: 'kubeGroup'; readonly namespace: string; readonly objectKind: string } & ClusterKey;

/** One reference per kind of row, each with the ids of what it shows. */
export type NodeRef =
  | { readonly kind: 'profile'; readonly profileId: string }
  | ({ readonly kind: 'region' } & RegionKey)
  | ({ readonly kind: RegionFolderKind } & RegionKey)
  | ({ readonly kind: 'chart'; readonly chartId: string } & RegionKey)
  | ({ readonly kind: 'quota'; readonly quotaKey: string } & RegionKey)
  | ({ readonly kind: 'featureGate'; readonly name: string } & RegionKey)
  | ({ readonly kind: 'cluster' } & ClusterKey)
  | ({ readonly kind: ClusterFolderKind } & ClusterKey)
  | ({ readonly kind: 'addon'; readonly addonId: string } & ClusterKey)
  | ReleaseRef
  | ({ readonly kind: 'namespace'; readonly namespace: string } & ClusterKey)
  | KubeGroupRef
  | { readonly kind: 'kubeObject'; readonly under: ReleaseRef | KubeGroupRef; readonly objectKind: string; readonly namespace: string; readonly name: string }
  | ({ readonly kind: 'upgradeInfo' } & ClusterKey)
  | ({ readonly kind: UpgradeFolderKind } & ClusterKey)
  | ({ readonly kind: 'upgradePath'; readonly version: string; readonly platformVersion: string } & ClusterKey)
  | ({ readonly kind: 'task'; readonly folder: TaskFolderKind; readonly taskId: string } & ClusterKey)
  | ({ readonly kind: 'maintenanceWindow' } & ClusterKey)
  | ({ readonly kind: 'upgradePlan'; readonly planId: string } & ClusterKey)
  | ({ readonly kind: 'logConfig'; readonly name: string } & ClusterKey)
  | ({ readonly kind: 'job'; readonly jobId: string } & ClusterKey)
  | ({ readonly kind: 'tag'; readonly key: string } & ClusterKey)
  | { readonly kind: 'error' | 'empty'; readonly of: NodeRef };

export type NodeKind = NodeRef['kind'];

/** The reference of one kind. */
export type RefOf<K extends NodeKind> = Extract<NodeRef, { readonly kind: K }>;

/**
 * The tree item id of a reference: `<profileId>/<region>/<clusterId>/...` (README, "Stable
 * identifiers"). The one place ids are spelled; everything else builds a NodeRef.
 */
export function nodeId(ref: NodeRef): string {
  switch (ref.kind) {
    case 'profile': return ref.profileId;
    case 'region': return regionId(ref);
    case 'charts': case 'quotas': case 'featureGates': return `${regionId(ref)}/${ref.kind}`;
    case 'chart': return `${regionId(ref)}/charts/${ref.chartId}`;
    case 'quota': return `${regionId(ref)}/quotas/${ref.quotaKey}`;
    case 'featureGate': return `${regionId(ref)}/featureGates/${ref.name}`;
    case 'cluster': return clusterId(ref);
    case 'kubernetes': case 'addons': case 'releases': case 'upgrade': case 'jobs': case 'logConfigs': case 'tags': return `${clusterId(ref)}/${ref.kind}`;
    case 'addon': return `${clusterId(ref)}/addons/${ref.addonId}`;
    case 'release': return `${clusterId(ref)}/releases/${ref.namespace}/${ref.name}`;
    case 'namespace': return `${clusterId(ref)}/kubernetes/${ref.namespace}`;
    case 'kubeGroup': return `${clusterId(ref)}/kubernetes/${ref.namespace}/${ref.objectKind}`;
    case 'kubeObject': return `${nodeId(ref.under)}/${ref.objectKind}/${ref.namespace}/${ref.name}`;
    case 'upgradeInfo': return `${clusterId(ref)}/upgrade/info`;
    case 'upgradePaths': case 'upgradeTasks': case 'prechecks': case 'snapshots': case 'workflows': case 'maintenanceWindows': case 'upgradePlans':
      return `${clusterId(ref)}/upgrade/${ref.kind}`;
    case 'upgradePath': return `${clusterId(ref)}/upgrade/upgradePaths/${ref.version}/${ref.platformVersion}`;
    case 'task': return `${clusterId(ref)}/upgrade/${ref.folder}/${ref.taskId}`;
    case 'maintenanceWindow': return `${clusterId(ref)}/upgrade/maintenanceWindows/window`;
    case 'upgradePlan': return `${clusterId(ref)}/upgrade/upgradePlans/${ref.planId}`;
    case 'logConfig': return `${clusterId(ref)}/logConfigs/${ref.name}`;
    case 'job': return `${clusterId(ref)}/jobs/${ref.jobId}`;
    case 'tag': return `${clusterId(ref)}/tags/${ref.key}`;
    case 'error': case 'empty': return `${nodeId(ref.of)}/${ref.kind}`;
  }
}

const regionFolderKinds: readonly RegionFolderKind[] = ['charts', 'quotas', 'featureGates'];
const clusterFolderKinds: readonly ClusterFolderKind[] = ['kubernetes', 'addons', 'releases', 'upgrade', 'jobs', 'logConfigs', 'tags'];
const upgradeFolderKinds: readonly UpgradeFolderKind[] = ['upgradePaths', 'upgradeTasks', 'prechecks', 'snapshots', 'workflows', 'maintenanceWindows', 'upgradePlans'];
const taskFolderKinds: readonly TaskFolderKind[] = ['upgradeTasks', 'prechecks', 'snapshots', 'workflows'];
/** Kinds with children: the only ones an error or placeholder row can stand under. */
const containerKinds = new Set<NodeKind>(['profile', 'region', 'cluster', 'release', 'namespace', 'kubeGroup', ...regionFolderKinds, ...clusterFolderKinds, ...upgradeFolderKinds]);

/** An id segment read as one of these kinds. */
const isOneOf = <K extends string>(kinds: readonly K[], segment: string | undefined): segment is K => (kinds as readonly string[]).includes(segment ?? '');

/**
 * The reference of a tree item id: the inverse of `nodeId`. Ids are `/`-separated and only the
 * last key of a leaf may itself hold a `/` (a tag key can); a leaf keyed `error` or `empty` reads
 * as the error or placeholder row of its folder, which is the row the tree shows there (a folder
 * whose load failed, or that has nothing, has no other rows). The one empty key an id may have is
 * the namespace of a cluster-scoped object (a release's ClusterRole, CRD...), just before its name.
 * Undefined for anything else.
 */
export function parseNodeId(id: string): NodeRef | undefined {
  const parts = id.split('/');
  const empties = parts.filter((p) => p === '').length;
  if (empties === 0) return parseParts(parts);
  if (empties > 1 || parts[parts.length - 2] !== '') return undefined;
  const ref = parseParts(parts);
  return ref?.kind === 'kubeObject' && ref.namespace === '' ? ref : undefined;
}

function parseParts(parts: readonly string[]): NodeRef | undefined {
  const last = parts[parts.length - 1];
  if (parts.length > 1 && (last === 'error' || last === 'empty')) {
    const of = parseNodeId(parts.slice(0, -1).join('/'));
    if (of && containerKinds.has(of.kind)) return { kind: last, of };
  }
  const [profileId, region, third, ...rest] = parts as [string, string?, string?, ...string[]];
  if (region === undefined) return { kind: 'profile', profileId };
  const rk: RegionKey = { profileId, region };
  if (third === undefined) return { kind: 'region', ...rk };
  if (isOneOf(regionFolderKinds, third)) {
    const kind = third;
    if (rest.length === 0) return { kind, ...rk };
    const key = rest.join('/');
    return kind === 'charts' ? { kind: 'chart', chartId: key, ...rk } : kind === 'quotas' ? { kind: 'quota', quotaKey: key, ...rk } : { kind: 'featureGate', name: key, ...rk };
  }
  const ck: ClusterKey = { ...rk, clusterId: third };
  const [folder, ...below] = rest;
  if (folder === undefined) return { kind: 'cluster', ...ck };
  if (!isOneOf(clusterFolderKinds, folder)) return undefined;
  const fk = folder;
  if (below.length === 0) return { kind: fk, ...ck };
  const key = below.join('/');
  switch (fk) {
    case 'addons': return { kind: 'addon', addonId: key, ...ck };
    case 'jobs': return { kind: 'job', jobId: key, ...ck };
    case 'tags': return { kind: 'tag', key, ...ck };
    case 'logConfigs': return { kind: 'logConfig', name: key, ...ck };
    case 'releases': {
      const [namespace, name, objectKind, objectNamespace, objectName, ...more] = below;
      if (namespace === undefined || name === undefined) return undefined;
      const release: ReleaseRef = { kind: 'release', namespace, name, ...ck };
      if (objectKind === undefined) return release;
      if (objectNamespace === undefined || objectName === undefined || more.length > 0) return undefined;
      return { kind: 'kubeObject', under: release, objectKind, namespace: objectNamespace, name: objectName };
    }
    case 'kubernetes': {
      const [namespace, objectKind, rowKind, objectNamespace, objectName, ...more] = below as [string, ...string[]];
      if (objectKind === undefined) return { kind: 'namespace', namespace, ...ck };
      const group: KubeGroupRef = { kind: 'kubeGroup', namespace, objectKind, ...ck };
      if (rowKind === undefined) return group;
      if (objectNamespace === undefined || objectName === undefined || more.length > 0) return undefined;
      return { kind: 'kubeObject', under: group, objectKind: rowKind, namespace: objectNamespace, name: objectName };
    }
    case 'upgrade': {
      const [sub, ...leaf] = below as [string, ...string[]];
      if (leaf.length === 0) return sub === 'info' ? { kind: 'upgradeInfo', ...ck } : isOneOf(upgradeFolderKinds, sub) ? { kind: sub, ...ck } : undefined;
      if (sub === 'upgradePaths') return leaf.length === 2 ? { kind: 'upgradePath', version: leaf[0]!, platformVersion: leaf[1]!, ...ck } : undefined;
      if (sub === 'maintenanceWindows') return leaf.length === 1 && leaf[0] === 'window' ? { kind: 'maintenanceWindow', ...ck } : undefined;
      if (sub === 'upgradePlans') return { kind: 'upgradePlan', planId: leaf.join('/'), ...ck };
      if (isOneOf(taskFolderKinds, sub)) return { kind: 'task', folder: sub, taskId: leaf.join('/'), ...ck };
      return undefined;
    }
  }
}

const regionId = (k: RegionKey) => `${k.profileId}/${k.region}`;
const clusterId = (k: ClusterKey) => `${regionId(k)}/${k.clusterId}`;

/** A row from its reference: the id is always `nodeId(ref)`. */
export function row(ref: NodeRef, rest: Omit<TreeNode, 'id' | 'ref' | 'kind'>): TreeNode {
  return { id: nodeId(ref), ref, kind: ref.kind, ...rest };
}

/** The cluster of a row below one (every row below a cluster has one). */
export function clusterKey(node: TreeNode): ClusterKey {
  const key = clusterKeyOf(node.ctx);
  if (!key) throw new Error(`${node.kind} row ${node.id} has no cluster`);
  return key;
}

/** The region of a row below one. */
export function regionKey(node: TreeNode): RegionKey {
  const key = regionKeyOf(node.ctx);
  if (!key) throw new Error(`${node.kind} row ${node.id} has no region`);
  return key;
}

/** The region a row belongs to (undefined for the profile row). */
export function regionKeyOf(ctx: NodeContext): RegionKey | undefined {
  return ctx.region === undefined ? undefined : { profileId: ctx.profileId, region: ctx.region };
}

/** The cluster a row belongs to (undefined above clusters). */
export function clusterKeyOf(ctx: NodeContext): ClusterKey | undefined {
  return ctx.region === undefined || ctx.clusterId === undefined ? undefined : { profileId: ctx.profileId, region: ctx.region, clusterId: ctx.clusterId };
}

/** The region row a row belongs to. */
export function regionRef(ctx: NodeContext): RefOf<'region'> | undefined {
  const key = regionKeyOf(ctx);
  return key && { kind: 'region', ...key };
}

/** A folder of the region a row belongs to. */
export function regionFolderRef(ctx: NodeContext, kind: RegionFolderKind): RefOf<RegionFolderKind> | undefined {
  const key = regionKeyOf(ctx);
  return key && { kind, ...key };
}

/** The cluster row a row belongs to. */
export function clusterRef(ctx: NodeContext): RefOf<'cluster'> | undefined {
  const key = clusterKeyOf(ctx);
  return key && { kind: 'cluster', ...key };
}

/** A folder of the cluster a row belongs to (Addons, Tags, Upgrade → Workflows...). */
export function clusterFolderRef(ctx: NodeContext, kind: ClusterFolderKind | UpgradeFolderKind): RefOf<ClusterFolderKind | UpgradeFolderKind> | undefined {
  const key = clusterKeyOf(ctx);
  return key && { kind, ...key };
}

/** A tree row as a command receives it (VS Code passes the object the provider gave it, or something else). */
export function isNode(v: unknown): v is TreeNode {
  return typeof v === 'object' && v !== null && typeof (v as TreeNode).id === 'string' && typeof (v as TreeNode).kind === 'string'
    && typeof (v as TreeNode).ref === 'object';
}
