// Holds the catalogue against the operation table derived from the official Go SDK
// (data/sdk-operations.json, written by scripts/derive-sdk-table.mjs; its `source.commit` names the
// SDK commit). Operation names, methods, paths, path and query parameter names, and the property
// names of every request and response body (walked through nested models) must agree, except for
// the differences listed in `deliberate` below, each with the reason it stands.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { operations } from '../src/index.js';
import type { OperationDef } from '../src/index.js';

interface SdkParam { name: string; type: string; required: boolean }
interface SdkOperation {
  name: string; method: string; path: string; pathParams: string[]; query: SdkParam[];
  requestBodyModel?: string;
  response: { body?: string; properties?: Record<string, { type: string }> };
  responseHeaders: string[];
}
interface SdkTable {
  source: { repository: string; commit: string };
  operations: SdkOperation[];
  models: Record<string, Record<string, { type: string; required?: boolean }>>;
}

const table = JSON.parse(readFileSync(new URL('../data/sdk-operations.json', import.meta.url), 'utf8')) as SdkTable;
const catalogue = operations as Record<string, OperationDef>;

/**
 * Differences we keep on purpose. `extra` = we describe a property the SDK's model lacks; `missing`
 * = the SDK's model has a property we do not describe.
 */
const deliberate = new Set<string>([
  // The reference spells the extend parameter both `upgradefrom` (table) and `upgradeFrom` (example);
  // we accept both, the SDK knows only the first.
  'CreateAutopilotCluster request spec.extendParam.upgradeFrom extra',
  ...['CreateAutopilotCluster', 'ShowAutopilotCluster', 'UpdateAutopilotCluster', 'DeleteAutopilotCluster']
    .map((op) => `${op} response spec.extendParam.upgradeFrom extra`),
  'ListAutopilotClusters response items.spec.extendParam.upgradeFrom extra',
  // The reference's table spells the EIP field `elasticip`, the SDK `elasticIp`: we describe both
  // (the emulator answers `elasticIp`, as the SDK and the reference's example do).
  'UpdateAutopilotClusterEip request spec.elasticip extra',
  'UpdateAutopilotClusterEip response spec.elasticip extra',
  // Precheck answers carry creation/update timestamps in the reference's table (spec 03); the SDK's
  // PrecheckCluserResponseMetadata omits them.
  'CreateAutopilotPreCheck response metadata.creationTimestamp extra',
  'CreateAutopilotPreCheck response metadata.updateTimestamp extra',
  // The reference spells the workflow point's task id `taskID` (table) and `taskId` (example).
  ...['CreateAutopilotUpgradeWorkFlow', 'ShowAutopilotUpgradeWorkFlow', 'UpgradeAutopilotWorkFlowUpdate']
    .map((op) => `${op} response status.pointStatuses.taskId extra`),
  'ListAutopilotUpgradeWorkFlows response items.status.pointStatuses.taskId extra',
  // The reference spells the EIP's dynamic flag `IsDynamic` (table) and `isDynamic` (example).
  'ShowAutopilotClusterEndpoints response spec.spec.isDynamic extra',
  'UpdateAutopilotClusterEip response spec.spec.isDynamic extra',
]);

/** The properties an object schema describes (through `anyOf`/`allOf` members), or 'free' for free-form maps. */
function propertiesOf(schema: unknown): Record<string, unknown> | 'free' | undefined {
  const s = schema as { properties?: Record<string, unknown>; patternProperties?: unknown; additionalProperties?: unknown; anyOf?: unknown[]; allOf?: unknown[]; type?: string; items?: unknown } | undefined;
  if (s === undefined) return undefined;
  if (s.type === 'array') return propertiesOf(s.items);
  if (s.properties) return s.properties;
  if (s.patternProperties !== undefined || s.additionalProperties === true || (typeof s.additionalProperties === 'object' && s.additionalProperties !== null)) return 'free';
  for (const members of [s.anyOf, s.allOf]) {
    if (!members) continue;
    let merged: Record<string, unknown> | undefined;
    for (const m of members) {
      const p = propertiesOf(m);
      if (p === 'free') return 'free';
      if (p) merged = { ...merged, ...p };
    }
    return merged;
  }
  return undefined;
}

const elementModel = (type: string): string => type.replace(/^(array|map)<(.*)>$/, '$2').replace(/^(array|map)<(.*)>$/, '$2');

/** Differences between an SDK model and our schema, as `<at><prop> missing|extra` lines. */
function compare(sdk: Record<string, { type: string }>, ours: unknown, at: string, out: string[]): void {
  const mine = propertiesOf(ours);
  if (mine === 'free') return; // a free-form map accepts whatever the SDK names
  const have = mine ?? {};
  for (const [name, prop] of Object.entries(sdk)) {
    if (!(name in have)) { out.push(`${at}${name} missing`); continue; }
    const nested = table.models[elementModel(prop.type)];
    if (nested) compare(nested, have[name], `${at}${name}.`, out);
  }
  for (const name of Object.keys(have)) if (!(name in sdk)) out.push(`${at}${name} extra`);
}

function bodyDifferences(sdkOp: SdkOperation, op: OperationDef): string[] {
  const out: string[] = [];
  const req: string[] = [];
  if (sdkOp.requestBodyModel && table.models[sdkOp.requestBodyModel]) compare(table.models[sdkOp.requestBodyModel]!, op.requestSchema, '', req);
  out.push(...req.map((d) => `${sdkOp.name} request ${d}`));
  const res: string[] = [];
  // Properties the SDK fills from headers (`Port-ID`) are held by the header test, not here.
  const fromBody = Object.fromEntries(Object.entries(sdkOp.response.properties ?? {}).filter(([k]) => !sdkOp.responseHeaders.includes(k)));
  if (Object.keys(fromBody).length > 0) compare(fromBody, op.responseSchema, '', res);
  else if (sdkOp.response.body && table.models[elementModel(sdkOp.response.body)]) compare(table.models[elementModel(sdkOp.response.body)]!, op.responseSchema, '', res);
  out.push(...res.map((d) => `${sdkOp.name} response ${d}`));
  return out;
}

describe(`catalogue against the Go SDK table (${table.source.repository}@${table.source.commit.slice(0, 12)})`, () => {
  it('names exactly the SDK\'s 61 Autopilot operations', () => {
    expect(table.operations).toHaveLength(61);
    expect(Object.keys(catalogue).sort()).toEqual(table.operations.map((o) => o.name).sort());
  });

  it.each(table.operations.map((o) => [o.name, o] as const))('%s: method, path, parameters and body properties', (name, sdkOp) => {
    const op = catalogue[name];
    expect(op, `${name} is in the catalogue`).toBeDefined();
    if (!op) return;
    expect(op.method).toBe(sdkOp.method);
    expect(op.path).toBe(sdkOp.path);
    expect(op.pathParams.map((p) => p.name)).toEqual(sdkOp.pathParams);
    expect(op.query.map((q) => q.name).sort()).toEqual(sdkOp.query.map((q) => q.name).sort());
    for (const q of sdkOp.query) expect(op.query.find((x) => x.name === q.name)?.type, `${name} ?${q.name}`).toBe(q.type);
    expect(op.requestKind === 'none').toBe(sdkOp.requestBodyModel === undefined && !['UploadAutopilotChart', 'UpdateAutopilotChart'].includes(name));
    expect(bodyDifferences(sdkOp, op).filter((d) => !deliberate.has(d))).toEqual([]);
  });

  it('every deliberate difference still exists (the list does not rot)', () => {
    const all = new Set(table.operations.flatMap((o) => (catalogue[o.name] ? bodyDifferences(o, catalogue[o.name]!) : [])));
    expect([...deliberate].filter((d) => !all.has(d))).toEqual([]);
  });

  it('answers the SDK reads from headers are named in the catalogue', () => {
    for (const o of table.operations) {
      const op = catalogue[o.name] as OperationDef & { responseHeaders?: readonly string[] };
      if (op) expect([...(op.responseHeaders ?? [])].sort(), o.name).toEqual([...o.responseHeaders].sort());
    }
  });
});
