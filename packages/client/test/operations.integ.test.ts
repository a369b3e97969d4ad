// Every operation of the catalogue, called through the client against the in-process emulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allOperations, listItems, operations } from '@cce-autopilot/models';
import { buildChartArchive, demoChartFiles, startEmulator, type RunningEmulator } from '@cce-autopilot/emulator';
import {
  CceApiError,
  CceWaitError,
  createClient,
  waitForAddonDeleted,
  waitForAddonRunning,
  waitForClusterAvailable,
  waitForClusterDeleted,
  waitForJob,
  waitForPreCheck,
  waitForSnapshot,
  waitForUpgradeTask,
  waitForWorkflow,
  type CceClient,
  type RequestLogEvent,
} from '../src/index.js';

let emulator: RunningEmulator;
let client: CceClient;
const called = new Set<string>();
const events: RequestLogEvent[] = [];
const fast = { minDelayMs: 5, maxDelayMs: 20, timeoutMs: 10_000 };

beforeAll(async () => {
  emulator = await startEmulator({ seed: 'empty', speed: 'instant' });
  client = createClient({
    region: emulator.region,
    credentials: { ak: emulator.ak, sk: emulator.sk },
    endpoints: { cce: emulator.url },
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    logger: (event) => {
      events.push(event);
      if (event.type === 'response') called.add(event.operation);
    },
    env: {},
  });
});

afterAll(async () => {
  await client?.close();
  await emulator?.stop();
});

function clusterBody(name: string, version = 'v1.28') {
  return {
    kind: 'Cluster' as const,
    apiVersion: 'v3' as const,
    metadata: { name },
    spec: {
      flavor: 'cce.autopilot.cluster',
      version,
      // The emulator's default network (every project has it; named after the reference's example ids).
      hostNetwork: { vpc: 'c6549063-d459-4ae1-9550-b5fec6741b0f', subnet: '3b18c2d5-b352-4f59-b421-c2d2d48a1333' },
      containerNetwork: { mode: 'eni' as const },
      eniNetwork: { subnets: [{ subnetID: '186f9322-50c5-4e5a-91e3-47da86959afc' }] },
    },
  };
}

describe('every operation against the emulator', () => {
  let clusterId = '';

  it('looks up the project id through IAM', async () => {
    await expect(client.projectId()).resolves.toBe(emulator.projectId);
  });

  it('clusters, jobs, certificates, EIP, endpoints, quotas and tags', async () => {
    await client.listAutopilotClusterUpgradePaths();
    await client.listAutopilotClusterUpgradeFeatureGates();
    await client.showAutopilotQuotas();

    const created = await client.createAutopilotCluster({ body: clusterBody('integ-main') });
    clusterId = created.metadata.uid ?? '';
    expect(clusterId).not.toBe('');
    const jobId = created.status?.jobID;
    const available = await waitForClusterAvailable(client, clusterId, fast);
    expect(available).toMatchObject({ status: { phase: 'Available' } });
    if (jobId) await expect(waitForJob(client, jobId, fast)).resolves.toMatchObject({ status: { phase: 'Success' } });
    else await expect(client.showAutopilotJob({ job_id: 'no-such-job' })).rejects.toMatchObject({ status: 404 });

    const shown = await client.showAutopilotCluster({ cluster_id: clusterId, detail: 'true' });
    expect(shown.metadata.name).toBe('integ-main');
    const list = await client.listAutopilotClusters({ status: 'Available' });
    expect(list.items.map((c) => c.metadata.uid)).toContain(clusterId);
    const updated = await client.updateAutopilotCluster({ cluster_id: clusterId, body: { spec: { description: 'integration' } } as never });
    expect(updated.spec.description).toBe('integration');

    const cert = await client.createAutopilotKubernetesClusterCert({ cluster_id: clusterId, body: { duration: 1 } });
    expect(cert).toMatchObject({ kind: 'Config' });
    const freeEip = (await client.listPublicips()).publicips.find((e) => e.status === 'DOWN');
    expect(freeEip).toBeDefined();
    await client.updateAutopilotClusterEip({ cluster_id: clusterId, body: { spec: { action: 'bind', spec: { id: freeEip!.id } } } });
    await client.showAutopilotClusterEndpoints({ cluster_id: clusterId });
    await client.updateAutopilotClusterEip({ cluster_id: clusterId, body: { spec: { action: 'unbind' } } });

    await client.batchCreateAutopilotClusterTags({ cluster_id: clusterId, body: { tags: [{ key: 'env', value: 'test' }] } });
    await client.batchDeleteAutopilotClusterTags({ cluster_id: clusterId, body: { tags: [{ key: 'env' }] } });
  });

  it('addons: templates, install, get, list, update, rollback, delete', async () => {
    const templates = await client.listAutopilotAddonTemplates({ addon_template_name: 'coredns' });
    const versions = (templates.items[0]?.spec?.versions ?? []).map((v) => v.version).filter((v): v is string => typeof v === 'string');
    // Two versions that support the cluster's v1.28, so that an update and a rollback are possible.
    expect(versions).toEqual(expect.arrayContaining(['1.28.4', '1.28.6']));
    const installed = await client.createAutopilotAddonInstance({
      body: {
        kind: 'Addon',
        apiVersion: 'v3',
        metadata: { annotations: { 'addon.install/type': 'install' } },
        spec: { clusterID: clusterId, addonTemplateName: 'coredns', version: '1.28.4', values: {} },
      },
    });
    const addonId = installed.metadata?.uid ?? '';
    await waitForAddonRunning(client, addonId, clusterId, fast);
    await client.showAutopilotAddonInstance({ id: addonId, cluster_id: clusterId });
    const list = await client.listAutopilotAddonInstances({ cluster_id: clusterId });
    expect(list.items.map((a) => a.metadata?.uid)).toContain(addonId);
    const upgraded = await client.updateAutopilotAddonInstance({
      id: addonId,
      body: {
        kind: 'Addon',
        apiVersion: 'v3',
        metadata: { annotations: { 'addon.upgrade/type': 'upgrade' } },
        spec: { clusterID: clusterId, addonTemplateName: 'coredns', version: '1.28.6', values: {} },
      },
    });
    expect(upgraded.spec?.version).toBe('1.28.6');
    await waitForAddonRunning(client, addonId, clusterId, fast);
    await client.rollbackAutopilotAddonInstance({ id: addonId, body: { clusterID: clusterId } });
    await waitForAddonRunning(client, addonId, clusterId, fast);
    const text = await client.deleteAutopilotAddonInstance({ id: addonId, cluster_id: clusterId });
    expect(typeof text).toBe('string');
    await waitForAddonDeleted(client, addonId, clusterId, fast);
  });

  it('upgrade: info, workflows, pre-check, backup, upgrade with a failed task and a retry, post-check', async () => {
    await client.showAutopilotClusterUpgradeInfo({ cluster_id: clusterId });
    const first = await client.createAutopilotUpgradeWorkFlow({ cluster_id: clusterId, body: { kind: 'WorkFlowTask', apiVersion: 'v3', spec: { targetVersion: 'v1.29' } } });
    const cancelled = await client.upgradeAutopilotWorkFlowUpdate({ cluster_id: clusterId, upgrade_workflow_id: first.metadata?.uid ?? '', body: { status: { phase: 'Cancel' } } });
    expect(cancelled.status?.phase).toBe('Cancel');
    const workflow = await client.createAutopilotUpgradeWorkFlow({ cluster_id: clusterId, body: { kind: 'WorkFlowTask', apiVersion: 'v3', spec: { targetVersion: 'v1.29' } } });
    const workflowId = workflow.metadata?.uid ?? '';
    const workflows = await client.listAutopilotUpgradeWorkFlows({ cluster_id: clusterId });
    expect(JSON.stringify(workflows)).toContain(workflowId);

    const precheck = await client.createAutopilotPreCheck({ cluster_id: clusterId, body: { apiVersion: 'v3', kind: 'PreCheckTask', spec: { targetVersion: 'v1.29' } } });
    const precheckId = precheck.metadata?.uid ?? '';
    await waitForPreCheck(client, clusterId, precheckId, fast);
    await client.showAutopilotPreCheck({ cluster_id: clusterId, task_id: precheckId });
    await client.listAutopilotPreCheckTasks({ cluster_id: clusterId });

    const snapshot = await client.createAutopilotClusterMasterSnapshot({ cluster_id: clusterId });
    await waitForSnapshot(client, clusterId, snapshot.uid ?? '', fast);
    await client.listAutopilotClusterMasterSnapshotTasks({ cluster_id: clusterId });

    emulator.admin.failNext('upgrade');
    const upgrade = await client.upgradeAutopilotCluster({
      cluster_id: clusterId,
      body: { metadata: { apiVersion: 'v3', kind: 'UpgradeTask' }, spec: { clusterUpgradeAction: { targetVersion: 'v1.29', strategy: { type: 'inPlaceRollingUpdate' } } } },
    });
    const taskId = upgrade.metadata?.uid ?? '';
    const failure = await waitForUpgradeTask(client, clusterId, taskId, fast).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CceWaitError);
    expect(failure).toMatchObject({ reason: 'failed', phase: 'Failed' });
    await client.retryAutopilotUpgradeClusterTask({ cluster_id: clusterId });
    await waitForUpgradeTask(client, clusterId, taskId, fast);
    const tasks = await client.listAutopilotUpgradeClusterTasks({ cluster_id: clusterId });
    expect(JSON.stringify(tasks)).toContain(taskId);
    await client.showAutopilotUpgradeClusterTask({ cluster_id: clusterId, task_id: taskId });
    const post = await client.createAutopilotPostCheck({ cluster_id: clusterId, body: { apiVersion: 'v3', kind: 'PostCheckTask', spec: { clusterVersion: 'v1.28', targetVersion: 'v1.29' } } });
    expect(post.status?.phase).toBe('Success');
    await waitForWorkflow(client, clusterId, workflowId, fast);
    await client.showAutopilotUpgradeWorkFlow({ cluster_id: clusterId, upgrade_workflow_id: workflowId });
  });

  it('charts and releases, with a multipart upload and a streamed download', async () => {
    const archive = buildChartArchive(demoChartFiles('integ-web', '1.0.0'));
    const chart = (await client.uploadAutopilotChart({ body: { content: archive, filename: 'integ-web-1.0.0.tgz', parameters: { override: true, skip_lint: true, source: 'package' } } })) as { id: string; version: string };
    expect(chart.version).toBe('1.0.0');
    const charts = await client.listAutopilotCharts();
    expect(JSON.stringify(charts)).toContain(chart.id);
    await client.showAutopilotChart({ chart_id: chart.id });
    await client.showAutopilotChartValues({ chart_id: chart.id });
    const download = await client.downloadAutopilotChart({ chart_id: chart.id });
    const chunks: Buffer[] = [];
    for await (const chunk of download.body) chunks.push(Buffer.from(chunk));
    expect(Buffer.concat(chunks).equals(archive)).toBe(true);
    await client.updateAutopilotChart({ chart_id: chart.id, body: { content: new Blob([buildChartArchive(demoChartFiles('integ-web', '1.0.0', 'extra: true\n'))]), parameters: { override: true } } });
    await client.showAutopilotUserChartsQuotas();

    const release = await client.createAutopilotRelease({ cluster_id: clusterId, body: { name: 'web', namespace: 'default', chart_id: chart.id, version: '1.0.0', values: { replicaCount: 1 } as never } });
    expect(release).toMatchObject({ name: 'web' });
    const releases = await client.listAutopilotReleases({ cluster_id: clusterId, namespace: 'default' });
    expect(JSON.stringify(releases)).toContain('"web"');
    await client.showAutopilotRelease({ cluster_id: clusterId, namespace: 'default', name: 'web' });
    await client.updateAutopilotRelease({ cluster_id: clusterId, namespace: 'default', name: 'web', body: { chart_id: chart.id, action: 'upgrade', parameters: {}, values: { replicaCount: 2 } as never } });
    await client.updateAutopilotRelease({ cluster_id: clusterId, namespace: 'default', name: 'web', body: { chart_id: chart.id, action: 'rollback', parameters: { release_version: 1 }, values: {} } });
    const history = await client.showAutopilotReleaseHistory({ cluster_id: clusterId, namespace: 'default', name: 'web' });
    expect(JSON.stringify(history).length).toBeGreaterThan(2);
    await client.deleteAutopilotRelease({ cluster_id: clusterId, namespace: 'default', name: 'web' });
    await client.deleteAutopilotChart({ chart_id: chart.id });
  });

  it('the SDK-only operations: maintenance window, upgrade plans, feature gates, log configs, v2 jobs', async () => {
    const window = { weekly_period: 'Sunday', start_time: '03:00', duration_hours: 2 };
    expect(await client.createAutopilotMaintenanceWindow({ cluster_id: clusterId, body: window })).toEqual(window);
    expect(await client.showAutopilotMaintenanceWindow({ cluster_id: clusterId })).toEqual(window);
    await client.updateAutopilotMaintenanceWindow({ cluster_id: clusterId, body: { ...window, duration_hours: 3 } });
    const plans = listItems((await client.listAutopilotUpgradePlans({ cluster_id: clusterId })).items);
    expect(plans).toHaveLength(1);
    const plan = plans[0]!;
    const later = new Date(Date.parse(plan.spec.notBefore) + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    expect((await client.updateAutopilotUpgradePlan({ cluster_id: clusterId, upgrade_plan_id: plan.metadata.uid ?? '', body: { notBefore: later } })).spec.notBefore).toBe(later);
    expect((await client.deleteAutopilotMaintenanceWindow({ cluster_id: clusterId })).duration_hours).toBe(3);
    expect((await client.showAutopilotFeatureGates()).kind).toBe('Configuration');
    const logs = await client.showAutopilotClusterConfig({ cluster_id: clusterId, type: 'audit' });
    expect(logs.log_configs).toEqual([{ name: 'audit', enable: false }]);
    const jobs = await client.listAutopilotJobs();
    const job = jobs.find((j) => j.spec?.clusteruid === clusterId && j.status?.status === 'Success');
    expect(job).toBeDefined();
    expect((await client.getAutopilotOneJob({ job_id: job!.metadata?.uid ?? '' })).spec?.type).toBe('CreateCluster');
    await client.deleteAutopilotJob({ job_id: job!.metadata?.uid ?? '' });
    await expect(client.getAutopilotOneJob({ job_id: job!.metadata?.uid ?? '' })).rejects.toMatchObject({ status: 404 });
  });

  it('VPC and EIP reads go to the VPC endpoint (the emulator serves it on the same port)', async () => {
    expect(client.vpcEndpoint).toBe(client.cceEndpoint);
    const vpcs = (await client.listVpcs()).vpcs;
    const vpc = vpcs.find((v) => v.name === 'vpc-default')!;
    expect((await client.showVpc({ vpc_id: vpc.id })).vpc.cidr).toBe(vpc.cidr);
    const subnets = (await client.listSubnets({ vpc_id: vpc.id })).subnets;
    expect(subnets.map((x) => x.vpc_id)).toEqual(subnets.map(() => vpc.id));
    expect((await client.showSubnet({ subnet_id: subnets[0]!.id })).subnet.name).toBe(subnets[0]!.name);
    const eips = (await client.listPublicips({ ip_version: '4' })).publicips;
    expect((await client.showPublicip({ publicip_id: eips[0]!.id })).publicip.id).toBe(eips[0]!.id);
  });

  it('deletes the cluster and waits until it is gone', async () => {
    await client.deleteAutopilotCluster({ cluster_id: clusterId, delete_efs: 'true', lts_reclaim_policy: 'Retain' });
    await waitForClusterDeleted(client, clusterId, fast);
    await expect(client.showAutopilotCluster({ cluster_id: clusterId })).rejects.toBeInstanceOf(CceApiError);
  });

  it('called all 61 CCE operations and the 6 VPC/EIP ones successfully', () => {
    const missing = Object.keys(allOperations).filter((name) => !called.has(name));
    expect(missing).toEqual([]);
    expect(Object.keys(operations)).toHaveLength(61);
    expect(Object.keys(allOperations)).toHaveLength(67);
  });

  it('logged no secret', () => {
    const log = JSON.stringify(events);
    expect(log).not.toContain(emulator.sk);
    expect(log).not.toMatch(/Signature=[0-9a-f]{64}/);
  });
});
