import { signRequest } from '@cce-autopilot/auth';
import { checkValue, operations } from '@cce-autopilot/models';
import { startEmulator } from '../src/index.js';
import type { EmulatorOptions, RunningEmulator } from '../src/index.js';

export interface CallOptions {
  body?: unknown;
  rawBody?: Buffer | string;
  headers?: Record<string, string>;
  /** Sign with these instead of the emulator's default AK/SK; `false` sends no credentials. */
  credentials?: { ak: string; sk: string } | false;
  token?: string;
  projectId?: string | null;
  date?: Date;
}

export interface CallResult {
  status: number;
  headers: Headers;
  body: any;
  text: string;
  bytes: Buffer;
}

/** Sends a request the way the product's client does: JSON body, X-Project-Id, AK/SK signature. */
export async function call(emu: RunningEmulator, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...options.headers };
  let body: Buffer | undefined;
  if (options.rawBody !== undefined) body = Buffer.from(options.rawBody);
  else if (options.body !== undefined) {
    body = Buffer.from(JSON.stringify(options.body));
    headers['Content-Type'] ??= 'application/json';
  }
  if (options.projectId !== null) headers['X-Project-Id'] ??= options.projectId ?? emu.projectId;
  const url = `${emu.url}${path}`;
  headers.Host = new URL(url).host;
  if (options.token) headers['X-Auth-Token'] = options.token;
  else if (options.credentials !== false) {
    const creds = options.credentials ?? { ak: emu.ak, sk: emu.sk };
    Object.assign(headers, signRequest({ method, url, headers, body: body ?? '' }, creds, options.date ? { date: options.date } : undefined));
  }
  delete headers.Host;
  const res = await fetch(url, { method, headers, body: body ?? null });
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = bytes.toString('utf8');
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: res.status, headers: res.headers, body: parsed, text, bytes };
}

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ speed: 'instant', seed: 'empty', ...options });
}

export const clusterBody = (name: string, version = 'v1.28') => ({
  kind: 'Cluster',
  apiVersion: 'v3',
  metadata: { name },
  spec: {
    category: 'Turbo',
    type: 'VirtualMachine',
    flavor: 'cce.autopilot.cluster',
    version,
    hostNetwork: { vpc: 'c6549063-d459-4ae1-9550-b5fec6741b0f', subnet: '3b18c2d5-b352-4f59-b421-c2d2d48a1333' },
    containerNetwork: { mode: 'eni' },
    eniNetwork: { subnets: [{ subnetID: '186f9322-50c5-4e5a-91e3-47da86959afc' }] },
  },
});

export const projectPath = (emu: RunningEmulator, rest: string) => `/autopilot/v3/projects/${emu.projectId}${rest}`;

/** Creates a cluster and waits (one instant tick) until it is Available. */
export async function availableCluster(emu: RunningEmulator, name: string, version = 'v1.28'): Promise<string> {
  const created = await call(emu, 'POST', projectPath(emu, '/clusters'), { body: clusterBody(name, version) });
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${created.text}`);
  const id = created.body.metadata.uid as string;
  emu.admin.tick();
  return id;
}

/** Problems of an answer against the operation's response schema (empty = conforms). */
export function responseProblems(operation: keyof typeof operations, body: unknown): string[] {
  const schema = operations[operation].responseSchema;
  return schema ? checkValue(schema, body).map((p) => p.message) : [];
}

/** A free EIP of the emulator's default project (every project is seeded with one). */
export async function freeEipId(emu: RunningEmulator): Promise<string> {
  const list = await call(emu, 'GET', `/v1/${emu.projectId}/publicips`);
  const free = (list.body.publicips as { id: string; status: string }[]).find((e) => e.status === 'DOWN');
  if (!free) throw new Error(`no free EIP in project ${emu.projectId}: ${list.text}`);
  return free.id;
}
