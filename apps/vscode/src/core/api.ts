import type { NetworkOperationName, OperationName } from '@cce-autopilot/models';

/** A CCE operation of the catalogue, or a VPC/EIP read (sent to the region's VPC endpoint). */
export type ApiOperationName = OperationName | NetworkOperationName;

/** Path, query and body of one call; `project_id` is filled by the connection when the path needs it. */
export interface CallInput {
  readonly path?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
}

/**
 * The one thing the extension's logic needs from the API: call an operation of the catalogue in the
 * context of one profile + region (+ project). Tests implement it with a fake or the emulator; the
 * extension adapts `@cce-autopilot/client` to it.
 */
export interface CceApi {
  readonly region: string;
  readonly projectId: string;
  call<T = unknown>(operation: ApiOperationName, input?: CallInput, signal?: AbortSignal): Promise<T>;
}

/** What the UI shows of a failed call: never a secret, always the request id when the server sent one. */
export interface Failure {
  readonly message: string;
  readonly status?: number;
  readonly code?: string;
  readonly requestId?: string;
}

function field(e: object, ...names: string[]): unknown {
  for (const n of names) {
    const v = (e as Record<string, unknown>)[n];
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

/** Reads the service code, message and request id from any error thrown by a CceApi. */
export function describeFailure(error: unknown): Failure {
  if (error instanceof Error || (typeof error === 'object' && error !== null)) {
    const e = error as object;
    const status = field(e, 'status', 'statusCode');
    const code = field(e, 'code', 'errorCode', 'error_code', 'serviceCode');
    const requestId = field(e, 'requestId', 'request_id');
    const message = field(e, 'errorMessage', 'message', 'error_msg');
    return {
      message: typeof message === 'string' ? message : String(error),
      ...(typeof status === 'number' ? { status } : {}),
      ...(typeof code === 'string' ? { code } : {}),
      ...(typeof requestId === 'string' ? { requestId } : {}),
    };
  }
  return { message: String(error) };
}

/** One line for notifications: `CCE.01404001: cluster not found (request 3f2a...)`. */
export function formatFailure(f: Failure): string {
  const head = f.code ? `${f.code}: ${f.message}` : f.status ? `HTTP ${f.status}: ${f.message}` : f.message;
  return f.requestId ? `${head} (request ${f.requestId})` : head;
}

export function isAbort(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}
