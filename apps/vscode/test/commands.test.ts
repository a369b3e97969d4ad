import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { TreeModel } from '../src/core/tree.js';
import { commands, kubeCommands } from '../src/host/commands/index.js';
import { COMMAND_PREFIX } from '../src/host/commands/command.js';
import type { ClusterTreeProvider } from '../src/host/treeProvider.js';
import type { VscodeUi } from '../src/host/ui.js';

// Building the table touches no VS Code API; handlers do, and they are not run here.
vi.mock('vscode', () => ({ l10n: { t: (s: string) => s } }));

const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string }[]; menus: Record<string, { command: string }[]> };
};

describe('command table', () => {
  const model = new TreeModel({ activeProfile: () => undefined, connect: () => Promise.reject(new Error('not connected')) });
  const table = [...commands, ...kubeCommands({ model, ui: {} as VscodeUi, tree: {} as ClusterTreeProvider })];
  const ids = table.map((c) => `${COMMAND_PREFIX}${c.id}`);

  it('registers each id once', () => {
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('is what package.json contributes, no more and no less', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command);
    expect([...ids].sort()).toEqual([...contributed].sort());
  });

  it('has a handler behind every command a menu shows', () => {
    const menuCommands = new Set(Object.values(manifest.contributes.menus).flat().map((m) => m.command));
    expect([...menuCommands].filter((c) => !ids.includes(c))).toEqual([]);
  });
});
