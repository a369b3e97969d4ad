import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { availableCluster, call, responseProblems, startTestEmulator } from './helpers.js';

let emu: RunningEmulator;
let cluster: string;
let oldCluster: string;
beforeAll(async () => {
  emu = await startTestEmulator({ clock: 'manual', speed: 'realistic' });
  emu.admin.advanceClock(0);
  const created = await Promise.all([availableCluster(emu, 'addon-host', 'v1.28'), availableCluster(emu, 'addon-old', 'v1.27')]);
  [cluster, oldCluster] = created as [string, string];
  emu.admin.advanceClock(60_000);
});
afterAll(async () => {
  await emu?.stop();
});

const install = (clusterID: string, addonTemplateName: string, version?: string, values: Record<string, unknown> = {}) => ({
  kind: 'Addon',
  apiVersion: 'v3',
  metadata: { annotations: { 'addon.install/type': 'install' } },
  spec: { clusterID, addonTemplateName, values, ...(version ? { version } : {}) },
});

describe('add-on templates', () => {
  it('lists the spec fixtures and derived templates, filtered by name', async () => {
    const all = await call(emu, 'GET', '/autopilot/v3/addontemplates');
    expect(all.status).toBe(200);
    expect(all.body.items.map((t: any) => t.metadata.name)).toEqual(expect.arrayContaining(['coredns', 'cie-collector', 'metrics-server']));
    expect(responseProblems('ListAutopilotAddonTemplates', all.body)).toEqual([]);
    const one = await call(emu, 'GET', '/autopilot/v3/addontemplates?addon_template_name=kube-prometheus-stack');
    expect(one.body.items.map((t: any) => t.metadata.name)).toEqual(['cie-collector']);
  });

  it('needs the X-Project-Id header on paths without a project id', async () => {
    const res = await call(emu, 'GET', '/autopilot/v3/addontemplates', { projectId: null });
    expect(res.status).toBe(400);
    expect(res.body.errorMessage).toContain('X-Project-Id');
  });
});

describe('add-on instance lifecycle', () => {
  it('installs the newest version the cluster supports, then runs', async () => {
    const res = await call(emu, 'POST', '/autopilot/v3/addons', { body: install(cluster, 'coredns') });
    expect(res.status).toBe(201);
    expect(res.body.spec.version).toBe('1.28.6');
    expect(res.body.status.status).toBe('installing');
    expect(res.body.spec.values.flavor.name).toBe('autopilot-flavor1');
    expect(responseProblems('CreateAutopilotAddonInstance', res.body)).toEqual([]);
    emu.admin.advanceClock(10_000);
    const shown = await call(emu, 'GET', `/autopilot/v3/addons/${res.body.metadata.uid}?cluster_id=${cluster}`);
    expect(shown.body.status.status).toBe('running');
    expect(responseProblems('ShowAutopilotAddonInstance', shown.body)).toEqual([]);
    const dup = await call(emu, 'POST', '/autopilot/v3/addons', { body: install(cluster, 'coredns') });
    expect(dup.status).toBe(409);
    expect(dup.body.errorCode).toBe('CCE.03409001');
  });

  it('refuses a version whose supportVersions do not match the cluster version', async () => {
    const res = await call(emu, 'POST', '/autopilot/v3/addons', { body: install(oldCluster, 'coredns', '1.28.6') });
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe('CCE.03400001');
    expect(res.body.errorMessage).toContain('does not support cluster version v1.27');
    const fits = await call(emu, 'POST', '/autopilot/v3/addons', { body: install(oldCluster, 'coredns') });
    expect(fits.body.spec.version).toBe('1.28.4');
  });

  it('upgrades, fails an injected upgrade, rolls back, and deletes', async () => {
    const created = await call(emu, 'POST', '/autopilot/v3/addons', { body: install(oldCluster, 'metrics-server', '0.6.4') });
    const id = created.body.metadata.uid;
    emu.admin.advanceClock(10_000);
    // metrics-server 0.7.2 is for v1.29+; on v1.27 there is no newer version.
    const tooNew = await call(emu, 'PUT', `/autopilot/v3/addons/${id}`, { body: install(oldCluster, 'metrics-server', '0.7.2') });
    expect(tooNew.status).toBe(400);

    const list = await call(emu, 'GET', `/autopilot/v3/addons?cluster_id=${cluster}`);
    const coredns = list.body.items.find((a: any) => a.spec.addonTemplateName === 'coredns');
    expect(responseProblems('ListAutopilotAddonInstances', list.body)).toEqual([]);
    const busy = await call(emu, 'PUT', `/autopilot/v3/addons/${created.body.metadata.uid}`, { body: install(oldCluster, 'metrics-server', '0.6.4') });
    expect(busy.status).toBe(200);
    const whileUpgrading = await call(emu, 'PUT', `/autopilot/v3/addons/${created.body.metadata.uid}`, { body: install(oldCluster, 'metrics-server', '0.6.4') });
    expect(whileUpgrading.status).toBe(409);
    expect(whileUpgrading.body.errorCode).toBe('CCE.01409002');
    emu.admin.advanceClock(10_000);
    emu.admin.failNext('addon.upgrade');
    const up = await call(emu, 'PUT', `/autopilot/v3/addons/${coredns.metadata.uid}`, { body: install(cluster, 'coredns', '1.28.4', { custom: { extraConfig: {} } }) });
    expect(up.status).toBe(200);
    expect(up.body.status.status).toBe('upgrading');
    expect(responseProblems('UpdateAutopilotAddonInstance', up.body)).toEqual([]);
    emu.admin.advanceClock(10_000);
    const failed = await call(emu, 'GET', `/autopilot/v3/addons/${coredns.metadata.uid}`);
    expect(failed.body.status.status).toBe('upgradeFailed');
    expect(failed.body.status.isRollbackable).toBe(true);

    const rb = await call(emu, 'POST', `/autopilot/v3/addons/${coredns.metadata.uid}/operation/rollback`, { body: { clusterID: cluster } });
    expect(rb.status).toBe(200);
    expect(rb.body.status.status).toBe('rollbacking');
    expect(responseProblems('RollbackAutopilotAddonInstance', rb.body)).toEqual([]);
    expect(rb.body.spec.version).toBe('1.28.6');
    expect(rb.body.status.previousVersion).toBe('1.28.4');
    emu.admin.advanceClock(10_000);
    const back = await call(emu, 'GET', `/autopilot/v3/addons/${coredns.metadata.uid}`);
    expect(back.body.status.status).toBe('running');
    expect(back.body.status.isRollbackable).toBe(false);
    const again = await call(emu, 'POST', `/autopilot/v3/addons/${coredns.metadata.uid}/operation/rollback`, { body: { clusterID: cluster } });
    expect(again.status).toBe(400);

    const del = await call(emu, 'DELETE', `/autopilot/v3/addons/${coredns.metadata.uid}?cluster_id=${cluster}`);
    expect(del.status).toBe(200);
    expect(del.text).toBe('success');
    expect(del.headers.get('content-type')).toContain('text/plain');
    const deleting = await call(emu, 'GET', `/autopilot/v3/addons/${coredns.metadata.uid}`);
    expect(deleting.body.status.status).toBe('deleting');
    emu.admin.advanceClock(10_000);
    const gone = await call(emu, 'GET', `/autopilot/v3/addons/${coredns.metadata.uid}`);
    expect(gone.status).toBe(404);
    expect(gone.body.errorCode).toBe('CCE.03404001');
  });

  it('installs failing add-ons as installFailed when a failure is injected', async () => {
    emu.admin.failNext('addon.install');
    const res = await call(emu, 'POST', '/autopilot/v3/addons', { body: install(cluster, 'metrics-server') });
    emu.admin.advanceClock(10_000);
    const shown = await call(emu, 'GET', `/autopilot/v3/addons/${res.body.metadata.uid}`);
    expect(shown.body.status.status).toBe('installFailed');
  });

  it('installs add-ons named in the cluster create annotation once the cluster is Available', async () => {
    const body = {
      kind: 'Cluster', apiVersion: 'v3',
      metadata: { name: 'with-addons', annotations: { 'cluster.install.addons/install': JSON.stringify([{ addonTemplateName: 'coredns', values: {} }]) } },
      spec: { flavor: 'cce.autopilot.cluster', version: 'v1.29', hostNetwork: { vpc: 'c6549063-d459-4ae1-9550-b5fec6741b0f', subnet: '3b18c2d5-b352-4f59-b421-c2d2d48a1333' }, containerNetwork: { mode: 'eni' } },
    };
    const created = await call(emu, 'POST', `/autopilot/v3/projects/${emu.projectId}/clusters`, { body });
    expect(created.status).toBe(201);
    const id = created.body.metadata.uid;
    emu.admin.advanceClock(60_000);
    const addons = await call(emu, 'GET', `/autopilot/v3/addons?cluster_id=${id}`);
    expect(addons.body.items.map((a: any) => [a.spec.addonTemplateName, a.status.status])).toEqual([['coredns', 'running']]);
    const detail = await call(emu, 'GET', `/autopilot/v3/projects/${emu.projectId}/clusters/${id}?detail=true`);
    expect(JSON.stringify(detail.body.metadata.annotations)).toContain('coredns');
    const bad = { ...body, metadata: { name: 'bad-addons', annotations: { 'cluster.install.addons/install': JSON.stringify([{ addonTemplateName: 'coredns' }, { addonTemplateName: 'no-such-addon' }]) } } };
    const refused = await call(emu, 'POST', `/autopilot/v3/projects/${emu.projectId}/clusters`, { body: bad });
    expect(refused.status).toBe(400);
    expect(refused.body.errorMessage).toContain('no-such-addon');
    const names = (await call(emu, 'GET', `/autopilot/v3/projects/${emu.projectId}/clusters`)).body.items.map((c: any) => c.metadata.name);
    expect(names).not.toContain('bad-addons');
  });
});
