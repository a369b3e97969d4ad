import * as vscode from 'vscode';
import type { TreeModel, TreeNode } from '../core/tree.js';
import { safe, safeOpt } from './safeText.js';

const states: Record<TreeNode['collapsible'], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

/** Labels of folders and placeholders go through l10n; resource names never do. */
const translatable = new Set<TreeNode['kind']>([
  'addons', 'releases', 'upgrade', 'jobs', 'tags', 'charts', 'quotas', 'upgradePaths', 'upgradeTasks', 'prechecks', 'snapshots', 'workflows', 'empty',
  'kubernetes', 'logConfigs', 'maintenanceWindows', 'upgradePlans', 'featureGates',
]);

export class ClusterTreeProvider implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /**
   * The object VS Code holds for each row, by node id. VS Code maps a row's handle to that object
   * and resolves a context-menu command's argument through it; telling it about another object
   * with the same id does nothing.
   */
  private readonly held = new Map<string, TreeNode>();
  /** Ids of the children last given to VS Code, by parent id. */
  private readonly heldChildren = new Map<string, readonly string[]>();
  /** How each row was last rendered (see rendering()), by node id. */
  private readonly rendered = new Map<string, string>();

  constructor(private readonly model: TreeModel, private readonly onRootsLoaded: () => void) {}

  getTreeItem(held: TreeNode): vscode.TreeItem {
    // A row kept across a reload is still VS Code's old object; show what was loaded last.
    const node = this.model.node(held.id) ?? held;
    this.rendered.set(node.id, rendering(node));
    // Names, descriptions and messages come from the server: shown with control characters escaped.
    const item = new vscode.TreeItem(translatable.has(node.kind) ? vscode.l10n.t(node.label) : safe(node.label), states[node.collapsible]);
    item.id = node.id;
    item.description = safeOpt(node.description);
    item.tooltip = safeOpt(node.tooltip);
    item.contextValue = node.contextValue;
    if (node.look) item.iconPath = new vscode.ThemeIcon(node.look.icon, node.look.color ? new vscode.ThemeColor(node.look.color) : undefined);
    if (node.kind === 'error') item.command = { command: 'cceAutopilot.retry', title: vscode.l10n.t('Retry'), arguments: [node] };
    return item;
  }

  async getChildren(held?: TreeNode): Promise<TreeNode[]> {
    if (!held) {
      const roots = await this.model.roots();
      this.onRootsLoaded();
      return this.hold(undefined, roots);
    }
    const children = await this.model.children(this.model.node(held.id) ?? held);
    this.onRootsLoaded();
    return this.hold(held.id, children);
  }

  private hold(parentId: string | undefined, children: TreeNode[]): TreeNode[] {
    if (parentId === undefined) { this.held.clear(); this.heldChildren.clear(); this.rendered.clear(); }
    for (const child of children) this.held.set(child.id, child);
    if (parentId !== undefined) this.heldChildren.set(parentId, children.map((c) => c.id));
    return children;
  }

  /** Reload one node and everything below it (or the whole view), and tell the view: a user's refresh. */
  refresh(node?: TreeNode): void {
    if (!node) { this.model.invalidate(); this.changed.fire(undefined); return; }
    void this.reload(node.id, 'subtree', node);
  }

  /**
   * Re-reads these nodes' own children and re-renders only the rows that look different: a poll,
   * a watch event, certificate expiries read anew. Resolves once VS Code has been told.
   */
  async refreshIds(ids: readonly string[]): Promise<void> {
    await Promise.all(ids.map((id) => this.reload(id, 'changed')));
  }

  /**
   * Reloads a node's children before telling VS Code, and when they are the same rows as before
   * (the common case: a poll of something still moving), tells it about rows instead of the parent.
   * VS Code's extension host forgets the handles of everything below a row it is told about until
   * the workbench has fetched those rows again, and a menu command picked on one of them meanwhile
   * gets no argument ("Run this command from an item of the tree"). So a poll tells it only about
   * the rows whose rendering changed; a row that looks the same, and everything under it, keeps its
   * handle (what is below it is read fresh when next asked; what was moving there polls itself).
   */
  private async reload(id: string, scope: 'subtree' | 'changed', given?: TreeNode): Promise<void> {
    const node = this.model.node(id) ?? given;
    this.model.invalidate(id, scope === 'changed' ? { polls: 'keep' } : undefined);
    // Never loaded: nothing on screen to update, and the next read loads it fresh.
    if (!node) return;
    const before = this.heldChildren.get(id);
    const target = this.shown(node);
    if (!target) { this.changed.fire(undefined); return; }
    const after = await this.model.children(target);
    // What was loaded may have become (or stopped being) transient: the poller follows that.
    this.onRootsLoaded();
    const rows = before && sameIds(before, after) ? before.map((childId) => this.held.get(childId)) : undefined;
    if (!rows?.every((row): row is TreeNode => row !== undefined)) {
      // Rows came or went: VS Code re-reads the parent and every expanded row below it.
      this.changed.fire(this.held.get(id) ?? target);
      return;
    }
    for (const row of rows) {
      if (scope === 'changed' && this.rendered.get(row.id) === rendering(this.model.node(row.id) ?? row)) continue;
      this.changed.fire(row);
    }
  }

  /** The node to re-render; the whole view while a welcome state hides the rows (no row to update). */
  private shown(node: TreeNode | undefined): TreeNode | undefined {
    return node && node.kind !== 'profile' && this.model.state === 'ready' ? node : undefined;
  }

  dispose(): void { this.changed.dispose(); }
}

/** Everything of a node that getTreeItem shows: two nodes with the same rendering look the same. */
function rendering(node: TreeNode): string {
  return JSON.stringify([node.label, node.description, node.tooltip, node.contextValue, node.collapsible, node.look?.icon, node.look?.color, node.kind]);
}

function sameIds(before: readonly string[], after: readonly TreeNode[]): boolean {
  return before.length === after.length && after.every((node, i) => node.id === before[i]);
}
