// Reading JSON the emulator did not type: stored specs, template inputs, bodies outside the catalogue.

export type JsonObject = Record<string, unknown>;

/** Whether a value is a JSON object (not an array, not null). */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value if it is a JSON object, else an empty one (absent optional parts read as empty). */
export function objectOrEmpty(v: unknown): JsonObject {
  return isObject(v) ? v : {};
}

/** The value if it is a JSON object, else undefined (for input read without a schema). */
export function asObject(v: unknown): JsonObject | undefined {
  return isObject(v) ? v : undefined;
}
