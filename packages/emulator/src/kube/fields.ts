// Reading the untyped parts of Kubernetes objects (spec, status, data...) without casts: each
// accessor answers undefined (or empty) when the JSON there has another shape.
import { isObject, objectOrEmpty, type JsonObject } from '../json.js';

export { isObject, objectOrEmpty, type JsonObject };

/** The value at `keys` below `v` (undefined as soon as one step is not an object). */
export function at(v: unknown, ...keys: string[]): unknown {
  let cur = v;
  for (const k of keys) {
    if (!isObject(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/** The object at `keys` below `v`, or an empty one. */
export function objectAt(v: unknown, ...keys: string[]): JsonObject {
  return objectOrEmpty(at(v, ...keys));
}

export function stringOf(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function numberOf(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

/** The array, or an empty one. */
export function arrayOf(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The objects of an array (other entries skipped), or none. */
export function objectsOf(v: unknown): JsonObject[] {
  return arrayOf(v).filter(isObject);
}

/** A list of strings, or undefined when `v` is not one. */
export function stringsOf(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
}
