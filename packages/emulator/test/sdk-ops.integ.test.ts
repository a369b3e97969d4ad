// The operations only the official SDK describes, and the SDK's query parameters and fields, as
// the emulator serves them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { availableCluster, call, clusterBody, freeEipId, projectPath, responseProblems, startTestEmulator } from './helpers.js';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ clock: 'manual', speed: 'instant', quotas: { clustersPerRegion: 50 } });
});
afterAll(async () => {
  await emu?.stop();
});

const window = { weekly_period: 'Saturday,Sunday', start_time: '02:00', duration_hours: 4 };

describe('maintenance window and upgrade plans', () => {
  it('keeps one window per cluster through create, show, update, delete', async () => {
    const id = await availableCluster(emu, 'mw-one', 'v1.28');
    const path = projectPath(emu, `/clusters/${id}/maintenancewindows`);
    expect((await call(emu, 'GET', path)).body.errorCode).toBe('CCE.01404001');
    const created = await call(emu, 'POST', path, { body: window });
    expect(created.status).toBe(201);
    expect(created.body).toEqual(window);
    expect(responseProblems('CreateAutopilotMaintenanceWindow', created.body)).toEqual([]);
    expect((await call(emu, 'POST', path, { body: window })).body.errorCode).toBe('CCE.01409001');
    const updated = await call(emu, 'PUT', path, { body: { ...window, weekly_period: 'Friday', upgrade_scope: 'patch' } });
    expect(updated.body.weekly_period).toBe('Friday');
    expect((await call(emu, 'GET', path)).body).toEqual({ ...window, weekly_period: 'Friday', upgrade_scope: 'patch' });
    const bad = await call(emu, 'PUT', path, { body: { ...window, weekly_period: 'Someday', start_time: '25:00' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errorMessage).toMatch(/weekly_period/);
    expect((await call(emu, 'GET', path)).body.weekly_period).toBe('Friday');
    const deleted = await call(emu, 'DELETE', path);
    expect(deleted.status).toBe(200);
    expect(deleted.body.weekly_period).toBe('Friday');
    expect((await call(emu, 'GET', path)).status).toBe(404);
  });

  it('plans the upgrade at the next opening of the window and lets it be delayed until the deadline', async () => {
    const id = await availableCluster(emu, 'mw-plan', 'v1.28');
    const plans = projectPath(emu, `/clusters/${id}/upgradeplans`);
    expect((await call(emu, 'GET', plans)).body.items).toEqual([]);
    await call(emu, 'POST', projectPath(emu, `/clusters/${id}/maintenancewindows`), { body: window });
    const list = await call(emu, 'GET', plans);
    expect(responseProblems('ListAutopilotUpgradePlans', list.body)).toEqual([]);
    expect(list.body.items).toHaveLength(1);
    const plan = list.body.items[0];
    expect(plan.spec).toMatchObject({ clusterID: id, clusterVersion: 'v1.28', targetVersion: 'v1.29' });
    expect(plan.status.phase).toBe('Pending');
    const notBefore = new Date(plan.spec.notBefore);
    expect(notBefore.getTime()).toBeGreaterThan(emu.admin.now());
    expect([0, 6]).toContain(notBefore.getUTCDay());
    expect(notBefore.toISOString().slice(11, 16)).toBe('02:00');
    expect(Date.parse(plan.spec.notAfter) - notBefore.getTime()).toBe(4 * 3_600_000);

    const one = `${plans}/${plan.metadata.uid}`;
    const later = new Date(notBefore.getTime() + 2 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const delayed = await call(emu, 'PUT', one, { body: { notBefore: later } });
    expect(delayed.status).toBe(200);
    expect(responseProblems('UpdateAutopilotUpgradePlan', delayed.body)).toEqual([]);
    expect(delayed.body.spec.notBefore).toBe(later);
    expect(Date.parse(delayed.body.spec.notAfter) - Date.parse(later)).toBe(4 * 3_600_000);
    // A window change does not undo the user's delay.
    await call(emu, 'PUT', projectPath(emu, `/clusters/${id}/maintenancewindows`), { body: { ...window, weekly_period: 'Monday' } });
    expect((await call(emu, 'GET', plans)).body.items[0].spec.notBefore).toBe(later);

    const pastDeadline = new Date(Date.parse(plan.spec.notBeforeDeadline) + 1000).toISOString();
    const refused = await call(emu, 'PUT', one, { body: { notBefore: pastDeadline } });
    expect(refused.status).toBe(400);
    expect(refused.body.errorMessage).toMatch(/notBeforeDeadline/);
    expect((await call(emu, 'PUT', one, { body: { notBefore: 'tomorrow' } })).body.errorMessage).toMatch(/RFC 3339/);
    expect((await call(emu, 'PUT', `${plans}/nope`, { body: { notBefore: later } })).status).toBe(404);

    // Without a window nothing upgrades on its own: the plan is skipped and can no longer be delayed.
    await call(emu, 'DELETE', projectPath(emu, `/clusters/${id}/maintenancewindows`));
    expect((await call(emu, 'GET', plans)).body.items[0].status.phase).toBe('Skipped');
    expect((await call(emu, 'PUT', one, { body: { notBefore: later } })).body.errorMessage).toMatch(/Skipped/);
  });

  it('makes no plan for a cluster on the newest version', async () => {
    const id = await availableCluster(emu, 'mw-newest', 'v1.30');
    await call(emu, 'POST', projectPath(emu, `/clusters/${id}/maintenancewindows`), { body: window });
    expect((await call(emu, 'GET', projectPath(emu, `/clusters/${id}/upgradeplans`))).body.items).toEqual([]);
  });
});

describe('automatic upgrade plans run when their time comes', () => {
  // Realistic speed on a manual clock: each step is seen before the next one is due.
  let slow: RunningEmulator;
  beforeAll(async () => {
    slow = await startTestEmulator({ clock: 'manual', speed: 'realistic' });
  });
  afterAll(async () => {
    await slow?.stop();
  });
  const path = (rest: string) => projectPath(slow, rest);
  const plansOf = async (id: string) => (await call(slow, 'GET', path(`/clusters/${id}/upgradeplans`))).body.items as any[];
  const tasksOf = async (id: string) => (await call(slow, 'GET', path(`/clusters/${id}/operation/upgrade/tasks`))).body.items as any[];
  const clusterOf = async (id: string) => (await call(slow, 'GET', path(`/clusters/${id}`))).body;
  const readyCluster = async (name: string) => {
    const created = await call(slow, 'POST', path('/clusters'), { body: clusterBody(name, 'v1.28') });
    const id = created.body.metadata.uid as string;
    slow.admin.advanceClock(60_000);
    expect((await clusterOf(id)).status.phase).toBe('Available');
    return id;
  };

  it('starts the upgrade at notBefore (a task appears, the plan is Upgrading), ends Success on the target, then plans the next version', async () => {
    const id = await readyCluster('plan-runs');
    await call(slow, 'POST', path(`/clusters/${id}/maintenancewindows`), { body: window });
    const [plan] = await plansOf(id);
    const notBefore = Date.parse(plan.spec.notBefore);
    slow.admin.advanceClock(notBefore - slow.admin.now() - 1000);
    expect((await plansOf(id))[0].status.phase).toBe('Pending');
    expect(await tasksOf(id)).toEqual([]);

    slow.admin.advanceClock(1500);
    const [upgrading] = await plansOf(id);
    expect(upgrading.status.phase).toBe('Upgrading');
    expect(responseProblems('ListAutopilotUpgradePlans', { kind: 'List', apiVersion: 'v3', items: [upgrading] })).toEqual([]);
    const tasks = await call(slow, 'GET', path(`/clusters/${id}/operation/upgrade/tasks`));
    expect(responseProblems('ListAutopilotUpgradeClusterTasks', tasks.body)).toEqual([]);
    const [task] = tasks.body.items;
    expect(task.spec.targetVersion).toMatch(/^v1\.29/);
    expect(['Init', 'Queuing']).toContain(task.status.phase);
    expect((await clusterOf(id)).status.phase).toBe('Upgrading');
    // Only a Pending plan can be delayed.
    expect((await call(slow, 'PUT', path(`/clusters/${id}/upgradeplans/${plan.metadata.uid}`), { body: { notBefore: new Date(notBefore + 86_400_000).toISOString() } })).body.errorMessage).toMatch(/Upgrading/);

    slow.admin.advanceClock(3_600_000);
    const [done, next] = await plansOf(id);
    expect(done.status.phase).toBe('Success');
    // Dated by the task's own steps from notBefore (1 s Init, 1 s Queuing, 8 s Running), not by when the clock was read.
    expect(Date.parse(done.metadata.updateTimestamp)).toBe(notBefore + 10_000);
    expect((await tasksOf(id)).map((t) => t.status.phase)).toEqual(['Success']);
    const cluster = await clusterOf(id);
    expect(cluster.status.phase).toBe('Available');
    expect(cluster.spec.version).toBe('v1.29');
    // The window stays, so the new version gets its own plan at the next opening.
    expect(next.spec).toMatchObject({ clusterVersion: 'v1.29', targetVersion: 'v1.30' });
    expect(next.status.phase).toBe('Pending');
    expect(Date.parse(next.spec.notBefore)).toBeGreaterThan(slow.admin.now());
  });

  it('skips a plan whose cluster left its version by hand before its time, starting no second upgrade', async () => {
    const id = await readyCluster('plan-outrun');
    await call(slow, 'POST', path(`/clusters/${id}/maintenancewindows`), { body: window });
    const [plan] = await plansOf(id);
    const body = { metadata: { apiVersion: 'v3', kind: 'UpgradeTask' }, spec: { clusterUpgradeAction: { strategy: { type: 'inPlaceRollingUpdate', inPlaceRollingUpdate: { userDefinedStep: 20 } }, targetVersion: 'v1.29' } } };
    const started = await call(slow, 'POST', path(`/clusters/${id}/operation/upgrade`), { body });
    expect(started.status, started.text).toBe(200);
    slow.admin.advanceClock(60_000);
    expect((await clusterOf(id)).spec.version).toBe('v1.29');
    slow.admin.advanceClock(Date.parse(plan.spec.notBefore) - slow.admin.now() + 60_000);
    const [skipped] = await plansOf(id);
    expect(skipped.metadata.uid).toBe(plan.metadata.uid);
    expect(skipped.status.phase).toBe('Skipped');
    expect(await tasksOf(id)).toHaveLength(1);
  });
});

describe('feature gates and log configs', () => {
  it('answers the project feature gates', async () => {
    const gates = await call(emu, 'GET', '/autopilot/v3.1/feature-gates');
    expect(gates.status).toBe(200);
    expect(gates.body).toMatchObject({ kind: 'Configuration', apiVersion: 'v3.1' });
    expect(Object.keys(gates.body.spec).length).toBeGreaterThan(0);
    expect(responseProblems('ShowAutopilotFeatureGates', gates.body)).toEqual([]);
  });

  it('lists log configs on the singular cluster path, filtered by type', async () => {
    const id = await availableCluster(emu, 'logs-one', 'v1.28');
    await call(emu, 'POST', '/autopilot/v3/addons', { body: { kind: 'Addon', apiVersion: 'v3', metadata: {}, spec: { clusterID: id, addonTemplateName: 'coredns', values: {} } } });
    const base = `/autopilot/v3/projects/${emu.projectId}/cluster/${id}/log-configs`;
    const all = await call(emu, 'GET', base);
    expect(responseProblems('ShowAutopilotClusterConfig', all.body)).toEqual([]);
    expect(all.body.ttl_in_days).toBe(7);
    expect(all.body.log_configs.map((c: any) => c.name)).toEqual(['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'audit', 'coredns']);
    expect((await call(emu, 'GET', `${base}?type=audit`)).body.log_configs).toEqual([{ name: 'audit', enable: false }]);
    expect((await call(emu, 'GET', `${base}?type=system-addon`)).body.log_configs.map((c: any) => c.name)).toEqual(['coredns']);
    expect((await call(emu, 'GET', `${base}?type=nodes`)).status).toBe(400);
    expect((await call(emu, 'GET', `/autopilot/v3/projects/${emu.projectId}/cluster/nope/log-configs`)).status).toBe(404);
  });
});

describe('v2 jobs', () => {
  it('lists the project\'s jobs as a bare array, shows one, and deletes only finished ones', async () => {
    // Realistic speed on a manual clock, so the create job is seen running before it finishes.
    const slow = await startTestEmulator({ clock: 'manual', speed: 'realistic' });
    try {
      await jobsScenario(slow);
    } finally {
      await slow.stop();
    }
  });
});

async function jobsScenario(emu: RunningEmulator): Promise<void> {
  {
    const created = await call(emu, 'POST', projectPath(emu, '/clusters'), { body: clusterBody('jobs-v2') });
    const jobId = created.body.metadata.annotations.jobid as string;
    const list = await call(emu, 'GET', `/autopilot/v2/projects/${emu.projectId}/jobs`);
    expect(Array.isArray(list.body)).toBe(true);
    expect(responseProblems('ListAutopilotJobs', list.body)).toEqual([]);
    expect(list.body.map((j: any) => j.metadata.uid)).toContain(jobId);
    const one = await call(emu, 'GET', `/autopilot/v2/projects/${emu.projectId}/jobs/${jobId}`);
    expect(responseProblems('GetAutopilotOneJob', one.body)).toEqual([]);
    expect(one.body.spec).toMatchObject({ type: 'CreateCluster', clusteruid: created.body.metadata.uid, resourcename: 'jobs-v2' });
    expect(one.body.status.status).toBe('Running');
    expect(one.body.spec.subjobs.map((s: any) => s.spec.type)).toEqual(['InstallMaster', 'CreatePSMCert', 'InstallAddons']);
    const early = await call(emu, 'DELETE', `/autopilot/v2/projects/${emu.projectId}/jobs/${jobId}`);
    expect(early.status).toBe(400);
    expect(early.body.errorMessage).toMatch(/only a finished job/);
    emu.admin.advanceClock(3_600_000);
    const done = await call(emu, 'GET', `/autopilot/v2/projects/${emu.projectId}/jobs/${jobId}`);
    expect(done.body.status.status).toBe('Success');
    expect(done.body.status.completionTime).toBeTruthy();
    expect((await call(emu, 'DELETE', `/autopilot/v2/projects/${emu.projectId}/jobs/${jobId}`)).status).toBe(200);
    expect((await call(emu, 'GET', `/autopilot/v2/projects/${emu.projectId}/jobs/${jobId}`)).status).toBe(404);
    expect((await call(emu, 'GET', projectPath(emu, `/jobs/${jobId}`))).status).toBe(404);
  }
}

describe('SDK query parameters and fields', () => {
  it('filters add-on templates by cluster, version, newest and base_update_addon_version', async () => {
    const old = await availableCluster(emu, 'tpl-old', 'v1.27');
    const versions = async (q: string) => {
      const res = await call(emu, 'GET', `/autopilot/v3/addontemplates?addon_template_name=coredns${q}`);
      expect(res.status).toBe(200);
      return res.body.items.flatMap((t: any) => t.spec.versions.map((v: any) => v.version));
    };
    expect(await versions('')).toEqual(['1.30.1', '1.28.6', '1.28.4']);
    expect(await versions(`&cluster_id=${old}`)).toEqual(['1.28.4']);
    expect(await versions('&version=1.28.6')).toEqual(['1.28.6']);
    expect(await versions('&newest=true')).toEqual(['1.30.1']);
    expect(await versions('&base_update_addon_version=1.28.4')).toEqual(['1.30.1', '1.28.6']);
    expect(await versions('&base_update_addon_version=1.30.1')).toEqual([]);
    const byCluster = await call(emu, 'GET', `/autopilot/v3/addontemplates?cluster_id=${old}`);
    expect(byCluster.body.items.map((t: any) => t.metadata.name)).toEqual(expect.arrayContaining(['coredns', 'metrics-server']));
    for (const t of byCluster.body.items) for (const v of t.spec.versions) expect(JSON.stringify(v.supportVersions)).toMatch(/27/);
    expect((await call(emu, 'GET', '/autopilot/v3/addontemplates?cluster_id=nope')).status).toBe(404);
  });

  it('filters add-on instances by template name', async () => {
    const id = await availableCluster(emu, 'inst-filter', 'v1.28');
    for (const name of ['coredns', 'metrics-server']) {
      await call(emu, 'POST', '/autopilot/v3/addons', { body: { kind: 'Addon', apiVersion: 'v3', metadata: {}, spec: { clusterID: id, addonTemplateName: name, values: {} } } });
    }
    const names = async (q: string) => (await call(emu, 'GET', `/autopilot/v3/addons?cluster_id=${id}${q}`)).body.items.map((a: any) => a.spec.addonTemplateName);
    expect(await names('')).toEqual(['coredns', 'metrics-server']);
    expect(await names('&addon_template_name=metrics-server')).toEqual(['metrics-server']);
    expect(await names('&addon_template_name=cie-collector')).toEqual([]);
  });

  it('accepts errorStatus and refuses to delete a cluster with deletion protection', async () => {
    const body = clusterBody('protected');
    const created = await call(emu, 'POST', projectPath(emu, '/clusters'), { body: { ...body, spec: { ...body.spec, deletionProtection: true, enableMasterVolumeEncryption: true } } });
    expect(created.status).toBe(201);
    const id = created.body.metadata.uid;
    emu.admin.tick();
    const shown = await call(emu, 'GET', projectPath(emu, `/clusters/${id}?errorStatus=true`));
    expect(shown.body.spec).toMatchObject({ deletionProtection: true, enableMasterVolumeEncryption: true });
    expect((await call(emu, 'GET', projectPath(emu, '/clusters?errorStatus=true'))).status).toBe(200);
    const refused = await call(emu, 'DELETE', projectPath(emu, `/clusters/${id}?errorStatus=true`));
    expect(refused.status).toBe(403);
    expect(refused.body.errorCode).toBe('CCE.01403001');
    expect(refused.body.errorMessage).toMatch(/deletion protection/);
    expect((await call(emu, 'GET', projectPath(emu, `/clusters/${id}`))).body.status.phase).toBe('Available');
  });

  it('answers the EIP binding with spec.elasticIp, the SDK spelling', async () => {
    const id = await availableCluster(emu, 'eip-spelling', 'v1.28');
    const bound = await call(emu, 'PUT', projectPath(emu, `/clusters/${id}/mastereip`), { body: { spec: { action: 'bind', spec: { id: await freeEipId(emu) } } } });
    expect(bound.status).toBe(200);
    expect(bound.body.spec.elasticIp).toMatch(/^203\.0\.113\./);
    expect(bound.body.spec).not.toHaveProperty('elasticip');
  });
});
