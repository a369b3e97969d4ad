import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { VALUES_URI_SCHEME, type ValuesBinding } from '@cce-autopilot/values';
import type { SchemaAnswer } from '../core/values.js';
import { dropDuplicatesOfYamlExtension, SchemaRequest, SchemasChangedNotification, type SchemaRequestResult, type ValuesServerInitializationOptions } from '../core/lsp.js';

const RED_HAT_YAML = 'redhat.vscode-yaml';

/**
 * Starts the bundled values language server for documents of the values scheme and YAML files
 * whose first line names an addon or chart; answers its schema requests from the API (cached).
 */
export async function startLanguageClient(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  resolveSchema: (uri: string, binding: ValuesBinding) => Promise<SchemaAnswer | undefined>,
): Promise<LanguageClient | undefined> {
  const module = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  if (!existsSync(module)) {
    log.warn(`values language server not found at ${module}; values are validated on apply only`);
    return undefined;
  }
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: VALUES_URI_SCHEME },
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    outputChannel: log,
    initializationOptions: { locale: vscode.env.language } satisfies ValuesServerInitializationOptions,
    middleware: {
      handleDiagnostics(uri, diagnostics, next) {
        // The Red Hat YAML extension reports YAML syntax errors of every YAML document itself;
        // reporting them again would show each twice.
        const yamlExtension = !!vscode.extensions.getExtension(RED_HAT_YAML);
        next(uri, dropDuplicatesOfYamlExtension(diagnostics, yamlExtension));
      },
    },
  };
  const client = new LanguageClient('cceAutopilotValues', vscode.l10n.t('CCE Autopilot Values'), serverOptions, clientOptions);
  client.onRequest(SchemaRequest, async (params): Promise<SchemaRequestResult> => {
    try {
      const answer = await resolveSchema(params.uri, params.binding);
      return answer ? { schema: answer.schema, source: answer.source } : null;
    } catch (error) {
      log.warn(`schema for ${params.uri}: ${(error as Error).message}`);
      return null;
    }
  });
  context.subscriptions.push(client);
  try {
    await client.start();
  } catch (error) {
    log.error(`values language server did not start: ${(error as Error).message}`);
    return undefined;
  }
  return client;
}

/** Templates or charts may have changed (a profile connected): the server asks for schemas again. */
export function schemasChanged(client: LanguageClient | undefined): void {
  if (client?.isRunning()) void client.sendNotification(SchemasChangedNotification, {});
}
