import type { ClusterLogConfig, FeatureGates, MaintenanceWindow, OperationName, UpgradePlanList, V2Job } from '@cce-autopilot/models';
import { describeFailure, formatFailure, type CceApi, type CallInput } from './api.js';
import { addonLook, clusterLook, daysLeft, releaseLook, taskLook, type Look } from './present.js';
import { fetchConnection, httpsReader, KubeUnavailableError, namespaces, releaseObjects, workloads, workloadsOfKind, type KubeReader, type WorkloadKind, type WorkloadRow } from './kube.js';
import {
  asArray, type AddonInstance, type Chart, type ChartQuotas, type Cluster, type Quotas, type Release, type Task,
  type UpgradeInfo, type UpgradePaths,
} from './resources.js';
import { featureGateRows, logConfigRows, maintenanceWindowRows, upgradePlanRows, v2JobRows } from './tree-sdk.js';

/** Everything a tree row needs; the VS Code adapter turns it into a TreeItem one to one. */
export interface TreeNode {
  /** Stable across refreshes: built from profile, region and resource ids, never from names. */
  readonly id: string;
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

export type NodeKind =
  | 'profile' | 'region' | 'cluster' | 'addons' | 'addon' | 'releases' | 'release' | 'upgrade' | 'upgradeInfo'
  | 'upgradePaths' | 'upgradePath' | 'upgradeTasks' | 'prechecks' | 'snapshots' | 'workflows' | 'task' | 'jobs' | 'job'
  | 'tags' | 'tag' | 'charts' | 'chart' | 'quotas' | 'quota' | 'error' | 'empty'
  | 'maintenanceWindows' | 'maintenanceWindow' | 'upgradePlans' | 'upgradePlan' | 'logConfigs' | 'logConfig' | 'featureGates' | 'featureGate'
  | 'kubernetes' | 'namespace' | 'kubeGroup' | 'kubeObject';

export interface NodeContext {
  readonly profileId: string;
  readonly region?: string;
  readonly clusterId?: string;
  readonly clusterName?: string;
  /** For error nodes: the id of the node whose children failed to load. */
  readonly retryOf?: string;
  readonly requestId?: string;
}

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

interface Folder { kind: NodeKind; label: string; icon: string }

const clusterFolders: Folder[] = [
  { kind: 'kubernetes', label: 'Kubernetes', icon: 'server-environment' },
  { kind: 'addons', label: 'Addons', icon: 'extensions' },
  { kind: 'releases', label: 'Chart releases', icon: 'package' },
  { kind: 'upgrade', label: 'Upgrade', icon: 'arrow-circle-up' },
  { kind: 'jobs', label: 'Jobs', icon: 'checklist' },
  { kind: 'logConfigs', label: 'Log collection', icon: 'output' },
  { kind: 'tags', label: 'Tags', icon: 'tag' },
];

const upgradeFolders: Folder[] = [
  { kind: 'upgradePaths', label: 'Paths', icon: 'git-compare' },
  { kind: 'upgradeTasks', label: 'Tasks', icon: 'tasklist' },
  { kind: 'prechecks', label: 'Pre-checks', icon: 'checklist' },
  { kind: 'snapshots', label: 'Snapshots', icon: 'archive' },
  { kind: 'workflows', label: 'Workflows', icon: 'workflow' },
  { kind: 'maintenanceWindows', label: 'Maintenance window', icon: 'calendar' },
  { kind: 'upgradePlans', label: 'Automatic upgrade plans', icon: 'history' },
];

/**
 * The tree as data: loads children through a CceApi, caches them per node, turns failures into
 * error nodes, and remembers which nodes have children in a transient state (for the poller).
 */
export class TreeModel {
  private readonly cache = new Map<string, Promise<TreeNode[]>>();
  private readonly nodes = new Map<string, TreeNode>();
  private readonly apis = new Map<string, Promise<CceApi>>();
  /** Parents whose last load contained a transient child. */
  readonly transientParents = new Set<string>();
  private filterText = '';
  state: TreeState = 'none';

  constructor(private readonly deps: TreeDeps) {}

  get filter(): string { return this.filterText; }
  setFilter(text: string): void {
    this.filterText = text.trim().toLowerCase();
    // Cluster lists are filtered when built, so cached region children must be rebuilt.
    for (const id of [...this.cache.keys()]) if (this.nodes.get(id)?.kind === 'region') this.cache.delete(id);
  }

  node(id: string): TreeNode | undefined { return this.nodes.get(id); }

  /** Forget a node's children (and everything below), so the next read loads them again. */
  invalidate(id?: string): void {
    if (id === undefined) {
      this.cache.clear();
      this.apis.clear();
      this.kubeReaders.clear();
      this.transientParents.clear();
      return;
    }
    for (const key of [...this.cache.keys()]) if (key === id || key.startsWith(`${id}/`)) this.cache.delete(key);
    for (const key of [...this.transientParents]) if (key === id || key.startsWith(`${id}/`)) this.transientParents.delete(key);
  }

  async roots(): Promise<TreeNode[]> {
    const profile = this.deps.activeProfile();
    if (!profile) { this.state = 'none'; return []; }
    if (profile.regions.length === 0) { this.state = 'noRegion'; return []; }
    const root = this.remember({
      id: profile.id, kind: 'profile', label: profile.name, description: profile.regions.join(', '),
      look: { icon: 'account', transient: false }, collapsible: 'expanded', contextValue: 'profile',
      ctx: { profileId: profile.id },
    });
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

  private remember(node: TreeNode): TreeNode {
    this.nodes.set(node.id, node);
    return node;
  }

  private errorNode(parent: TreeNode, error: unknown): TreeNode {
    if (error instanceof KubeUnavailableError && error.unreachable) {
      // The API has only its VPC-internal address here: say so and offer Bind EIP (menu on this context value).
      return {
        id: `${parent.id}/error`, kind: 'error', label: error.message, tooltip: error.message,
        look: { icon: 'debug-disconnect', color: 'list.warningForeground', transient: false }, collapsible: 'none',
        contextValue: 'error.kubeUnreachable', ctx: { ...parent.ctx, retryOf: parent.id },
      };
    }
    const f = describeFailure(error);
    return {
      id: `${parent.id}/error`, kind: 'error', label: f.code ? `${f.code}: ${f.message}` : f.message,
      description: f.requestId ? `request ${f.requestId}` : undefined, tooltip: formatFailure(f),
      look: { icon: 'error', color: 'testing.iconFailed', transient: false }, collapsible: 'none',
      contextValue: 'error', ctx: { ...parent.ctx, retryOf: parent.id, requestId: f.requestId },
    };
  }

  private readonly kubeReaders = new Map<string, Promise<KubeReader>>();

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

  private kubeRow(parent: TreeNode, row: WorkloadRow): TreeNode {
    const color = row.state === 'ok' ? 'testing.iconPassed' : row.state === 'failed' ? 'testing.iconFailed' : undefined;
    const icon = row.kind === 'Pod' ? 'symbol-event' : row.kind === 'Service' ? 'plug' : row.kind === 'ConfigMap' ? 'symbol-key' : 'layers';
    return {
      id: `${parent.id}/${row.kind}/${row.namespace}/${row.name}`, kind: 'kubeObject', label: parent.kind === 'kubeGroup' ? row.name : `${row.kind} ${row.name}`,
      description: row.description, tooltip: `${row.kind} ${row.namespace}/${row.name}: ${row.description}`,
      look: { icon, ...(color ? { color } : {}), transient: row.state === 'progressing' }, collapsible: 'none', contextValue: `kubeObject.${row.kind}`, ctx: parent.ctx, data: row,
    };
  }

  private async call<T>(ctx: NodeContext, op: OperationName, input?: CallInput): Promise<T> {
    return (await this.api(ctx)).call<T>(op, input);
  }

  private folder(parent: TreeNode, f: Folder, extra: Partial<TreeNode> = {}): TreeNode {
    return {
      id: `${parent.id}/${f.kind}`, kind: f.kind, label: f.label, look: { icon: f.icon, transient: false },
      collapsible: 'collapsed', contextValue: f.kind, ctx: parent.ctx, ...extra,
    };
  }

  private empty(parent: TreeNode, label: string): TreeNode[] {
    return [{ id: `${parent.id}/empty`, kind: 'empty', label, collapsible: 'none', contextValue: 'empty', ctx: parent.ctx }];
  }

  private async load(node: TreeNode): Promise<TreeNode[]> {
    const ctx = node.ctx;
    const cluster = ctx.clusterId ? { path: { cluster_id: ctx.clusterId } } : {};
    switch (node.kind) {
      case 'profile': {
        const profile = this.deps.activeProfile();
        return (profile?.regions ?? []).map((region) => ({
          id: `${node.id}/${region}`, kind: 'region' as const, label: region, look: { icon: 'globe', transient: false },
          collapsible: 'expanded' as const, contextValue: 'region', ctx: { profileId: ctx.profileId, region },
        }));
      }
      case 'region': return this.loadRegion(node);
      case 'cluster': return clusterFolders.map((f) => this.folder(node, f, { data: node.data }));
      case 'addons': {
        const list = asArray<AddonInstance>(await this.call(ctx, 'ListAutopilotAddonInstances', { query: { cluster_id: ctx.clusterId } }));
        if (list.length === 0) return this.empty(node, 'No addons installed');
        return list.map((a) => {
          const look = addonLook(a.status?.status);
          const name = a.spec?.addonTemplateName ?? a.metadata?.name ?? '?';
          return {
            id: `${node.id}/${a.metadata?.uid ?? name}`, kind: 'addon' as const, label: name,
            description: [a.spec?.version, a.status?.status].filter(Boolean).join(' · '),
            tooltip: lines([`${name} ${a.spec?.version ?? ''}`, `status: ${a.status?.status ?? '?'}`, a.status?.Reason, a.status?.message, a.metadata?.uid && `id: ${a.metadata.uid}`]),
            look, collapsible: 'none' as const,
            contextValue: a.status?.isRollbackable ? 'addon.rollbackable' : 'addon', ctx, data: a,
          };
        });
      }
      case 'releases': {
        const list = asArray<Release>(await this.call(ctx, 'ListAutopilotReleases', cluster));
        if (list.length === 0) return this.empty(node, 'No chart releases');
        return list.map((r) => ({
          id: `${node.id}/${r.namespace}/${r.name}`, kind: 'release' as const, label: `${r.namespace}/${r.name}`,
          description: [r.status, r.chart_name && `${r.chart_name}@${r.chart_version ?? '?'}`, r.version !== undefined && `rev ${r.version}`].filter(Boolean).join(' · '),
          tooltip: lines([`${r.namespace}/${r.name}`, `chart: ${r.chart_name ?? '?'} ${r.chart_version ?? ''}`, `status: ${r.status ?? '?'}`, r.status_description, r.update_at && `updated: ${r.update_at}`]),
          look: releaseLook(r.status), collapsible: 'collapsed' as const, contextValue: 'release', ctx, data: r,
        }));
      }
      case 'release': {
        // The objects the release made, read from the cluster (kube.ts).
        const r = node.data as Release;
        const rows = await releaseObjects(await this.kube(ctx), { name: r.name ?? '', namespace: r.namespace ?? '' });
        if (rows.length === 0) return this.empty(node, 'No objects in the cluster');
        return rows.map((row) => this.kubeRow(node, row));
      }
      case 'kubernetes': {
        const list = await namespaces(await this.kube(ctx));
        return list.map((n) => ({
          id: `${node.id}/${n.name}`, kind: 'namespace' as const, label: n.name, description: n.phase === 'Active' ? undefined : n.phase,
          look: { icon: 'symbol-namespace', transient: n.phase === 'Terminating' }, collapsible: 'collapsed' as const, contextValue: 'namespace', ctx, data: n,
        }));
      }
      case 'namespace': {
        const groups = await workloads(await this.kube(ctx), node.label);
        if (groups.length === 0) return this.empty(node, 'No workloads');
        return groups.map((g) => ({
          id: `${node.id}/${g.kind}`, kind: 'kubeGroup' as const, label: `${g.kind}s`, description: String(g.rows.length),
          look: { icon: 'folder', transient: false }, collapsible: 'collapsed' as const, contextValue: `kubeGroup.${g.kind}`, ctx,
          data: { namespace: node.label, kind: g.kind },
        }));
      }
      case 'kubeGroup': {
        // Read again on each load, so the poller's refresh of a progressing row shows the new state.
        const g = node.data as { namespace: string; kind: WorkloadKind };
        const rows = await workloadsOfKind(await this.kube(ctx), g.namespace, g.kind);
        if (rows.length === 0) return this.empty(node, 'No workloads');
        return rows.map((row) => this.kubeRow(node, row));
      }
      case 'upgrade': {
        const info = await this.call<UpgradeInfo>(ctx, 'ShowAutopilotClusterUpgradeInfo', cluster);
        const v = info.spec?.versionInfo;
        const phase = info.status?.phase ?? info.spec?.lastUpgradeInfo?.phase;
        const infoNode: TreeNode = {
          id: `${node.id}/info`, kind: 'upgradeInfo', label: `Version ${v?.release ?? '?'}${v?.patch ? `-${v.patch}` : ''}`,
          description: [phase && `last upgrade: ${phase}`, v?.targetVersions?.length ? `targets: ${v.targetVersions.join(', ')}` : 'up to date'].filter(Boolean).join(' · '),
          look: taskLook(info.status?.phase === 'Running' ? 'Running' : undefined), collapsible: 'none', contextValue: 'upgradeInfo', ctx, data: info,
        };
        return [infoNode, ...upgradeFolders.map((f) => this.folder(node, f, { data: node.data }))];
      }
      case 'upgradePaths': {
        const paths = (await this.call<UpgradePaths>(ctx, 'ListAutopilotClusterUpgradePaths')).upgradePaths ?? [];
        const version = (node.data as Cluster | undefined)?.spec?.version;
        const relevant = version ? paths.filter((p) => p.version === version || version.startsWith(p.version ?? '\0')) : paths;
        const shown = relevant.length > 0 ? relevant : paths;
        if (shown.length === 0) return this.empty(node, 'No upgrade paths');
        return shown.map((p) => ({
          id: `${node.id}/${p.version}/${p.platformVersion}`, kind: 'upgradePath' as const, label: `${p.version} (${p.platformVersion ?? '?'})`,
          description: `→ ${(p.targetVersions ?? []).join(', ') || 'none'}`, look: { icon: 'arrow-right', transient: false },
          collapsible: 'none' as const, contextValue: 'upgradePath', ctx, data: p,
        }));
      }
      case 'upgradeTasks': return this.tasks(node, 'ListAutopilotUpgradeClusterTasks', 'upgradeTask', (t) => `${t.spec?.version ?? '?'} → ${t.spec?.targetVersion ?? '?'}`);
      case 'prechecks': return this.tasks(node, 'ListAutopilotPreCheckTasks', 'precheck', (t) => `Pre-check ${t.spec?.clusterVersion ?? t.spec?.targetVersion ?? ''}`.trim());
      case 'snapshots': return this.tasks(node, 'ListAutopilotClusterMasterSnapshotTasks', 'snapshot', (t) => `Snapshot ${t.metadata?.creationTimestamp ?? ''}`.trim());
      case 'workflows': return this.tasks(node, 'ListAutopilotUpgradeWorkFlows', 'workflow', (t) => `${t.spec?.clusterVersion ?? '?'} → ${t.spec?.targetVersion ?? '?'}`);
      case 'maintenanceWindows': {
        try {
          return maintenanceWindowRows(node, await this.call<MaintenanceWindow>(ctx, 'ShowAutopilotMaintenanceWindow', cluster));
        } catch (error) {
          // No window is a 404, not a failure to show.
          if (describeFailure(error).status === 404) return this.empty(node, 'No maintenance window (no automatic upgrades)');
          throw error;
        }
      }
      case 'upgradePlans': {
        const rows = upgradePlanRows(node, await this.call<UpgradePlanList>(ctx, 'ListAutopilotUpgradePlans', cluster));
        return rows.length > 0 ? rows : this.empty(node, 'No automatic upgrade planned');
      }
      case 'logConfigs': {
        const rows = logConfigRows(node, await this.call<ClusterLogConfig>(ctx, 'ShowAutopilotClusterConfig', cluster));
        return rows.length > 0 ? rows : this.empty(node, 'No log types');
      }
      case 'featureGates': {
        const rows = featureGateRows(node, await this.call<FeatureGates>(ctx, 'ShowAutopilotFeatureGates'));
        return rows.length > 0 ? rows : this.empty(node, 'No feature gates');
      }
      case 'jobs': {
        // The v2 job API lists every job of the project; where it is not offered, the cluster's own job ids (v3) are shown.
        try {
          const rows = v2JobRows(node, await this.call<V2Job[]>(ctx, 'ListAutopilotJobs'), ctx.clusterId ?? '');
          if (rows.length > 0) return rows;
        } catch (error) {
          const status = describeFailure(error).status;
          if (status !== 404 && status !== 501) throw error;
        }
        const c = node.data as Cluster | undefined;
        const ids = [...new Set([c?.status?.jobID, c?.metadata?.annotations?.jobid].filter((x): x is string => !!x))];
        if (ids.length === 0) return this.empty(node, 'No recent jobs');
        const jobs = await Promise.all(ids.map((id) => this.call<Task & { spec?: { subJobs?: Task[] } }>(ctx, 'ShowAutopilotJob', { path: { job_id: id } })));
        return jobs.flatMap((j) => [j, ...(j.spec?.subJobs ?? [])]).map((j) => ({
          id: `${node.id}/${j.metadata?.uid}`, kind: 'job' as const, label: String(j.spec?.type ?? 'Job'),
          description: [j.status?.phase, j.spec?.resourceName as string | undefined].filter(Boolean).join(' · '),
          tooltip: lines([`job ${j.metadata?.uid}`, `phase: ${j.status?.phase ?? '?'}`, j.status?.reason]),
          look: taskLook(j.status?.phase), collapsible: 'none' as const, contextValue: 'job', ctx, data: j,
        }));
      }
      case 'tags': {
        // Tags travel inside the cluster; read it fresh so add/remove shows at once.
        const c = await this.call<Cluster>(ctx, 'ShowAutopilotCluster', cluster);
        const tags = c.spec?.clusterTags ?? [];
        if (tags.length === 0) return this.empty(node, 'No tags');
        return tags.map((t) => ({
          id: `${node.id}/${t.key}`, kind: 'tag' as const, label: t.key ?? '', description: t.value ?? '',
          look: { icon: 'tag', transient: false }, collapsible: 'none' as const, contextValue: 'tag', ctx, data: t,
        }));
      }
      case 'charts': {
        const charts = asArray<Chart>(await this.call(ctx, 'ListAutopilotCharts'));
        if (charts.length === 0) return this.empty(node, 'No charts uploaded');
        return charts.map((c) => ({
          id: `${node.id}/${c.id}`, kind: 'chart' as const, label: c.name ?? c.id ?? '?', description: c.version,
          tooltip: lines([`${c.name} ${c.version}`, c.description, `id: ${c.id}`]), look: { icon: 'file-zip', transient: false },
          collapsible: 'none' as const, contextValue: 'chart', ctx, data: c,
        }));
      }
      case 'quotas': {
        const api = await this.api(ctx);
        const [q, cq] = await Promise.all([
          api.call<Quotas>('ShowAutopilotQuotas', { path: { project_id: api.projectId } }),
          api.call<ChartQuotas>('ShowAutopilotUserChartsQuotas', { path: { project_id: api.projectId } }),
        ]);
        const rows = [
          ...(q.quotas ?? []).flatMap((g) => g.resources ?? []).map((r) => ({ key: r.quotaKey ?? '?', used: r.used, limit: r.quotaLimit })),
          ...(cq.quotas?.resources ?? []).map((r) => ({ key: r.type ?? '?', used: r.used, limit: r.quota })),
        ];
        if (rows.length === 0) return this.empty(node, 'No quotas');
        return rows.map((r) => ({
          id: `${node.id}/${r.key}`, kind: 'quota' as const, label: r.key, description: `${r.used ?? '?'} / ${r.limit ?? '?'}`,
          look: { icon: 'dashboard', transient: false }, collapsible: 'none' as const, contextValue: 'quota', ctx,
        }));
      }
      default: return [];
    }
  }

  private async loadRegion(node: TreeNode): Promise<TreeNode[]> {
    const ctx = node.ctx;
    const api = await this.api(ctx);
    const list = asArray<Cluster>(await api.call('ListAutopilotClusters', { path: { project_id: api.projectId } }));
    const now = this.deps.now?.() ?? new Date();
    const clusters = list
      .filter((c) => !this.filterText || (c.metadata?.name ?? '').toLowerCase().includes(this.filterText) || (c.metadata?.alias ?? '').toLowerCase().includes(this.filterText))
      .sort(byName)
      .map((c): TreeNode => {
        const uid = c.metadata?.uid ?? c.metadata?.name ?? '?';
        const phase = c.status?.phase;
        const expiry = this.deps.certExpiry?.(uid);
        const left = expiry ? daysLeft(expiry, now) : undefined;
        const certNote = left === undefined ? undefined : left < 0 ? 'kubectl cert expired' : `kubectl cert ${left}d`;
        const cctx: NodeContext = { profileId: ctx.profileId, region: ctx.region, clusterId: uid, clusterName: c.metadata?.name };
        return {
          id: `${node.id}/${uid}`, kind: 'cluster', label: c.metadata?.name ?? uid,
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
        };
      });
    const extras: TreeNode[] = [
      this.folder(node, { kind: 'charts', label: 'Charts', icon: 'file-zip' }),
      this.folder(node, { kind: 'quotas', label: 'Quotas', icon: 'dashboard' }),
      this.folder(node, { kind: 'featureGates', label: 'Feature gates', icon: 'symbol-boolean' }),
    ];
    if (clusters.length === 0 && list.length > 0) return [...this.empty(node, `No cluster matches "${this.filterText}"`), ...extras];
    return [...clusters, ...extras];
  }

  private async tasks(node: TreeNode, op: OperationName, kind: string, label: (t: Task) => string): Promise<TreeNode[]> {
    const list = asArray<Task>(await this.call(node.ctx, op, { path: { cluster_id: node.ctx.clusterId ?? '' } }));
    if (list.length === 0) return this.empty(node, 'None');
    return list.map((t, i) => ({
      id: `${node.id}/${t.metadata?.uid ?? i}`, kind: 'task' as const, label: label(t),
      description: [t.status?.phase, t.status?.progress && `${t.status.progress}%`].filter(Boolean).join(' · '),
      tooltip: lines([t.metadata?.uid && `id: ${t.metadata.uid}`, `phase: ${t.status?.phase ?? '?'}`, t.status?.message, t.metadata?.creationTimestamp && `created: ${t.metadata.creationTimestamp}`]),
      look: taskLook(t.status?.phase), collapsible: 'none' as const, contextValue: kind, ctx: node.ctx, data: t,
    }));
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

/** A tree row as a command receives it (VS Code passes the object the provider gave it, or something else). */
export function isNode(v: unknown): v is TreeNode {
  return typeof v === 'object' && v !== null && typeof (v as TreeNode).id === 'string' && typeof (v as TreeNode).kind === 'string';
}

/** `profile/region/clusterId/...` -> `profile/region/clusterId`. */
export function clusterNodeId(n: TreeNode): string {
  const parts = n.id.split('/');
  return parts.slice(0, 3).join('/');
}
