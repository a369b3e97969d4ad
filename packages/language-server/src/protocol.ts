// The protocol between the values language server and its client, in types both sides compile
// against. This module is the package's `./protocol` export: it must stay free of the server's code
// (only vscode-jsonrpc's common API at run time, which the client bundles anyway), so the extension
// can import it without pulling the server into its bundle.
import { NotificationType, RequestType } from 'vscode-jsonrpc';
import type { AddonTemplateVersionInput, ChartValuesSource, JsonSchema, ValuesBinding } from '@cce-autopilot/values';

export interface SchemaRequestParams {
  /** The document that needs the schema (its profile and region may decide which API to ask). */
  readonly uri: string;
  readonly binding: ValuesBinding;
}

/**
 * The answer, in any of three forms: a ready schema, or what to derive it from (the server then
 * derives it in the locale of the initialization options). `null`: nothing is known.
 */
export type SchemaRequestResult = {
  schema?: JsonSchema;
  /** The addon template version (`Versions` object, spec 02 section 2.7). */
  template?: AddonTemplateVersionInput;
  /** The chart's values and, when the archive has one, its values.schema.json. */
  chart?: ChartValuesSource;
  /** Where the client got it: for the status line and the logs. */
  source?: 'api' | 'cache';
} | null;

/**
 * Server -> client request `cceAutopilot/schema`: the schema of a values document's binding. The
 * extension answers from the API (addon template version, chart values) or its own cache; the
 * server never goes online.
 */
export const SchemaRequest = new RequestType<SchemaRequestParams, SchemaRequestResult, void>('cceAutopilot/schema');

export interface SchemasChangedParams {
  readonly bindings?: readonly ValuesBinding[];
}

/**
 * Client -> server notification `cceAutopilot/schemasChanged`: templates or charts changed (a
 * profile connected, a refresh). Drops the server's cached schemas for these bindings (all when
 * absent) and validates again.
 */
export const SchemasChangedNotification = new NotificationType<SchemasChangedParams>('cceAutopilot/schemasChanged');

/** `initializationOptions` of the initialize request. */
export interface ValuesServerInitializationOptions {
  /** `zh-CN` or `en` (VS Code's `env.language`): the language of derived descriptions. */
  locale?: string;
  /**
   * A directory where the server keeps the last schema of each binding, so that validation keeps
   * working offline and across restarts. No disk cache when absent.
   */
  cacheDirectory?: string;
}

/** Diagnostic codes of YAML syntax problems (the rest are JSON Schema keywords or `x-unknown-keys`). */
export const SYNTAX_DIAGNOSTIC_CODES: readonly string[] = ['syntax', 'duplicate-key'];

/** The diagnostic code of "this document's schema cannot be had" (on the first line). */
export const NO_SCHEMA_DIAGNOSTIC_CODE = 'no-schema';
