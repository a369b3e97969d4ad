import { randomBytes, randomUUID } from 'node:crypto';
import { buildChartArchive, demoChartFiles, readChartArchive } from './chart-archive.js';
import type { Account, AddonRecord, ChartRecord, ClusterRecord, Identity, JobRecord, Project, ReleaseRecord, ReleaseRevision } from './records.js';
import { renderChart } from './helm/render.js';
import { prepareObjects } from './helm/deploy.js';
import { findClusterVersion } from './versions.js';
import type { World } from './world.js';
import { createAddonRecord } from './domain/addons.js';
import { defaultNeutronSubnetId, defaultSubnetId, defaultVpcId, seedDefaultNetwork, seedDemoNetwork } from './domain/network.js';

export type SeedName = 'demo' | 'empty';

export type { Identity } from './records.js';

export const seedRegions = ['cn-north-4', 'cn-east-3', 'ap-southeast-1'] as const;

const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
function randomText(length: number, alphabet: string): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

export function newIdentity(): Identity {
  return {
    domainId: randomBytes(16).toString('hex'),
    domain: 'emulator-domain',
    userId: randomBytes(16).toString('hex'),
    user: 'emulator-user',
    password: `Emu-${randomText(16, alnum + 'abcdefghijklmnopqrstuvwxyz')}`,
    ak: randomText(20, alnum),
    sk: randomText(40, alnum + 'abcdefghijklmnopqrstuvwxyz'),
    projects: seedRegions.map((region) => ({ region, projectId: randomBytes(16).toString('hex') })),
  };
}

/** Reads the default identity back from a persisted store (the first account). */
export function identityFromStore(world: World): Identity | undefined {
  const stored = world.meta.get('identity');
  return stored && world.accounts.get(stored.domainId) ? stored : undefined;
}

function seedAccount(world: World, id: Identity): void {
  const account: Account = {
    id: id.domainId,
    domainName: id.domain,
    users: [{ id: id.userId, name: id.user, password: id.password }],
    accessKeys: [{ ak: id.ak, sk: id.sk, userId: id.userId }],
  };
  world.accounts.put(account);
  for (const p of id.projects) {
    const project: Project = { id: p.projectId, name: p.region, region: p.region, domainId: id.domainId };
    world.projects.put(project);
    seedDefaultNetwork(world, project.id, project.region);
  }
  world.meta.put(id);
}

function availableCluster(world: World, projectId: string, name: string, version: string, description: string): ClusterRecord {
  const info = findClusterVersion(version);
  const now = world.now();
  const jobId = randomUUID();
  const c: ClusterRecord = {
    id: randomUUID(),
    projectId,
    name,
    createdAt: now,
    updatedAt: now,
    phase: 'Available',
    phaseSince: now,
    metadata: {},
    spec: {
      category: 'Turbo',
      type: 'VirtualMachine',
      flavor: 'cce.autopilot.cluster',
      version: info?.version ?? version,
      platformVersion: info?.platformVersion ?? 'cce.1.0',
      description,
      hostNetwork: { vpc: defaultVpcId, subnet: defaultSubnetId },
      containerNetwork: { mode: 'eni' },
      eniNetwork: { subnets: [{ subnetID: defaultNeutronSubnetId }] },
      serviceNetwork: { IPv4CIDR: '10.247.0.0/16' },
      authentication: { mode: 'rbac' },
      billingMode: 0,
      kubernetesSvcIpRange: '10.247.0.0/16',
      kubeProxyMode: 'iptables',
      extendParam: { enterpriseProjectId: '0' },
      enableAutopilot: true,
    },
    jobId,
    tags: [{ key: 'env', value: 'demo' }],
  };
  const job: JobRecord = {
    id: jobId, projectId, type: 'CreateCluster', clusterId: c.id, resourceId: c.id, resourceName: name, phase: 'Success', reason: '', createdAt: now, updatedAt: now,
    subJobs: ['InstallMaster', 'CreatePSMCert', 'InstallAddons'].map((type) => ({ id: randomUUID(), type, phase: 'Success', createdAt: now, updatedAt: now })),
  };
  world.jobs.put(job);
  world.clusters.put(c);
  return c;
}

function runningAddon(world: World, c: ClusterRecord, template: string): AddonRecord {
  const a = createAddonRecord(world, c.projectId, c, template, undefined, {}, 'running', '03');
  return world.addons.put(a);
}

async function demo(world: World, id: Identity): Promise<void> {
  const north = id.projects.find((p) => p.region === 'cn-north-4')?.projectId ?? '';
  const east = id.projects.find((p) => p.region === 'cn-east-3')?.projectId ?? '';
  for (const p of id.projects) seedDemoNetwork(world, p.projectId, p.region);
  const web = availableCluster(world, north, 'demo-web', 'v1.28', 'Web front end (demo)');
  const batch = availableCluster(world, north, 'demo-batch', 'v1.27', 'Batch jobs on an older version, ready to upgrade (demo)');
  const edge = availableCluster(world, east, 'demo-east', 'v1.29', 'East China cluster (demo)');
  for (const c of [web, batch, edge]) runningAddon(world, c, 'coredns');
  runningAddon(world, web, 'metrics-server');
  runningAddon(world, edge, 'cie-collector');

  const now = world.now();
  const archive = buildChartArchive(demoChartFiles('nginx-demo', '1.0.0'));
  const parsed = await readChartArchive(archive);
  const chart: ChartRecord = {
    id: randomUUID(), projectId: north, name: parsed.name, version: parsed.version, description: parsed.description, iconUrl: parsed.icon,
    values: parsed.values, valuesSchema: parsed.valuesSchema, readme: parsed.readme, source: 'package', visible: true,
    archive: archive.toString('base64'), createdAt: now, updatedAt: now,
  };
  world.charts.put(chart);
  const release: ReleaseRecord = {
    id: `${web.id}/default/web`,
    projectId: north,
    clusterId: web.id,
    namespace: 'default',
    name: 'web',
    description: 'demo release of nginx-demo',
    phase: 'DEPLOYED',
    phaseSince: now,
    createdAt: now,
    revisions: [
      { version: 1, chartId: chart.id, chartName: chart.name, chartVersion: chart.version, values: { replicaCount: 2 }, parameters: {}, status: 'DEPLOYED', description: 'Install complete', createdAt: now, updatedAt: now },
    ],
  };
  // Rendered now; the objects are created when the cluster's API starts (syncReleaseObjects in src/domain/charts.ts).
  const rev = release.revisions[0] as ReleaseRevision;
  const rendered = await renderChart({
    archive, chartValues: chart.values, values: rev.values, release: { name: release.name, namespace: release.namespace, revision: 1, isUpgrade: false },
    kubeVersion: String(web.spec.version), lookup: () => ({}), noHooks: false,
  });
  rev.manifest = prepareObjects(rendered.objects, release, undefined);
  rev.notes = rendered.notes;
  world.releases.put(release);
}

/** Fills an empty store: the default account and its projects, and with `demo` a small landscape. */
export async function seed(world: World, name: SeedName, id: Identity): Promise<void> {
  seedAccount(world, id);
  if (name === 'demo') await demo(world, id);
  world.commit();
}
