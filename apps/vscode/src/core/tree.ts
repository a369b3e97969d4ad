import {
  asArray, describeFailure, formatFailure, taskState, textField,
  type AddonInstance, type ApiInput, type ApiOperationName, type ApiOutput, type CceApi, type Chart, type Cluster, type Release, type TaskListName, type TaskRow,
} from './api.js';
import { addonLook, clusterLook, daysLeft, releaseLook, taskLook } from './present.js';
import { fetchConnection, httpsReader, KubeUnavailableError, namespaces, releaseObjects, workloads, workloadsOfKind, type KubeReader, type ObjectRow, type WorkloadKind } from './kube.js';
import { featureGateRows, logConfigRows, maintenanceWindowRows, upgradePlanRows, v2JobRows } from './tree-sdk.js';
import {
  clusterFolderRef, clusterKey, clusterKeyOf, clusterRef, isNode, nodeId, parseNodeId, regionFolderRef, regionKey, regionKeyOf, regionRef, row,
  type ClusterFolderKind, type ClusterKey, type KubeGroupRef, type NodeContext, type NodeKind, type NodeRef, type RefOf,
  type RegionFolderKind, type ReleaseRef, type TaskFolderKind, type TreeNode, type UpgradeFolderKind,
} from './treeNode.js';

export { clusterFolderRef, clusterKey, clusterKeyOf, clusterRef, isNode, nodeId, parseNodeId, regionFolderRef, regionKey, regionKeyOf, regionRef, row };
export type { ClusterFolderKind, ClusterKey, NodeContext, NodeKind, NodeRef, RefOf, RegionFolderKind, TreeNode, UpgradeFolderKind };

export interface ProfileInfo {
  readonly id: string;
  readonly name: string;
  readonly regions: readonly string[];
}

export interface TreeDeps {
  activeProfile(): ProfileInfo | undefined;
  connect(profile: ProfileInfo, region: string): Promise<CceApi>;
  /** Not-after of the kubectl client certificate set up for a cluster, when there is one. */
  certExpiry?(clusterId: string): Date | undefined;
  now?(): Date;
  /** Reads a cluster's Kubernetes API (default: a one-day certificate from the service, TLS verified, kube.ts). */
  kubeReader?(api: CceApi, clusterId: string): Promise<KubeReader>;
}

export type TreeState = 'none' | 'noRegion' | 'noClusters' | 'ready';

interface Folder<K extends NodeKind> { kind: K; label: string; icon: string }

const clusterFolders: Folder<ClusterFolderKind>[] = [
  { kind: 'kubernetes', label: 'Kubernetes', icon: 'server-environment' },
  { kind: 'addons', label: 'Addons', icon: 'extensions' },
  { kind: 'releases', label: 'Chart releases', icon: 'package' },
  { kind: 'upgrade', label: 'Upgrade', icon: 'arrow-circle-up' },
  { kind: 'jobs', label: 'Jobs', icon: 'checklist' },
  { kind: 'logConfigs', label: 'Log collection', icon: 'output' },
  { kind: 'tags', label: 'Tags', icon: 'tag' },
];

const upgradeFolders: Folder<UpgradeFolderKind>[] = [
  { kind: 'upgradePaths', label: 'Paths', icon: 'git-compare' },
  { kind: 'upgradeTasks', label: 'Tasks', icon: 'tasklist' },
  { kind: 'prechecks', label: 'Pre-checks', icon: 'checklist' },
  { kind: 'snapshots', label: 'Snapshots', icon: 'archive' },
  { kind: 'workflows', label: 'Workflows', icon: 'workflow' },
  { kind: 'maintenanceWindows', label: 'Maintenance window', icon: 'calendar' },
  { kind: 'upgradePlans', label: 'Automatic upgrade plans', icon: 'history' },
];

const regionFolders: Folder<RegionFolderKind>[] = [
  { kind: 'charts', label: 'Charts', icon: 'file-zip' },
  { kind: 'quotas', label: 'Quotas', icon: 'dashboard' },
  { kind: 'featureGates', label: 'Feature gates', icon: 'symbol-boolean' },
];

/** What a loader may use of the model. */
interface LoadEnv {
  readonly deps: TreeDeps;
  /** The cluster filter (lowercase), as it is when the region loads. */
  filter(): string;
  api(ctx: NodeContext): Promise<CceApi>;
  call<N extends ApiOperationName>(ctx: NodeContext, op: N, input: ApiInput<N>): Promise<ApiOutput<N>>;
  kube(ctx: NodeContext): Promise<KubeReader>;
}

/** The node a loader of kind K is given: its ref is that kind's. */
type NodeOf<K extends NodeKind> = TreeNode & { readonly ref: RefOf<K> };
type Loader<K extends NodeKind> = (env: LoadEnv, node: NodeOf<K>) => Promise<TreeNode[]>;
/** The children of each kind of row; a kind without a loader is a leaf. */
type Loaders = { readonly [K in NodeKind]?: Loader<K> };

const folder = <K extends NodeKind>(ref: RefOf<K>, parent: TreeNode, f: Folder<K>, extra: Partial<Omit<TreeNode, 'id' | 'ref' | 'kind'>> = {}): TreeNode =>
  row(ref, { label: f.label, look: { icon: f.icon, transient: false }, collapsible: 'collapsed', contextValue: f.kind, ctx: parent.ctx, ...extra });

const empty = (parent: TreeNode, label: string): TreeNode[] =>
  [row({ kind: 'empty', of: parent.ref }, { label, collapsible: 'none', contextValue: 'empty', ctx: parent.ctx })];

function kubeRow(parent: TreeNode & { ref: ReleaseRef | KubeGroupRef }, r: ObjectRow): TreeNode {
  const color = r.state === 'ok' ? 'testing.iconPassed' : r.state === 'failed' ? 'testing.iconFailed' : undefined;
  const icon = r.kind === 'Pod' ? 'symbol-event' : r.kind === 'Service' ? 'plug' : r.kind === 'ConfigMap' ? 'symbol-key' : 'layers';
  return row({ kind: 'kubeObject', under: parent.ref, objectKind: r.kind, namespace: r.namespace, name: r.name }, {
    label: parent.kind === 'kubeGroup' ? r.name : `${r.kind} ${r.name}`,
    description: r.description, tooltip: `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}: ${r.description}`,
    // Not polled: while shown, these rows follow the cluster's watches (kubeWatch.ts).
    look: { icon, ...(color ? { color } : {}), transient: false }, collapsible: 'none', contextValue: `kubeObject.${r.kind}`, ctx: parent.ctx, data: r,
  });
}

function tasks<F extends TaskFolderKind>(folderKind: F, kind: string, op: TaskListName, label: (spec: (key: string) => string | undefined, t: TaskRow) => string): Loader<F> {
  return async (env, node) => {
    const key = clusterKey(node);
    const list = asArray<TaskRow>(await env.call(node.ctx, op, { cluster_id: key.clusterId }));
    if (list.length === 0) return empty(node, 'None');
    return list.map((t, i) => {
      const s = taskState(t);
      return row({ kind: 'task', folder: folderKind, taskId: String(t.metadata?.uid ?? i), ...key }, {
        label: label((k) => textField(t.spec, k), t),
        description: [s.phase, s.progress && `${s.progress}%`].filter(Boolean).join(' · '),
        tooltip: lines([t.metadata?.uid && `id: ${t.metadata.uid}`, `phase: ${s.phase ?? '?'}`, s.message, t.metadata?.creationTimestamp && `created: ${t.metadata.creationTimestamp}`]),
        look: taskLook(s.phase), collapsible: 'none', contextValue: kind, ctx: node.ctx, data: t,
      });
    });
  };
}

const clusterPath = (node: TreeNode) => ({ cluster_id: clusterKey(node).clusterId });

const loaders: Loaders = {
  async profile(env, node) {
    const profile = env.deps.activeProfile();
    return (profile?.regions ?? []).map((region) => row({ kind: 'region', profileId: node.ctx.profileId, region }, {
      label: region, look: { icon: 'globe', transient: false },
      collapsible: 'expanded', contextValue: 'region', ctx: { profileId: node.ctx.profileId, region },
    }));
  },
  region: loadRegion,
  async cluster(_env, node) {
    return clusterFolders.map((f) => folder({ kind: f.kind, ...clusterKey(node) }, node, f, { data: node.data }));
  },
  async addons(env, node) {
    const key = clusterKey(node);
    const list = asArray<AddonInstance>(await env.call(node.ctx, 'ListAutopilotAddonInstances', { cluster_id: key.clusterId }));
    if (list.length === 0) return empty(node, 'No addons installed');
    return list.map((a) => {
      const name = a.spec?.addonTemplateName ?? a.metadata?.name ?? '?';
      return row({ kind: 'addon', addonId: a.metadata?.uid ?? name, ...key }, {
        label: name,
        description: [a.spec?.version, a.status?.status].filter(Boolean).join(' · '),
        tooltip: lines([`${name} ${a.spec?.version ?? ''}`, `status: ${a.status?.status ?? '?'}`, a.status?.Reason, a.status?.message, a.metadata?.uid && `id: ${a.metadata.uid}`]),
        look: addonLook(a.status?.status), collapsible: 'none',
        contextValue: a.status?.isRollbackable ? 'addon.rollbackable' : 'addon', ctx: node.ctx, data: a,
      });
    });
  },
  async releases(env, node) {
    const key = clusterKey(node);
    const list = asArray<Release>(await env.call(node.ctx, 'ListAutopilotReleases', clusterPath(node)));
    if (list.length === 0) return empty(node, 'No chart releases');
    return list.map((r) => row({ kind: 'release', namespace: `${r.namespace}`, name: `${r.name}`, ...key }, {
      label: `${r.namespace}/${r.name}`,
      description: [r.status, r.chart_name && `${r.chart_name}@${r.chart_version ?? '?'}`, r.version !== undefined && `rev ${r.version}`].filter(Boolean).join(' · '),
      tooltip: lines([`${r.namespace}/${r.name}`, `chart: ${r.chart_name ?? '?'} ${r.chart_version ?? ''}`, `status: ${r.status ?? '?'}`, r.status_description, r.update_at && `updated: ${r.update_at}`]),
      look: releaseLook(r.status), collapsible: 'collapsed', contextValue: 'release', ctx: node.ctx, data: r,
    }));
  },
  async release(env, node) {
    // The objects the release made, read from the cluster (kube.ts).
    const rows = await releaseObjects(await env.kube(node.ctx), { name: node.ref.name, namespace: node.ref.namespace });
    if (rows.length === 0) return empty(node, 'No objects in the cluster');
    return rows.map((r) => kubeRow(node, r));
  },
  async kubernetes(env, node) {
    const key = clusterKey(node);
    const list = await namespaces(await env.kube(node.ctx));
    return list.map((n) => row({ kind: 'namespace', namespace: n.name, ...key }, {
      label: n.name, description: n.phase === 'Active' ? undefined : n.phase,
      look: { icon: 'symbol-namespace', transient: false }, collapsible: 'collapsed', contextValue: 'namespace', ctx: node.ctx, data: n,
    }));
  },
  async namespace(env, node) {
    const groups = await workloads(await env.kube(node.ctx), node.ref.namespace);
    if (groups.length === 0) return empty(node, 'No workloads');
    return groups.map((g) => row({ kind: 'kubeGroup', namespace: node.ref.namespace, objectKind: g.kind, ...clusterKey(node) }, {
      label: `${g.kind}s`, description: String(g.rows.length),
      look: { icon: 'folder', transient: false }, collapsible: 'collapsed', contextValue: `kubeGroup.${g.kind}`, ctx: node.ctx,
      data: { namespace: node.ref.namespace, kind: g.kind },
    }));
  },
  async kubeGroup(env, node) {
    // Read again on each load, so the poller's refresh of a progressing row shows the new state.
    const g = node.data as { namespace: string; kind: WorkloadKind };
    const rows = await workloadsOfKind(await env.kube(node.ctx), g.namespace, g.kind);
    if (rows.length === 0) return empty(node, 'No workloads');
    return rows.map((r) => kubeRow(node, r));
  },
  async upgrade(env, node) {
    const key = clusterKey(node);
    const info = await env.call(node.ctx, 'ShowAutopilotClusterUpgradeInfo', clusterPath(node));
    const v = info.spec?.versionInfo;
    const phase = info.status?.phase ?? info.spec?.lastUpgradeInfo?.phase;
    const infoNode = row({ kind: 'upgradeInfo', ...key }, {
      label: `Version ${v?.release ?? '?'}${v?.patch ? `-${v.patch}` : ''}`,
      description: [phase && `last upgrade: ${phase}`, v?.targetVersions?.length ? `targets: ${v.targetVersions.join(', ')}` : 'up to date'].filter(Boolean).join(' · '),
      look: taskLook(info.status?.phase === 'Running' ? 'Running' : undefined), collapsible: 'none', contextValue: 'upgradeInfo', ctx: node.ctx, data: info,
    });
    return [infoNode, ...upgradeFolders.map((f) => folder({ kind: f.kind, ...key }, node, f, { data: node.data }))];
  },
  async upgradePaths(env, node) {
    const key = clusterKey(node);
    const paths = (await env.call(node.ctx, 'ListAutopilotClusterUpgradePaths', {})).upgradePaths ?? [];
    const version = (node.data as Cluster | undefined)?.spec?.version;
    const relevant = version ? paths.filter((p) => p.version === version || version.startsWith(p.version ?? '\0')) : paths;
    const shown = relevant.length > 0 ? relevant : paths;
    if (shown.length === 0) return empty(node, 'No upgrade paths');
    return shown.map((p) => row({ kind: 'upgradePath', version: `${p.version}`, platformVersion: `${p.platformVersion}`, ...key }, {
      label: `${p.version} (${p.platformVersion ?? '?'})`,
      description: `→ ${(p.targetVersions ?? []).join(', ') || 'none'}`, look: { icon: 'arrow-right', transient: false },
      collapsible: 'none', contextValue: 'upgradePath', ctx: node.ctx, data: p,
    }));
  },
  upgradeTasks: tasks('upgradeTasks', 'upgradeTask', 'ListAutopilotUpgradeClusterTasks', (spec) => `${spec('version') ?? '?'} → ${spec('targetVersion') ?? '?'}`),
  prechecks: tasks('prechecks', 'precheck', 'ListAutopilotPreCheckTasks', (spec) => `Pre-check ${spec('clusterVersion') ?? spec('targetVersion') ?? ''}`.trim()),
  snapshots: tasks('snapshots', 'snapshot', 'ListAutopilotClusterMasterSnapshotTasks', (_spec, t) => `Snapshot ${t.metadata?.creationTimestamp ?? ''}`.trim()),
  workflows: tasks('workflows', 'workflow', 'ListAutopilotUpgradeWorkFlows', (spec) => `${spec('clusterVersion') ?? '?'} → ${spec('targetVersion') ?? '?'}`),
  async maintenanceWindows(env, node) {
    try {
      return maintenanceWindowRows(node, await env.call(node.ctx, 'ShowAutopilotMaintenanceWindow', clusterPath(node)));
    } catch (error) {
      // No window is a 404, not a failure to show.
      if (describeFailure(error).status === 404) return empty(node, 'No maintenance window (no automatic upgrades)');
      throw error;
    }
  },
  async upgradePlans(env, node) {
    const rows = upgradePlanRows(node, await env.call(node.ctx, 'ListAutopilotUpgradePlans', clusterPath(node)));
    return rows.length > 0 ? rows : empty(node, 'No automatic upgrade planned');
  },
  async logConfigs(env, node) {
    const rows = logConfigRows(node, await env.call(node.ctx, 'ShowAutopilotClusterConfig', clusterPath(node)));
    return rows.length > 0 ? rows : empty(node, 'No log types');
  },
  async featureGates(env, node) {
    const rows = featureGateRows(node, await env.call(node.ctx, 'ShowAutopilotFeatureGates', {}));
    return rows.length > 0 ? rows : empty(node, 'No feature gates');
  },
  async jobs(env, node) {
    const key = clusterKey(node);
    // The v2 job API lists every job of the project; where it is not offered, the cluster's own job ids (v3) are shown.
    try {
      const rows = v2JobRows(node, await env.call(node.ctx, 'ListAutopilotJobs', {}), key.clusterId);
      if (rows.length > 0) return rows;
    } catch (error) {
      const status = describeFailure(error).status;
      if (status !== 404 && status !== 501) throw error;
    }
    const c = node.data as Cluster | undefined;
    const ids = [...new Set([c?.status?.jobID, c?.metadata?.annotations?.jobid].filter((x): x is string => !!x))];
    if (ids.length === 0) return empty(node, 'No recent jobs');
    const jobs = await Promise.all(ids.map((id) => env.call(node.ctx, 'ShowAutopilotJob', { job_id: id })));
    return jobs.flatMap((j) => [j, ...(j.spec?.subJobs ?? [])]).map((j) => row({ kind: 'job', jobId: `${j.metadata?.uid}`, ...key }, {
      label: String(j.spec?.type ?? 'Job'),
      description: [j.status?.phase, j.spec?.resourceName as string | undefined].filter(Boolean).join(' · '),
      tooltip: lines([`job ${j.metadata?.uid}`, `phase: ${j.status?.phase ?? '?'}`, j.status?.reason]),
      look: taskLook(j.status?.phase), collapsible: 'none', contextValue: 'job', ctx: node.ctx, data: j,
    }));
  },
  async tags(env, node) {
    const key = clusterKey(node);
    // Tags travel inside the cluster; read it fresh so add/remove shows at once.
    const c = await env.call(node.ctx, 'ShowAutopilotCluster', clusterPath(node));
    const tags = c.spec?.clusterTags ?? [];
    if (tags.length === 0) return empty(node, 'No tags');
    return tags.map((t) => row({ kind: 'tag', key: `${t.key}`, ...key }, {
      label: t.key ?? '', description: t.value ?? '',
      look: { icon: 'tag', transient: false }, collapsible: 'none', contextValue: 'tag', ctx: node.ctx, data: t,
    }));
  },
  async charts(env, node) {
    const charts = asArray<Chart>(await env.call(node.ctx, 'ListAutopilotCharts', {}));
    if (charts.length === 0) return empty(node, 'No charts uploaded');
    return charts.map((c) => row({ kind: 'chart', chartId: `${c.id}`, ...regionKey(node) }, {
      label: c.name ?? c.id ?? '?', description: c.version,
      tooltip: lines([`${c.name} ${c.version}`, c.description, `id: ${c.id}`]), look: { icon: 'file-zip', transient: false },
      collapsible: 'none', contextValue: 'chart', ctx: node.ctx, data: c,
    }));
  },
  async quotas(env, node) {
    const api = await env.api(node.ctx);
    const [q, cq] = await Promise.all([
      api.call('ShowAutopilotQuotas', { project_id: api.projectId }),
      api.call('ShowAutopilotUserChartsQuotas', { project_id: api.projectId }),
    ]);
    const rows = [
      ...(q.quotas ?? []).map((r) => ({ key: r.quotaKey ?? '?', used: r.used, limit: r.quotaLimit })),
      ...(cq.quotas?.resources ?? []).map((r) => ({ key: r.type ?? '?', used: r.used, limit: r.quota })),
    ];
    if (rows.length === 0) return empty(node, 'No quotas');
    return rows.map((r) => row({ kind: 'quota', quotaKey: r.key, ...regionKey(node) }, {
      label: r.key, description: `${r.used ?? '?'} / ${r.limit ?? '?'}`,
      look: { icon: 'dashboard', transient: false }, collapsible: 'none', contextValue: 'quota', ctx: node.ctx,
    }));
  },
};

async function loadRegion(env: LoadEnv, node: NodeOf<'region'>): Promise<TreeNode[]> {
  const ctx = node.ctx;
  const api = await env.api(ctx);
  const list = asArray<Cluster>(await api.call('ListAutopilotClusters', { project_id: api.projectId }));
  const now = env.deps.now?.() ?? new Date();
  const filter = env.filter();
  const clusters = list
    .filter((c) => !filter || (c.metadata?.name ?? '').toLowerCase().includes(filter) || (c.metadata?.alias ?? '').toLowerCase().includes(filter))
    .sort(byName)
    .map((c): TreeNode => {
      const uid = c.metadata?.uid ?? c.metadata?.name ?? '?';
      const phase = c.status?.phase;
      const expiry = env.deps.certExpiry?.(uid);
      const left = expiry ? daysLeft(expiry, now) : undefined;
      const certNote = left === undefined ? undefined : left < 0 ? 'kubectl cert expired' : `kubectl cert ${left}d`;
      const cctx: NodeContext = { profileId: ctx.profileId, region: ctx.region, clusterId: uid, clusterName: c.metadata?.name };
      return row({ kind: 'cluster', ...regionKey(node), clusterId: uid }, {
        label: c.metadata?.name ?? uid,
        description: [phase, c.spec?.version, certNote].filter(Boolean).join(' · '),
        tooltip: lines([
          c.metadata?.name, c.metadata?.alias && c.metadata.alias !== c.metadata.name ? `alias: ${c.metadata.alias}` : undefined,
          `id: ${uid}`, `phase: ${phase ?? '?'}`, c.status?.reason && `reason: ${c.status.reason}`, c.status?.message,
          `version: ${c.spec?.version ?? '?'} (${c.spec?.platformVersion ?? '?'})`, c.spec?.description && `description: ${c.spec.description}`,
          ...(c.status?.endpoints ?? []).map((e) => `${e.type ?? 'endpoint'}: ${e.url}`),
          c.metadata?.creationTimestamp && `created: ${c.metadata.creationTimestamp}`,
          expiry && `kubectl certificate valid until ${expiry.toISOString()}`,
        ]),
        look: clusterLook(phase), collapsible: 'collapsed',
        contextValue: c.status?.endpoints?.some((e) => e.type === 'External') ? 'cluster.eip' : 'cluster', ctx: cctx, data: c,
      });
    });
  const extras = regionFolders.map((f) => folder({ kind: f.kind, profileId: node.ref.profileId, region: node.ref.region }, node, f));
  if (clusters.length === 0 && list.length > 0) return [...empty(node, `No cluster matches "${filter}"`), ...extras];
  return [...clusters, ...extras];
}

/**
 * The tree as data: loads children through a CceApi, caches them per node, turns failures into
 * error nodes, and remembers which nodes have children in a transient state (for the poller).
 */
export class TreeModel {
  private readonly cache = new Map<string, Promise<TreeNode[]>>();
  private readonly nodes = new Map<string, TreeNode>();
  private readonly apis = new Map<string, Promise<CceApi>>();
  private readonly kubeReaders = new Map<string, Promise<KubeReader>>();
  /** Parents whose last load contained a transient child. */
  readonly transientParents = new Set<string>();
  private filterText = '';
  state: TreeState = 'none';
  private readonly env: LoadEnv;

  constructor(private readonly deps: TreeDeps) {
    this.env = {
      deps,
      filter: () => this.filterText,
      api: (ctx) => this.api(ctx),
      call: async (ctx, op, input) => (await this.api(ctx)).call(op, input),
      kube: (ctx) => this.kube(ctx),
    };
  }

  get filter(): string { return this.filterText; }
  setFilter(text: string): void {
    this.filterText = text.trim().toLowerCase();
    // Cluster lists are filtered when built, so cached region children must be rebuilt.
    for (const id of [...this.cache.keys()]) if (this.nodes.get(id)?.kind === 'region') this.cache.delete(id);
  }

  /** The row loaded last under this id or reference (undefined when it was not loaded). */
  node(id: string | NodeRef | undefined): TreeNode | undefined {
    if (id === undefined) return undefined;
    return this.nodes.get(typeof id === 'string' ? id : nodeId(id));
  }

  /**
   * Forget a node's children (and everything below), so the next read loads them again. With
   * `polls: 'keep'` the rows below that were moving stay polled: they are still on screen (a poll
   * of a cluster list leaves an expanded cluster's installing add-ons to their own poll).
   */
  invalidate(id?: string, opts?: { polls: 'keep' }): void {
    if (id === undefined) {
      this.cache.clear();
      this.apis.clear();
      this.kubeReaders.clear();
      this.transientParents.clear();
      return;
    }
    const below = (key: string) => key === id || key.startsWith(`${id}/`);
    for (const key of [...this.cache.keys()]) if (below(key)) this.cache.delete(key);
    for (const key of [...this.transientParents]) if (opts?.polls === 'keep' ? key === id : below(key)) this.transientParents.delete(key);
  }

  async roots(): Promise<TreeNode[]> {
    const profile = this.deps.activeProfile();
    if (!profile) { this.state = 'none'; return []; }
    if (profile.regions.length === 0) { this.state = 'noRegion'; return []; }
    const root = this.remember(row({ kind: 'profile', profileId: profile.id }, {
      label: profile.name, description: profile.regions.join(', '),
      look: { icon: 'account', transient: false }, collapsible: 'expanded', contextValue: 'profile',
      ctx: { profileId: profile.id },
    }));
    // Every region's cluster list is requested at once: the tree is ready after the slowest one.
    const regions = await this.children(root);
    const lists = await Promise.all(regions.map((r) => this.children(r)));
    const anyError = lists.some((l) => l.some((n) => n.kind === 'error'));
    const anyCluster = lists.some((l) => l.some((n) => n.kind === 'cluster'));
    this.state = !anyCluster && !anyError && !this.filterText ? 'noClusters' : 'ready';
    return this.state === 'noClusters' ? [] : [root];
  }

  children(node: TreeNode): Promise<TreeNode[]> {
    let pending = this.cache.get(node.id);
    if (!pending) {
      pending = this.load(node).then(
        (list) => {
          if (list.some((n) => n.look?.transient)) this.transientParents.add(node.id);
          else this.transientParents.delete(node.id);
          return list.map((n) => this.remember(n));
        },
        (error: unknown) => [this.remember(this.errorNode(node, error))],
      );
      this.cache.set(node.id, pending);
    }
    return pending;
  }

  /** The API of the node's profile and region, connected once and shared by the subtree. */
  api(ctx: NodeContext): Promise<CceApi> {
    const profile = this.deps.activeProfile();
    if (!profile || profile.id !== ctx.profileId || !ctx.region) return Promise.reject(new Error('This profile is no longer active.'));
    const key = `${profile.id}/${ctx.region}`;
    let api = this.apis.get(key);
    if (!api) {
      api = this.deps.connect(profile, ctx.region);
      api.catch(() => this.apis.delete(key));
      this.apis.set(key, api);
    }
    return api;
  }

  /** The cluster's Kubernetes API, one certificate per cluster while the model lives (it is valid a day). */
  kube(ctx: NodeContext): Promise<KubeReader> {
    const key = `${ctx.profileId}/${ctx.region}/${ctx.clusterId}`;
    let reader = this.kubeReaders.get(key);
    if (!reader) {
      reader = this.api(ctx).then((api) => (this.deps.kubeReader ? this.deps.kubeReader(api, ctx.clusterId ?? '') : fetchConnection(api, ctx.clusterId ?? '').then((c) => httpsReader(c))));
      reader.catch(() => this.kubeReaders.delete(key));
      this.kubeReaders.set(key, reader);
    }
    return reader;
  }

  private remember(node: TreeNode): TreeNode {
    this.nodes.set(node.id, node);
    return node;
  }

  private load(node: TreeNode): Promise<TreeNode[]> {
    // The registry is keyed by kind and each loader takes that kind's ref; the node's ref has its kind.
    const loader = loaders[node.ref.kind] as Loader<NodeKind> | undefined;
    return loader ? loader(this.env, node) : Promise.resolve([]);
  }

  private errorNode(parent: TreeNode, error: unknown): TreeNode {
    const ref: NodeRef = { kind: 'error', of: parent.ref };
    if (error instanceof KubeUnavailableError && error.unreachable) {
      // The API has only its VPC-internal address here: say so and offer Bind EIP (menu on this context value).
      return row(ref, {
        label: error.message, tooltip: error.message,
        look: { icon: 'debug-disconnect', color: 'list.warningForeground', transient: false }, collapsible: 'none',
        contextValue: 'error.kubeUnreachable', ctx: { ...parent.ctx, retryOf: parent.id },
      });
    }
    const f = describeFailure(error);
    // The gateway or IAM refusing the credentials (wrong SK or password, a project the account does
    // not own) is fixed in the profile: that row's menu offers Edit Profile besides Retry.
    const refused = f.status === 401 || (f.status === 403 && /^(APIGW|IAM)\./.test(f.code ?? ''));
    return row(ref, {
      label: f.code ? `${f.code}: ${f.message}` : f.message,
      description: f.requestId ? `request ${f.requestId}` : undefined, tooltip: formatFailure(f),
      look: { icon: 'error', color: 'testing.iconFailed', transient: false }, collapsible: 'none',
      contextValue: refused ? 'error.signIn' : 'error', ctx: { ...parent.ctx, retryOf: parent.id, requestId: f.requestId },
    });
  }
}

function lines(parts: (string | false | undefined | null | 0)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join('\n');
}

/** Cluster names are lowercase ASCII (spec 01), so code-unit order is name order, and much cheaper than localeCompare. */
function byName(a: Cluster, b: Cluster): number {
  const x = a.metadata?.name ?? '';
  const y = b.metadata?.name ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}
