import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { operations } from '../src/index.js';
import type { OperationDef } from '../src/index.js';

interface SpecOperation {
  operation: string;
  section: string;
  title: string;
  titleZh?: string;
  method: string;
  path: string;
  pathParams: string[];
  query: { name: string; required: boolean; type: string; enum?: string[]; default?: string }[];
  requestBody: boolean;
  successStatus: number[];
  contentType?: string;
}

const spec = JSON.parse(readFileSync(new URL('../data/operations.json', import.meta.url), 'utf8')) as SpecOperation[];
const catalogue = operations as Record<string, OperationDef>;

describe('operation catalogue', () => {
  it('has the 50 operations of operations.json; the others are the SDK-only ones (section "SDK")', () => {
    expect(spec).toHaveLength(50);
    const fromSpec = new Set(spec.map((o) => o.operation));
    expect(Object.keys(catalogue).filter((n) => fromSpec.has(n)).sort()).toEqual([...fromSpec].sort());
    const others = Object.values(catalogue).filter((o) => !fromSpec.has(o.name));
    expect(others).toHaveLength(11);
    for (const o of others) expect(o.section, o.name).toBe('SDK');
  });

  it.each(spec.map((o) => [o.operation, o] as const))('%s mirrors the reference', (name, ref) => {
    const op = catalogue[name] as OperationDef;
    expect(op.name).toBe(name);
    expect(op.section).toBe(ref.section);
    expect(op.title).toBe(ref.title);
    if (ref.titleZh !== undefined) expect(op.titleZh).toBe(ref.titleZh);
    expect(op.titleZh).not.toBe('');
    expect(op.method).toBe(ref.method);
    expect(op.path).toBe(ref.path);
    expect(op.pathParams.map((p) => p.name)).toEqual(ref.pathParams);
    for (const p of op.pathParams) expect(p.description, `${name} ${p.name}`).not.toBe('');
    // Query parameters only the SDK documents (held by sdk-table.test.ts) say so in their description.
    const refNames = new Set(ref.query.map((q) => q.name));
    expect(op.query.map((q) => q.name).filter((n) => refNames.has(n))).toEqual(ref.query.map((q) => q.name));
    for (const q of op.query.filter((x) => !refNames.has(x.name))) expect(q.description, `${name} ?${q.name}`).toMatch(/SDK/);
    for (const q of ref.query) {
      const mine = op.query.find((x) => x.name === q.name);
      expect(mine?.required).toBe(q.required);
      expect(mine?.type).toBe(q.type.toLowerCase());
      expect(mine?.enum).toEqual(q.enum);
      expect(mine?.default).toEqual(q.default);
      expect(mine?.description).toBeTruthy();
    }
    expect(op.successStatus).toEqual(ref.successStatus);
    expect(op.requestKind === 'none').toBe(!ref.requestBody);
    expect(op.requestKind === 'multipart').toBe(ref.contentType === 'multipart/form-data');
    expect(op.projectIdInPath).toBe(ref.path.includes('{project_id}'));
    // Every body has a real schema (no placeholder `Type.Unknown()`), and bodiless sides have none.
    if (op.requestKind === 'none') expect(op.requestSchema).toBeUndefined();
    else expect((op.requestSchema as { description?: string } | undefined)?.description, `${name} request schema`).toBeTruthy();
    if (op.responseKind === 'json') expect((op.responseSchema as { description?: string } | undefined)?.description, `${name} response schema`).toBeTruthy();
    else expect(op.responseSchema).toBeUndefined();
  });
});

describe('enums agree with the catalogue', () => {
  it('cluster status filter is the cluster phase list; delete options match', async () => {
    const { clusterPhases, deleteResourceOptions, ltsReclaimPolicies } = await import('../src/index.js');
    expect(operations.ListAutopilotClusters.query.find((q) => q.name === 'status')?.enum).toEqual(clusterPhases);
    for (const q of operations.DeleteAutopilotCluster.query.filter((x) => x.name !== 'errorStatus')) {
      expect(q.enum).toEqual(q.name === 'lts_reclaim_policy' ? ltsReclaimPolicies : deleteResourceOptions);
    }
  });
});
