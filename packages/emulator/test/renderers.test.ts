// Answers at the edges of what the stored records hold, checked against the catalogue's response
// schemas: the cases the handlers' typing made visible.
import { describe, expect, it } from 'vitest';
import { Clock } from '../src/clock.js';
import { upgradePlanSteps } from '../src/domain/maintenance.js';
import { renderAddon } from '../src/handlers/addons.js';
import type { AddonRecord, ClusterRecord, UpgradePlanRecord, UpgradeTaskRecord } from '../src/records.js';
import { DocumentStore, MemoryPersistence } from '../src/store.js';
import { World } from '../src/world.js';
import { responseProblems } from './helpers.js';

function newWorld(): World {
  return new World({ store: new DocumentStore(new MemoryPersistence()), clock: new Clock('manual', 0), speed: 'instant', quotas: { clustersPerRegion: 5, charts: 200 }, log: () => {} });
}

const cluster: ClusterRecord = {
  id: 'c1', projectId: 'p1', name: 'demo', createdAt: 0, updatedAt: 0, phase: 'Available', phaseSince: 0, metadata: {}, jobId: 'j1', tags: [],
  spec: { flavor: 'cce.autopilot.cluster', version: 'v1.28', hostNetwork: { vpc: 'v', subnet: 's' }, containerNetwork: { mode: 'eni' } },
};

describe('add-on instance answers', () => {
  it('leave out currentVersion (a Versions object, never null) when the templates no longer have the version', () => {
    const world = newWorld();
    world.clusters.put(cluster);
    const addon: AddonRecord = {
      id: 'a1', projectId: 'p1', clusterId: 'c1', templateName: 'coredns', version: '0.0.1', values: {}, history: [], reason: '', message: '',
      phase: 'running', phaseSince: 0, createdAt: 0, updatedAt: 0,
    };
    const body = renderAddon(world, addon);
    expect(body.status).not.toHaveProperty('currentVersion');
    expect(responseProblems('ShowAutopilotAddonInstance', body)).toEqual([]);
    const known = renderAddon(world, { ...addon, version: '1.28.6' });
    expect(known.status?.currentVersion?.version).toBe('1.28.6');
    expect(responseProblems('ShowAutopilotAddonInstance', known)).toEqual([]);
  });
});

describe('upgrade plans', () => {
  it('stay Upgrading while their task is paused: Pause is a task phase, not a plan phase', () => {
    const world = newWorld();
    world.clusters.put({ ...cluster, phase: 'Upgrading' });
    const task: UpgradeTaskRecord = {
      id: 't1', projectId: 'p1', clusterId: 'c1', version: 'v1.28', targetVersion: 'v1.29', targetPlatformVersion: '', strategy: { type: 'inPlaceRollingUpdate' },
      addons: [], progress: '40.00', phase: 'Pause', phaseSince: 0, createdAt: 0, updatedAt: 0,
    };
    world.upgradeTasks.put(task);
    const plan: UpgradePlanRecord = {
      id: 'up1', projectId: 'p1', clusterId: 'c1', clusterVersion: 'v1.28', targetVersion: 'v1.29', phase: 'Upgrading',
      notBefore: 0, notAfter: 3_600_000, notBeforeDeadline: 7_200_000, upgradeTaskId: 't1', createdAt: 0, updatedAt: 0,
    };
    world.upgradePlans.put(plan);
    const advanceAll = () => upgradePlanSteps.reduce((moved, s) => moved + s.advance(world, 1_000), 0);
    expect(advanceAll()).toBe(0);
    expect(world.upgradePlans.get('up1')?.phase).toBe('Upgrading');
    world.upgradeTasks.put({ ...task, phase: 'Failed', completionTime: 500 });
    expect(advanceAll()).toBe(1);
    expect(world.upgradePlans.get('up1')?.phase).toBe('Failed');
  });
});
