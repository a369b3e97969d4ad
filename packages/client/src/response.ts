// The parse stage: a success answer read by the operation's answer kind, a failure mapped to
// CceApiError (Retry-After carried on it), and socket/undici failures mapped to CceNetworkError.
import type { Dispatcher } from 'undici';
import type { BinaryResponse, OperationDef } from '@cce-autopilot/models';
import { CceAbortError, CceApiError, CceNetworkError, apiErrorFromResponse, type NetworkFailureKind } from './errors.js';
import { parseRetryAfter } from './retry.js';

export interface RawResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Dispatcher.ResponseData['body'];
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
  return apiErrorFromResponse(operation, response.statusCode, requestId, text, parseRetryAfter(header(response.headers, 'retry-after')));
}
