import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';

export interface DispatcherOptions {
  /** Proxy URL for every request; `false` ignores `HTTPS_PROXY`/`HTTP_PROXY` too. */
  readonly proxy?: string | false;
  /** Hosts that bypass the proxy, `NO_PROXY` syntax; defaults to the `NO_PROXY` environment variable. */
  readonly noProxy?: string;
  /** Extra trusted CA certificates (PEM), e.g. for a proxy that re-signs TLS. */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  readonly connectTimeoutMs?: number;
  readonly keepAliveTimeoutMs?: number;
  /** Connections per origin. */
  readonly connections?: number;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

function envValue(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const value = env[name] ?? env[name.toLowerCase()];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * A keep-alive HTTP/1.1 agent (one pool per origin). Goes through a proxy when one is given or set
 * in `HTTPS_PROXY`/`HTTP_PROXY`, honouring `NO_PROXY`.
 */
export function createDispatcher(options: DispatcherOptions = {}): Dispatcher {
  const env = options.env ?? process.env;
  const ca = options.ca === undefined ? undefined : Array.isArray(options.ca) ? [...options.ca] : (options.ca as string | Buffer);
  const connect = {
    ...(ca === undefined ? {} : { ca }),
    timeout: options.connectTimeoutMs ?? 10_000,
  };
  const agentOptions = {
    connect,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
    connections: options.connections ?? 16,
    allowH2: false,
  };
  const httpsProxy = options.proxy === false ? undefined : (options.proxy ?? envValue(env, 'HTTPS_PROXY') ?? envValue(env, 'HTTP_PROXY'));
  const httpProxy = options.proxy === false ? undefined : (options.proxy ?? envValue(env, 'HTTP_PROXY'));
  if (httpsProxy === undefined && httpProxy === undefined) return new Agent(agentOptions);
  const noProxy = options.noProxy ?? envValue(env, 'NO_PROXY') ?? '';
  return new EnvHttpProxyAgent({
    ...agentOptions,
    ...(httpProxy === undefined ? {} : { httpProxy }),
    ...(httpsProxy === undefined ? {} : { httpsProxy }),
    noProxy,
    ...(ca === undefined ? {} : { requestTls: { ca }, proxyTls: { ca } }),
  });
}
