import type { SchemaRequestParams, SchemaRequestResult, SchemasChangedParams } from '@cce-autopilot/language-server';

export type { SchemaRequestParams, SchemaRequestResult, SchemasChangedParams };

// The protocol constants of @cce-autopilot/language-server, repeated here so the extension bundle
// does not pull the server's code in; a test checks they are the same.
/** The language server asks the extension for the schema of a document's binding. */
export const SCHEMA_REQUEST = 'cceAutopilot/schema';
/** The extension tells the server that templates or charts may have changed. */
export const SCHEMAS_CHANGED_NOTIFICATION = 'cceAutopilot/schemasChanged';
/** Codes of problems that the Red Hat YAML extension reports too, for every YAML document. */
export const SYNTAX_DIAGNOSTIC_CODES: readonly string[] = ['syntax', 'duplicate-key'];

/** Drops the diagnostics the Red Hat YAML extension already shows, when it is installed. */
export function dropDuplicatesOfYamlExtension<D extends { code?: unknown }>(diagnostics: readonly D[], yamlExtensionPresent: boolean): D[] {
  if (!yamlExtensionPresent) return [...diagnostics];
  return diagnostics.filter((d) => {
    const code = typeof d.code === 'object' && d.code !== null ? (d.code as { value?: unknown }).value : d.code;
    return !SYNTAX_DIAGNOSTIC_CODES.includes(String(code));
  });
}
