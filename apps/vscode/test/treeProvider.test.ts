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
const addon = (uid: string, name: string, status: string) => ({ metadata: { uid }, spec: { addonTemplateName: name, version: '1.0.0' }, status: { status } });

function setup() {
  const clusters = [cluster('c1', 'one', 'Creating'), cluster('c2', 'two', 'Available')];
  const addons: Record<string, ReturnType<typeof addon>[]> = {
    c1: [addon('a1', 'coredns', 'installing')],
    c2: [addon('a2', 'coredns', 'running'), addon('a3', 'everest', 'installing')],
  };
  const api = new FakeApi({
    ListAutopilotClusters: () => ({ items: clusters.map((c) => structuredClone(c)) }),
    ListAutopilotAddonInstances: (input) => ({ items: structuredClone(addons[String(input.query?.cluster_id)] ?? []) }),
  });
  const model = new TreeModel({ activeProfile: () => ({ id: 'P', name: 'dev', regions: ['cn-north-4'] }), connect: async () => api });
  const tree = new ClusterTreeProvider(model, () => undefined);
  const fired: (TreeNode | undefined)[] = [];
  tree.onDidChangeTreeData((node) => fired.push(node));
  return { clusters, addons, api, model, tree, fired };
}

/**
 * What VS Code's extension host keeps of a tree view (extHostTreeViews.ts in 1.96): a handle per
 * row it has fetched. Told about a row, it re-renders it and forgets the handles of everything below
 * it until the workbench fetches those again; told about the root, it forgets every handle.
 * `argument(id)` is what a menu command picked on that row meanwhile gets.
 */
class ExtHostView {
  private readonly handles = new Map<string, TreeNode>();
  private readonly below = new Map<string, string[]>();
  constructor(private readonly tree: ClusterTreeProvider) {
    tree.onDidChangeTreeData((node) => {
      if (!node) { this.handles.clear(); this.below.clear(); return; }
      if (!this.handles.has(node.id)) return;
      this.tree.getTreeItem(node);
      this.forgetBelow(node.id);
    });
  }
  /** The workbench fetching a row's children (the root's without a row), as expanding it does. */
  async expand(node?: TreeNode): Promise<TreeNode[]> {
    const children = await this.tree.getChildren(node);
    for (const child of children) { this.handles.set(child.id, child); this.tree.getTreeItem(child); }
    this.below.set(node?.id ?? '', children.map((c) => c.id));
    return children;
  }
  argument(id: string): TreeNode | undefined { return this.handles.get(id); }
  private forgetBelow(id: string): void {
    for (const child of this.below.get(id) ?? []) { this.forgetBelow(child); this.handles.delete(child); }
    this.below.delete(id);
  }
}

/** The tree expanded down to cluster two's add-ons, as a user who opened them sees it. */
async function expandedToAddons(tree: ClusterTreeProvider) {
  const view = new ExtHostView(tree);
  const [profile] = await view.expand();
  const [region] = await view.expand(profile);
  const clusterRows = await view.expand(region);
  const two = clusterRows.find((r) => r.label === 'two')!;
  const addonsFolder = (await view.expand(two)).find((r) => r.kind === 'addons')!;
  const addonRows = await view.expand(addonsFolder);
  return { view, region: region!, clusterRows, two, addonsFolder, addonRows };
}

async function shown(tree: ClusterTreeProvider) {
  const [profile] = await tree.getChildren();
  const [region] = await tree.getChildren(profile);
  // The region also lists its Charts and Quotas folders after the clusters.
  const rows = await tree.getChildren(region);
  // VS Code renders every row it fetched.
  for (const r of rows) tree.getTreeItem(r);
  return { region: region!, rows };
}

describe('ClusterTreeProvider', () => {
  it('re-renders only the rows that look different after a reload that brings the same rows, so the others (and menu arguments below them) keep their handles', async () => {
    const { clusters, model, tree, fired } = setup();
    const { region, rows } = await shown(tree);
    expect(rows.map((r) => r.label)).toEqual(['one', 'two', 'Charts', 'Quotas', 'Feature gates']);
    clusters[0]!.status.phase = 'Available';
    await tree.refreshIds([region.id]);
    // The very object VS Code was given for the changed row, not the region (which would make VS Code drop its rows).
    expect(fired).toEqual([rows[0]]);
    expect(fired[0]).toBe(rows[0]);
    // Re-rendering an old object shows what was loaded last; commands get the latest node for it.
    expect(tree.getTreeItem(rows[0]!).description).toMatch(/^Available/);
    expect(model.node(rows[0]!.id)?.description).toMatch(/^Available/);
  });

  it('tells VS Code nothing when a poll brings the same rows looking the same', async () => {
    const { tree, fired } = setup();
    const { region } = await shown(tree);
    await tree.refreshIds([region.id]);
    expect(fired).toEqual([]);
  });

  it('keeps the handle of a row under a settled cluster while a poll of the region re-renders a moving one: a menu command picked meanwhile gets its row', async () => {
    const { clusters, tree } = setup();
    const { view, region, addonsFolder, addonRows } = await expandedToAddons(tree);
    const coredns = addonRows.find((r) => r.label === 'coredns')!;
    clusters[0]!.status.phase = 'Available';
    clusters[1]!.status.phase = 'Available';
    // Polls of the region (cluster one moving) and of two's add-ons (everest installing) at once.
    await tree.refreshIds([region.id, addonsFolder.id]);
    expect(view.argument(coredns.id)).toBe(coredns);
  });

  it('a poll of a cluster list leaves the moving rows below it polled, and they read fresh on their next poll', async () => {
    const { clusters, addons, model, tree, fired } = setup();
    const { view, region, addonsFolder, addonRows } = await expandedToAddons(tree);
    expect(model.transientParents.has(addonsFolder.id)).toBe(true);
    clusters[0]!.status.phase = 'Available';
    await tree.refreshIds([region.id]);
    expect(model.transientParents.has(addonsFolder.id)).toBe(true);
    addons.c2![1]!.status.status = 'running';
    fired.length = 0;
    await tree.refreshIds([addonsFolder.id]);
    const everest = addonRows.find((r) => r.label === 'everest')!;
    expect(fired).toEqual([everest]);
    expect(view.argument(everest.id)).toBe(everest);
    expect(tree.getTreeItem(everest).description).toBe('1.0.0 · running');
    expect(model.transientParents.has(addonsFolder.id)).toBe(false);
  });

  it('reloads what is below a row whose rendering changed, since it may have changed with it', async () => {
    const { clusters, addons, api, tree } = setup();
    const { view, region, clusterRows } = await expandedToAddons(tree);
    const one = clusterRows.find((r) => r.label === 'one')!;
    const oneAddons = (await view.expand(one)).find((r) => r.kind === 'addons')!;
    expect((await view.expand(oneAddons)).map((r) => r.description)).toEqual(['1.0.0 · installing']);
    const reads = api.count('ListAutopilotAddonInstances');
    clusters[0]!.status.phase = 'Available';
    addons.c1![0]!.status.status = 'running';
    await tree.refreshIds([region.id]);
    // VS Code was told about cluster one, forgot what is below it, and fetches it again: fresh.
    expect(view.argument(oneAddons.id)).toBeUndefined();
    const again = (await view.expand(one)).find((r) => r.kind === 'addons')!;
    expect((await view.expand(again)).map((r) => r.description)).toEqual(['1.0.0 · running']);
    expect(api.count('ListAutopilotAddonInstances')).toBe(reads + 1);
  });

  it('a user refresh of a node reloads everything below it', async () => {
    const { addons, api, tree, fired } = setup();
    const { view, two, addonsFolder } = await expandedToAddons(tree);
    const reads = api.count('ListAutopilotAddonInstances');
    addons.c2![1]!.status.status = 'running';
    tree.refresh(two);
    await vi.waitFor(() => expect(fired).not.toEqual([]));
    const again = (await view.expand(two)).find((r) => r.kind === 'addons')!;
    expect(again.id).toBe(addonsFolder.id);
    expect((await view.expand(again)).map((r) => r.description)).toEqual(['1.0.0 · running', '1.0.0 · running']);
    expect(api.count('ListAutopilotAddonInstances')).toBe(reads + 1);
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
