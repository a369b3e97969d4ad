import * as vscode from 'vscode';

export const READONLY_SCHEME = 'cce-autopilot';

/** Read-only documents (details as YAML, diffs, history) served from memory. */
export class ReadonlyDocs implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private counter = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  put(title: string, content: string, language: string): vscode.Uri {
    const ext = language === 'yaml' ? '.yaml' : language === 'json' ? '.json' : '.txt';
    const safe = title.replace(/[\\/:*?"<>|#%]+/g, '-');
    const uri = vscode.Uri.from({ scheme: READONLY_SCHEME, path: `/${safe}${ext}`, query: String(++this.counter) });
    this.contents.set(uri.toString(), content);
    this.changed.fire(uri);
    return uri;
  }

  async show(title: string, content: string, language: string): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(this.put(title, content, language));
    await vscode.languages.setTextDocumentLanguage(doc, language);
    await vscode.window.showTextDocument(doc, { preview: true });
  }

  dispose(): void { this.changed.dispose(); }
}
