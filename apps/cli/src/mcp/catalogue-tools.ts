// One MCP tool per catalogue operation, derived from `@cce-autopilot/models` alone, so operations
// added to the catalogue later become tools without a change here. What is derived per operation:
// the access level that lists it, its annotations, its input schema (path + query parameters and
// the request body schema the emulator validates with) and its output schema.
import { operations, type OperationDef } from '@cce-autopilot/models';

export type AccessLevel = 'readonly' | 'readwrite' | 'admin';
export const accessLevels: readonly AccessLevel[] = ['readonly', 'readwrite', 'admin'];

/** Whether a server started with `level` offers a tool that needs `needed`. */
export function allows(level: AccessLevel, needed: AccessLevel): boolean {
  return accessLevels.indexOf(level) >= accessLevels.indexOf(needed);
}

export type JsonSchemaObject = Record<string, unknown> & { type: 'object' };

export interface ToolAnnotations {
  readonly title: string;
  readonly readOnlyHint: boolean;
  readonly destructiveHint: boolean;
  readonly idempotentHint: boolean;
  readonly openWorldHint: boolean;
}

/** What must be named in `confirm` before a destructive operation runs. */
export type ConfirmTarget = 'release' | 'addon' | 'chart' | 'cluster';

export interface OperationTool {
  readonly name: string;
  readonly operation: OperationDef;
  readonly access: AccessLevel;
  readonly annotations: ToolAnnotations;
  readonly description: string;
  readonly inputSchema: JsonSchemaObject;
  readonly outputSchema: JsonSchemaObject;
  /** Set for destructive operations: whose name `confirm` must equal. */
  readonly confirmTarget: ConfirmTarget | undefined;
  /** The answer is a JSON array, carried as `{ items }` (structured content must be an object). */
  readonly wrapsArray: boolean;
}

// Operations that hand out credentials: listed only at `admin`, like aks-mcp's credential commands.
const CREDENTIAL = /Cert$|Credential|Kubeconfig|Token|Password|AccessKey/;
// Deletes, uninstalls, rollbacks and upgrades: the operation's verb says so for most of them.
const DESTRUCTIVE_VERB = /^(Delete|BatchDelete|Remove|Rollback|Upgrade|Retry\w*Upgrade|Hibernate|Reset|Resize|Uninstall)/;
// Operations whose name hides that they can take something away: a release update is always a
// helm upgrade or rollback (its `action`), and an EIP update can unbind the public API address.
const DESTRUCTIVE_BY_EFFECT = new Set(['UpdateAutopilotRelease', 'UpdateAutopilotClusterEip']);

function accessOf(op: OperationDef): AccessLevel {
  if (CREDENTIAL.test(op.name)) return 'admin';
  return op.method === 'GET' ? 'readonly' : 'readwrite';
}

function isDestructive(op: OperationDef): boolean {
  return op.method === 'DELETE' || DESTRUCTIVE_VERB.test(op.name) || DESTRUCTIVE_BY_EFFECT.has(op.name);
}

/** The most specific resource a path names: a release inside a cluster is the release. */
function confirmTargetOf(op: OperationDef): ConfirmTarget | undefined {
  const params = new Set(op.pathParams.map((p) => p.name));
  if (params.has('name') && params.has('namespace')) return 'release';
  if (op.group === 'addon' && params.has('id')) return 'addon';
  if (params.has('chart_id')) return 'chart';
  if (params.has('cluster_id')) return 'cluster';
  return undefined;
}

/** A plain JSON copy of a TypeBox schema (its symbol-keyed markers dropped). */
function plain(schema: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;
}

function parameterSchema(p: OperationDef['pathParams'][number]): Record<string, unknown> {
  return {
    type: p.type,
    description: p.default === undefined ? p.description : `${p.description} Server default: ${p.default}.`,
    ...(p.enum ? { enum: [...p.enum] } : {}),
  };
}

const CONFIRM_WHAT: Record<ConfirmTarget, string> = {
  release: 'the release name (the `name` argument)',
  addon: "the add-on instance's metadata.name (ShowAutopilotAddonInstance)",
  chart: "the chart's name (ShowAutopilotChart)",
  cluster: "the cluster's name (metadata.name; find_cluster or ShowAutopilotCluster), not its id",
};

function inputSchemaOf(op: OperationDef, destructive: boolean, confirmTarget: ConfirmTarget | undefined): JsonSchemaObject {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  // The client fills the project id from the credentials/region; an agent should not have to.
  for (const p of op.pathParams) {
    if (p.name === 'project_id') continue;
    properties[p.name] = parameterSchema(p);
    if (p.required) required.push(p.name);
  }
  for (const q of op.query) {
    properties[q.name] = parameterSchema(q);
    if (q.required) required.push(q.name);
  }
  if (op.requestKind === 'json' && op.requestSchema) {
    properties['body'] = plain(op.requestSchema);
    required.push('body');
  }
  if (op.requestKind === 'multipart') {
    properties['file'] = { type: 'string', description: 'Path of the chart archive (.tgz) on the machine running the server.' };
    required.push('file');
    if (op.requestSchema) properties['parameters'] = plain(op.requestSchema);
  }
  if (destructive) {
    const what = confirmTarget ? CONFIRM_WHAT[confirmTarget] : `the operation name ${op.name}`;
    properties['confirm'] = { type: 'string', description: `Consent to this destructive call: must equal ${what}. Ask the user first.` };
    required.push('confirm');
  }
  return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false };
}

// Value constraints written for requests (name patterns, lengths, enums of today's phases) say
// what may be sent, not what the cloud may answer; MCP clients reject a whole answer that breaks
// its output schema, so the output schema keeps the shape (types, properties, required) only.
const REQUEST_ONLY = new Set(['pattern', 'format', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'multipleOf', 'const', 'default', 'examples']);

function shapeOnly(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(shapeOnly);
  if (schema === null || typeof schema !== 'object') return schema;
  const node = schema as Record<string, unknown>;
  const members = node['anyOf'];
  // TypeBox writes a string enum as anyOf of consts: the same enum, said differently.
  if (Array.isArray(members) && members.length > 0 && members.every((m) => m !== null && typeof m === 'object' && 'const' in m)) {
    const types = [...new Set(members.map((m) => (m as { type?: unknown }).type).filter((t) => typeof t === 'string'))];
    const { anyOf: _dropped, ...rest } = node;
    return shapeOnly({ ...rest, ...(types.length === 1 ? { type: types[0] } : {}), enum: members.map((m) => (m as { const: unknown }).const) });
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema as Record<string, unknown>)) {
    if (REQUEST_ONLY.has(key)) continue;
    if (key === 'additionalProperties' && value === false) continue;
    if (key === 'enum' && Array.isArray(value)) {
      // New phases appear in the cloud before they appear here: name today's values instead.
      const listed = `One of: ${value.map(String).join(', ')}.`;
      out['description'] = typeof out['description'] === 'string' ? `${out['description']} ${listed}` : listed;
      continue;
    }
    if (key === 'description' && typeof out['description'] === 'string') {
      out['description'] = `${String(value)} ${out['description']}`;
      continue;
    }
    out[key] = key === 'properties' || key === 'patternProperties' || key === '$defs' || key === 'definitions'
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, shapeOnly(v)]))
      : shapeOnly(value);
  }
  return out;
}

function outputSchemaOf(op: OperationDef): { schema: JsonSchemaObject; wrapsArray: boolean } {
  if (op.responseKind === 'json' && op.responseSchema) {
    const schema = shapeOnly(plain(op.responseSchema)) as Record<string, unknown>;
    if (schema['type'] === 'object') return { schema: schema as JsonSchemaObject, wrapsArray: false };
    return { schema: { type: 'object', properties: { items: schema }, required: ['items'] }, wrapsArray: true };
  }
  if (op.responseKind === 'binary') {
    return {
      schema: {
        type: 'object',
        properties: { contentType: { type: 'string' }, bytes: { type: 'integer' }, sha256: { type: 'string' } },
        required: ['bytes', 'sha256'],
      },
      wrapsArray: false,
    };
  }
  if (op.responseKind === 'text') return { schema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] }, wrapsArray: false };
  return { schema: { type: 'object', properties: {}, additionalProperties: false }, wrapsArray: false };
}

function describe(op: OperationDef, access: AccessLevel, destructive: boolean, confirmTarget: ConfirmTarget | undefined): string {
  const parts = [`${op.title} (${op.method} ${op.path}; CCE Autopilot API ${op.section}).`];
  if (op.name === 'CreateAutopilotKubernetesClusterCert') parts.push('Key material in the answer is redacted; use set_up_kubeconfig to get a working kubeconfig file.');
  if (op.responseKind === 'binary') parts.push('The archive is returned as an embedded resource (base64) with its size and SHA-256.');
  if (destructive) parts.push(`Destructive: refused unless confirm equals ${confirmTarget ? CONFIRM_WHAT[confirmTarget] : `the operation name ${op.name}`}.`);
  if (access === 'admin') parts.push('Hands out credentials (admin access only).');
  return parts.join(' ');
}

export function operationTool(op: OperationDef): OperationTool {
  const access = accessOf(op);
  const destructive = isDestructive(op);
  const confirmTarget = destructive ? confirmTargetOf(op) : undefined;
  const output = outputSchemaOf(op);
  const readOnly = access === 'readonly';
  return {
    name: op.name,
    operation: op,
    access,
    annotations: {
      title: op.title,
      readOnlyHint: readOnly,
      destructiveHint: destructive,
      // HTTP semantics: GET, PUT and DELETE may be repeated with the same effect; POST/PATCH not.
      idempotentHint: op.method === 'GET' || op.method === 'PUT' || op.method === 'DELETE',
      openWorldHint: true,
    },
    description: describe(op, access, destructive, confirmTarget),
    inputSchema: inputSchemaOf(op, destructive, confirmTarget),
    outputSchema: output.schema,
    confirmTarget,
    wrapsArray: output.wrapsArray,
  };
}

/** Every operation of the catalogue as a tool, in catalogue order. */
export function operationTools(): OperationTool[] {
  return Object.values(operations as Record<string, OperationDef>).map(operationTool);
}
