// The request pipeline, as named stages: serialize -> sign -> retry -> send -> parse -> map errors.
// Each stage is a plain function so the client, the benchmark and the tests can see the seams.
import type { Dispatcher } from 'undici';
import { FormData } from 'undici';
import { expandPath, loneSurrogateAt, type BinaryResponse, type MultipartBody, type OperationDef } from '@cce-autopilot/models';
import { CceAbortError, CceApiError, CceNetworkError, apiErrorFromResponse, type NetworkFailureKind } from './errors.js';
import { redactHeaders, redactUrl } from './redact.js';

/** What the sign stage sees: everything the signature covers. */
export interface RequestToAuthorize {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The exact body bytes, or undefined when there is none or it is streamed unsigned. */
  readonly body: string | Uint8Array | undefined;
}

/** Adds authentication headers to a request (AK/SK signature or IAM token). Only adds headers. */
export interface AuthStrategy {
  authorize(request: RequestToAuthorize, signal?: AbortSignal): Record<string, string> | Promise<Record<string, string>>;
}

// MultipartBody (a chart archive as a Blob, e.g. `fs.openAsBlob(path)`, which streams, or bytes) and
// BinaryResponse are part of the operation contract in models.
export type { BinaryResponse, MultipartBody };

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

export interface RawResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Dispatcher.ResponseData['body'];
}

/** One event per attempt and outcome; headers are already redacted, bodies are never included. */
export interface RequestLogEvent {
  readonly type: 'request' | 'response' | 'retry' | 'error';
  readonly operation: string;
  readonly method: string;
  readonly url: string;
  readonly attempt: number;
  readonly headers?: Record<string, string>;
  readonly status?: number;
  readonly requestId?: string;
  readonly durationMs?: number;
  readonly delayMs?: number;
  readonly error?: string;
}

export type RequestLogger = (event: RequestLogEvent) => void;

export interface RetryPolicy {
  /** Attempts in total, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not waited for; the 429 is returned instead. */
  readonly maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 200,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
};

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

// ---------------------------------------------------------------- serialize

/** RFC 3986 unreserved characters stay; everything else is percent-encoded (as the signer does for query values). */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
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

// ---------------------------------------------------------------- sign

/** Adds the auth headers; synchronous for AK/SK signing, so the common path awaits nothing here. */
export function sign(request: PreparedRequest, auth: AuthStrategy, signal?: AbortSignal): Record<string, string> | Promise<Record<string, string>> {
  const bodyForSigning = request.body instanceof FormData ? undefined : request.body;
  const added = auth.authorize(
    { method: request.method, url: request.origin + request.path, headers: request.headers, body: bodyForSigning },
    signal,
  );
  return added instanceof Promise ? added.then((more) => ({ ...request.headers, ...more })) : { ...request.headers, ...added };
}

// ---------------------------------------------------------------- send

export interface SendOptions {
  readonly dispatcher: Dispatcher;
  readonly signal: AbortSignal;
  readonly attemptTimeoutMs: number;
}

export async function send(request: PreparedRequest, headers: Record<string, string>, options: SendOptions): Promise<RawResponse> {
  try {
    return await options.dispatcher.request({
      origin: request.origin,
      path: request.path,
      method: request.method as Dispatcher.HttpMethod,
      headers,
      body: request.body as Dispatcher.DispatchOptions['body'],
      signal: options.signal,
      headersTimeout: options.attemptTimeoutMs,
      bodyTimeout: options.attemptTimeoutMs,
    });
  } catch (error) {
    throw toTransportError(request.operation, error, options.signal);
  }
}

const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
const TRUNCATED_CODES = new Set(['UND_ERR_RES_CONTENT_LENGTH_MISMATCH']);

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET' && code !== 'UND_ERR') return code;
    if (typeof code === 'string' && code === 'UND_ERR_SOCKET') {
      const inner = (current as { cause?: { code?: unknown } }).cause?.code;
      return typeof inner === 'string' ? inner : code;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Turns an undici/socket failure into a CceNetworkError or, when a signal fired, a CceAbortError. */
export function toTransportError(operation: string, error: unknown, signal: AbortSignal, status?: number, requestId?: string): Error {
  if (error instanceof CceAbortError || error instanceof CceApiError || error instanceof CceNetworkError) return error;
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    return new CceAbortError(operation, reason instanceof DeadlineReason ? 'deadline' : 'aborted', reason);
  }
  const code = errorCode(error);
  // Anything that is not a socket/undici failure (a bad input, a credential error) passes unchanged.
  if (code === undefined && !isUndiciError(error) && status === undefined) {
    return error instanceof Error ? error : new Error(String(error));
  }
  let kind: NetworkFailureKind;
  if (code !== undefined && CONNECT_CODES.has(code)) kind = 'connect';
  else if (code !== undefined && TIMEOUT_CODES.has(code)) kind = 'timeout';
  else if (status !== undefined || (code !== undefined && TRUNCATED_CODES.has(code))) kind = 'truncated';
  else kind = 'reset';
  const detail = error instanceof Error ? error.message : String(error);
  return new CceNetworkError({
    kind,
    operation,
    message: `${operation}: ${kind === 'connect' ? 'could not connect' : kind === 'timeout' ? 'timed out' : kind === 'truncated' ? 'response body cut short' : 'connection lost'} (${code ?? detail})`,
    ...(status === undefined ? {} : { status }),
    ...(requestId === undefined ? {} : { requestId }),
    cause: error,
  });
}

function isUndiciError(error: unknown): boolean {
  return error instanceof Error && (error.name.startsWith('Undici') || error.name === 'SocketError' || error.name === 'AbortError' || (error.cause !== undefined && errorCode(error.cause) !== undefined));
}

/** Marks the abort reason of a passed deadline, to tell it from the caller's own abort. */
export class DeadlineReason extends Error {
  override readonly name = 'DeadlineReason';
}

// ---------------------------------------------------------------- parse / map errors

function header(headers: RawResponse['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function requestIdOf(response: RawResponse): string | undefined {
  return header(response.headers, 'x-request-id');
}

const MAX_ERROR_BODY = 64 * 1024;

/** Reads a success body by the operation's response kind, or maps a failure to CceApiError. */
export async function parse(op: OperationDef, response: RawResponse, signal: AbortSignal): Promise<unknown> {
  const requestId = requestIdOf(response);
  if (!op.successStatus.includes(response.statusCode)) {
    throw await mapError(op.name, response, requestId, signal);
  }
  switch (op.responseKind) {
    case 'binary': {
      const length = header(response.headers, 'content-length');
      const result: BinaryResponse = {
        body: response.body,
        contentType: header(response.headers, 'content-type'),
        contentLength: length === undefined ? undefined : Number(length),
        requestId,
      };
      return result;
    }
    case 'empty':
      await response.body.dump();
      return undefined;
    case 'text':
      return readBody(op.name, response, requestId, signal);
    case 'json': {
      const text = await readBody(op.name, response, requestId, signal);
      if (text.trim() === '') return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text) as unknown;
      } catch (error) {
        throw new CceNetworkError({
          kind: 'truncated',
          operation: op.name,
          message: `${op.name}: the answer is not valid JSON (${text.length} bytes; ${(error as Error).message})`,
          status: response.statusCode,
          ...(requestId === undefined ? {} : { requestId }),
        });
      }
      return withResponseHeaders(op, parsed, response);
    }
  }
}

/**
 * Operations whose answer is partly in headers (the certificate's `Port-ID`) get them as a
 * `responseHeaders` property, under the header names of the catalogue. It is not enumerable, so
 * the answer prints and serializes exactly as the service sent it (a kubeconfig stays a kubeconfig).
 */
function withResponseHeaders(op: OperationDef, value: unknown, response: RawResponse): unknown {
  if (!op.responseHeaders || op.responseHeaders.length === 0 || value === null || typeof value !== 'object') return value;
  const found: Record<string, string> = {};
  for (const name of op.responseHeaders) {
    const v = header(response.headers, name.toLowerCase());
    if (v !== undefined) found[name] = v;
  }
  Object.defineProperty(value, 'responseHeaders', { value: Object.freeze(found), enumerable: false });
  return value;
}

async function readBody(operation: string, response: RawResponse, requestId: string | undefined, signal: AbortSignal): Promise<string> {
  try {
    return await response.body.text();
  } catch (error) {
    throw toTransportError(operation, error, signal, response.statusCode, requestId);
  }
}

export async function mapError(operation: string, response: RawResponse, requestId: string | undefined, _signal: AbortSignal): Promise<CceApiError> {
  let text = '';
  try {
    // An error body is only read for its message; a damaged one must not hide the status.
    for await (const chunk of response.body) {
      text += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
      if (text.length > MAX_ERROR_BODY) {
        response.body.destroy();
        break;
      }
    }
  } catch {
    // Truncated error body: keep what arrived.
  }
  const error = apiErrorFromResponse(operation, response.statusCode, requestId, text);
  retryAfterOf.set(error, parseRetryAfter(header(response.headers, 'retry-after')));
  return error;
}

/** Retry-After (seconds or an HTTP date) of a failed answer, in milliseconds. */
const retryAfterOf = new WeakMap<CceApiError, number | undefined>();

export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

// ---------------------------------------------------------------- retry

export interface RetryDecision {
  readonly retry: boolean;
  readonly delayMs: number;
}

/**
 * Whether to send again after a failure. Idempotent methods: 5xx, 429, connection failures and
 * damaged bodies. Others (POST, PATCH): only when the request certainly never reached the server
 * (no connection) or the server throttled it (429), since anything else may have been performed.
 */
export function decideRetry(
  error: unknown,
  method: string,
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): RetryDecision {
  const no = { retry: false, delayMs: 0 };
  if (attempt >= policy.maxAttempts) return no;
  const idempotent = IDEMPOTENT.has(method);
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  // Full jitter: spreads clients that failed together so they do not come back together.
  const jittered = Math.round(backoff / 2 + (random() * backoff) / 2);
  if (error instanceof CceApiError) {
    if (error.status === 429) {
      const after = retryAfterOf.get(error);
      if (after !== undefined) {
        if (after > policy.maxRetryAfterMs) return no;
        return { retry: true, delayMs: Math.max(after, 0) };
      }
      return { retry: true, delayMs: jittered };
    }
    if (error.status >= 500 && idempotent) {
      const after = retryAfterOf.get(error);
      return { retry: true, delayMs: after !== undefined && after <= policy.maxRetryAfterMs ? after : jittered };
    }
    return no;
  }
  if (error instanceof CceNetworkError) {
    if (!error.reachedServer || idempotent) return { retry: true, delayMs: jittered };
    return no;
  }
  return no;
}

export interface PipelineContext {
  readonly op: OperationDef;
  readonly prepared: PreparedRequest;
  readonly auth: AuthStrategy;
  readonly dispatcher: Dispatcher;
  readonly policy: RetryPolicy;
  readonly attemptTimeoutMs: number;
  readonly signal: AbortSignal;
  readonly logger: RequestLogger | undefined;
  /** `performance.now()` time of the call's deadline: a retry that would wait past it is not made. */
  readonly deadlineAt?: number;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** A logging hook that throws must not turn a good answer into a failure (or a retry). */
function safeLog(logger: RequestLogger | undefined, event: RequestLogEvent): void {
  if (!logger) return;
  try {
    logger(event);
  } catch {
    // The hook's own problem; the call goes on.
  }
}

/** Runs sign -> send -> parse, retrying as decideRetry says, until success or a final error. */
export async function runPipeline(ctx: PipelineContext): Promise<unknown> {
  const { op, prepared, signal, logger } = ctx;
  const url = logger ? redactUrl(prepared.origin + prepared.path) : '';
  for (let attempt = 1; ; attempt++) {
    const started = logger ? performance.now() : 0;
    let status: number | undefined;
    let requestId: string | undefined;
    try {
      const signed = sign(prepared, ctx.auth, signal);
      const headers = signed instanceof Promise ? await signed : signed;
      if (logger) safeLog(logger, { type: 'request', operation: op.name, method: prepared.method, url, attempt, headers: redactHeaders(headers) });
      const response = await send(prepared, headers, { dispatcher: ctx.dispatcher, signal, attemptTimeoutMs: ctx.attemptTimeoutMs });
      status = response.statusCode;
      requestId = requestIdOf(response);
      const value = await parse(op, response, signal);
      if (logger) {
        safeLog(logger, { type: 'response', operation: op.name, method: prepared.method, url, attempt, status, ...(requestId ? { requestId } : {}), durationMs: performance.now() - started, headers: redactHeaders(response.headers) });
      }
      return value;
    } catch (caught) {
      const error = toTransportError(op.name, caught, signal, status, requestId);
      let decision = decideRetry(error, prepared.method, attempt, ctx.policy);
      // Better to report the real failure now than a "deadline exceeded" after a pointless wait.
      if (decision.retry && ctx.deadlineAt !== undefined && performance.now() + decision.delayMs >= ctx.deadlineAt) decision = { retry: false, delayMs: 0 };
      if (logger) {
        safeLog(logger, {
          type: decision.retry ? 'retry' : 'error',
          operation: op.name,
          method: prepared.method,
          url,
          attempt,
          ...(status === undefined ? {} : { status }),
          ...(requestId ? { requestId } : {}),
          durationMs: performance.now() - started,
          ...(decision.retry ? { delayMs: decision.delayMs } : {}),
          error: error.message,
        });
      }
      if (!decision.retry) throw error;
      try {
        await sleep(decision.delayMs, signal);
      } catch (abort) {
        throw toTransportError(op.name, abort, signal);
      }
    }
  }
}
