// The request pipeline, as named stages: serialize (./serialize.js) -> sign -> send -> parse
// (./response.js) -> retry as the policy says (./retry.js). Each stage is a plain function so the
// client, the benchmark and the tests can see the seams.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { FormData } from 'undici';
import type { OperationDef } from '@cce-autopilot/models';
import { redactHeaders, redactUrl } from './redact.js';
import { decideRetry, type RetryPolicy } from './retry.js';
import { parse, requestIdOf, toTransportError, type RawResponse } from './response.js';
import type { PreparedRequest } from './serialize.js';

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

// ---------------------------------------------------------------- retry loop

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
        await sleep(decision.delayMs, undefined, { signal });
      } catch (abort) {
        throw toTransportError(op.name, abort, signal);
      }
    }
  }
}
