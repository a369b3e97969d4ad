/** Header names whose values are credentials; compared in lower case. */
const SECRET_HEADERS = new Set([
  'authorization',
  'x-auth-token',
  'x-security-token',
  'x-subject-token',
  'proxy-authorization',
  'cookie',
  'set-cookie',
]);

/** Object keys whose values are credentials or key material wherever they appear. */
const SECRET_KEY = /(^sk$|secret|password|passwd|token|private|key-data|keydata|client-key|^key$|credential)/i;

export const REDACTED = '[REDACTED]';

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase());
}

/** A copy of the headers with every credential replaced by a marker. */
export function redactHeaders(headers: Readonly<Record<string, string | string[] | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = isSecretHeader(name) ? REDACTED : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** A deep copy of a JSON-like value with secret-named fields replaced by a marker. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 32 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    out[key] = SECRET_KEY.test(key) && inner !== null && inner !== '' ? REDACTED : redactValue(inner, depth + 1);
  }
  return out;
}

/** Query parameters are logged too; none of the API's carry secrets, but a signed URL might. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  for (const key of [...parsed.searchParams.keys()]) {
    if (SECRET_KEY.test(key) || /signature/i.test(key)) parsed.searchParams.set(key, REDACTED);
  }
  parsed.username = '';
  parsed.password = '';
  return parsed.toString();
}
