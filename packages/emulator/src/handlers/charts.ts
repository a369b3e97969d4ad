// Chart and release operations (spec 04): parse the multipart uploads and bodies, hand to
// src/domain/charts.ts, answer.
import type { ChartResp, ReleaseResp } from '@cce-autopilot/models';
import { readChartArchive } from '../chart-archive.js';
import { rfc3339 } from '../clock.js';
import { badRequest } from '../errors.js';
import { isObject, objectOrEmpty } from '../json.js';
import type { JsonObject } from '../json.js';
import {
  chartsOf, checkReleaseCluster, deleteChart, findChart, findRelease, installRelease, releasesOf, rollbackRelease, uninstallRelease, updateChart, upgradeRelease, uploadChart,
} from '../domain/charts.js';
import type { ChartUpload } from '../domain/charts.js';
import type { ChartRecord, ClusterRecord, ReleaseRecord, ReleaseRevision } from '../records.js';
import type { World } from '../world.js';
import type { Handler, HandlerMap, RequestWith } from './contract.js';

export function renderChart(c: ChartRecord): ChartResp {
  return {
    id: c.id,
    name: c.name,
    values: JSON.stringify(c.values),
    translate: '',
    instruction: c.readme === '' ? '' : 'README.md',
    version: c.version,
    description: c.description,
    source: c.source,
    icon_url: c.iconUrl,
    public: false,
    chart_url: `${c.name}-${c.version}.tgz`,
    create_at: rfc3339(c.createdAt),
    update_at: rfc3339(c.updatedAt),
  };
}

/** The multipart body of an upload or update: the archive under `content`, JSON under `parameters`. */
async function readUpload(form: FormData): Promise<ChartUpload> {
  const content = form.get('content');
  if (content === null) throw badRequest('form field "content" (the chart .tgz) is required.', '02');
  if (typeof content === 'string') throw badRequest('form field "content" must be a file part holding the chart .tgz, not text.', '02');
  let parameters: JsonObject = {};
  const raw = form.get('parameters');
  if (raw !== null) {
    const text = typeof raw === 'string' ? raw : await raw.text();
    try {
      parameters = objectOrEmpty(JSON.parse(text));
    } catch {
      throw badRequest(`form field "parameters" must hold a JSON object such as {"override":true,"skip_lint":true,"source":"package"} (got ${JSON.stringify(text.slice(0, 80))}).`, '02');
    }
  }
  for (const key of ['override', 'skip_lint', 'visible'] as const) {
    if (parameters[key] !== undefined && typeof parameters[key] !== 'boolean') throw badRequest(`parameters.${key} must be true or false (got ${JSON.stringify(parameters[key])}).`, '02');
  }
  const archive = Buffer.from(await content.arrayBuffer());
  let contents;
  try {
    contents = await readChartArchive(archive);
  } catch (err) {
    throw badRequest(`${err instanceof Error ? err.message : String(err)}.`, '02');
  }
  return {
    archive,
    contents,
    parameters: {
      override: parameters.override === true,
      source: typeof parameters.source === 'string' ? parameters.source : '',
      visible: parameters.visible !== false,
    },
  };
}

function chart(r: RequestWith<'chart_id'>): ChartRecord {
  return findChart(r.world, r.projectId, r.params.chart_id);
}

const upload: Handler<'UploadAutopilotChart'> = async (r) => ({ status: 201, body: renderChart(uploadChart(r.world, r.projectId, await readUpload(r.form))) });

const update: Handler<'UpdateAutopilotChart'> = async (r) => {
  const c = chart(r);
  return { body: renderChart(updateChart(r.world, c, await readUpload(r.form))) };
};

const list: Handler<'ListAutopilotCharts'> = (r) => ({ body: chartsOf(r.world, r.projectId).map(renderChart) });
const show: Handler<'ShowAutopilotChart'> = (r) => ({ body: renderChart(chart(r)) });

const remove: Handler<'DeleteAutopilotChart'> = (r) => {
  deleteChart(r.world, chart(r));
  return { body: 'success' };
};

const download: Handler<'DownloadAutopilotChart'> = (r) => {
  const c = chart(r);
  return { body: Buffer.from(c.archive, 'base64'), headers: { 'Content-Type': 'application/octet-stream', 'Content-Disposition': `attachment; filename="${c.name}-${c.version}.tgz"` } };
};

const values: Handler<'ShowAutopilotChartValues'> = (r) => ({ body: { values: chart(r).values } });

const quota: Handler<'ShowAutopilotUserChartsQuotas'> = (r) => ({
  body: { quotas: { resources: [{ type: 'Charts', quota: r.world.quotas.charts, used: chartsOf(r.world, r.projectId).length }] } },
});

// --- releases ---------------------------------------------------------------------------------

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function releaseCluster(r: RequestWith<'cluster_id'>): ClusterRecord {
  return r.world.cluster(r.projectId, r.params.cluster_id, '02');
}

export function renderRelease(world: World, rel: ReleaseRecord, rev: ReleaseRevision | undefined = rel.revisions.at(-1)): ReleaseResp {
  const cluster = world.clusters.get(rel.clusterId);
  const chartDoc = rev ? world.charts.get(rev.chartId) : undefined;
  const latest = rev === rel.revisions.at(-1);
  const status = latest ? rel.phase : (rev?.status ?? rel.phase);
  return {
    chart_name: rev?.chartName ?? '',
    chart_public: false,
    chart_version: rev?.chartVersion ?? '',
    cluster_id: rel.clusterId,
    cluster_name: cluster?.name ?? '',
    create_at: rfc3339(rel.createdAt),
    description: rel.description,
    name: rel.name,
    namespace: rel.namespace,
    parameters: rev ? JSON.stringify(rev.parameters) : '',
    resources: '',
    status,
    status_description: rev?.description ?? '',
    update_at: rfc3339(rev?.updatedAt ?? rel.createdAt),
    values: JSON.stringify({ ...(chartDoc?.values ?? {}), ...(rev?.values ?? {}) }),
    version: rev?.version ?? 0,
  };
}

function release(r: RequestWith<'cluster_id' | 'namespace' | 'name'>): { cluster: ClusterRecord; release: ReleaseRecord } {
  const c = releaseCluster(r);
  return { cluster: c, release: findRelease(r.world, c, r.params.namespace, r.params.name) };
}

function checkParameters(p: unknown, where: string): JsonObject {
  const o = objectOrEmpty(p);
  if (p !== undefined && (typeof p !== 'object' || p === null || Array.isArray(p))) throw badRequest(`${where} must be an object.`, '02');
  for (const k of ['dry_run', 'no_hooks', 'replace', 'recreate', 'reset_values', 'include_hooks']) {
    if (o[k] !== undefined && typeof o[k] !== 'boolean') throw badRequest(`${where}.${k} must be true or false (got ${JSON.stringify(o[k])}).`, '02');
  }
  if (o.release_version !== undefined && !Number.isInteger(o.release_version)) throw badRequest(`${where}.release_version must be an integer (got ${JSON.stringify(o.release_version)}).`, '02');
  return o;
}

const createRelease: Handler<'CreateAutopilotRelease'> = async (r) => {
  const { world, body } = r;
  const c = releaseCluster(r);
  for (const k of ['chart_id', 'name', 'namespace', 'version'] as const) {
    if (typeof body[k] !== 'string' || body[k] === '') throw badRequest(`${k} is required and must be a non-empty string.`, '02');
  }
  if (!isObject(body.values)) throw badRequest('values is required and must be an object.', '02');
  const { name, namespace } = body;
  if (!dnsLabel.test(name) || name.length > 53) throw badRequest(`name ${JSON.stringify(name)} must be a DNS label of at most 53 characters (lower-case letters, digits, "-").`, '02');
  if (!dnsLabel.test(namespace) || namespace.length > 63) throw badRequest(`namespace ${JSON.stringify(namespace)} must be a DNS label of at most 63 characters.`, '02');
  checkReleaseCluster(c);
  const ch = findChart(world, r.projectId, body.chart_id);
  if (body.version !== ch.version) throw badRequest(`version ${JSON.stringify(body.version)} is not the version of chart ${ch.id} (${ch.name} ${ch.version}).`, '02');
  const parameters = checkParameters(body.parameters, 'parameters');
  const rel = await installRelease(world, c, ch, { name, namespace, description: typeof body.description === 'string' ? body.description : '', values: body.values, parameters });
  return { status: 201, body: renderRelease(world, rel) };
};

const updateRelease: Handler<'UpdateAutopilotRelease'> = async (r) => {
  const { world, body } = r;
  const { cluster: c, release: rel } = release(r);
  if (body.action !== 'upgrade' && body.action !== 'rollback') throw badRequest(`action must be "upgrade" or "rollback" (got ${JSON.stringify(body.action)}).`, '02');
  if (body.parameters === undefined) throw badRequest('parameters is required.', '02');
  const parameters = checkParameters(body.parameters, 'parameters');
  if (!isObject(body.values)) throw badRequest('values is required and must be an object.', '02');
  if (typeof body.chart_id !== 'string' || body.chart_id === '') throw badRequest('chart_id is required.', '02');
  const next = body.action === 'upgrade' ? await upgradeRelease(world, c, rel, body.chart_id, body.values, parameters) : await rollbackRelease(world, c, rel, parameters);
  return { body: renderRelease(world, next) };
};

const deleteRelease: Handler<'DeleteAutopilotRelease'> = async (r) => {
  const { cluster: c, release: rel } = release(r);
  await uninstallRelease(r.world, c, rel);
  return { body: 'success' };
};

const showRelease: Handler<'ShowAutopilotRelease'> = (r) => ({ body: renderRelease(r.world, release(r).release) });

const history: Handler<'ShowAutopilotReleaseHistory'> = (r) => {
  const rel = release(r).release;
  return { body: [...rel.revisions].reverse().map((rev) => renderRelease(r.world, rel, rev)) };
};

const listReleases: Handler<'ListAutopilotReleases'> = (r) => {
  const c = releaseCluster(r);
  const chartId = r.query.get('chart_id');
  const namespace = r.query.get('namespace');
  const items = releasesOf(r.world, c.id)
    .filter((rel) => namespace === null || rel.namespace === namespace)
    .filter((rel) => chartId === null || rel.revisions.at(-1)?.chartId === chartId)
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((rel) => renderRelease(r.world, rel));
  return { body: items };
};

export const chartHandlers = {
  UploadAutopilotChart: upload,
  ListAutopilotCharts: list,
  ListAutopilotReleases: listReleases,
  CreateAutopilotRelease: createRelease,
  UpdateAutopilotChart: update,
  DeleteAutopilotChart: remove,
  UpdateAutopilotRelease: updateRelease,
  ShowAutopilotChart: show,
  DeleteAutopilotRelease: deleteRelease,
  ShowAutopilotRelease: showRelease,
  DownloadAutopilotChart: download,
  ShowAutopilotChartValues: values,
  ShowAutopilotReleaseHistory: history,
  ShowAutopilotUserChartsQuotas: quota,
} satisfies Partial<HandlerMap>;
