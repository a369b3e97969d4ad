import { describe, expect, it } from 'vitest';
import { Clock } from '../src/clock.js';
import { FailureInjection, isFailureKey } from '../src/failures.js';
import { DocumentStore, MemoryPersistence } from '../src/store.js';
import { World } from '../src/world.js';

function newWorld(): { world: World; store: DocumentStore } {
  const store = new DocumentStore(new MemoryPersistence());
  return { store, world: new World({ store, clock: new Clock('manual', 0), speed: 'instant', quotas: { clustersPerRegion: 5, charts: 200 }, log: () => {} }) };
}

describe('World', () => {
  it('keeps each collection under the keys the stored data has always used', () => {
    const { world, store } = newWorld();
    world.vpcs.put({ id: 'v1', projectId: 'p1', name: 'a', cidr: '10.0.0.0/16', description: '', createdAt: 0 });
    world.vpcs.put({ id: 'v1', projectId: 'p2', name: 'b', cidr: '10.0.0.0/16', description: '', createdAt: 0 });
    world.maintenanceWindows.put({ id: 'c1', projectId: 'p1', clusterId: 'c1', weeklyPeriod: ['Monday'], startTime: '02:00', durationHours: 4, createdAt: 0, updatedAt: 0 });
    world.meta.put({ domainId: 'd', domain: 'x', userId: 'u', user: 'y', password: 'pw', ak: 'a', sk: 's', projects: [] });
    world.commit();
    expect(Object.keys(store.snapshot().vpcs ?? {}).sort()).toEqual(['p1/v1', 'p2/v1']);
    expect(Object.keys(store.snapshot().maintenanceWindows ?? {})).toEqual(['c1']);
    expect(Object.keys(store.snapshot().meta ?? {})).toEqual(['identity']);
  });

  it('rolls back what was not committed, through the store', () => {
    const { world } = newWorld();
    world.jobs.put({ id: 'j1', projectId: 'p', type: 'CreateCluster', clusterId: 'c', resourceId: 'c', resourceName: 'n', phase: 'Running', reason: '', createdAt: 0, updatedAt: 0, subJobs: [] });
    world.commit();
    const job = world.jobs.get('j1');
    if (job) job.phase = 'Success';
    if (job) world.jobs.put(job);
    world.rollback();
    expect(world.jobs.get('j1')?.phase).toBe('Running');
  });
});

describe('FailureInjection', () => {
  it('fails the next N steps of a key, then none', () => {
    const f = new FailureInjection();
    f.inject('upgrade', 2);
    expect(f.list()).toEqual({ upgrade: 2 });
    expect([f.take('upgrade'), f.take('precheck'), f.take('upgrade'), f.take('upgrade')]).toEqual([true, false, true, false]);
    expect(f.list()).toEqual({});
    expect([isFailureKey('cluster.create'), isFailureKey('cluster.created'), isFailureKey(1)]).toEqual([true, false, false]);
  });
});
