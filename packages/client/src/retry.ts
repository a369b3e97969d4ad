// The retry policy: which failures are worth sending again, and after how long. Pure functions of
// the error, the method and the attempt, so they are tested without a network.
import { CceApiError, CceNetworkError } from './errors.js';

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

/** Retry-After (seconds or an HTTP date) of a failed answer, in milliseconds. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

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
      const after = error.retryAfterMs;
      if (after !== undefined) {
        if (after > policy.maxRetryAfterMs) return no;
        return { retry: true, delayMs: Math.max(after, 0) };
      }
      return { retry: true, delayMs: jittered };
    }
    if (error.status >= 500 && idempotent) {
      const after = error.retryAfterMs;
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
