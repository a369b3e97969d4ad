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
]);

export class ClusterTreeProvider implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly model: TreeModel, private readonly onRootsLoaded: () => void) {}

  getTreeItem(node: TreeNode): vscode.TreeItem {
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

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) {
      const roots = await this.model.roots();
      this.onRootsLoaded();
      return roots;
    }
    const children = await this.model.children(node);
    this.onRootsLoaded();
    return children;
  }

  /** Reload one node (or everything) and tell the view. */
  refresh(node?: TreeNode): void {
    this.model.invalidate(node?.id);
    this.changed.fire(this.shown(node));
  }

  /** The node to re-render; the whole view while a welcome state hides the rows (no row to update). */
  private shown(node: TreeNode | undefined): TreeNode | undefined {
    return node && node.kind !== 'profile' && this.model.state === 'ready' ? node : undefined;
  }

  refreshIds(ids: readonly string[]): void {
    for (const id of ids) {
      const node = this.model.node(id);
      this.model.invalidate(id);
      this.changed.fire(this.shown(node));
    }
  }

  dispose(): void { this.changed.dispose(); }
}
