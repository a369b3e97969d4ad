import type { Dispatcher } from 'undici';
import { allOperations, type AllOperationName, type BinaryResponse, type OperationDef, type OperationInput, type OperationOutput, type ServiceKind } from '@cce-autopilot/models';
import { resolveEndpoints, serviceEndpointEnvName } from '@cce-autopilot/auth';
import { createDispatcher, type DispatcherOptions } from './dispatcher.js';
import { runPipeline, type AuthStrategy, type RequestLogger } from './pipeline.js';
import { DeadlineReason } from './response.js';
import { defaultRetryPolicy, type RetryPolicy } from './retry.js';
import { serialize } from './serialize.js';
import { CceAbortError } from './errors.js';
import { resolveAuthStrategy, resolveDomainId, resolveProjectId, type ClientCredentials, type DomainLookup, type ResolvedAuth } from './auth-adapter.js';

// The CCE catalogue plus the VPC/EIP operations (sent to the VPC endpoint). The typed contract
// (OperationInput / OperationOutput) lives in models, so the emulator and the extension share it.
export type ClientOperationName = AllOperationName;
export type { OperationInput, OperationOutput };

export interface CallOptions {
  /** Cancels the call, retries and waits included. */
  readonly signal?: AbortSignal;
  /** Deadline of the whole call, retries included; defaults to the client's `timeouts.deadlineMs`. */
  readonly timeoutMs?: number;
  /**
   * Query parameters the catalogue does not model yet (ones the cloud adds later), sent as given.
   * The typed input stays strict: an unknown key there is still refused, and a parameter the
   * catalogue models is refused here.
   */
  readonly extraQuery?: Readonly<Record<string, string | number | boolean>>;
}

type MethodOf<N extends ClientOperationName> = Record<never, never> extends OperationInput<N>
  ? (input?: OperationInput<N>, options?: CallOptions) => Promise<OperationOutput<N>>
  : (input: OperationInput<N>, options?: CallOptions) => Promise<OperationOutput<N>>;

/** One method per operation, named after it: `ShowAutopilotCluster` -> `showAutopilotCluster`. */
export type OperationMethods = { [N in ClientOperationName as Uncapitalize<N>]: MethodOf<N> };

export interface ClientTimeouts {
  /** TCP/TLS connect. Default 10 s. */
  readonly connectMs?: number;
  /** One attempt: waiting for headers, and between body chunks. Default 30 s. */
  readonly attemptMs?: number;
  /** A whole call, retries included. Default 120 s. */
  readonly deadlineMs?: number;
}

export interface ClientOptions {
  /** Region id, e.g. `cn-north-4`. Defaults to `HUAWEICLOUD_SDK_REGION`, then `cn-north-4`. */
  readonly region?: string;
  /**
   * AK/SK (optionally temporary, with a security token), an IAM token source, or any AuthStrategy.
   * Absent: the auth package's default chain (environment, then the profile file).
   */
  readonly credentials?: ClientCredentials;
  /** Profile in the credentials file, for the default chain. */
  readonly profile?: string;
  /** Absent: `HUAWEICLOUD_SDK_PROJECT_ID`, then looked up through IAM by region name (once). */
  readonly projectId?: string;
  /** A custom `cce` alone (e.g. the emulator) serves IAM and VPC too, unless those are given or set in the environment. */
  readonly endpoints?: { readonly cce?: string; readonly iam?: string; readonly vpc?: string };
  readonly timeouts?: ClientTimeouts;
  readonly retry?: Partial<RetryPolicy>;
  readonly proxy?: string | false;
  readonly noProxy?: string;
  readonly ca?: DispatcherOptions['ca'];
  readonly userAgent?: string;
  /** Receives redacted summaries of every attempt (no credentials, no bodies). */
  readonly logger?: RequestLogger;
  /** Use this dispatcher instead of creating one (it is then not closed by `close()`). */
  readonly dispatcher?: Dispatcher;
  /** Environment to read defaults from; defaults to `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const DEFAULT_USER_AGENT = `cce-autopilot-client/0.1.0 node/${process.versions.node}`;

function lowerFirst<S extends string>(name: S): Uncapitalize<S> {
  return (name.charAt(0).toLowerCase() + name.slice(1)) as Uncapitalize<S>;
}

/** The CCE Autopilot API client: one method per operation plus `request(name, input)`. */
// The generated methods are typed through the interface of the same name below.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class CceClient {
  readonly region: string;
  readonly cceEndpoint: string;
  readonly iamEndpoint: string;
  readonly vpcEndpoint: string;
  /** Origin and base path per service endpoint. */
  readonly #targets: Readonly<Record<ServiceKind, { readonly origin: string; readonly basePath: string }>>;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #policy: RetryPolicy;
  readonly #attemptMs: number;
  readonly #deadlineMs: number;
  readonly #userAgent: string;
  readonly #logger: RequestLogger | undefined;
  readonly #options: ClientOptions;
  #auth: ResolvedAuth | Promise<ResolvedAuth> | undefined;
  #projectId: string | Promise<string> | undefined;
  #domainId: string | Promise<string> | undefined;

  constructor(options: ClientOptions = {}) {
    const env = options.env ?? process.env;
    this.#options = options;
    this.region = options.region ?? env['HUAWEICLOUD_SDK_REGION'] ?? 'cn-north-4';
    // A custom CCE endpoint (e.g. the emulator) usually serves IAM too; the real cloud does not.
    const iamOverride = options.endpoints?.iam ?? (options.endpoints?.cce !== undefined && !env['HUAWEICLOUD_SDK_IAM_ENDPOINT'] ? options.endpoints.cce : undefined);
    const vpcEnvName = serviceEndpointEnvName('VPC', this.region);
    const vpcOverride = options.endpoints?.vpc ?? (options.endpoints?.cce !== undefined && !env[vpcEnvName] ? options.endpoints.cce : undefined);
    const endpoints = resolveEndpoints({
      region: this.region,
      env,
      ...(options.endpoints?.cce === undefined ? {} : { cceEndpoint: options.endpoints.cce }),
      ...(iamOverride === undefined ? {} : { iamEndpoint: iamOverride }),
      ...(vpcOverride === undefined ? {} : { vpcEndpoint: vpcOverride }),
    });
    this.cceEndpoint = endpoints.cce.replace(/\/$/, '');
    this.iamEndpoint = endpoints.iam.replace(/\/$/, '');
    this.vpcEndpoint = endpoints.vpc.replace(/\/$/, '');
    const target = (endpoint: string) => {
      const url = new URL(endpoint);
      return { origin: url.origin, basePath: url.pathname.replace(/\/$/, '') };
    };
    this.#targets = { cce: target(this.cceEndpoint), vpc: target(this.vpcEndpoint) };
    this.#dispatcher = options.dispatcher ?? createDispatcher({
      ...(options.proxy === undefined ? {} : { proxy: options.proxy }),
      ...(options.noProxy === undefined ? {} : { noProxy: options.noProxy }),
      ...(options.ca === undefined ? {} : { ca: options.ca }),
      ...(options.timeouts?.connectMs === undefined ? {} : { connectTimeoutMs: options.timeouts.connectMs }),
      env,
    });
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.#policy = { ...defaultRetryPolicy, ...options.retry };
    if (!(this.#policy.maxAttempts >= 1)) throw new TypeError(`retry.maxAttempts must be at least 1, got ${this.#policy.maxAttempts}`);
    this.#attemptMs = options.timeouts?.attemptMs ?? 30_000;
    this.#deadlineMs = options.timeouts?.deadlineMs ?? 120_000;
    this.#userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.#logger = options.logger;
    if (options.projectId !== undefined) this.#projectId = options.projectId;
    else if (env['HUAWEICLOUD_SDK_PROJECT_ID']) this.#projectId = env['HUAWEICLOUD_SDK_PROJECT_ID'];
    for (const name of Object.keys(allOperations) as ClientOperationName[]) {
      Object.defineProperty(this, lowerFirst(name), {
        value: (input?: Record<string, unknown>, callOptions?: CallOptions) => this.#call(name, input ?? {}, callOptions),
        enumerable: false,
      });
    }
  }

  /** The dispatcher every request goes through (shared keep-alive pools). */
  get dispatcher(): Dispatcher {
    return this.#dispatcher;
  }

  /** The credentials strategy, resolved once (the default chain runs on first use). */
  async auth(): Promise<AuthStrategy> {
    return (await this.#resolvedAuth()).strategy;
  }

  #resolvedAuth(): ResolvedAuth | Promise<ResolvedAuth> {
    if (this.#auth === undefined) {
      const pending = resolveAuthStrategy(this.#options).then(
        (strategy) => (this.#auth = strategy),
        (error: unknown) => {
          this.#auth = undefined;
          throw error;
        },
      );
      this.#auth = pending;
    }
    return this.#auth;
  }

  /** What an IAM read of the client needs: its endpoint, pool, retries and logger. */
  #iamLookup(auth: AuthStrategy, signal: AbortSignal | undefined): DomainLookup {
    return {
      iamEndpoint: this.iamEndpoint,
      auth,
      dispatcher: this.#dispatcher,
      userAgent: this.#userAgent,
      policy: this.#policy,
      attemptTimeoutMs: this.#attemptMs,
      signal: signal ?? AbortSignal.timeout(this.#deadlineMs),
      logger: this.#logger,
    };
  }

  /** The project id: given, from the environment, or looked up through IAM once and kept. */
  async projectId(signal?: AbortSignal): Promise<string> {
    if (typeof this.#projectId === 'string') return this.#projectId;
    if (this.#projectId === undefined) {
      const pending = Promise.resolve(this.#resolvedAuth())
        .then(({ strategy: auth, projectId }) =>
          projectId ?? resolveProjectId({ region: this.region, ...this.#iamLookup(auth, signal) }),
        )
        .then(
          (id) => (this.#projectId = id),
          (error: unknown) => {
            this.#projectId = undefined;
            throw error;
          },
        );
      this.#projectId = pending;
    }
    return this.#projectId;
  }

  /**
   * The account's domain id, which global services need and AK/SK credentials do not carry: from
   * the credentials (profile `domain_id`), `HUAWEICLOUD_SDK_DOMAIN_ID`, else looked up once through
   * IAM (`GET /v3/auth/domains`, as the official SDKs' GlobalCredentials do) and kept.
   */
  async domainId(signal?: AbortSignal): Promise<string> {
    if (typeof this.#domainId === 'string') return this.#domainId;
    if (this.#domainId === undefined) {
      const fromEnv = (this.#options.env ?? process.env)['HUAWEICLOUD_SDK_DOMAIN_ID'];
      const pending = Promise.resolve(this.#resolvedAuth())
        .then(({ strategy: auth, domainId }) => domainId ?? (fromEnv ? fromEnv : resolveDomainId(this.#iamLookup(auth, signal))))
        .then(
          (id) => (this.#domainId = id),
          (error: unknown) => {
            this.#domainId = undefined;
            throw error;
          },
        );
      this.#domainId = pending;
    }
    return this.#domainId;
  }

  /** Calls an operation by name; the typed methods are shorthands for this. */
  request<N extends ClientOperationName>(name: N, input: OperationInput<N>, options?: CallOptions): Promise<OperationOutput<N>> {
    return this.#call(name, input as Record<string, unknown>, options) as Promise<OperationOutput<N>>;
  }

  /**
   * Calls an operation whose name and input are known only at run time (a generic command line, an
   * MCP tool). The catalogue checks the input as for a typed call (unknown keys, enums, required
   * parameters, lone surrogates); the answer is not typed. Code that knows the operation uses
   * `request` or the named methods.
   */
  invoke(name: ClientOperationName, input: Readonly<Record<string, unknown>>, options?: CallOptions): Promise<unknown> {
    return this.#call(name, input, options);
  }

  async #call(name: string, input: Readonly<Record<string, unknown>>, options: CallOptions | undefined): Promise<unknown> {
    const op = (allOperations as Record<string, OperationDef>)[name];
    if (op === undefined) throw new TypeError(`Unknown operation "${name}"`);
    const controller = new AbortController();
    const deadlineMs = options?.timeoutMs ?? this.#deadlineMs;
    const deadlineAt = performance.now() + deadlineMs;
    const timer = setTimeout(() => controller.abort(new DeadlineReason(`${name}: deadline of ${deadlineMs} ms passed`)), deadlineMs);
    const userSignal = options?.signal;
    const onAbort = () => controller.abort(userSignal?.reason);
    if (userSignal) {
      if (userSignal.aborted) {
        clearTimeout(timer);
        throw new CceAbortError(name, 'aborted', userSignal.reason);
      }
      userSignal.addEventListener('abort', onAbort, { once: true });
    }
    let streaming = false;
    try {
      // After the first call both are plain values: no extra promise on the hot path.
      const resolved = this.#auth !== undefined && !(this.#auth instanceof Promise) ? this.#auth : await this.#resolvedAuth();
      const projectId = typeof this.#projectId === 'string' ? this.#projectId : await this.projectId(controller.signal);
      const auth = resolved.strategy;
      const { origin, basePath } = this.#targets[op.service ?? 'cce'];
      const prepared = serialize(op, input, projectId, origin, this.#userAgent, options?.extraQuery);
      const value = await runPipeline({
        op,
        prepared: basePath === '' ? prepared : { ...prepared, path: basePath + prepared.path },
        auth,
        dispatcher: this.#dispatcher,
        policy: this.#policy,
        attemptTimeoutMs: this.#attemptMs,
        signal: controller.signal,
        logger: this.#logger,
        deadlineAt,
      });
      if (op.responseKind === 'binary' && userSignal) {
        // The caller reads the stream after we return: keep the caller's abort wired until it ends.
        streaming = true;
        const stream = (value as BinaryResponse).body;
        const detach = () => userSignal.removeEventListener('abort', onAbort);
        stream.once('end', detach);
        stream.once('close', detach);
        stream.once('error', detach);
      }
      return value;
    } finally {
      clearTimeout(timer);
      if (userSignal && !streaming) userSignal.removeEventListener('abort', onAbort);
    }
  }

  /** Closes the connection pools this client created. */
  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }
}

// Declaration merging gives the class its generated methods' types.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface CceClient extends OperationMethods {}

export function createClient(options: ClientOptions = {}): CceClient {
  return new CceClient(options);
}
