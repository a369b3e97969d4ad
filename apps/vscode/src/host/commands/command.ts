import type { TreeNode } from '../../core/tree.js';
import type { CommandHost } from '../host.js';

/**
 * One command of the extension: `cceAutopilot.<id>` in package.json's `contributes.commands`
 * (a test holds the two equal). The handler gets the tree row it was invoked on (the one loaded
 * last for that row), or undefined from the palette, a keybinding or an editor button.
 */
export interface Command {
  /** Without the `cceAutopilot.` prefix. */
  readonly id: string;
  /** When set, the handler runs through Host.run: a failure is shown under this (translated) title. */
  readonly title?: string;
  readonly handler: (host: CommandHost, node: TreeNode | undefined) => unknown;
}

/** The Ui prefix of every command id. */
export const COMMAND_PREFIX = 'cceAutopilot.';
