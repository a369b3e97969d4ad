import openapi from './data/openapi-v1.30.json' with { type: 'json' };
import type { ResourceType } from './resources.js';
import type { KubeObject } from './store.js';

/**
 * The upstream Kubernetes OpenAPI v2 definitions (release-1.30, trimmed to the served kinds by
 * `scripts/trim-openapi.mjs`), and the structural checks the apiserver's decoder makes with them:
 * unknown fields (pruned, reported per `fieldValidation`), wrong JSON types, required fields.
 */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  // Other OpenAPI keywords (x-kubernetes-patch-strategy, list types, ...) pass through to /openapi unread.
  [keyword: string]: unknown;
}

export const KUBERNETES_OPENAPI_VERSION = openapi.kubernetes;
export const OPENAPI_SOURCE = openapi.source;
export const definitions: Record<string, Schema> = openapi.definitions as Record<string, Schema>;

const REF = '#/definitions/';

export function resolve(schema: Schema | undefined): Schema | undefined {
  let s = schema;
  for (let i = 0; s && typeof s.$ref === 'string' && i < 8; i++) s = definitions[s.$ref.slice(REF.length)];
  return s;
}

export function schemaOf(type: ResourceType): Schema | undefined {
  if (type.customSchema) return type.customSchema as Schema;
  return type.definition ? definitions[type.definition] : undefined;
}

export interface FieldProblems {
  unknown: string[];
  /** Wrong JSON types: what the apiserver's decoder refuses with 400 BadRequest. */
  types: string[];
  required: { field: string }[];
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v;
}

const GO_TYPE: Record<string, string> = { string: 'string', integer: 'int', number: 'float64', boolean: 'bool', object: 'object', array: 'array' };

/**
 * Walks `value` against `schema`, collecting problems and deleting unknown fields (the apiserver
 * drops them whatever the validation level). Paths use the apiserver's notation:
 * `spec.template.spec.containers[0].imagee`.
 */
const ANY_JSON = new Set([
  // A Quantity is written as a string or a number (`cpu: 1`, `memory: 128Mi`); RawExtension holds any object.
  '#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity',
  '#/definitions/io.k8s.apimachinery.pkg.runtime.RawExtension',
]);

const QUANTITY = '#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity';

/** Walks one member, storing a numeric Quantity as the string the apiserver answers with (`cpu: "1"`). */
function member(obj: KubeObject, key: string, sub: Schema | undefined, path: string, out: FieldProblems, custom: boolean): void {
  if (sub?.$ref === QUANTITY && typeof obj[key] === 'number') obj[key] = String(obj[key]);
  checkAndPrune(sub, obj[key], path, out, custom);
}

export function checkAndPrune(schema: Schema | undefined, value: unknown, path: string, out: FieldProblems, custom = false): void {
  if (typeof schema?.$ref === 'string' && ANY_JSON.has(schema.$ref)) {
    if (schema.$ref.endsWith('Quantity') && typeof value !== 'string' && typeof value !== 'number' && value !== null) out.types.push(`${path}: expected a quantity, got ${jsonType(value)}`);
    return;
  }
  const s = resolve(schema);
  if (!s || value === null || value === undefined) return;
  if (s['x-kubernetes-preserve-unknown-fields'] === true && !s.properties) return;
  // int-or-string and Quantity are strings with a format, or marked so.
  if (s['x-kubernetes-int-or-string'] === true || s.format === 'int-or-string') {
    if (typeof value !== 'string' && typeof value !== 'number') out.types.push(`${path}: expected int or string, got ${jsonType(value)}`);
    return;
  }
  const t = s.type ?? (s.properties || s.additionalProperties ? 'object' : undefined);
  const actual = jsonType(value);
  if (t === 'object') {
    if (actual !== 'object') {
      out.types.push(`${path || 'object'}: expected object, got ${actual}`);
      return;
    }
    const obj = value as KubeObject;
    if (s.properties) {
      for (const key of Object.keys(obj)) {
        const sub = s.properties[key];
        const childPath = path ? `${path}.${key}` : key;
        if (sub === undefined) {
          if (s.additionalProperties) {
            // `additionalProperties: true` allows any value: nothing to check below it.
            member(obj, key, s.additionalProperties === true ? undefined : s.additionalProperties, childPath, out, custom);
            continue;
          }
          if (s['x-kubernetes-preserve-unknown-fields'] === true) continue;
          out.unknown.push(childPath);
          delete obj[key];
          continue;
        }
        member(obj, key, sub, childPath, out, custom);
      }
      for (const req of s.required ?? []) {
        if (obj[req] === undefined) out.required.push({ field: path ? `${path}.${req}` : req });
      }
    } else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
      for (const key of Object.keys(obj)) member(obj, key, s.additionalProperties, path ? `${path}.${key}` : key, out, custom);
    }
    return;
  }
  if (t === 'array') {
    if (actual !== 'array') {
      out.types.push(`${path}: expected array, got ${actual}`);
      return;
    }
    (value as unknown[]).forEach((item, i) => checkAndPrune(s.items, item, `${path}[${i}]`, out, custom));
    return;
  }
  if (t === 'string' && s.format === 'byte' && actual === 'string') return;
  if (t && t !== actual && !(t === 'number' && actual === 'integer')) {
    out.types.push(`${path}: expected ${GO_TYPE[t] ?? t}, got ${actual}`);
    return;
  }
  if (custom && Array.isArray(s.enum) && !s.enum.includes(value)) {
    out.types.push(`${path}: Unsupported value: ${JSON.stringify(value)}: supported values: ${s.enum.map((e: unknown) => JSON.stringify(e)).join(', ')}`);
  }
}
