import * as vscode from 'vscode';
import { registerMcpServer, type WorkspaceFiles } from '../../core/mcp.js';
import { readSettings } from '../settings.js';
import type { Command } from './command.js';

/** Files of a workspace folder through VS Code's file system (works for remote workspaces too). */
function folderFiles(folder: vscode.WorkspaceFolder): WorkspaceFiles {
  const uri = (path: string) => vscode.Uri.joinPath(folder.uri, ...path.split('/'));
  return {
    async read(path) {
      try {
        return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri(path)));
      } catch (error) {
        if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
        throw error;
      }
    },
    async write(path, text) {
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri(path), '..'));
      await vscode.workspace.fs.writeFile(uri(path), new TextEncoder().encode(text));
    },
  };
}

/** "Register MCP server for this workspace": the `cce-autopilot mcp` entry in .vscode/mcp.json. */
export const mcpCommands: readonly Command[] = [{
  id: 'mcp.register', title: 'Register MCP server for this workspace',
  async handler(host) {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) {
      host.ui.warn(vscode.l10n.t('Open a folder first: the MCP server entry is written to its .vscode/mcp.json.'));
      return;
    }
    const folder = folders.length === 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t('Workspace folder for .vscode/mcp.json') });
    if (!folder) return;
    const s = readSettings();
    const outcome = await registerMcpServer(host.ui, folderFiles(folder), { ...(s.region ? { region: s.region } : {}), ...(s.endpoint ? { endpoint: s.endpoint } : {}) });
    if (outcome?.changed) await vscode.window.showTextDocument(vscode.Uri.joinPath(folder.uri, '.vscode', 'mcp.json'), { preview: true });
  },
}];
