// Turning answers and failures into MCP tool results: structured content (the answer JSON, secrets
// redacted), a short text summary, and errors as isError results with code, message and request id.
import { CceAbortError, CceApiError, CceNetworkError, CceWaitError } from '@cce-autopilot/client';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** A failure the caller can fix (bad arguments, refused consent, wrong access level). */
export class ToolInputError extends Error {
  override readonly name = 'ToolInputError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function str(value: unknown, ...path: string[]): string | undefined {
  let current = value;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return typeof current === 'string' && current !== '' ? current : undefined;
}

/** "cluster demo (id 6ed7..., Available)" for the common answer shapes of the API. */
function describeItem(value: unknown): string | undefined {
  const name = str(value, 'metadata', 'name') ?? str(value, 'name') ?? str(value, 'metadata', 'alias');
  const id = str(value, 'metadata', 'uid') ?? str(value, 'id');
  const phase = str(value, 'status', 'phase') ?? str(value, 'status', 'status') ?? str(value, 'status');
  if (name === undefined && id === undefined) return undefined;
  const extra = [id && id !== name ? `id ${id}` : undefined, phase].filter(Boolean).join(', ');
  return `${name ?? id}${extra ? ` (${extra})` : ''}`;
}

/** One or two lines saying what came back; the structured content carries the rest. */
export function summarize(title: string, answer: unknown): string {
  const items = Array.isArray(answer) ? answer : isRecord(answer) && Array.isArray(answer['items']) ? (answer['items'] as unknown[]) : undefined;
  if (items) {
    const names = items.map(describeItem).filter((d): d is string => d !== undefined);
    const shown = names.slice(0, 10).join('; ');
    return `${title}: ${items.length} item${items.length === 1 ? '' : 's'}${shown ? `: ${shown}${names.length > 10 ? '; ...' : ''}` : ''}.`;
  }
  const one = describeItem(answer);
  if (one) return `${title}: ${one}.`;
  if (isRecord(answer)) {
    const keys = Object.keys(answer);
    return keys.length === 0 ? `${title}: done.` : `${title}: answer with ${keys.slice(0, 8).join(', ')}${keys.length > 8 ? ', ...' : ''}.`;
  }
  return `${title}: done.`;
}

const REDACTED = '[REDACTED]';
// Field names that hold credentials or key material. Narrower than the client's log redaction,
// which also blanks every field called `key`: here that would hide tag keys and break the
// answer's schema, while a kubeconfig's `client-key-data` is still caught.
const SECRET_FIELD = /(^sk$|^ak_?sk$|secret|password|passwd|token|private|key-data|keydata|client-key|credential)/i;

function redactFields(value: unknown, depth = 0): unknown {
  if (depth > 64 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactFields(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    out[key] = SECRET_FIELD.test(key) && typeof inner === 'string' && inner !== '' ? REDACTED : redactFields(inner, depth + 1);
  }
  return out;
}

/**
 * Removes every secret from what leaves the server: fields named like credentials, and the literal values of the credentials this process holds wherever they appear.
 */
export class Sanitizer {
  readonly #literals: string[] = [];

  constructor(env: Readonly<Record<string, string | undefined>>) {
    this.add(...['HUAWEICLOUD_SDK_SK', 'HUAWEICLOUD_SDK_SECURITY_TOKEN', 'HUAWEICLOUD_SDK_PASSWORD'].map((name) => env[name]));
  }

  /** More secret values to remove (those of the credentials file, once resolved). */
  add(...values: (string | undefined)[]): void {
    // Short values would blank out ordinary words; real SKs and tokens are long.
    for (const v of values) if (typeof v === 'string' && v.length >= 8 && !this.#literals.includes(v)) this.#literals.push(v);
  }

  text(text: string): string {
    let out = text;
    for (const secret of this.#literals) out = out.split(secret).join(REDACTED);
    return out;
  }

  value<T>(value: T): T {
    const redacted = redactFields(value);
    if (this.#literals.length === 0) return redacted as T;
    return JSON.parse(this.text(JSON.stringify(redacted ?? null))) as T;
  }
}

export function okResult(sanitizer: Sanitizer, summary: string, structured: Record<string, unknown>, extra: CallToolResult['content'] = []): CallToolResult {
  const clean = sanitizer.value(structured);
  return {
    content: [{ type: 'text', text: sanitizer.text(summary) }, ...extra],
    structuredContent: clean,
  };
}

/** An error result: the service code, message and request id when the API answered. */
export function errorResult(sanitizer: Sanitizer, error: unknown): CallToolResult {
  let text: string;
  if (error instanceof CceApiError) {
    const details = { code: error.code, message: error.message, status: error.status, operation: error.operation, requestId: error.requestId ?? null, retryable: error.retryable };
    text = `${error.code}: ${error.message} (HTTP ${error.status}${error.requestId ? `, request id ${error.requestId}` : ''})\n${JSON.stringify(details)}`;
  } else if (error instanceof CceNetworkError) {
    text = `network error: ${error.message}${error.requestId ? ` (request id ${error.requestId})` : ''}`;
  } else if (error instanceof CceWaitError) {
    text = `${error.reason === 'timeout' ? 'timed out' : 'failed'}: ${error.message}`;
  } else if (error instanceof CceAbortError) {
    text = `cancelled: ${error.message}`;
  } else if (error instanceof ToolInputError || error instanceof TypeError) {
    text = `invalid call: ${error.message}`;
  } else {
    text = `error: ${error instanceof Error ? error.message : String(error)}`;
  }
  return { isError: true, content: [{ type: 'text', text: sanitizer.text(text) }] };
}
