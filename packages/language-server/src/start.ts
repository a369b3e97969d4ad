import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  InsertTextFormat,
  MarkupKind,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  createConnection,
  type CodeAction,
  type CompletionItem,
  type Connection,
  type Diagnostic,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ValuesLanguageService, bindingOf, replacementCharacterDiagnostics, type CompletionItem as ValuesCompletion, type JsonSchema, type ValuesDiagnostic } from '@cce-autopilot/values';
import {
  NO_SCHEMA_DIAGNOSTIC_CODE,
  SCHEMAS_CHANGED_NOTIFICATION,
  SCHEMA_REQUEST,
  type SchemaRequestParams,
  type SchemaRequestResult,
  type SchemasChangedParams,
  type ValuesServerInitializationOptions,
} from './protocol.js';
import { SchemaStore, describeBinding } from './schema-store.js';

const SOURCE = 'cce-autopilot-values';

function toLspDiagnostic(d: ValuesDiagnostic): Diagnostic {
  return {
    range: d.range,
    severity: d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    message: d.message,
    code: d.code,
    source: SOURCE,
    ...(d.fix ? { data: { fix: d.fix } } : {}),
  };
}

const COMPLETION_KIND: Record<ValuesCompletion['kind'], CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  snippet: CompletionItemKind.Snippet,
};

function toLspCompletion(c: ValuesCompletion, index: number): CompletionItem {
  return {
    label: c.label,
    kind: COMPLETION_KIND[c.kind],
    textEdit: { range: c.range, newText: c.insertText },
    insertTextFormat: c.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    // Keep the service's order (schema order, default flavor first) rather than the alphabet.
    sortText: String(index).padStart(4, '0'),
    ...(c.detail ? { detail: c.detail } : {}),
    ...(c.documentation ? { documentation: { kind: MarkupKind.Markdown, value: c.documentation } } : {}),
  };
}

function firstLineLength(text: string): number {
  const nl = text.search(/\r|\n/);
  return nl < 0 ? text.length : nl;
}

/**
 * Starts the values language server on `connection`, or on one made from the process arguments
 * (`--stdio`, `--node-ipc` or `--socket=N`). Returns the connection, already listening.
 */
export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): Connection {
  const documents = new TextDocuments(TextDocument);
  const service = new ValuesLanguageService();
  let store = new SchemaStore((params) => ask(params));
  const ask = (params: SchemaRequestParams): Promise<SchemaRequestResult> => connection.sendRequest(SCHEMA_REQUEST, params);

  connection.onInitialize((params): InitializeResult => {
    const options = (params.initializationOptions ?? {}) as ValuesServerInitializationOptions;
    store = new SchemaStore(ask, { locale: options.locale ?? params.locale, cacheDirectory: options.cacheDirectory });
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: [':', ' ', '-'] },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'cce-autopilot-values' },
    };
  });

  /** The schema of a document, or why there is none; undefined when the document is not a values document. */
  const schemaOf = async (doc: TextDocument): Promise<{ schema: JsonSchema | undefined; problem?: string } | undefined> => {
    const binding = bindingOf(doc.uri, doc.getText());
    if (!binding) return undefined;
    const r = await store.get(doc.uri, binding);
    if (r.schema) return { schema: r.schema };
    return { schema: undefined, problem: `No schema for ${describeBinding(binding)} (${r.reason ?? 'unknown'}); only YAML syntax is checked.` };
  };

  const validate = async (uri: string): Promise<void> => {
    const doc = documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    let found: Awaited<ReturnType<typeof schemaOf>>;
    try {
      found = await schemaOf(doc);
    } catch (error) {
      connection.console.error(`schema of ${uri}: ${(error as Error).message}`);
      return;
    }
    const current = documents.get(uri);
    // A newer version is on its way; its own validation will publish.
    if (!current || current.version !== version) return;
    if (!found) {
      // Not a values document (a YAML file with no binding): say nothing about it.
      connection.sendDiagnostics({ uri, version, diagnostics: [] });
      return;
    }
    // The editor decoded the file: bytes that were not UTF-8 are only visible as U+FFFD now.
    const diagnostics = [...replacementCharacterDiagnostics(current.getText()), ...service.validate(current, found.schema)]
      .sort((a, b) => a.offsets.start - b.offsets.start)
      .map(toLspDiagnostic);
    if (found.problem) {
      diagnostics.unshift({
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: firstLineLength(current.getText()) } },
        severity: DiagnosticSeverity.Warning,
        message: found.problem,
        code: NO_SCHEMA_DIAGNOSTIC_CODE,
        source: SOURCE,
      });
    }
    connection.sendDiagnostics({ uri, version, diagnostics });
  };

  // A failure here must not take the server down (an unhandled rejection ends a Node 20 process) nor
  // leave an older version's diagnostics standing silently: drop what is cached for the document,
  // try once more from scratch, and log what still fails.
  const validateSafely = (uri: string): void => {
    validate(uri).catch((first: unknown) => {
      service.forget(uri);
      validate(uri).catch((second: unknown) => {
        connection.console.error(`validation of ${uri} failed: ${(second as Error)?.message ?? String(second)} (first try: ${(first as Error)?.message ?? String(first)})`);
      });
    });
  };

  documents.onDidChangeContent((e) => validateSafely(e.document.uri));
  documents.onDidClose((e) => {
    service.forget(e.document.uri);
    connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onNotification(SCHEMAS_CHANGED_NOTIFICATION, (params: SchemasChangedParams | undefined) => {
    store.forget(params?.bindings);
    for (const d of documents.all()) validateSafely(d.uri);
  });

  connection.onHover(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    const found = doc && (await schemaOf(doc));
    if (!doc || !found?.schema) return null;
    const h = service.hover(doc, found.schema, params.position);
    return h ? { contents: { kind: MarkupKind.Markdown, value: h.contents }, range: h.range } : null;
  });

  connection.onCompletion(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    const found = doc && (await schemaOf(doc));
    if (!doc || !found?.schema) return [];
    return service.complete(doc, found.schema, params.position).map(toLspCompletion);
  });

  connection.onCodeAction(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    const found = doc && (await schemaOf(doc));
    if (!doc || !found) return [];
    const fixes = service.codeActions(doc, found.schema, params.range);
    return fixes.map(
      (f): CodeAction => ({
        title: f.title,
        kind: CodeActionKind.QuickFix,
        isPreferred: true,
        edit: { changes: { [doc.uri]: [f.edit] } },
        diagnostics: params.context.diagnostics.filter((d) => d.range.start.line === f.edit.range.start.line && d.range.start.character === f.edit.range.start.character),
      }),
    );
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}
