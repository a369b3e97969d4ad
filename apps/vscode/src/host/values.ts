import * as vscode from 'vscode';
import { bindingOf, VALUES_URI_SCHEME, ValuesLanguageService, type JsonSchema, type ValuesBinding } from '@cce-autopilot/values';
import type { CceApi } from '../core/api.js';
import { applyValues, cacheKey, documentText, schemaFor, targetForFile, uriOfTarget, type SchemaAnswer, type SchemaCache, type ValuesTarget } from '../core/values.js';
import type { Host, ValuesHost } from './host.js';
import { schemasChanged, startLanguageClient } from './languageClient.js';
import type { LanguageClient } from 'vscode-languageclient/node';

interface OpenValues {
  readonly target: ValuesTarget;
  readonly profileId: string;
  readonly region: string;
  content: Uint8Array;
  mtime: number;
}

/** Schemas kept as files in the extension's global storage, so validation works offline. */
export class FileSchemaCache implements SchemaCache {
  constructor(private readonly dir: vscode.Uri) {}
  private file(key: string) { return vscode.Uri.joinPath(this.dir, `${key.replace(/[^A-Za-z0-9._-]+/g, '_')}.json`); }
  async get(key: string): Promise<JsonSchema | undefined> {
    try { return JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(this.file(key)))) as JsonSchema; } catch { return undefined; }
  }
  async set(key: string, schema: JsonSchema): Promise<void> {
    await vscode.workspace.fs.createDirectory(this.dir);
    await vscode.workspace.fs.writeFile(this.file(key), new TextEncoder().encode(JSON.stringify(schema)));
  }
}

/**
 * Values documents opened from the tree live in memory under the values package's URI scheme.
 * Saving one applies it (validate, diff, confirm, call the API, follow to running).
 */
export class ValuesFileSystem implements vscode.FileSystemProvider {
  readonly docs = new Map<string, OpenValues>();
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;

  open(uri: vscode.Uri, entry: Omit<OpenValues, 'mtime'>): void {
    this.docs.set(uri.toString(), { ...entry, mtime: Date.now() });
    this.emitter.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }
  entry(uri: vscode.Uri): OpenValues | undefined { return this.docs.get(uri.toString()); }
  watch(): vscode.Disposable { return new vscode.Disposable(() => undefined); }
  stat(uri: vscode.Uri): vscode.FileStat {
    const e = this.entry(uri);
    if (!e) throw vscode.FileSystemError.FileNotFound(uri);
    return { type: vscode.FileType.File, ctime: e.mtime, mtime: e.mtime, size: e.content.byteLength };
  }
  readDirectory(): [string, vscode.FileType][] { return []; }
  createDirectory(): void { throw vscode.FileSystemError.NoPermissions('values documents have no folders'); }
  readFile(uri: vscode.Uri): Uint8Array {
    const e = this.entry(uri);
    if (!e) throw vscode.FileSystemError.FileNotFound(uri);
    return e.content;
  }
  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    const e = this.entry(uri);
    if (!e) throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Open values from the CCE Autopilot tree; this document is no longer known.'));
    e.content = content;
    e.mtime = Date.now();
    this.emitter.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }
  delete(uri: vscode.Uri): void { this.docs.delete(uri.toString()); }
  rename(): void { throw vscode.FileSystemError.NoPermissions('values documents cannot be renamed'); }
}

export async function registerValues(host: Host): Promise<ValuesHost> {
  const { context, ui, model } = host;
  const fs = new ValuesFileSystem();
  const cache = new FileSchemaCache(vscode.Uri.joinPath(context.globalStorageUri, 'schemas'));
  const service = new ValuesLanguageService();
  const schemas = new Map<string, SchemaAnswer>();
  context.subscriptions.push(vscode.workspace.registerFileSystemProvider(VALUES_URI_SCHEME, fs, { isCaseSensitive: true }));

  const apiFor = async (profileId: string, region: string | undefined): Promise<CceApi | undefined> => {
    if (!region) return undefined;
    try { return await model.api({ profileId, region }); } catch { return undefined; }
  };
  /** The API a document's schema comes from: its own profile/region, else the active profile's first region. */
  const apiOfUri = async (uri: string): Promise<CceApi | undefined> => {
    const e = fs.docs.get(uri);
    if (e) return apiFor(e.profileId, e.region);
    const p = host.profiles.active();
    return p ? apiFor(p.id, p.regions[0]) : undefined;
  };
  const resolveSchema = async (uri: string, binding: ValuesBinding): Promise<SchemaAnswer | undefined> => {
    const key = cacheKey(binding);
    const answer = await schemaFor(binding, await apiOfUri(uri), cache, vscode.env.language);
    if (answer) schemas.set(key, answer);
    updateStatus();
    return answer;
  };

  // Which schema applies to the active editor, and where it came from.
  const status = vscode.window.createStatusBarItem('cceAutopilot.valuesSchema', vscode.StatusBarAlignment.Right, 100);
  status.name = 'CCE Autopilot values schema';
  context.subscriptions.push(status);
  function updateStatus(): void {
    const doc = vscode.window.activeTextEditor?.document;
    const binding = doc ? bindingOf(doc.uri.toString(), doc.getText(new vscode.Range(0, 0, 1, 0))) : undefined;
    if (!doc || !binding) { status.hide(); return; }
    const answer = schemas.get(cacheKey(binding));
    const what = binding.kind === 'addon' ? `${binding.template} ${binding.version}` : `${binding.chart}${binding.version ? ` ${binding.version}` : ''}`;
    status.text = `$(symbol-namespace) ${what}${answer?.source === 'cache' ? ` $(cloud-download) ${vscode.l10n.t('cached')}` : answer ? '' : ` $(warning) ${vscode.l10n.t('no schema')}`}`;
    status.tooltip = answer
      ? vscode.l10n.t('Values validated against the schema of {0} ({1}).', answer.title, answer.source === 'api' ? vscode.l10n.t('from the API') : vscode.l10n.t('offline cache'))
      : vscode.l10n.t('No schema is known for {0} yet: connect a profile to fetch it.', what);
    status.show();
  }
  context.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(updateStatus));

  // The server starts in the background: activation must not wait for another process.
  let client: LanguageClient | undefined;
  void startLanguageClient(context, host.log, resolveSchema).then((c) => { client = c; });

  const apply = async (doc: vscode.TextDocument) => {
    const binding = bindingOf(doc.uri.toString(), doc.getText());
    let e: Pick<OpenValues, 'target' | 'profileId' | 'region'> | undefined = fs.entry(doc.uri);
    if (!e) {
      // A file on disk: its first line says what it holds; the user says where it goes.
      if (!binding) {
        ui.warn(vscode.l10n.t('This file has no "# cce-autopilot: addon=... version=..." (or chart=...) first line, so it is not a values document.'));
        return;
      }
      const cluster = await host.nodeOf(undefined, 'cluster', vscode.l10n.t('Cluster to apply the values to'));
      if (!cluster?.ctx.region) return;
      const target = await targetForFile(ui, await host.api(cluster), binding, cluster.ctx.clusterId ?? '');
      if (!target) return;
      e = { target, profileId: cluster.ctx.profileId, region: cluster.ctx.region };
    }
    const api = await model.api({ profileId: e.profileId, region: e.region });
    const answer = binding ? await resolveSchema(doc.uri.toString(), binding) : undefined;
    const folder = model.node({ kind: e.target.op.startsWith('addon') ? 'addons' : 'releases', profileId: e.profileId, region: e.region, clusterId: e.target.clusterId });
    const target = e.target;
    const done = await host.following(folder, () => applyValues(ui, api, target, doc.uri.toString(), doc.getText(), { service, schema: answer?.schema }));
    if (done) ui.info(vscode.l10n.t('Applied {0}.', doc.uri.path.split('/').pop() ?? ''));
  };
  // Saving applies: a failed apply keeps the edits, so the user can fix and save again.
  context.subscriptions.push(vscode.workspace.onDidSaveTextDocument((doc) => {
    if (doc.uri.scheme === VALUES_URI_SCHEME) void host.run(vscode.l10n.t('Apply values'), () => apply(doc));
  }));
  return {
    async applyActive() {
      const doc = vscode.window.activeTextEditor?.document;
      if (!doc) return;
      if (doc.uri.scheme === VALUES_URI_SCHEME && doc.isDirty) { await doc.save(); return; }
      await apply(doc);
    },
    schemasChanged: () => { schemas.clear(); schemasChanged(client); updateStatus(); },
    async openValues(node, target, values) {
      const uri = vscode.Uri.parse(uriOfTarget(target));
      fs.open(uri, { target, profileId: node.ctx.profileId, region: node.ctx.region ?? '', content: new TextEncoder().encode(documentText(target, values)) });
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
      await vscode.window.showTextDocument(doc, { preview: false });
      if (!client) {
        // Without the server, still fetch the schema so the status bar says what applies.
        const b = bindingOf(uri.toString(), doc.getText());
        if (b) await resolveSchema(uri.toString(), b).catch(() => undefined);
      }
      ui.info(vscode.l10n.t('Edit the values, then save (or use "Apply Values") to validate, review the diff and apply.'));
    },
  };
}
