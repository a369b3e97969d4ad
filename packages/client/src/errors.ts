import { operations } from '@cce-autopilot/models';

/** Fields every API failure carries, whichever of the two error body shapes the server used. */
export interface CceApiErrorInit {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly requestId: string | undefined;
  readonly operation: string;
  readonly retryable: boolean;
  /** The answer's Retry-After, in milliseconds, when it had one (429, 503). */
  readonly retryAfterMs?: number | undefined;
}

/**
 * An answer from the API that is not a success: an HTTP status outside the operation's success
 * statuses, with the service error code (`CCE.01404001`) or gateway code (`APIGW.0301`).
 */
export class CceApiError extends Error implements CceApiErrorInit {
  override readonly name = 'CceApiError';
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly operation: string;
  /** Whether sending the same request again may succeed (throttling, server-side failures). */
  readonly retryable: boolean;
  /** The answer's Retry-After in milliseconds (seconds or an HTTP date on the wire); the retry policy honours it. */
  readonly retryAfterMs: number | undefined;

  constructor(init: CceApiErrorInit) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.operation = init.operation;
    this.retryable = init.retryable;
    this.retryAfterMs = init.retryAfterMs;
  }

  override toString(): string {
    const id = this.requestId ? ` (request id ${this.requestId})` : '';
    return `${this.operation} failed: HTTP ${this.status} ${this.code}: ${this.message}${id}`;
  }
}

/** Why a request got no usable answer. */
export type NetworkFailureKind =
  /** The connection was never made, so the server never saw the request. */
  | 'connect'
  /** The connection broke after the request may have been sent. */
  | 'reset'
  /** The answer's status arrived but its body was cut short or could not be parsed. */
  | 'truncated'
  /** An attempt took longer than its timeout. */
  | 'timeout';

export interface CceNetworkErrorInit {
  readonly kind: NetworkFailureKind;
  readonly operation: string;
  readonly message: string;
  readonly status?: number;
  readonly requestId?: string;
  readonly cause?: unknown;
}

/** The transport failed: no answer, a broken connection or a damaged body. */
export class CceNetworkError extends Error {
  override readonly name = 'CceNetworkError';
  readonly kind: NetworkFailureKind;
  readonly operation: string;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  /** A request that never left this machine can always be sent again, whatever its method. */
  readonly reachedServer: boolean;
  /**
   * The request reached the server and changes something (not a GET): the server may have carried
   * it out although its answer was lost (a create may have made the resource). Look before sending
   * it again; a second create of the same name would fail with a conflict or make a second one.
   */
  readonly requestMayHaveBeenProcessed: boolean;

  constructor(init: CceNetworkErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.operation = init.operation;
    this.status = init.status;
    this.requestId = init.requestId;
    this.reachedServer = init.kind !== 'connect';
    const method = (operations as Record<string, { method?: string } | undefined>)[init.operation]?.method;
    this.requestMayHaveBeenProcessed = this.reachedServer && method !== undefined && method !== 'GET' && method !== 'HEAD';
    if (this.requestMayHaveBeenProcessed) {
      this.message = `${init.message}; the request was sent and may have been carried out although its answer was lost: check before sending it again`;
    }
  }
}

/** The caller's signal fired or the call's deadline passed before an answer arrived. */
export class CceAbortError extends Error {
  override readonly name = 'CceAbortError';
  readonly operation: string;
  readonly reason: 'aborted' | 'deadline';

  constructor(operation: string, reason: 'aborted' | 'deadline', cause?: unknown) {
    super(reason === 'deadline' ? `${operation}: deadline exceeded` : `${operation}: aborted`, cause === undefined ? undefined : { cause });
    this.operation = operation;
    this.reason = reason;
  }
}

const MAX_MESSAGE = 500;

function pickString(obj: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = obj[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/** Codes the gateway and service use for "try again later". */
function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * Builds the error for a failed answer. Accepts the gateway shape
 * `{error_code, error_msg, request_id}` and the service shape `{errorCode, errorMessage}`, and
 * falls back to the raw text when the body is not JSON or was cut short.
 */
export function apiErrorFromResponse(
  operation: string,
  status: number,
  headerRequestId: string | undefined,
  bodyText: string,
  retryAfterMs?: number,
): CceApiError {
  let code: string | undefined;
  let message: string | undefined;
  let bodyRequestId: string | undefined;
  const trimmed = bodyText.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
        const obj = parsed as Record<string, unknown>;
        code = pickString(obj, 'errorCode', 'error_code', 'code');
        message = pickString(obj, 'errorMessage', 'error_msg', 'message');
        bodyRequestId = pickString(obj, 'request_id', 'requestId');
        // Some gateways nest the pair one level down: {"error": {"code", "message"}}.
        const nested = obj['error'];
        if (code === undefined && nested !== null && typeof nested === 'object') {
          const inner = nested as Record<string, unknown>;
          code = pickString(inner, 'code', 'error_code', 'errorCode');
          message ??= pickString(inner, 'message', 'error_msg', 'errorMessage');
        }
      }
    } catch {
      // Truncated or malformed JSON: the raw text below is the best there is.
    }
  }
  if (message === undefined) {
    message = trimmed === '' ? httpReason(status) : trimmed.slice(0, MAX_MESSAGE);
  }
  return new CceApiError({
    status,
    code: code ?? `HTTP.${status}`,
    message,
    requestId: headerRequestId ?? bodyRequestId,
    operation,
    retryable: isRetryableStatus(status),
    retryAfterMs,
  });
}

function httpReason(status: number): string {
  switch (status) {
    case 400: return 'Bad Request';
    case 401: return 'Unauthorized';
    case 403: return 'Forbidden';
    case 404: return 'Not Found';
    case 409: return 'Conflict';
    case 429: return 'Too Many Requests';
    case 500: return 'Internal Server Error';
    case 502: return 'Bad Gateway';
    case 503: return 'Service Unavailable';
    case 504: return 'Gateway Timeout';
    default: return `HTTP ${status}`;
  }
}

/** Whether an error means the resource does not exist (any CCE 404 code, or a bare 404). */
export function isNotFound(error: unknown): boolean {
  return error instanceof CceApiError && error.status === 404;
}
