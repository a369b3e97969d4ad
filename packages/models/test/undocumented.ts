import type { TSchema } from '@sinclair/typebox';
import { isValid } from '../src/index.js';

/**
 * Lists the JSON pointers of object keys a value carries that its schema does not describe (maps,
 * i.e. records, accept any key). Answers may carry such keys; listing them shows which ones a fixture
 * relies on, so a misspelt schema field cannot hide behind open objects.
 */
export function undocumentedKeys(schema: TSchema, value: unknown, path = ''): string[] {
  const s = schema as TSchema & { anyOf?: TSchema[]; properties?: Record<string, TSchema>; items?: TSchema; patternProperties?: Record<string, TSchema> };
  if (s.anyOf) {
    const branch = s.anyOf.find((b) => value !== null && isValid(b, value)) ?? s.anyOf.find((b) => isValid(b, value));
    return branch ? undocumentedKeys(branch, value, path) : [];
  }
  if (Array.isArray(value) && s.items) return value.flatMap((v, i) => undocumentedKeys(s.items as TSchema, v, `${path}/${i}`));
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  // Maps (records) and objects declared open (`additionalProperties: true`) take any key.
  if (s.patternProperties || (s as { additionalProperties?: unknown }).additionalProperties === true) return [];
  if (!s.properties) return [];
  const props = s.properties;
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
    const sub = props[k];
    return sub ? undocumentedKeys(sub, v, `${path}/${k}`) : [`${path}/${k}`];
  });
}
