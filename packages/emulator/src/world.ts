import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from './clock.js';
import { notFound } from './errors.js';
import type { Family } from './errors.js';
import { FailureInjection } from './failures.js';
import type { ClusterObjects } from './kube/cluster.js';
import type { Speed } from './lifecycle.js';
import type { AddonRecord, ClusterRecord, Collections, Project } from './records.js';
import { Collection } from './store.js';
import type { DocumentStore } from './store.js';
import { buildTemplates } from './templates.js';
import type { AddonTemplate } from './templates.js';

/** The part of the Kubernetes hub (src/kube) the service side calls. */
export interface KubeHubLike {
  ensureCluster(cluster: { id: string; name: string; version: string }): Promise<{ server: string; caPem: string }>;
  removeCluster(clusterId: string): Promise<void>;
  issueClientCert(clusterId: string, days: number): Promise<{ certPem: string; keyPem: string; notAfter: Date }>;
  setAddonWorkloads(clusterId: string, addons: { name: string; version: string; values?: Record<string, unknown> }[]): void;
  handleGatewayRequest(clusterId: string, req: IncomingMessage, res: ServerResponse): void;
  stop(): Promise<void>;
  /** A running cluster's objects (releases and add-ons apply theirs through it). */
  objectsOf(clusterId: string): ClusterObjects | undefined;
}

export interface Quotas {
  clustersPerRegion: number;
  charts: number;
}

export type Log = (message: string) => void;

export interface WorldOptions {
  store: DocumentStore;
  clock: Clock;
  speed: Speed;
  quotas: Quotas;
  log: Log;
  /** The clusters' Kubernetes APIs; absent when the emulator runs without them. */
  kube?: KubeHubLike;
}

function collection<K extends keyof Collections>(store: DocumentStore, name: K, keyOf: (doc: Collections[K]) => string): Collection<Collections[K]> {
  return new Collection(store, name, keyOf);
}

const byId = (doc: { id: string }): string => doc.id;
/** VPCs, subnets and EIPs reuse the reference's example ids in every project, so the key carries the project. */
const byProject = (doc: { id: string; projectId: string }): string => `${doc.projectId}/${doc.id}`;

/**
 * The emulated cloud's state: one typed collection per kind of document over the store, the
 * clock, speed, quotas, pending injected failures and the Kubernetes side. The rules that change
 * it live in src/domain; the lifecycle table in src/lifecycle.ts runs against it; the server
 * commits after each request so every answered change is persisted.
 */
export class World {
  readonly accounts: Collection<Collections['accounts']>;
  readonly projects: Collection<Collections['projects']>;
  readonly tokens: Collection<Collections['tokens']>;
  readonly domainTokens: Collection<Collections['domainTokens']>;
  /** The default identity, under the one key `identity`. */
  readonly meta: Collection<Collections['meta']>;
  readonly clusters: Collection<Collections['clusters']>;
  readonly jobs: Collection<Collections['jobs']>;
  readonly addons: Collection<Collections['addons']>;
  readonly charts: Collection<Collections['charts']>;
  readonly releases: Collection<Collections['releases']>;
  readonly upgradeTasks: Collection<Collections['upgradeTasks']>;
  readonly prechecks: Collection<Collections['prechecks']>;
  readonly snapshots: Collection<Collections['snapshots']>;
  readonly workflows: Collection<Collections['workflows']>;
  /** Stored under the cluster id: a cluster has at most one. */
  readonly maintenanceWindows: Collection<Collections['maintenanceWindows']>;
  readonly upgradePlans: Collection<Collections['upgradePlans']>;
  readonly vpcs: Collection<Collections['vpcs']>;
  readonly subnets: Collection<Collections['subnets']>;
  readonly eips: Collection<Collections['eips']>;

  readonly kube: KubeHubLike | undefined;
  readonly templates: AddonTemplate[] = buildTemplates();
  readonly failures = new FailureInjection();
  readonly clock: Clock;
  readonly speed: Speed;
  readonly quotas: Quotas;
  readonly log: Log;
  private readonly store: DocumentStore;

  constructor(options: WorldOptions) {
    const { store } = options;
    this.store = store;
    this.clock = options.clock;
    this.speed = options.speed;
    this.quotas = options.quotas;
    this.log = options.log;
    this.kube = options.kube;
    this.accounts = collection(store, 'accounts', byId);
    this.projects = collection(store, 'projects', byId);
    this.tokens = collection(store, 'tokens', byId);
    this.domainTokens = collection(store, 'domainTokens', byId);
    this.meta = collection(store, 'meta', () => 'identity');
    this.clusters = collection(store, 'clusters', byId);
    this.jobs = collection(store, 'jobs', byId);
    this.addons = collection(store, 'addons', byId);
    this.charts = collection(store, 'charts', byId);
    this.releases = collection(store, 'releases', byId);
    this.upgradeTasks = collection(store, 'upgradeTasks', byId);
    this.prechecks = collection(store, 'prechecks', byId);
    this.snapshots = collection(store, 'snapshots', byId);
    this.workflows = collection(store, 'workflows', byId);
    this.maintenanceWindows = collection(store, 'maintenanceWindows', (w) => w.clusterId);
    this.upgradePlans = collection(store, 'upgradePlans', byId);
    this.vpcs = collection(store, 'vpcs', byProject);
    this.subnets = collection(store, 'subnets', byProject);
    this.eips = collection(store, 'eips', byProject);
  }

  now(): number {
    return this.clock.now();
  }

  newId(): string {
    return randomUUID();
  }

  // --- persistence: every change of a request (or lifecycle step) is committed or undone as one ---

  /** Writes every change since the last commit; a change that cannot be stored is undone (StoreWriteError). */
  commit(): void {
    this.store.flush();
  }

  /** Forgets every change since the last commit. */
  rollback(): void {
    this.store.rollback();
  }

  /** Forgets everything (reset), on disk too. */
  clear(): void {
    this.store.clear();
    this.failures.clear();
  }

  /** Every stored document, by collection (the admin state dump redacts it). */
  snapshot(): Record<string, Record<string, unknown>> {
    return this.store.snapshot();
  }

  // --- lookups ----------------------------------------------------------------------------------

  project(projectId: string): Project | undefined {
    return this.projects.get(projectId);
  }

  cluster(projectId: string, clusterId: string, family: Family = '01'): ClusterRecord {
    const c = this.clusters.get(clusterId);
    if (!c || c.projectId !== projectId) throw notFound(`cluster ${clusterId} does not exist in project ${projectId}.`, family);
    return c;
  }

  clustersOf(projectId: string): ClusterRecord[] {
    return this.clusters.list().filter((c) => c.projectId === projectId);
  }

  addonsOf(clusterId: string): AddonRecord[] {
    return this.addons.list().filter((a) => a.clusterId === clusterId);
  }
}
