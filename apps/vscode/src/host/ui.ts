import * as vscode from 'vscode';
import { translate, type InputOptions, type PickItem, type ProgressReporter, type Ui } from '../core/ui.js';
import type { ReadonlyDocs } from './readonlyDocs.js';
import { safe, safeOpt } from './safeText.js';

/** Quick-pick items show resource names and descriptions from the server. */
function safeItem<T>(i: PickItem<T>): PickItem<T> {
  return { ...i, label: safe(i.label), ...('description' in i ? { description: safeOpt(i.description as string | undefined) } : {}), ...('detail' in i ? { detail: safeOpt(i.detail as string | undefined) } : {}) };
}

/** The Ui of command flows, on VS Code's quick picks, input boxes, notifications and editors. */
export class VscodeUi implements Ui {
  constructor(private readonly docs: ReadonlyDocs) {}

  /** Over the bundle activate() gave `@vscode/l10n` (VS Code's bundle of the display language). */
  readonly t = translate;

  async pick<T>(items: readonly PickItem<T>[], options: { title: string; placeholder?: string }): Promise<T | undefined> {
    const chosen = await vscode.window.showQuickPick(items.map(safeItem), { title: options.title, placeHolder: options.placeholder, ignoreFocusOut: true });
    return chosen?.value;
  }

  async pickMany<T>(items: readonly PickItem<T>[], options: { title: string; placeholder?: string }): Promise<T[] | undefined> {
    const chosen = await vscode.window.showQuickPick(items.map(safeItem), { title: options.title, placeHolder: options.placeholder, canPickMany: true, ignoreFocusOut: true });
    return chosen?.map((c) => c.value);
  }

  input(options: InputOptions): Promise<string | undefined> {
    return Promise.resolve(vscode.window.showInputBox({
      title: options.title, prompt: options.prompt, value: options.value, placeHolder: options.placeholder,
      password: options.password, ignoreFocusOut: true,
      // Validators of the core speak English; messages without values have a translation under their own text.
      validateInput: options.validate && ((v: string) => { const m = options.validate!(v); return m && vscode.l10n.t(m); }),
    }));
  }

  async confirm(message: string, detail: string, action: string): Promise<boolean> {
    const chosen = await vscode.window.showWarningMessage(safe(message), { modal: true, detail: safe(detail) }, action);
    return chosen === action;
  }

  info(message: string): void { void vscode.window.showInformationMessage(safe(message)); }
  warn(message: string): void { void vscode.window.showWarningMessage(safe(message)); }

  private readonly firstReportListeners = new Set<() => void>();

  /**
   * Calls `listener` when a long operation reports its first state (the API accepted the request),
   * so the tree can show the resource in its transient phase while the progress runs.
   */
  onFirstReport(listener: () => void): () => void {
    this.firstReportListeners.add(listener);
    return () => this.firstReportListeners.delete(listener);
  }

  progress<T>(title: string, task: (progress: ProgressReporter, signal: AbortSignal) => Promise<T>): Promise<T> {
    return Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort(new Error(vscode.l10n.t('Cancelled'))));
      let first = true;
      return task({
        report: (message) => {
          if (first) {
            first = false;
            for (const l of [...this.firstReportListeners]) l();
          }
          progress.report({ message: safe(message) });
        },
      }, controller.signal);
    }));
  }

  async showText(title: string, content: string, language: string): Promise<void> {
    await this.docs.show(title, content, language);
  }

  async showDiff(title: string, left: string, right: string, language: string): Promise<void> {
    const l = this.docs.put(`${title} (before)`, left, language);
    const r = this.docs.put(`${title} (after)`, right, language);
    await vscode.commands.executeCommand('vscode.diff', l, r, title, { preview: true });
  }

  async copy(text: string): Promise<void> {
    await vscode.env.clipboard.writeText(text);
  }
}
