import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { allOperations } from '@cce-autopilot/models';
import { describe, expect, it } from 'vitest';
import { Clock } from '../src/clock.js';
import { transitions } from '../src/domain/transitions.js';
import { FaultRules } from '../src/faults.js';
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
