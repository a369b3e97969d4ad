import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { availableCluster, call, projectPath, responseProblems, startTestEmulator } from './helpers.js';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ clock: 'manual', speed: 'realistic' });
});
afterAll(async () => {
  await emu?.stop();
});

const step = () => emu.admin.advanceClock(60_000);
const upgradeBody = (targetVersion: string) => ({
  metadata: { apiVersion: 'v3', kind: 'UpgradeTask' },
  spec: { clusterUpgradeAction: { strategy: { type: 'inPlaceRollingUpdate', inPlaceRollingUpdate: { userDefinedStep: 20 } }, targetVersion } },
});

describe('upgrade discovery', () => {
  it('answers upgrade paths, feature gates and upgrade info', async () => {
    const paths = await call(emu, 'GET', '/autopilot/v3/clusterupgradepaths');
    expect(paths.status).toBe(200);
    expect(paths.body.upgradePaths.find((p: any) => p.version === 'v1.27').targetVersions).toEqual(['v1.28']);
    expect(responseProblems('ListAutopilotClusterUpgradePaths', paths.body)).toEqual([]);
    const gates = await call(emu, 'GET', '/autopilot/v3/clusterupgradefeaturegates');
    expect(Object.keys(gates.body.upgradeFeatureGates)).toEqual(['DisplayPreCheckDetail', 'EvsSnapshot', 'LabelForSkippedNode', 'UpgradeStrategy']);
    expect(responseProblems('ListAutopilotClusterUpgradeFeatureGates', gates.body)).toEqual([]);
  });
});

describe('the upgrade workflow of spec 03 section 2', () => {
  it('runs workflow -> pre-check -> snapshot -> upgrade (fails, retry succeeds) -> post-check', async () => {
    const id = await availableCluster(emu, 'to-upgrade', 'v1.27');
    step();
    const coredns = await call(emu, 'POST', '/autopilot/v3/addons', { body: { kind: 'Addon', apiVersion: 'v3', metadata: {}, spec: { clusterID: id, addonTemplateName: 'coredns', values: {} } } });
    expect(coredns.body.spec.version).toBe('1.28.4');
    step();
    const info = await call(emu, 'GET', projectPath(emu, `/clusters/${id}/upgradeinfo`));
    expect(info.body.spec.versionInfo.targetVersions).toEqual(['v1.28']);
    expect(responseProblems('ShowAutopilotClusterUpgradeInfo', info.body)).toEqual([]);

    const wf = await call(emu, 'POST', projectPath(emu, `/clusters/${id}/operation/upgradeworkflows`), { body: { kind: 'WorkFlowTask', apiVersion: 'v3', spec: { targetVersion: 'v1.28' } } });
    expect(wf.status).toBe(201);
    expect(wf.body.status.phase).toBe('Init');
    expect(wf.body.status.pointStatuses.map((p: any) => p.taskType)).toEqual(['PreCheck', 'Snapshot', 'Cluster', 'PostCheck']);
    expect(responseProblems('CreateAutopilotUpgradeWorkFlow', wf.body)).toEqual([]);
    const wfId = wf.body.metadata.uid;
    const workflow = async () => (await call(emu, 'GET', projectPath(emu, `/clusters/${id}/operation/upgradeworkflows/${wfId}`))).body;

    const pc = await call(emu, 'POST', projectPath(emu, `/clusters/${id}/operation/precheck`), { body: { kind: 'PreCheckTask', apiVersion: 'v3', spec: { clusterID: id, targetVersion: 'v1.28' } } });
    expect(pc.status).toBe(200);
    expect(pc.body.status.phase).toBe('Init');
    expect(responseProblems('CreateAutopilotPreCheck', pc.body)).toEqual([]);
    expect((await workflow()).status.phase).toBe('Running');
    step();
    const pcDone = await call(emu, 'GET', projectPath(emu, `/clusters/${id}/operation/precheck/tasks/${pc.body.metadata.uid}`));
    expect(pcDone.body.status.phase).toBe('Success');
    expect(pcDone.body.status.expireTimeStamp).toMatch(/UTC$/);
    expect(responseProblems('ShowAutopilotPreCheck', pcDone.body)).toEqual([]);
    const pcs = await call(emu, 'GET', projectPath(emu, `/clusters/${id}/operation/precheck/tasks`));
    expect(pcs.body.items).toHaveLength(1);
    expect(responseProblems('ListAutopilotPreCheckTasks', pcs.body)).toEqual([]);

    const snap = await call(emu, 'POST', `/autopilot/v3.1/projects/${emu.projectId}/clusters/${id}/operation/snapshot`);
    expect(snap.status).toBe(200);
    expect(responseProblems('CreateAutopilotClusterMasterSnapshot', snap.body)).toEqual([]);
    const running = await call(emu, 'GET', `/autopilot/v3.1/projects/${emu.projectId}/clusters/${id}/operation/snapshot/tasks`);
    expect(running.body.items[0].status.phase).toBe('Running');
    step();
    const snaps = await call(emu, 'GET', `/autopilot/v3.1/projects/${emu.projectId}/clusters/${id}/operation/snapshot/tasks`);
    expect(snaps.body.items[0].status.phase).toBe('Success');
    expect(snaps.body.status.latestBackupTime).toBeDefined();
    expect(responseProblems('ListAutopilotClusterMasterSnapshotTasks', snaps.body)).toEqual([]);

    emu.admin.failNext('upgrade');
    const up = await call(emu, 'POST', projectPath(emu, `/clusters/${id}/operation/upgrade`), { body: upgradeBody('v1.28') });
    expect(up.status).toBe(200);
    expect(responseProblems('UpgradeAutopilotCluster', up.body)).toEqual([]);
    const taskId = up.body.metadata.uid;
    const cluster = await call(emu, 'GET', projectPath(emu, `/clusters/${id}`));
    expect(cluster.body.status.phase).toBe('Upgrading');
    const busy = await call(emu, 'POST', projectPath(emu, `/clusters/${id}/operation/upgrade`), { body: upgradeBody('v1.28') });
    expect(busy.status).toBe(429);
    expect(busy.body.errorCode).toBe('CCE.01429002');
    step();
    const failed = await call(emu, 'GET', projectPath(emu, `/clusters/${id}/operation/upgrade/tasks/${taskId}`));
    expect(failed.body.status.phase).toBe('Failed');
    expect(responseProblems('ShowAutopilotUpgradeClusterTask', failed.body)).toEqual([]);
    const pending = await workflow();
    expect(pending.status.phase).toBe('Pending');
    expect(pending.status.pointStatuses.find((p: any) => p.taskType === 'Cluster').status).toBe('Failed');
    expect((await call(emu, 'GET', projectPath(emu, `/clusters/${id}`))).body.spec.version).toBe('v1.27');

    const retry = await call(emu, 'POST', projectPath(emu, `/clusters/${id}/operation/upgrade/retry`));
    expect(retry.status).toBe(200);
    step();
    const done = await call(emu, 'GET', projectPath(emu, `/clusters/${id}/operation/upgrade/tasks`));
    expect(done.body.items.map((t: any) => t.status.phase)).toEqual(['Success']);
    expect(responseProblems('ListAutopilotUpgradeClusterTasks', done.body)).toEqual([]);
    const upgraded = await call(emu, 'GET', projectPath(emu, `/clusters/${id}`));
    expect(upgraded.body.spec.version).toBe('v1.28');
    expect(upgraded.body.status.phase).toBe('Available');
    // coredns 1.28.4 also runs on v1.28, so it stays.
    expect((await call(emu, 'GET', `/autopilot/v3/addons/${coredns.body.metadata.uid}`)).body.spec.version).toBe('1.28.4');

    const post = await call(emu, 'POST', projectPath(emu, `/clusters/${id}/operation/postcheck`), { body: { kind: 'PostCheckTask', apiVersion: 'v3', spec: { clusterID: id } } });
    expect(post.body.status.phase).toBe('Success');
    expect(responseProblems('CreateAutopilotPostCheck', post.body)).toEqual([]);
    const finished = await workflow();
    expect(finished.status.phase).toBe('Success');
    expect(responseProblems('ShowAutopilotUpgradeWorkFlow', finished)).toEqual([]);
    const list = await call(emu, 'GET', projectPath(emu, `/clusters/${id}/operation/upgradeworkflows`));
    expect(list.body.items).toHaveLength(1);
    expect(responseProblems('ListAutopilotUpgradeWorkFlows', list.body)).toEqual([]);
    const cancelDone = await call(emu, 'PATCH', projectPath(emu, `/clusters/${id}/operation/upgradeworkflows/${wfId}`), { body: { status: { phase: 'Cancel' } } });
    expect(cancelDone.status).toBe(400);
  });

  it('refuses to delete a cluster that is still being created', async () => {
    const created = await call(emu, 'POST', projectPath(emu, '/clusters'), { body: { kind: 'Cluster', apiVersion: 'v3', metadata: { name: 'still-creating' }, spec: { flavor: 'cce.autopilot.cluster', hostNetwork: { vpc: 'c6549063-d459-4ae1-9550-b5fec6741b0f', subnet: '3b18c2d5-b352-4f59-b421-c2d2d48a1333' }, containerNetwork: { mode: 'eni' } } } });
    expect(created.body.spec.version).toBe('v1.30');
    const del = await call(emu, 'DELETE', projectPath(emu, `/clusters/${created.body.metadata.uid}`));
    expect(del.status).toBe(409);
    expect(del.body.errorCode).toBe('CCE.01409002');
    step();
    expect((await call(emu, 'DELETE', projectPath(emu, `/clusters/${created.body.metadata.uid}`))).status).toBe(200);
    step();
  });

  it('refuses targets outside the upgrade paths and cancels an idle workflow', async () => {
    const id = await availableCluster(emu, 'cancel-me', 'v1.29');
    step();
    const bad = await call(emu, 'POST', projectPath(emu, `/clusters/${id}/operation/upgrade`), { body: upgradeBody('v1.27') });
    expect(bad.status).toBe(400);
    expect(bad.body.errorCode).toBe('CCE.01400015');
    const wf = await call(emu, 'POST', projectPath(emu, `/clusters/${id}/operation/upgradeworkflows`), { body: { kind: 'WorkFlowTask', apiVersion: 'v3', spec: { targetVersion: 'v1.30' } } });
    const cancel = await call(emu, 'PATCH', projectPath(emu, `/clusters/${id}/operation/upgradeworkflows/${wf.body.metadata.uid}`), { body: { status: { phase: 'Cancel' } } });
    expect(cancel.status).toBe(200);
    expect(cancel.body.status.phase).toBe('Cancel');
    expect(responseProblems('UpgradeAutopilotWorkFlowUpdate', cancel.body)).toEqual([]);
    const notCancel = await call(emu, 'PATCH', projectPath(emu, `/clusters/${id}/operation/upgradeworkflows/${wf.body.metadata.uid}`), { body: { status: { phase: 'Running' } } });
    expect(notCancel.status).toBe(400);
  });

  it('fails the pre-check when an add-on is not running', async () => {
    const id = await availableCluster(emu, 'sick-addon', 'v1.28');
    step();
    emu.admin.failNext('addon.install');
    await call(emu, 'POST', '/autopilot/v3/addons', { body: { kind: 'Addon', apiVersion: 'v3', metadata: {}, spec: { clusterID: id, addonTemplateName: 'coredns', values: {} } } });
    step();
    const pc = await call(emu, 'POST', projectPath(emu, `/clusters/${id}/operation/precheck`), { body: { kind: 'PreCheckTask', apiVersion: 'v3', spec: { targetVersion: 'v1.29' } } });
    step();
    const res = await call(emu, 'GET', projectPath(emu, `/clusters/${id}/operation/precheck/tasks/${pc.body.metadata.uid}`));
    expect(res.body.status.phase).toBe('Failed');
    expect(res.body.status.addonCheckStatus.phase).toBe('Failed');
    expect(res.body.status.addonCheckStatus.itemsStatus[0].riskSource.addonRisks[0].addonTemplateName).toBe('coredns');
  });
});

describe('add-ons during a cluster upgrade', () => {
  it('moves an add-on whose version does not support the new cluster version to one that does', async () => {
    const id = await availableCluster(emu, 'addon-carry', 'v1.28');
    step();
    const coredns = await call(emu, 'POST', '/autopilot/v3/addons', { body: { kind: 'Addon', apiVersion: 'v3', metadata: {}, spec: { clusterID: id, addonTemplateName: 'coredns', version: '1.28.4', values: {} } } });
    const metrics = await call(emu, 'POST', '/autopilot/v3/addons', { body: { kind: 'Addon', apiVersion: 'v3', metadata: {}, spec: { clusterID: id, addonTemplateName: 'metrics-server', values: {} } } });
    step();
    const up = await call(emu, 'POST', projectPath(emu, `/clusters/${id}/operation/upgrade`), {
      body: { ...upgradeBody('v1.29'), spec: { clusterUpgradeAction: { ...upgradeBody('v1.29').spec.clusterUpgradeAction, addons: [{ addonTemplateName: 'metrics-server', operation: 'patch', version: '0.6.4' }] } } },
    });
    expect(up.status).toBe(200);
    step();
    const c = await call(emu, 'GET', `/autopilot/v3/addons/${coredns.body.metadata.uid}`);
    expect(c.body.spec.version).toBe('1.30.1');
    expect(c.body.status.previousVersion).toBe('1.28.4');
    const m = await call(emu, 'GET', `/autopilot/v3/addons/${metrics.body.metadata.uid}`);
    expect(m.body.spec.version).toBe('0.6.4');
  });
});

describe('upgrade progress', () => {
  it('reports a growing progress while the task runs', async () => {
    const id = await availableCluster(emu, 'progress', 'v1.29');
    step();
    const up = await call(emu, 'POST', projectPath(emu, `/clusters/${id}/operation/upgrade`), { body: upgradeBody('v1.30') });
    const task = () => call(emu, 'GET', projectPath(emu, `/clusters/${id}/operation/upgrade/tasks/${up.body.metadata.uid}`));
    expect((await task()).body.status).toMatchObject({ phase: 'Init', progress: '0.00' });
    emu.admin.advanceClock(2_000 + 4_000);
    const halfway = await task();
    expect(halfway.body.status.phase).toBe('Running');
    expect(Number(halfway.body.status.progress)).toBeCloseTo(54.5, 1);
    step();
    expect((await task()).body.status).toMatchObject({ phase: 'Success', progress: '100.00' });
  });
});
