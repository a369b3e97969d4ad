// The serialize stage: an operation of the catalogue and its typed input become method, path,
// query, headers and body, checked against the catalogue (unknown keys, enums, required query).
import { FormData } from 'undici';
import { encodeRfc3986, expandPath, loneSurrogateAt, type MultipartBody, type OperationDef } from '@cce-autopilot/models';

export interface PreparedRequest {
  readonly operation: string;
  readonly method: string;
  readonly origin: string;
  /** Path plus query, already encoded. */
  readonly path: string;
  readonly headers: Record<string, string>;
  /** Always replayable on a retry: multipart content is a Blob or bytes, never a one-shot stream. */
  readonly body: string | Uint8Array | FormData | undefined;
}

function scalar(operation: string, name: string, value: unknown): string {
  if (typeof value === 'string') {
    const bad = loneSurrogateAt(value);
    if (bad >= 0) throw new TypeError(`${operation}: parameter "${name}" is not valid text: a lone UTF-16 surrogate (\\u${value.charCodeAt(bad).toString(16)}) at index ${bad} cannot be put in a URL`);
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new TypeError(`${operation}: parameter "${name}" must be a string, number or boolean, got ${value === null ? 'null' : typeof value}`);
}

/**
 * Builds method, path, query, headers and body from an operation and its input
 * (`{...pathParams, ...query, body}`). The project id fills `{project_id}` and `X-Project-Id`.
 */
export function serialize(
  op: OperationDef,
  input: Readonly<Record<string, unknown>>,
  projectId: string | undefined,
  origin: string,
  userAgent: string,
  extraQuery?: Readonly<Record<string, string | number | boolean>>,
): PreparedRequest {
  const known = new Set<string>(['body']);
  const pathValues: Record<string, string> = {};
  for (const param of op.pathParams) {
    known.add(param.name);
    const raw = param.name === 'project_id' ? (input[param.name] ?? projectId) : input[param.name];
    if (raw !== undefined) pathValues[param.name] = scalar(op.name, param.name, raw);
  }
  const path = expandPath(op, pathValues);
  let query = '';
  for (const param of op.query) {
    known.add(param.name);
    const raw = input[param.name];
    if (raw === undefined) {
      if (param.required) throw new TypeError(`${op.name}: missing query parameter "${param.name}"`);
      continue;
    }
    const value = scalar(op.name, param.name, raw);
    if (param.enum && !param.enum.includes(value)) {
      throw new TypeError(`${op.name}: query parameter "${param.name}" must be one of ${param.enum.join(', ')}; got "${value}"`);
    }
    query += `${query === '' ? '?' : '&'}${encodeRfc3986(param.name)}=${encodeRfc3986(value)}`;
  }
  for (const key of Object.keys(input)) {
    if (!known.has(key)) {
      throw new TypeError(`${op.name}: unknown parameter "${key}" (accepted: ${[...known].join(', ')}; a query parameter the catalogue does not know yet goes in the call option extraQuery)`);
    }
  }
  // The escape hatch for query parameters the cloud adds before the catalogue knows them: sent as
  // given, after the typed ones. A modelled name is refused so it cannot bypass its enum check.
  for (const [name, raw] of Object.entries(extraQuery ?? {})) {
    if (known.has(name)) throw new TypeError(`${op.name}: extraQuery "${name}" is a parameter of the operation; pass it in the input instead`);
    const value = scalar(op.name, `extraQuery.${name}`, raw);
    query += `${query === '' ? '?' : '&'}${encodeRfc3986(name)}=${encodeRfc3986(value)}`;
  }

  const headers: Record<string, string> = { 'user-agent': userAgent, accept: 'application/json' };
  // Every CCE call carries the project (several paths have none); IAM calls have no project yet.
  if (projectId !== undefined) headers['x-project-id'] = projectId;
  let body: PreparedRequest['body'];
  if (op.requestKind === 'json') {
    headers['content-type'] = 'application/json';
    const value = input['body'];
    body = value === undefined ? undefined : JSON.stringify(value);
  } else if (op.requestKind === 'multipart') {
    const value = input['body'];
    if (value === undefined || value === null || typeof value !== 'object' || !('content' in value)) {
      throw new TypeError(`${op.name}: body must be {content: Blob | Uint8Array, parameters?, filename?}`);
    }
    const multipart = value as MultipartBody;
    const form = new FormData();
    if (multipart.parameters !== undefined) {
      form.append('parameters', typeof multipart.parameters === 'string' ? multipart.parameters : JSON.stringify(multipart.parameters));
    }
    const blob = multipart.content instanceof Uint8Array ? new Blob([multipart.content as Uint8Array<ArrayBuffer>]) : multipart.content;
    form.append('content', blob, multipart.filename ?? 'chart.tgz');
    body = form;
    // The multipart body is streamed, so it is signed as UNSIGNED-PAYLOAD, as the official SDKs do.
    headers['x-sdk-content-sha256'] = 'UNSIGNED-PAYLOAD';
  } else {
    headers['content-type'] = 'application/json';
    if (input['body'] !== undefined) throw new TypeError(`${op.name}: takes no request body`);
  }
  return { operation: op.name, method: op.method, origin, path: path + query, headers, body };
}
