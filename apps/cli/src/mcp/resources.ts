// Resources: the operation catalogue (what each tool calls, at which access level, how safe it is)
// and one summary per cluster (the cluster, its add-ons and its releases), read on demand.
import type { Resource, ResourceTemplate } from '@modelcontextprotocol/sdk/types.js';
import { isNotFound, type CceClient } from '@cce-autopilot/client';
import { allows, type AccessLevel, type OperationTool } from './catalogue-tools.js';
import { ToolInputError } from './results.js';

export const OPERATIONS_URI = 'cce-autopilot://operations';
const CLUSTER_PREFIX = 'cce-autopilot://clusters/';

export function operationsResource(): Resource {
  return {
    uri: OPERATIONS_URI,
    name: 'operations',
    title: 'CCE Autopilot operation catalogue',
    description: 'Every API operation: method, path, parameters, the tool that calls it, its access level and safety hints.',
    mimeType: 'application/json',
  };
}

export function resourceTemplates(): ResourceTemplate[] {
  return [
    {
      uriTemplate: `${CLUSTER_PREFIX}{cluster_id}`,
      name: 'cluster',
      title: 'Cluster summary',
      description: 'A cluster with its phase, version, endpoints, add-on instances and releases.',
      mimeType: 'application/json',
    },
  ];
}

/** One resource per cluster; a failing list is logged and leaves only the catalogue listed. */
export async function clusterResources(client: CceClient, log: (message: string) => void): Promise<Resource[]> {
  try {
    const list = await client.listAutopilotClusters({});
    return (list.items ?? []).map((c) => ({
      uri: `${CLUSTER_PREFIX}${c.metadata?.uid ?? ''}`,
      name: c.metadata?.name ?? c.metadata?.uid ?? 'cluster',
      title: `Cluster ${c.metadata?.name ?? c.metadata?.uid}`,
      description: `${c.status?.phase ?? 'unknown phase'}, ${c.spec?.version ?? 'unknown version'} (id ${c.metadata?.uid})`,
      mimeType: 'application/json',
    }));
  } catch (error) {
    log(`cannot list clusters for resources/list: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
}

function catalogue(tools: readonly OperationTool[], access: AccessLevel): unknown {
  return {
    access,
    operations: tools.map((t) => ({
      name: t.name,
      title: t.operation.title,
      section: t.operation.section,
      group: t.operation.group,
      method: t.operation.method,
      path: t.operation.path,
      pathParams: t.operation.pathParams.map((p) => p.name),
      query: t.operation.query.map((q) => q.name),
      requestKind: t.operation.requestKind,
      responseKind: t.operation.responseKind,
      tool: t.name,
      access: t.access,
      offered: allows(access, t.access),
      readOnly: t.annotations.readOnlyHint,
      destructive: t.annotations.destructiveHint,
      idempotent: t.annotations.idempotentHint,
      ...(t.annotations.destructiveHint ? { confirm: t.confirmTarget ?? 'operation' } : {}),
    })),
  };
}

async function clusterSummary(client: CceClient, clusterId: string): Promise<unknown> {
  const cluster = await client.showAutopilotCluster({ cluster_id: clusterId });
  // Add-ons and releases are part of the picture, but a failure to list them must not hide the cluster,
  // nor must an answer that leaves out what the catalogue requires (the client does not check answers).
  const addons = await client.listAutopilotAddonInstances({ cluster_id: clusterId }).then(
    (a) => (a.items ?? []).map((i) => ({
      id: i.metadata?.uid,
      name: i.metadata?.name,
      template: i.spec?.addonTemplateName,
      version: i.spec?.version,
      status: i.status?.status,
    })),
    (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
  );
  const releases = await client.listAutopilotReleases({ cluster_id: clusterId }).then(
    (r) => (r ?? []).map((x) => ({ name: x.name, namespace: x.namespace, chart: x.chart_name, chartVersion: x.chart_version, status: x.status })),
    (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
  );
  return {
    id: cluster.metadata?.uid,
    name: cluster.metadata?.name,
    phase: cluster.status?.phase,
    version: cluster.spec?.version,
    flavor: cluster.spec?.flavor,
    category: cluster.spec?.category,
    endpoints: cluster.status?.endpoints,
    createdAt: cluster.metadata?.creationTimestamp,
    addons,
    releases,
  };
}

export async function readResource(client: CceClient, uri: string, tools: readonly OperationTool[], access: AccessLevel): Promise<{ uri: string; value: unknown }[]> {
  if (uri === OPERATIONS_URI) return [{ uri, value: catalogue(tools, access) }];
  if (uri.startsWith(CLUSTER_PREFIX)) {
    const id = decodeURIComponent(uri.slice(CLUSTER_PREFIX.length));
    if (id === '' || id.includes('/')) throw new ToolInputError(`${uri}: expected ${CLUSTER_PREFIX}<cluster id>`);
    try {
      return [{ uri, value: await clusterSummary(client, id) }];
    } catch (error) {
      if (isNotFound(error)) throw new ToolInputError(`no cluster ${id} in region ${client.region}`);
      throw error;
    }
  }
  throw new ToolInputError(`unknown resource ${uri}; known: ${OPERATIONS_URI}, ${CLUSTER_PREFIX}<cluster id>`);
}
