import { SYNTAX_DIAGNOSTIC_CODES } from '@cce-autopilot/language-server/protocol';

// The protocol is the language server's own `./protocol` export (typed request and notification
// types, no server code): the extension compiles against the same definitions the server uses.
export { SchemaRequest, SchemasChangedNotification, SYNTAX_DIAGNOSTIC_CODES } from '@cce-autopilot/language-server/protocol';
export type { SchemaRequestParams, SchemaRequestResult, SchemasChangedParams, ValuesServerInitializationOptions } from '@cce-autopilot/language-server/protocol';

/**
 * Drops the diagnostics the Red Hat YAML extension already shows, when it is installed: its codes of
 * YAML syntax problems (`SYNTAX_DIAGNOSTIC_CODES`), which it reports for every YAML document.
 */
export function dropDuplicatesOfYamlExtension<D extends { code?: unknown }>(diagnostics: readonly D[], yamlExtensionPresent: boolean): D[] {
  if (!yamlExtensionPresent) return [...diagnostics];
  return diagnostics.filter((d) => {
    const code = typeof d.code === 'object' && d.code !== null ? (d.code as { value?: unknown }).value : d.code;
    return !SYNTAX_DIAGNOSTIC_CODES.includes(String(code));
  });
}
