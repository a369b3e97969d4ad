import type { ValuesBinding } from '@cce-autopilot/values';

/** The language server asks the extension for the schema of a document's binding. */
export const SCHEMA_REQUEST = 'cceAutopilot/schema';

export interface SchemaRequestParams {
  readonly uri: string;
  readonly binding: ValuesBinding;
}

export type SchemaRequestResult = { schema: Record<string, unknown>; source: 'api' | 'cache' } | null;

/** Codes of problems that the Red Hat YAML extension reports too, for every YAML document. */
const YAML_EXTENSION_CODES = new Set(['syntax', 'duplicate-key']);

/** Drops the diagnostics the Red Hat YAML extension already shows, when it is installed. */
export function dropDuplicatesOfYamlExtension<D extends { code?: unknown }>(diagnostics: readonly D[], yamlExtensionPresent: boolean): D[] {
  if (!yamlExtensionPresent) return [...diagnostics];
  return diagnostics.filter((d) => {
    const code = typeof d.code === 'object' && d.code !== null ? (d.code as { value?: unknown }).value : d.code;
    return !YAML_EXTENSION_CODES.has(String(code));
  });
}
