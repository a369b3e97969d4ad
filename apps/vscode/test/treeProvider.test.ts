import { describe, expect, it, vi } from 'vitest';
import { TreeModel, type TreeNode } from '../src/core/tree.js';
import { ClusterTreeProvider } from '../src/host/treeProvider.js';
import { FakeApi } from './fakes.js';

// The few VS Code API pieces the tree provider touches (vi.mock is hoisted above the imports).
vi.mock('vscode', () => {
  class EventEmitter<T> {
    private listeners: ((value: T) => void)[] = [];
    event = (listener: (value: T) => void) => { this.listeners.push(listener); return { dispose: () => undefined }; };
    fire(value: T) { for (const l of this.listeners) l(value); }
    dispose() { this.listeners = []; }
  }
  class TreeItem { id?: string; description?: string; constructor(public label: string, public collapsibleState: number) {} }
  class ThemeIcon { constructor(public id: string, public color?: unknown) {} }
  class ThemeColor { constructor(public id: string) {} }
  return { EventEmitter, TreeItem, ThemeIcon, ThemeColor, TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 }, l10n: { t: (s: string) => s } };
});

const cluster = (uid: string, name: string, phase: string) => ({ kind: 'Cluster', metadata: { uid, name }, spec: { version: 'v1.28' }, status: { phase } });

function setup() {
  const clusters = [cluster('c1', 'one', 'Creating'), cluster('c2', 'two', 'Available')];
  const api = new FakeApi({ ListAutopilotClusters: () => ({ items: clusters.map((c) => structuredClone(c)) }) });
  const model = new TreeModel({ activeProfile: () => ({ id: 'P', name: 'dev', regions: ['cn-north-4'] }), connect: async () => api });
  const tree = new ClusterTreeProvider(model, () => undefined);
  const fired: (TreeNode | undefined)[] = [];
  tree.onDidChangeTreeData((node) => fired.push(node));
  return { clusters, model, tree, fired };
}

async function shown(tree: ClusterTreeProvider) {
  const [profile] = await tree.getChildren();
  const [region] = await tree.getChildren(profile);
  // The region also lists its Charts and Quotas folders after the clusters.
  const rows = await tree.getChildren(region);
  return { region: region!, rows };
}

describe('ClusterTreeProvider', () => {
  it('re-renders the rows VS Code holds when a reload brings the same rows, so their handles (and menu arguments) stay valid', async () => {
    const { clusters, model, tree, fired } = setup();
    const { region, rows } = await shown(tree);
    expect(rows.map((r) => r.label)).toEqual(['one', 'two', 'Charts', 'Quotas', 'Feature gates']);
    clusters[0]!.status.phase = 'Available';
    await tree.refreshIds([region.id]);
    // The very objects VS Code was given, not the region (which would make VS Code drop its rows).
    expect(fired).toHaveLength(rows.length);
    fired.forEach((node, i) => expect(node).toBe(rows[i]));
    // Re-rendering an old object shows what was loaded last; commands get the latest node for it.
    expect(tree.getTreeItem(rows[0]!).description).toMatch(/^Available/);
    expect(model.node(rows[0]!.id)?.description).toMatch(/^Available/);
  });

  it('re-renders the parent when rows came or went', async () => {
    const { clusters, tree, fired } = setup();
    const { region } = await shown(tree);
    clusters.push(cluster('c3', 'three', 'Creating'));
    await tree.refreshIds([region.id]);
    expect(fired).toEqual([region]);
  });

  it('re-renders a node whose children VS Code never asked for as itself', async () => {
    const { tree, fired } = setup();
    const { rows } = await shown(tree);
    await tree.refreshIds([rows[0]!.id]);
    expect(fired).toEqual([rows[0]]);
  });
});
