import { describe, expect, it } from 'vitest';
import { operations, type OperationDef } from '@cce-autopilot/models';
import { allows, operationTool, operationTools } from '../src/mcp/catalogue-tools.js';
import { Sanitizer, summarize } from '../src/mcp/results.js';

const base = operations.ShowAutopilotCluster as unknown as OperationDef;
/** An operation the catalogue may gain later (the real-cloud work adds some). */
const future = (over: Partial<OperationDef>): OperationDef => ({ ...base, ...over }) as OperationDef;

describe('MCP tools derived from the catalogue', () => {
  it('makes one tool per operation, named after it', () => {
    expect(operationTools().map((t) => t.name)).toEqual(Object.keys(operations));
  });

  it('classifies an operation added later by its method and verb, with no change to the MCP code', () => {
    const hibernate = operationTool(future({ name: 'HibernateAutopilotCluster', method: 'POST', requestKind: 'none', requestSchema: undefined }));
    expect(hibernate.access).toBe('readwrite');
    expect(hibernate.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true, idempotentHint: false });
    expect(hibernate.confirmTarget).toBe('cluster');
    expect(hibernate.inputSchema.required).toEqual(['cluster_id', 'confirm']);
    const nodes = operationTool(future({ name: 'ListAutopilotNodes', method: 'GET' }));
    expect(nodes.access).toBe('readonly');
    expect(nodes.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false, idempotentHint: true });
    const token = operationTool(future({ name: 'CreateAutopilotClusterToken', method: 'POST' }));
    expect(token.access).toBe('admin');
    // Destructive without a target in its path: the operation's own name is the consent.
    const purge = operationTool(future({ name: 'DeleteAutopilotEverything', method: 'DELETE', path: '/x', pathParams: [], query: [] }));
    expect(purge.confirmTarget).toBeUndefined();
    expect(purge.inputSchema.required).toEqual(['confirm']);
  });

  it('takes input schemas from the catalogue and leaves the project id to the client', () => {
    const create = operationTool(operations.CreateAutopilotCluster as unknown as OperationDef);
    const props = create.inputSchema.properties as Record<string, unknown>;
    expect(props).not.toHaveProperty('project_id');
    expect(JSON.stringify(props['body'])).toBe(JSON.stringify(operations.CreateAutopilotCluster.requestSchema));
    expect(create.inputSchema.additionalProperties).toBe(false);
    const upload = operationTool(operations.UploadAutopilotChart as unknown as OperationDef);
    expect(upload.inputSchema.required).toContain('file');
    const release = operationTool(operations.DeleteAutopilotRelease as unknown as OperationDef);
    expect(release.confirmTarget).toBe('release');
    expect(operationTool(operations.DeleteAutopilotAddonInstance as unknown as OperationDef).confirmTarget).toBe('addon');
    expect(operationTool(operations.DeleteAutopilotChart as unknown as OperationDef).confirmTarget).toBe('chart');
  });

  it('keeps the shape of answers in output schemas but not request-only constraints', () => {
    const show = operationTool(base);
    const text = JSON.stringify(show.outputSchema);
    expect(show.outputSchema.type).toBe('object');
    expect(text).toContain('"metadata"');
    expect(text).not.toContain('"pattern"');
    expect(text).not.toContain('"enum"');
    expect(text).toContain('One of: Available');
    const charts = operationTool(operations.ListAutopilotCharts as unknown as OperationDef);
    expect(charts.wrapsArray).toBe(true);
    expect(charts.outputSchema.required).toEqual(['items']);
  });

  it('orders access levels', () => {
    expect(allows('readonly', 'readwrite')).toBe(false);
    expect(allows('readwrite', 'readonly')).toBe(true);
    expect(allows('readwrite', 'admin')).toBe(false);
    expect(allows('admin', 'admin')).toBe(true);
  });
});

describe('MCP output sanitising', () => {
  const sk = 'SK0123456789abcdefSECRET';
  const sanitizer = new Sanitizer({ HUAWEICLOUD_SDK_SK: sk });

  it('redacts credential fields but keeps tag keys', () => {
    const out = sanitizer.value({
      users: [{ user: { 'client-key-data': 'S0VZ', 'client-certificate-data': 'Q0VSVA==', token: 'tkn' } }],
      spec: { clusterTags: [{ key: 'env', value: 'demo' }] },
    });
    expect(out.users[0]!.user['client-key-data']).toBe('[REDACTED]');
    expect(out.users[0]!.user.token).toBe('[REDACTED]');
    expect(out.spec.clusterTags[0]!.key).toBe('env');
  });

  it('removes the literal SK wherever it appears', () => {
    expect(sanitizer.text(`signature failed for ${sk}!`)).toBe('signature failed for [REDACTED]!');
    expect(JSON.stringify(sanitizer.value({ message: `x ${sk}` }))).not.toContain(sk);
  });

  it('summarises lists and single resources in one line', () => {
    expect(summarize('List clusters', { items: [{ metadata: { name: 'a', uid: '1' }, status: { phase: 'Available' } }] })).toBe('List clusters: 1 item: a (id 1, Available).');
    expect(summarize('Get chart', { id: 'c1', name: 'nginx' })).toBe('Get chart: nginx (id c1).');
  });
});
