import type * as vscode from 'vscode';
import type { CceApi } from '../core/api.js';
import type { RunningEmulator } from '../core/emulator.js';
import type { ProfileStore } from '../core/profiles.js';
import type { ClusterFolderKind, ProfileInfo, TreeModel, TreeNode } from '../core/tree.js';
import type { ValuesTarget } from '../core/values.js';
import type { ClusterTreeProvider } from './treeProvider.js';
import type { VscodeUi } from './ui.js';

/**
 * What the command modules share: the composition root (activate.ts) builds one and hands it to
 * every module; modules import this contract, never activate.ts.
 */
export interface Host {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly ui: VscodeUi;
  readonly model: TreeModel;
  readonly tree: ClusterTreeProvider;
  readonly profiles: ProfileStore;
  /** The active profile as the tree shows it (regions filtered by the setting). */
  activeInfo(): ProfileInfo | undefined;
  /** The API of a node's profile and region. */
  api(node: TreeNode): Promise<CceApi>;
  /** Runs a command body; failures are shown with code, message, request id and "Show log". */
  run(name: string, body: () => Promise<unknown>): Promise<void>;
  /** The node a command was invoked on, or one the user picks among loaded nodes of that kind. */
  nodeOf(arg: unknown, kind: TreeNode['kind'], title: string): Promise<TreeNode | undefined>;
  /** Reloads a row, or one of the folders of its cluster (the row itself when that folder is not loaded). */
  refreshNode(node: TreeNode | undefined, folder?: ClusterFolderKind): void;
  /** Runs a long operation, refreshing `node` once the API accepted it and again when it ends. */
  following<T>(node: TreeNode | undefined, run: () => Promise<T>): Promise<T>;
}

/** Values documents (host/values.ts), as the commands use them. */
export interface ValuesHost {
  /** The active profile changed: schemas may differ. */
  schemasChanged(): void;
  openValues(node: { ctx: { profileId: string; region?: string } }, target: ValuesTarget, values: unknown): Promise<void>;
  /** *Apply Values* on the active editor: saves a dirty values document (saving applies) or applies the file. */
  applyActive(): Promise<void>;
}

/** The kubeconfig the commands write, and the certificate expiries shown on cluster rows. */
export interface KubeconfigHost {
  /** Reads the expiries of the kubectl certificates again (the tree shows them on cluster rows). */
  reloadExpiries(): Promise<void>;
}

/** What a command handler gets: the Host plus the window's other state. */
export interface CommandHost extends Host {
  readonly values: ValuesHost;
  readonly kubeconfig: KubeconfigHost;
  /** The emulator this window started, if any (stopped with the window). */
  emulator: RunningEmulator | undefined;
  /** The profile list, filter or settings changed: reload the whole tree and the status bar. */
  reload(): void;
}
