import { describe, expect, it } from 'vitest';
import { TreeModel, type ProfileInfo, type TreeNode } from '../src/core/tree.js';
import { FakeApi, apiError } from './fakes.js';

const cluster = (uid: string, name: string, phase = 'Available', version = 'v1.28') => ({
  kind: 'Cluster', metadata: { uid, name }, spec: { version, platformVersion: 'cce.1.0' }, status: { phase },
});

function setup(apis: Record<string, FakeApi>, given?: ProfileInfo | null) {
  const profile = given === null ? undefined : given ?? { id: 'P', name: 'dev', regions: Object.keys(apis) };
  const connects: string[] = [];
  const model = new TreeModel({
    activeProfile: () => profile,
    connect: async (_p, region) => { connects.push(region); const a = apis[region]; if (!a) throw new Error(`no region ${region}`); return a; },
    now: () => new Date('2026-01-01T00:00:00Z'),
    certExpiry: (id) => (id === 'c1' ? new Date('2026-01-31T00:00:00Z') : undefined),
  });
  return { model, connects };
}

async function expand(model: TreeModel, node: TreeNode, kind: TreeNode['kind']): Promise<TreeNode> {
  const found = (await model.children(node)).find((n) => n.kind === kind);
  if (!found) throw new Error(`no ${kind} under ${node.id}`);
  return found;
}

describe('TreeModel', () => {
  it('says which welcome state applies when nothing is configured or no region is chosen', async () => {
    const none = setup({}, null).model;
    expect(await none.roots()).toEqual([]);
    expect(none.state).toBe('none');
    const noRegion = setup({}, { id: 'P', name: 'dev', regions: [] }).model;
    expect(await noRegion.roots()).toEqual([]);
    expect(noRegion.state).toBe('noRegion');
  });

  it('shows the no-clusters state when every region answered an empty list', async () => {
    const { model } = setup({ 'cn-north-4': new FakeApi({ ListAutopilotClusters: () => ({ items: [] }) }) });
    expect(await model.roots()).toEqual([]);
    expect(model.state).toBe('noClusters');
  });

  it('lists clusters per region with stable ids, phase, version, certificate expiry and sorted by name', async () => {
    const api = new FakeApi({ ListAutopilotClusters: () => ({ items: [cluster('c2', 'zeta', 'Creating'), cluster('c1', 'alpha')] }) });
    const { model } = setup({ 'cn-north-4': api });
    const [root] = await model.roots();
    expect(model.state).toBe('ready');
    const [region] = await model.children(root!);
    const kids = await model.children(region!);
    const clusters = kids.filter((n) => n.kind === 'cluster');
    expect(clusters.map((c) => [c.id, c.label, c.description])).toEqual([
      ['P/cn-north-4/c1', 'alpha', 'Available · v1.28 · kubectl cert 30d'],
      ['P/cn-north-4/c2', 'zeta', 'Creating · v1.28'],
    ]);
    expect(kids.filter((n) => n.kind !== 'cluster').map((n) => n.label)).toEqual(['Charts', 'Quotas', 'Feature gates']);
    expect(clusters[1]!.look?.transient).toBe(true);
    expect(model.transientParents.has(region!.id)).toBe(true);
    // Loaded once, even though roots() and children() both asked.
    expect(api.count('ListAutopilotClusters')).toBe(1);
  });

  it('loads every region at once and turns a failing region into an error node with the request id', async () => {
    const ok = new FakeApi({ ListAutopilotClusters: () => ({ items: [cluster('c1', 'alpha')] }) });
    const bad = new FakeApi({ ListAutopilotClusters: () => { throw apiError(403, 'CCE.01403001', 'no permission', 'req-42'); } });
    const { model } = setup({ 'cn-north-4': ok, 'cn-east-3': bad });
    const [root] = await model.roots();
    const regions = await model.children(root!);
    const east = regions.find((r) => r.label === 'cn-east-3')!;
    const [err] = await model.children(east);
    expect(err).toMatchObject({ kind: 'error', label: 'CCE.01403001: no permission', description: 'request req-42', contextValue: 'error' });
    expect(err!.ctx.retryOf).toBe(east.id);
    // Retry = invalidate the failed parent and read again.
    bad.handlers.ListAutopilotClusters = () => ({ items: [cluster('c9', 'east-one')] });
    model.invalidate(east.id);
    expect((await model.children(east)).map((n) => n.label)).toContain('east-one');
  });

  it('marks a region the gateway or IAM refused the credentials for, so its error row offers Edit Profile', async () => {
    const refusals: [number, string, string][] = [
      [401, 'APIGW.0301', 'error.signIn'], [401, 'IAM.0004', 'error.signIn'], [403, 'APIGW.0302', 'error.signIn'],
      // A policy that denies CCE is no sign-in problem: the profile is right, the permission is missing.
      [403, 'CCE.01403001', 'error'], [500, 'CCE.01500001', 'error'],
    ];
    for (const [status, code, contextValue] of refusals) {
      const api = new FakeApi({ ListAutopilotClusters: () => { throw apiError(status, code, 'refused', 'req-1'); } });
      const { model } = setup({ 'cn-north-4': api });
      const [root] = await model.roots();
      const [region] = await model.children(root!);
      const [err] = await model.children(region!);
      expect(err, `${status} ${code}`).toMatchObject({ kind: 'error', contextValue, description: 'request req-1' });
    }
  });

  it('filters clusters by name without reloading them from the API twice for the same filter', async () => {
    const api = new FakeApi({ ListAutopilotClusters: () => ({ items: [cluster('c1', 'alpha'), cluster('c2', 'beta')] }) });
    const { model } = setup({ 'cn-north-4': api });
    model.setFilter('BET');
    const [root] = await model.roots();
    const [region] = await model.children(root!);
    expect((await model.children(region!)).filter((n) => n.kind === 'cluster').map((n) => n.label)).toEqual(['beta']);
    model.setFilter('nothing');
    const kids = await model.children(region!);
    expect(kids[0]).toMatchObject({ kind: 'empty', label: 'No cluster matches "nothing"' });
  });

  it('builds the cluster subtree: addons, releases, upgrade folders, jobs and tags from the API', async () => {
    const api = new FakeApi({
      ListAutopilotClusters: () => ({ items: [{ ...cluster('c1', 'alpha'), status: { phase: 'Available', jobID: 'job-1' } }] }),
      ListAutopilotAddonInstances: (i) => {
        expect(i.query).toEqual({ cluster_id: 'c1' });
        return { items: [{ metadata: { uid: 'a1', name: 'coredns' }, spec: { addonTemplateName: 'coredns', version: '1.28.4' }, status: { status: 'installing', isRollbackable: true } }] };
      },
      ListAutopilotReleases: () => [{ name: 'web', namespace: 'default', status: 'DEPLOYED', chart_name: 'nginx', chart_version: '1.0.0', version: 2 }],
      ShowAutopilotClusterUpgradeInfo: () => ({ spec: { versionInfo: { release: 'v1.28', patch: 'r0', targetVersions: ['v1.29.1-r0'] } }, status: { phase: 'Success' } }),
      ListAutopilotPreCheckTasks: () => ({ items: [{ metadata: { uid: 'pc1' }, spec: { targetVersion: 'v1.29' }, status: { phase: 'Failed' } }] }),
      ShowAutopilotJob: () => ({ metadata: { uid: 'job-1' }, spec: { type: 'CreateCluster', subJobs: [{ metadata: { uid: 'job-2' }, spec: { type: 'InstallMaster' }, status: { phase: 'Success' } }] }, status: { phase: 'Success' } }),
      ShowAutopilotCluster: () => ({ spec: { clusterTags: [{ key: 'team', value: 'blue' }] } }),
    });
    const { model } = setup({ 'cn-north-4': api });
    const [root] = await model.roots();
    const [region] = await model.children(root!);
    const c = (await model.children(region!)).find((n) => n.kind === 'cluster')!;
    expect((await model.children(c)).map((n) => n.label)).toEqual(['Kubernetes', 'Addons', 'Chart releases', 'Upgrade', 'Jobs', 'Log collection', 'Tags']);
    const addons = await model.children(await expand(model, c, 'addons'));
    expect(addons[0]).toMatchObject({ id: 'P/cn-north-4/c1/addons/a1', label: 'coredns', description: '1.28.4 · installing', contextValue: 'addon.rollbackable' });
    expect(model.transientParents.has('P/cn-north-4/c1/addons')).toBe(true);
    const releases = await model.children(await expand(model, c, 'releases'));
    expect(releases[0]).toMatchObject({ label: 'default/web', description: 'DEPLOYED · nginx@1.0.0 · rev 2' });
    const upgrade = await expand(model, c, 'upgrade');
    const up = await model.children(upgrade);
    expect(up.map((n) => n.label)).toEqual(['Version v1.28-r0', 'Paths', 'Tasks', 'Pre-checks', 'Snapshots', 'Workflows', 'Maintenance window', 'Automatic upgrade plans']);
    expect(up[0]!.description).toContain('targets: v1.29.1-r0');
    const pcs = await model.children(await expand(model, upgrade, 'prechecks'));
    expect(pcs[0]).toMatchObject({ contextValue: 'precheck', description: 'Failed' });
    const jobs = await model.children(await expand(model, c, 'jobs'));
    expect(jobs.map((j) => `${j.label}:${j.description}`)).toEqual(['CreateCluster:Success', 'InstallMaster:Success']);
    const tags = await model.children(await expand(model, c, 'tags'));
    expect(tags.map((t) => `${t.label}=${t.description}`)).toEqual(['team=blue']);
  });

  it('invalidating a node drops its whole subtree but nothing else', async () => {
    const api = new FakeApi({
      ListAutopilotClusters: () => ({ items: [cluster('c1', 'alpha')] }),
      ListAutopilotAddonInstances: () => ({ items: [] }),
    });
    const { model } = setup({ 'cn-north-4': api });
    const [root] = await model.roots();
    const [region] = await model.children(root!);
    const c = (await model.children(region!)).find((n) => n.kind === 'cluster')!;
    const addons = await expand(model, c, 'addons');
    expect(await model.children(addons)).toMatchObject([{ kind: 'empty', label: 'No addons installed' }]);
    model.invalidate(c.id);
    await model.children(region!);
    await model.children(addons);
    expect(api.count('ListAutopilotClusters')).toBe(1);
    expect(api.count('ListAutopilotAddonInstances')).toBe(2);
  });
});
