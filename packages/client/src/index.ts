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
export { defaultRetryPolicy, decideRetry, parseRetryAfter, serialize, sign, send, parse } from './transport.js';
export type {
  AuthStrategy,
  BinaryResponse,
  MultipartBody,
  PreparedRequest,
  RequestLogEvent,
  RequestLogger,
  RequestToAuthorize,
  RetryPolicy,
} from './transport.js';
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
