import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { allOperations } from '@cce-autopilot/models';
import { describe, expect, it } from 'vitest';
import { Clock } from '../src/clock.js';
import { transitions } from '../src/domain/transitions.js';
import { FaultRules } from '../src/faults.js';
import type { Handler, HandlerMap } from '../src/handlers/contract.js';
import { allHandlers } from '../src/handlers/index.js';
import { Lifecycle } from '../src/lifecycle.js';
import { newIdentity, seed } from '../src/seed.js';
import { createRequestHandler } from '../src/server.js';
import { DocumentStore, MemoryPersistence } from '../src/store.js';
import { World } from '../src/world.js';

describe('routes from the catalogue', () => {
  it('has a handler for every operation (CCE, VPC, EIP) and nothing else', () => {
    expect(Object.keys(allHandlers).sort()).toEqual(Object.keys(allOperations).sort());
  });

  // These are checked by the compiler (`pnpm typecheck`, part of `pnpm test`): each
  // expected-error directive below fails the typecheck if its line stops being an error.
  it('makes a missing or mistyped handler a compile error', () => {
    const { ShowAutopilotQuotas: dropped, ...rest } = allHandlers;
    // @ts-expect-error a map without ShowAutopilotQuotas is not a HandlerMap
    const incomplete: HandlerMap = rest;
    // @ts-expect-error the handler of another operation (it reads a body ShowAutopilotQuotas has not) does not fit
    const swapped: HandlerMap = { ...allHandlers, ShowAutopilotQuotas: allHandlers.CreateAutopilotCluster };
    // The answers below are well-typed, so each expected error is the input's alone.
    // @ts-expect-error ShowAutopilotQuotas has no cluster_id path parameter
    const unknownParam: Handler<'ShowAutopilotQuotas'> = (r) => ({ body: { quotas: [{ regionId: r.params.cluster_id }] } });
    // @ts-expect-error ListAutopilotClusters has no query parameter "detailed"
    const unknownQuery: Handler<'ListAutopilotClusters'> = (r) => ({ body: { kind: r.query.get('detailed') ?? 'Cluster', items: [] } });
    const typedBody: Handler<'UpgradeAutopilotCluster'> = (r) => ({ body: { metadata: { uid: r.body.spec.clusterUpgradeAction?.targetVersion } } });
    expect(Object.keys(incomplete)).not.toContain('ShowAutopilotQuotas');
    expect([dropped, swapped.ShowAutopilotQuotas, unknownParam, unknownQuery, typedBody].every((h) => typeof h === 'function')).toBe(true);
  });

  it('makes an answer the catalogue does not describe a compile error', () => {
    const window = { weekly_period: 'Friday', start_time: '02:00', duration_hours: 4 };
    const fits: Handler<'ShowAutopilotMaintenanceWindow'> = () => ({ body: window });
    // @ts-expect-error MaintenanceWindow requires duration_hours
    const missingField: Handler<'ShowAutopilotMaintenanceWindow'> = () => ({ body: { weekly_period: 'Friday', start_time: '02:00' } });
    // @ts-expect-error "Ready" is not a job phase (Initializing, Running, Failed, Success)
    const wrongEnum: Handler<'ShowAutopilotJob'> = () => ({ body: { kind: 'Job', status: { phase: 'Ready' } } });
    // @ts-expect-error the v2 job list is a bare array, not an object holding one
    const wrongShape: Handler<'ListAutopilotJobs'> = () => ({ body: { items: [] } });
    // @ts-expect-error a cluster answer needs its spec (flavor, hostNetwork, containerNetwork)
    const noSpec: Handler<'ShowAutopilotCluster'> = () => ({ body: { kind: 'Cluster', apiVersion: 'v3', metadata: { name: 'demo' } } });
    // @ts-expect-error an upgrade strategy is the catalogue's UpgradeStrategy, not any object
    const looseStrategy: Handler<'UpgradeAutopilotCluster'> = () => ({ body: { spec: { clusterUpgradeAction: { strategy: { type: 'blueGreen' } } } } });
    // Text answers stay open: DeleteAutopilotAddonInstance answers the word `success`.
    const text: Handler<'DeleteAutopilotAddonInstance'> = () => ({ body: 'success' });
    expect([fits, missingField, wrongEnum, wrongShape, noSpec, looseStrategy, text].every((h) => typeof h === 'function')).toBe(true);
  });

  it('answers 501 with the operation named when a handler is missing', async () => {
    const world = new World({ store: new DocumentStore(new MemoryPersistence()), clock: new Clock(), speed: 'instant', quotas: { clustersPerRegion: 5, charts: 200 }, log: () => {} });
    const id = newIdentity();
    await seed(world, 'empty', id);
    const { ShowAutopilotQuotas: _dropped, ...rest } = allHandlers;
    const localHosts = new Set<string>();
    const server = createServer(createRequestHandler({ world, faults: new FaultRules(), authMode: 'off', lifecycle: new Lifecycle(world, transitions), handlers: rest, log: () => {}, extraRoutes: async () => undefined, localHosts }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const { port } = server.address() as AddressInfo;
      localHosts.add(`127.0.0.1:${port}`);
      const res = await fetch(`http://127.0.0.1:${port}/autopilot/v3/projects/${id.projects[0]!.projectId}/quotas`);
      expect(res.status).toBe(501);
      expect(res.headers.get('x-request-id')).toBeTruthy();
      const body = (await res.json()) as { errorCode: string; errorMessage: string };
      expect(body.errorMessage).toContain('ShowAutopilotQuotas');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
