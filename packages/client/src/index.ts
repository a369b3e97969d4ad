export { CceClient, createClient } from './client.js';
export type {
  CallOptions,
  ClientOperationName,
  ClientOptions,
  ClientTimeouts,
  OperationInput,
  OperationMethods,
  OperationOutput,
} from './client.js';
export { CceApiError, CceNetworkError, CceAbortError, isNotFound } from './errors.js';
export type { NetworkFailureKind } from './errors.js';
export { akskStrategy, tokenStrategy } from './auth-adapter.js';
export type { ClientCredentials, TokenSource } from './auth-adapter.js';
export { createDispatcher } from './dispatcher.js';
export type { DispatcherOptions } from './dispatcher.js';
export { redactHeaders, redactValue, REDACTED } from './redact.js';
export { serialize } from './serialize.js';
export type { PreparedRequest } from './serialize.js';
export { defaultRetryPolicy, decideRetry, parseRetryAfter } from './retry.js';
export type { RetryDecision, RetryPolicy } from './retry.js';
export { sign, send } from './pipeline.js';
export type { AuthStrategy, RequestLogEvent, RequestLogger, RequestToAuthorize } from './pipeline.js';
export { parse } from './response.js';
export type { BinaryResponse, MultipartBody } from '@cce-autopilot/models';
export {
  waitFor,
  waitForAddonDeleted,
  waitForAddonRunning,
  waitForClusterAvailable,
  waitForClusterDeleted,
  waitForJob,
  waitForPreCheck,
  waitForReleaseDeleted,
  waitForReleaseDeployed,
  waitForSnapshot,
  waitForUpgradeTask,
  waitForWorkflow,
  CceWaitError,
} from './waiters.js';
export type { ReleaseRef, WaitOptions, WaitProgress, WaitVerdict } from './waiters.js';
