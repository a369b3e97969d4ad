import { rfc3339 } from '../clock.js';
import { readChartArchive } from '../chart-archive.js';
import { badRequest, conflict, notFound, ServiceError } from '../errors.js';
import type { ChartRecord, ClusterRecord, ReleaseRecord, ReleaseRevision } from '../records.js';
import type { Handler, OpRequest } from '../server.js';
import type { World } from '../world.js';
import { renderChart as renderChartTemplates, RenderError } from '../helm/render.js';
import { applyRelease, deleteObjects, prepareObjects, refOf } from '../helm/deploy.js';
import type { ClusterObjects } from '../kube/cluster.js';

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {};
}

export function renderChart(c: ChartRecord): Obj {
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

function chartsOf(world: World, projectId: string): ChartRecord[] {
  return world.list<ChartRecord>('charts').filter((c) => c.projectId === projectId).sort((a, b) => a.createdAt - b.createdAt);
}

function chart(r: OpRequest, id = r.params.chart_id ?? ''): ChartRecord {
  const c = r.world.store.get<ChartRecord>('charts', id);
  if (!c || c.projectId !== r.projectId) throw notFound(`chart ${id} does not exist in project ${r.projectId}.`, '02');
  return c;
}

interface UploadForm {
  archive: Buffer;
  parameters: { override: boolean; skip_lint: boolean; source: string; visible: boolean };
}

async function readUpload(r: OpRequest): Promise<UploadForm> {
  const form = r.form;
  if (!form) throw badRequest('the body must be multipart/form-data with a file part "content".', '02');
  const content = form.get('content');
  if (content === null) throw badRequest('form field "content" (the chart .tgz) is required.', '02');
  if (typeof content === 'string') throw badRequest('form field "content" must be a file part holding the chart .tgz, not text.', '02');
  let parameters: Obj = {};
  const raw = form.get('parameters');
  if (raw !== null) {
    const text = typeof raw === 'string' ? raw : await raw.text();
    try {
      parameters = obj(JSON.parse(text));
    } catch {
      throw badRequest(`form field "parameters" must hold a JSON object such as {"override":true,"skip_lint":true,"source":"package"} (got ${JSON.stringify(text.slice(0, 80))}).`, '02');
    }
  }
  for (const key of ['override', 'skip_lint', 'visible'] as const) {
    if (parameters[key] !== undefined && typeof parameters[key] !== 'boolean') throw badRequest(`parameters.${key} must be true or false (got ${JSON.stringify(parameters[key])}).`, '02');
  }
  return {
    archive: Buffer.from(await content.arrayBuffer()),
    parameters: {
      override: parameters.override === true,
      skip_lint: parameters.skip_lint === true,
      source: typeof parameters.source === 'string' ? parameters.source : '',
      visible: parameters.visible !== false,
    },
  };
}

async function contents(archive: Buffer) {
  try {
    return await readChartArchive(archive);
  } catch (err) {
    throw badRequest(`${err instanceof Error ? err.message : String(err)}.`, '02');
  }
}

function fill(c: ChartRecord, parsed: Awaited<ReturnType<typeof readChartArchive>>, archive: Buffer, source: string): void {
  c.name = parsed.name;
  c.version = parsed.version;
  c.description = parsed.description;
  c.iconUrl = parsed.icon;
  c.values = parsed.values;
  if (parsed.valuesSchema !== undefined) c.valuesSchema = parsed.valuesSchema;
  else delete c.valuesSchema;
  c.readme = parsed.readme;
  c.source = source;
  c.archive = archive.toString('base64');
}

const upload: Handler = async (r) => {
  const { world } = r;
  const { archive, parameters } = await readUpload(r);
  const parsed = await contents(archive);
  const existing = chartsOf(world, r.projectId).find((c) => c.name === parsed.name && c.version === parsed.version);
  const now = world.now();
  if (existing) {
    if (!parameters.override) throw conflict(`chart ${parsed.name} ${parsed.version} already exists (id ${existing.id}); upload with {"override":true} to replace it.`, '02');
    fill(existing, parsed, archive, parameters.source);
    existing.updatedAt = now;
    world.put('charts', existing.id, existing);
    return { status: 201, body: renderChart(existing) };
  }
  const used = chartsOf(world, r.projectId).length;
  if (used >= world.quotas.charts) throw new ServiceError(400, 'CCE.02400001', `Invalid request. the chart quota of project ${r.projectId} is used up (${used} of ${world.quotas.charts}); delete a chart first.`);
  const c: ChartRecord = { id: world.newId(), projectId: r.projectId, name: '', version: '', description: '', iconUrl: '', values: {}, readme: '', source: '', visible: parameters.visible, archive: '', createdAt: now, updatedAt: now };
  fill(c, parsed, archive, parameters.source);
  world.put('charts', c.id, c);
  return { status: 201, body: renderChart(c) };
};

const update: Handler = async (r) => {
  const { world } = r;
  const c = chart(r);
  const { archive, parameters } = await readUpload(r);
  const parsed = await contents(archive);
  if (parsed.name !== c.name) throw badRequest(`the archive holds chart ${parsed.name}, but chart ${c.id} is ${c.name}.`, '02');
  const clash = chartsOf(world, r.projectId).find((x) => x.id !== c.id && x.name === parsed.name && x.version === parsed.version);
  if (clash) throw conflict(`chart ${parsed.name} ${parsed.version} already exists (id ${clash.id}).`, '02');
  fill(c, parsed, archive, parameters.source || c.source);
  c.visible = parameters.visible;
  c.updatedAt = world.now();
  world.put('charts', c.id, c);
  return { body: renderChart(c) };
};

const list: Handler = (r) => ({ body: chartsOf(r.world, r.projectId).map(renderChart) });
const show: Handler = (r) => ({ body: renderChart(chart(r)) });

const remove: Handler = (r) => {
  const c = chart(r);
  const inUse = r.world.list<ReleaseRecord>('releases').find((rel) => rel.revisions.at(-1)?.chartId === c.id && rel.phase !== 'DELETING');
  if (inUse) throw new ServiceError(409, 'CCE.02409001', `chart ${c.id} is used by release ${inUse.namespace}/${inUse.name} in cluster ${inUse.clusterId}; delete the release first.`);
  r.world.delete('charts', c.id);
  return { body: 'success' };
};

const download: Handler = (r) => {
  const c = chart(r);
  return { body: Buffer.from(c.archive, 'base64'), headers: { 'Content-Type': 'application/octet-stream', 'Content-Disposition': `attachment; filename="${c.name}-${c.version}.tgz"` } };
};

const values: Handler = (r) => ({ body: { values: chart(r).values } });

const quota: Handler = (r) => ({
  body: { quotas: { resources: [{ type: 'Charts', quota: r.world.quotas.charts, used: chartsOf(r.world, r.projectId).length }] } },
});

// --- releases ---------------------------------------------------------------------------------

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function releaseCluster(r: OpRequest): ClusterRecord {
  const c = r.world.cluster(r.projectId, r.params.cluster_id ?? '', '02');
  return c;
}

export function renderRelease(world: World, rel: ReleaseRecord, rev: ReleaseRevision | undefined = rel.revisions.at(-1)): Obj {
  const cluster = world.store.get<ClusterRecord>('clusters', rel.clusterId);
  const chartDoc = rev ? world.store.get<ChartRecord>('charts', rev.chartId) : undefined;
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

function release(r: OpRequest): ReleaseRecord {
  const c = releaseCluster(r);
  const id = `${c.id}/${r.params.namespace}/${r.params.name}`;
  const rel = r.world.store.get<ReleaseRecord>('releases', id);
  if (!rel) throw notFound(`release ${r.params.namespace}/${r.params.name} does not exist in cluster ${c.id}.`, '02');
  return rel;
}

/** The running cluster's objects, starting its API if needed; undefined when the emulator runs without one. */
async function clusterObjects(world: World, c: ClusterRecord): Promise<ClusterObjects | undefined> {
  if (!world.kube) return undefined;
  await world.kube.ensureCluster({ id: c.id, name: c.name, version: String(c.spec.version) });
  return world.kube.objectsOf(c.id);
}

function lookupIn(kube: ClusterObjects | undefined) {
  return (apiVersion: string, kind: string, namespace: string, name: string): Obj => {
    const type = kube?.types.byKind(apiVersion, kind);
    if (!kube || !type) return {};
    const ns = type.namespaced && namespace !== '' ? namespace : undefined;
    const items = kube.list(type, ns);
    if (name === '') return { apiVersion: 'v1', kind: `${kind}List`, items: items.map((o) => structuredClone(o)) };
    const hit = items.find((o) => o.metadata.name === name);
    return hit ? structuredClone(hit) : {};
  };
}

/**
 * Renders the revision's chart with its values (Helm's engine subset, src/helm) and applies the
 * objects; the outcome lands on the revision (`manifest`, `error`), which the lifecycle turns into
 * DEPLOYED or FAILED. Rendering errors with `dry_run` are the request's 400.
 */
async function deploy(world: World, c: ClusterRecord, rel: ReleaseRecord, rev: ReleaseRevision, ch: ChartRecord, kube: ClusterObjects | undefined, previous: ReleaseRevision | undefined, verb: 'install' | 'upgrade'): Promise<void> {
  let objects: Obj[];
  try {
    const rendered = await renderChartTemplates({
      archive: Buffer.from(ch.archive, 'base64'),
      chartValues: ch.values,
      values: rev.values,
      release: { name: rel.name, namespace: rel.namespace, revision: rev.version, isUpgrade: verb === 'upgrade' },
      kubeVersion: String(c.spec.version),
      lookup: lookupIn(kube),
      hasApiVersion: (v) => {
        const types = kube?.types.all ?? [];
        const m = /^(.+)\/([A-Z][A-Za-z0-9]*)$/.exec(v);
        return m ? types.some((t) => (t.group ? `${t.group}/${t.version}` : t.version) === m[1] && t.kind === m[2]) : types.some((t) => (t.group ? `${t.group}/${t.version}` : t.version) === v);
      },
      noHooks: rev.parameters.no_hooks === true,
    });
    objects = prepareObjects(rendered.objects, rel, kube);
    rev.notes = rendered.notes;
  } catch (err) {
    if (!(err instanceof RenderError)) throw err;
    if (rev.parameters.dry_run === true) throw badRequest(`${err.message}.`, '02');
    rev.manifest = [];
    rev.error = `${verb === 'install' ? 'INSTALLATION' : 'UPGRADE'} FAILED: ${err.message}`;
    return;
  }
  rev.manifest = objects;
  if (rev.parameters.dry_run === true || !kube) return;
  try {
    applyRelease(kube, objects, (previous?.manifest ?? []).map(refOf), rel, verb);
  } catch (err) {
    rev.error = `${verb === 'install' ? 'INSTALLATION' : 'UPGRADE'} FAILED: ${err instanceof Error ? err.message : String(err)}`;
  }
  void world;
}

function checkParameters(p: unknown, where: string): Obj {
  const o = obj(p);
  if (p !== undefined && (typeof p !== 'object' || p === null || Array.isArray(p))) throw badRequest(`${where} must be an object.`, '02');
  for (const k of ['dry_run', 'no_hooks', 'replace', 'recreate', 'reset_values', 'include_hooks']) {
    if (o[k] !== undefined && typeof o[k] !== 'boolean') throw badRequest(`${where}.${k} must be true or false (got ${JSON.stringify(o[k])}).`, '02');
  }
  if (o.release_version !== undefined && !Number.isInteger(o.release_version)) throw badRequest(`${where}.release_version must be an integer (got ${JSON.stringify(o.release_version)}).`, '02');
  return o;
}

const createRelease: Handler = async (r) => {
  const { world } = r;
  const c = releaseCluster(r);
  const body = obj(r.body);
  for (const k of ['chart_id', 'name', 'namespace', 'version'] as const) {
    if (typeof body[k] !== 'string' || body[k] === '') throw badRequest(`${k} is required and must be a non-empty string.`, '02');
  }
  if (body.values === undefined || typeof body.values !== 'object' || body.values === null || Array.isArray(body.values)) throw badRequest('values is required and must be an object.', '02');
  const name = String(body.name);
  const namespace = String(body.namespace);
  if (!dnsLabel.test(name) || name.length > 53) throw badRequest(`name ${JSON.stringify(name)} must be a DNS label of at most 53 characters (lower-case letters, digits, "-").`, '02');
  if (!dnsLabel.test(namespace) || namespace.length > 63) throw badRequest(`namespace ${JSON.stringify(namespace)} must be a DNS label of at most 63 characters.`, '02');
  if (c.phase !== 'Available') throw new ServiceError(400, 'CCE.02400001', `Invalid request. cluster ${c.id} is ${c.phase}; install releases while it is Available.`);
  const ch = chart(r, String(body.chart_id));
  if (body.version !== ch.version) throw badRequest(`version ${JSON.stringify(body.version)} is not the version of chart ${ch.id} (${ch.name} ${ch.version}).`, '02');
  const parameters = checkParameters(body.parameters, 'parameters');
  const id = `${c.id}/${namespace}/${name}`;
  const existing = world.store.get<ReleaseRecord>('releases', id);
  if (existing && existing.phase !== 'DELETING' && parameters.replace !== true) throw conflict(`release ${namespace}/${name} already exists in cluster ${c.id}.`, '02');
  const now = world.now();
  const rev: ReleaseRevision = {
    version: 1,
    chartId: ch.id,
    chartName: ch.name,
    chartVersion: ch.version,
    values: obj(body.values),
    parameters,
    status: 'PENDING_INSTALL',
    description: 'Initial install underway',
    createdAt: now,
    updatedAt: now,
  };
  const rel: ReleaseRecord = {
    id,
    projectId: r.projectId,
    clusterId: c.id,
    namespace,
    name,
    description: typeof body.description === 'string' ? body.description : '',
    revisions: [rev],
    phase: 'PENDING_INSTALL',
    phaseSince: now,
    createdAt: now,
  };
  const kube = await clusterObjects(world, c);
  // Helm without --create-namespace refuses a namespace that does not exist; the API has no field to ask for it.
  if (kube && !kube.list(kube.types.byKind('v1', 'Namespace') as NonNullable<ReturnType<typeof kube.types.byKind>>, undefined).some((n) => n.metadata.name === namespace)) {
    throw badRequest(`namespace ${JSON.stringify(namespace)} does not exist in cluster ${c.id}; create it first (kubectl create namespace ${namespace}).`, '02');
  }
  await deploy(world, c, rel, rev, ch, kube, existing?.phase !== 'DELETING' ? existing?.revisions.at(-1) : undefined, 'install');
  if (parameters.dry_run === true) return { status: 201, body: renderRelease(world, rel) };
  world.put('releases', id, rel);
  return { status: 201, body: renderRelease(world, rel) };
};

const updateRelease: Handler = async (r) => {
  const { world } = r;
  const rel = release(r);
  const body = obj(r.body);
  if (body.action !== 'upgrade' && body.action !== 'rollback') throw badRequest(`action must be "upgrade" or "rollback" (got ${JSON.stringify(body.action)}).`, '02');
  if (body.parameters === undefined) throw badRequest('parameters is required.', '02');
  const parameters = checkParameters(body.parameters, 'parameters');
  if (body.values === undefined || typeof body.values !== 'object' || body.values === null || Array.isArray(body.values)) throw badRequest('values is required and must be an object.', '02');
  if (typeof body.chart_id !== 'string' || body.chart_id === '') throw badRequest('chart_id is required.', '02');
  if (!['DEPLOYED', 'FAILED'].includes(rel.phase)) throw new ServiceError(409, 'CCE.01409002', `release ${rel.namespace}/${rel.name} is ${rel.phase}; wait until it settles.`);
  const now = world.now();
  const current = rel.revisions.at(-1) as ReleaseRevision;
  let next: ReleaseRevision;
  if (body.action === 'upgrade') {
    const ch = chart(r, body.chart_id);
    if (ch.name !== current.chartName) throw badRequest(`chart ${ch.id} is ${ch.name}, but release ${rel.name} runs chart ${current.chartName}.`, '02');
    const values = parameters.reset_values === true ? obj(body.values) : { ...current.values, ...obj(body.values) };
    next = { version: current.version + 1, chartId: ch.id, chartName: ch.name, chartVersion: ch.version, values, parameters, status: 'PENDING_UPGRADE', description: 'Upgrade underway', createdAt: now, updatedAt: now };
  } else {
    const target = parameters.release_version;
    if (!Number.isInteger(target)) throw badRequest('parameters.release_version is required for a rollback: the revision to return to.', '02');
    const old = rel.revisions.find((x) => x.version === target);
    if (!old) throw badRequest(`release ${rel.name} has no revision ${String(target)}; revisions: ${rel.revisions.map((x) => x.version).join(', ')}.`, '02');
    next = { ...old, version: current.version + 1, parameters, status: 'PENDING_ROLLBACK', description: `Rollback to ${old.version}`, createdAt: now, updatedAt: now };
    delete next.error;
  }
  const c = releaseCluster(r);
  const kube = await clusterObjects(world, c);
  if (body.action === 'upgrade') {
    await deploy(world, c, rel, next, chart(r, String(body.chart_id)), kube, current, 'upgrade');
  } else if (parameters.dry_run !== true && kube) {
    // Rollback applies the stored objects of the revision it returns to, as Helm does.
    try {
      applyRelease(kube, next.manifest ?? [], (current.manifest ?? []).map(refOf), rel, 'rollback');
    } catch (err) {
      next.error = `ROLLBACK FAILED: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  if (parameters.dry_run === true) return { body: renderRelease(world, { ...rel, revisions: [...rel.revisions, next], phase: next.status }) };
  rel.revisions.push(next);
  rel.phase = next.status;
  rel.phaseSince = now;
  world.put('releases', rel.id, rel);
  return { body: renderRelease(world, rel) };
};

const deleteRelease: Handler = async (r) => {
  const rel = release(r);
  if (rel.phase !== 'DELETING') {
    const kube = await clusterObjects(r.world, releaseCluster(r));
    // Helm uninstall deletes every object of the release's last manifest.
    if (kube) deleteObjects(kube, (rel.revisions.at(-1)?.manifest ?? []).map(refOf));
    rel.phase = 'DELETING';
    rel.phaseSince = r.world.now();
    r.world.put('releases', rel.id, rel);
  }
  return { body: 'success' };
};

const showRelease: Handler = (r) => ({ body: renderRelease(r.world, release(r)) });

const history: Handler = (r) => {
  const rel = release(r);
  return { body: [...rel.revisions].reverse().map((rev) => renderRelease(r.world, rel, rev)) };
};

const listReleases: Handler = (r) => {
  const c = releaseCluster(r);
  const chartId = r.query.get('chart_id');
  const namespace = r.query.get('namespace');
  const items = r.world
    .list<ReleaseRecord>('releases')
    .filter((rel) => rel.clusterId === c.id)
    .filter((rel) => namespace === null || rel.namespace === namespace)
    .filter((rel) => chartId === null || rel.revisions.at(-1)?.chartId === chartId)
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((rel) => renderRelease(r.world, rel));
  return { body: items };
};

export const chartHandlers: Record<string, Handler> = {
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
};
