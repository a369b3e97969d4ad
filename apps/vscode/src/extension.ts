import * as vscode from 'vscode';
import { activateExtension } from './host/activate.js';

export function activate(context: vscode.ExtensionContext): Promise<unknown> {
  return activateExtension(context);
}

export function deactivate(): void {
  // Everything started is registered in context.subscriptions and disposed by VS Code.
}
