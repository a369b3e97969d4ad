import type { AllOperationName, OperationInput, OperationOutput } from '@cce-autopilot/models';

/** A CCE operation of the catalogue, or a VPC/EIP read (sent to the region's VPC endpoint). */
export type ApiOperationName = AllOperationName;

/**
 * What one call takes, typed by the catalogue: path parameters (`project_id` filled by the
 * connection), query parameters and `body`, side by side.
 */
export type ApiInput<N extends ApiOperationName> = OperationInput<N>;

/** What one call answers, typed by the catalogue's response schema. */
export type ApiOutput<N extends ApiOperationName> = OperationOutput<N>;

/**
 * The one thing the extension's logic needs from the API: call an operation of the catalogue in the
 * context of one profile + region (+ project). Tests implement it with a fake or the emulator; the
 * extension adapts `@cce-autopilot/client` to it.
 */
export interface CceApi {
  readonly region: string;
  readonly projectId: string;
  call<N extends ApiOperationName>(operation: N, input: ApiInput<N>, signal?: AbortSignal): Promise<ApiOutput<N>>;
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

// The API objects the extension reads, named after the operations that answer them (the
// catalogue's types; nothing here is declared by hand).
export type Item<L> = L extends readonly (infer E)[] ? E : L extends { readonly items?: infer I } ? (I extends readonly (infer E)[] ? E : NonNullable<I>) : never;
export type Cluster = ApiOutput<'ShowAutopilotCluster'>;
export type ClusterCreateBody = ApiInput<'CreateAutopilotCluster'>['body'];
export type ResourceTag = NonNullable<NonNullable<Cluster['spec']>['clusterTags']>[number];
export type AddonInstance = ApiOutput<'ShowAutopilotAddonInstance'>;
export type AddonTemplate = Item<ApiOutput<'ListAutopilotAddonTemplates'>>;
export type AddonVersion = NonNullable<NonNullable<AddonTemplate['spec']>['versions']>[number];
export type Release = ApiOutput<'ShowAutopilotRelease'>;
export type Chart = Item<ApiOutput<'ListAutopilotCharts'>>;
/** The operations whose answers list the tasks of a cluster's Upgrade node. */
export type TaskListName = 'ListAutopilotUpgradeClusterTasks' | 'ListAutopilotPreCheckTasks' | 'ListAutopilotClusterMasterSnapshotTasks' | 'ListAutopilotUpgradeWorkFlows';
/** A row of the Upgrade node's task folders. */
export type TaskRow = Item<ApiOutput<TaskListName>>;
/** A row of the Upgrade node's task folders, or a task the flows start and follow. */
export type Task =
  | Item<ApiOutput<TaskListName>>
  | ApiOutput<'CreateAutopilotPreCheck' | 'ShowAutopilotPreCheck' | 'UpgradeAutopilotCluster' | 'ShowAutopilotUpgradeClusterTask' | 'CreateAutopilotPostCheck' | 'CreateAutopilotUpgradeWorkFlow'>;

/** A string field of an answer's object whose shape differs between operations (the task kinds). */
export function textField(o: unknown, key: string): string | undefined {
  if (typeof o !== 'object' || o === null) return undefined;
  const v = (o as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : undefined;
}

/** The status fields every kind of task may carry (they differ in the rest). */
export function taskState(t: object): { phase?: string; progress?: string; message?: string; reason?: string } {
  const s = 'status' in t ? t.status : undefined;
  return { phase: textField(s, 'phase'), progress: textField(s, 'progress'), message: textField(s, 'message'), reason: textField(s, 'reason') };
}
export type Job = ApiOutput<'ShowAutopilotJob'>;
export type UpgradeInfo = ApiOutput<'ShowAutopilotClusterUpgradeInfo'>;

/** Several list answers are bare arrays in one place and wrapped in another; accept both. */
export function asArray<T>(body: unknown, key = 'items'): T[] {
  if (Array.isArray(body)) return (body.flat() as T[]);
  if (body && typeof body === 'object') {
    const v = (body as Record<string, unknown>)[key];
    if (Array.isArray(v)) return v as T[];
  }
  return [];
}
