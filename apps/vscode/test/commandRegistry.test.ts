import { describe, expect, it, vi } from 'vitest';
import { TreeModel, type TreeNode } from '../src/core/tree.js';
import type { Command } from '../src/host/commands/command.js';
import { registerCommands } from '../src/host/commands/index.js';
import type { CommandHost } from '../src/host/host.js';
import { FakeApi } from './fakes.js';

const registered = new Map<string, (...args: unknown[]) => unknown>();
vi.mock('vscode', () => ({
  l10n: { t: (s: string) => `t(${s})` },
  commands: { registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => { registered.set(id, fn); return { dispose: () => registered.delete(id) }; } },
}));

async function setup() {
  const api = new FakeApi({ ListAutopilotClusters: () => ({ items: [{ metadata: { uid: 'c1', name: 'one' }, spec: { version: 'v1.28' }, status: { phase: 'Available' } }] }) });
  const model = new TreeModel({ activeProfile: () => ({ id: 'P', name: 'dev', regions: ['cn-north-4'] }), connect: async () => api });
  const [root] = await model.roots();
  const [region] = await model.children(root!);
  const cluster = (await model.children(region!)).find((n) => n.kind === 'cluster')!;
  const runs: string[] = [];
  const subscriptions: { dispose(): void }[] = [];
  const host = {
    model, context: { subscriptions },
    async run(name: string, body: () => Promise<unknown>) { runs.push(name); try { await body(); } catch (e) { runs.push(`failed: ${(e as Error).message}`); } },
  } as unknown as CommandHost;
  return { host, model, cluster, runs, subscriptions };
}

describe('registerCommands', () => {
  it('registers cceAutopilot.<id> once per entry and hands the handler the row loaded last', async () => {
    const { host, model, cluster, subscriptions } = await setup();
    const seen: (TreeNode | undefined)[] = [];
    const table: Command[] = [{ id: 'probe', handler: (_h, node) => { seen.push(node); } }];
    registerCommands(host, table);
    expect([...registered.keys()]).toContain('cceAutopilot.probe');
    expect(subscriptions).toHaveLength(1);
    // VS Code passes the object it holds for the row, possibly an older load of it.
    const stale = { ...cluster, description: 'old' };
    await registered.get('cceAutopilot.probe')!(stale);
    expect(seen[0]).toBe(model.node(cluster.id));
    // From the palette or an editor button: no row (an Uri or nothing is not a node).
    await registered.get('cceAutopilot.probe')!({ scheme: 'file', path: '/x' });
    await registered.get('cceAutopilot.probe')!();
    expect(seen.slice(1)).toEqual([undefined, undefined]);
  });

  it('runs a titled command through Host.run under its translated title, so a failure is shown', async () => {
    const { host, runs } = await setup();
    registerCommands(host, [{ id: 'fails', title: 'Do it', handler: () => { throw new Error('boom'); } }]);
    await registered.get('cceAutopilot.fails')!();
    expect(runs).toEqual(['t(Do it)', 'failed: boom']);
  });
});
