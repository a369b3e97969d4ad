import {
  CodeActionKind,
  DiagnosticSeverity,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  createConnection,
  type Connection,
  type Diagnostic,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { VALUES_DIAGNOSTIC_SOURCE, ValuesLanguageService, bindingOf, replacementCharacterDiagnostics, type JsonSchema } from '@cce-autopilot/values';
import {
  NO_SCHEMA_DIAGNOSTIC_CODE,
  SchemaRequest,
  SchemasChangedNotification,
  type SchemaRequestParams,
  type SchemaRequestResult,
  type ValuesServerInitializationOptions,
} from './protocol.js';
import { SchemaStore, describeBinding } from './schema-store.js';

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
  const ask = (params: SchemaRequestParams): Promise<SchemaRequestResult> => connection.sendRequest(SchemaRequest, params);

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
    // The service's diagnostics are LSP diagnostics already; they go out as they are.
    const diagnostics: Diagnostic[] = [...replacementCharacterDiagnostics(current.getText()), ...service.validate(current, found.schema)]
      .sort((a, b) => a.data.offsets.start - b.data.offsets.start);
    if (found.problem) {
      diagnostics.unshift({
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: firstLineLength(current.getText()) } },
        severity: DiagnosticSeverity.Warning,
        message: found.problem,
        code: NO_SCHEMA_DIAGNOSTIC_CODE,
        source: VALUES_DIAGNOSTIC_SOURCE,
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

  connection.onNotification(SchemasChangedNotification, (params) => {
    store.forget(params?.bindings);
    for (const d of documents.all()) validateSafely(d.uri);
  });

  connection.onHover(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    const found = doc && (await schemaOf(doc));
    if (!doc || !found?.schema) return null;
    return service.hover(doc, found.schema, params.position) ?? null;
  });

  connection.onCompletion(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    const found = doc && (await schemaOf(doc));
    if (!doc || !found?.schema) return [];
    return service.complete(doc, found.schema, params.position);
  });

  connection.onCodeAction(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    const found = doc && (await schemaOf(doc));
    if (!doc || !found) return [];
    return service.codeActions(doc, found.schema, params.range);
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}
