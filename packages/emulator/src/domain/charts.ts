// Charts and releases (spec 04): storing uploaded charts, the quota and in-use rules, and what a
// release install, upgrade, rollback and uninstall change, including the objects they apply to
// the cluster's Kubernetes API (src/helm), plus the release lifecycle rows.
import { isTransientPhase } from '@cce-autopilot/models';
import type { ChartContents } from '../chart-archive.js';
import { badRequest, conflict, notFound, ServiceError } from '../errors.js';
import { applyRelease, deleteObjects, prepareObjects, refOf, restoreMissing } from '../helm/deploy.js';
import { renderChart as renderChartTemplates, RenderError } from '../helm/render.js';
import type { ClusterObjects } from '../kube/cluster.js';
import type { JsonObject } from '../json.js';
import { step } from '../lifecycle.js';
import type { Step } from '../lifecycle.js';
import type { ChartRecord, ClusterRecord, ReleaseRecord, ReleaseRevision } from '../records.js';
import type { World } from '../world.js';

export function chartsOf(world: World, projectId: string): ChartRecord[] {
  return world.charts.list().filter((c) => c.projectId === projectId).sort((a, b) => a.createdAt - b.createdAt);
}

export function findChart(world: World, projectId: string, id: string): ChartRecord {
  const c = world.charts.get(id);
  if (!c || c.projectId !== projectId) throw notFound(`chart ${id} does not exist in project ${projectId}.`, '02');
  return c;
}

export interface ChartUpload {
  archive: Buffer;
  contents: ChartContents;
  parameters: { override: boolean; source: string; visible: boolean };
}

function fill(c: ChartRecord, upload: ChartUpload, source: string): void {
  const parsed = upload.contents;
  c.name = parsed.name;
  c.version = parsed.version;
  c.description = parsed.description;
  c.iconUrl = parsed.icon;
  c.values = parsed.values;
  if (parsed.valuesSchema !== undefined) c.valuesSchema = parsed.valuesSchema;
  else delete c.valuesSchema;
  c.readme = parsed.readme;
  c.source = source;
  c.archive = upload.archive.toString('base64');
}

/** A new chart, or (with `override`) a new archive for the chart of that name and version. */
export function uploadChart(world: World, projectId: string, upload: ChartUpload): ChartRecord {
  const { contents: parsed, parameters } = upload;
  const existing = chartsOf(world, projectId).find((c) => c.name === parsed.name && c.version === parsed.version);
  const now = world.now();
  if (existing) {
    if (!parameters.override) throw conflict(`chart ${parsed.name} ${parsed.version} already exists (id ${existing.id}); upload with {"override":true} to replace it.`, '02');
    fill(existing, upload, parameters.source);
    existing.updatedAt = now;
    return world.charts.put(existing);
  }
  const used = chartsOf(world, projectId).length;
  if (used >= world.quotas.charts) throw new ServiceError(400, 'CCE.02400001', `Invalid request. the chart quota of project ${projectId} is used up (${used} of ${world.quotas.charts}); delete a chart first.`);
  const c: ChartRecord = { id: world.newId(), projectId, name: '', version: '', description: '', iconUrl: '', values: {}, readme: '', source: '', visible: parameters.visible, archive: '', createdAt: now, updatedAt: now };
  fill(c, upload, parameters.source);
  return world.charts.put(c);
}

/** A new archive for an existing chart: same chart name, and no other chart with the new version. */
export function updateChart(world: World, c: ChartRecord, upload: ChartUpload): ChartRecord {
  const parsed = upload.contents;
  if (parsed.name !== c.name) throw badRequest(`the archive holds chart ${parsed.name}, but chart ${c.id} is ${c.name}.`, '02');
  const clash = chartsOf(world, c.projectId).find((x) => x.id !== c.id && x.name === parsed.name && x.version === parsed.version);
  if (clash) throw conflict(`chart ${parsed.name} ${parsed.version} already exists (id ${clash.id}).`, '02');
  fill(c, upload, upload.parameters.source || c.source);
  c.visible = upload.parameters.visible;
  c.updatedAt = world.now();
  return world.charts.put(c);
}

/** A chart a live release uses stays. */
export function deleteChart(world: World, c: ChartRecord): void {
  const inUse = world.releases.list().find((rel) => rel.revisions.at(-1)?.chartId === c.id && rel.phase !== 'DELETING');
  if (inUse) throw new ServiceError(409, 'CCE.02409001', `chart ${c.id} is used by release ${inUse.namespace}/${inUse.name} in cluster ${inUse.clusterId}; delete the release first.`);
  world.charts.remove(c);
}

// --- releases ---------------------------------------------------------------------------------

export const releaseId = (clusterId: string, namespace: string, name: string): string => `${clusterId}/${namespace}/${name}`;

export function findRelease(world: World, c: ClusterRecord, namespace: string, name: string): ReleaseRecord {
  const rel = world.releases.get(releaseId(c.id, namespace, name));
  if (!rel) throw notFound(`release ${namespace}/${name} does not exist in cluster ${c.id}.`, '02');
  return rel;
}

export function releasesOf(world: World, clusterId: string): ReleaseRecord[] {
  return world.releases.list().filter((rel) => rel.clusterId === clusterId);
}

/** Releases are installed only while the cluster is Available. */
export function checkReleaseCluster(c: ClusterRecord): void {
  if (c.phase !== 'Available') throw new ServiceError(400, 'CCE.02400001', `Invalid request. cluster ${c.id} is ${c.phase}; install releases while it is Available.`);
}

/** The running cluster's objects, starting its API if needed; undefined when the emulator runs without one. */
async function clusterObjects(world: World, c: ClusterRecord): Promise<ClusterObjects | undefined> {
  if (!world.kube) return undefined;
  await world.kube.ensureCluster({ id: c.id, name: c.name, version: String(c.spec.version) });
  return world.kube.objectsOf(c.id);
}

function lookupIn(kube: ClusterObjects | undefined) {
  return (apiVersion: string, kind: string, namespace: string, name: string): JsonObject => {
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
async function deploy(c: ClusterRecord, rel: ReleaseRecord, rev: ReleaseRevision, ch: ChartRecord, kube: ClusterObjects | undefined, previous: ReleaseRevision | undefined, verb: 'install' | 'upgrade'): Promise<void> {
  let objects: JsonObject[];
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
}

export interface ReleaseInstall {
  name: string;
  namespace: string;
  description: string;
  values: JsonObject;
  parameters: JsonObject;
}

/**
 * Installs (or with `replace` re-installs) a release of `ch`: renders, applies, stores it
 * PENDING_INSTALL. With `dry_run` nothing is stored or applied; the answer is what would be.
 */
export async function installRelease(world: World, c: ClusterRecord, ch: ChartRecord, input: ReleaseInstall): Promise<ReleaseRecord> {
  const { name, namespace, parameters } = input;
  const id = releaseId(c.id, namespace, name);
  const existing = world.releases.get(id);
  if (existing && existing.phase !== 'DELETING' && parameters.replace !== true) throw conflict(`release ${namespace}/${name} already exists in cluster ${c.id}.`, '02');
  const now = world.now();
  const rev: ReleaseRevision = {
    version: 1,
    chartId: ch.id,
    chartName: ch.name,
    chartVersion: ch.version,
    values: input.values,
    parameters,
    status: 'PENDING_INSTALL',
    description: 'Initial install underway',
    createdAt: now,
    updatedAt: now,
  };
  const rel: ReleaseRecord = {
    id,
    projectId: c.projectId,
    clusterId: c.id,
    namespace,
    name,
    description: input.description,
    revisions: [rev],
    phase: 'PENDING_INSTALL',
    phaseSince: now,
    createdAt: now,
  };
  const kube = await clusterObjects(world, c);
  // Helm without --create-namespace refuses a namespace that does not exist; the API has no field to ask for it.
  const namespaces = kube?.types.byKind('v1', 'Namespace');
  if (kube && namespaces && !kube.list(namespaces, undefined).some((n) => n.metadata.name === namespace)) {
    throw badRequest(`namespace ${JSON.stringify(namespace)} does not exist in cluster ${c.id}; create it first (kubectl create namespace ${namespace}).`, '02');
  }
  await deploy(c, rel, rev, ch, kube, existing?.phase !== 'DELETING' ? existing?.revisions.at(-1) : undefined, 'install');
  if (parameters.dry_run === true) return rel;
  return world.releases.put(rel);
}

/** Updates wait until the release has settled. */
function checkSettled(rel: ReleaseRecord): ReleaseRevision {
  if (isTransientPhase('release', rel.phase)) throw new ServiceError(409, 'CCE.01409002', `release ${rel.namespace}/${rel.name} is ${rel.phase}; wait until it settles.`);
  const current = rel.revisions.at(-1);
  if (!current) throw new ServiceError(500, 'CCE.02500001', `release ${rel.namespace}/${rel.name} has no revision.`);
  return current;
}

/** Adds the revision and starts its phase, or with `dry_run` only shows it. */
function addRevision(world: World, rel: ReleaseRecord, next: ReleaseRevision, now: number): ReleaseRecord {
  if (next.parameters.dry_run === true) return { ...rel, revisions: [...rel.revisions, next], phase: next.status };
  rel.revisions.push(next);
  rel.phase = next.status;
  rel.phaseSince = now;
  return world.releases.put(rel);
}

/** Upgrade to chart `chartId` (same chart name) with `values` merged over the current ones (or instead, with `reset_values`). */
export async function upgradeRelease(world: World, c: ClusterRecord, rel: ReleaseRecord, chartId: string, values: JsonObject, parameters: JsonObject): Promise<ReleaseRecord> {
  const current = checkSettled(rel);
  const now = world.now();
  const ch = findChart(world, rel.projectId, chartId);
  if (ch.name !== current.chartName) throw badRequest(`chart ${ch.id} is ${ch.name}, but release ${rel.name} runs chart ${current.chartName}.`, '02');
  const merged = parameters.reset_values === true ? values : { ...current.values, ...values };
  const next: ReleaseRevision = { version: current.version + 1, chartId: ch.id, chartName: ch.name, chartVersion: ch.version, values: merged, parameters, status: 'PENDING_UPGRADE', description: 'Upgrade underway', createdAt: now, updatedAt: now };
  const kube = await clusterObjects(world, c);
  await deploy(c, rel, next, findChart(world, rel.projectId, chartId), kube, current, 'upgrade');
  return addRevision(world, rel, next, now);
}

/** Back to revision `parameters.release_version`: its stored objects are applied again, as Helm does. */
export async function rollbackRelease(world: World, c: ClusterRecord, rel: ReleaseRecord, parameters: JsonObject): Promise<ReleaseRecord> {
  const current = checkSettled(rel);
  const now = world.now();
  const target = parameters.release_version;
  if (!Number.isInteger(target)) throw badRequest('parameters.release_version is required for a rollback: the revision to return to.', '02');
  const old = rel.revisions.find((x) => x.version === target);
  if (!old) throw badRequest(`release ${rel.name} has no revision ${String(target)}; revisions: ${rel.revisions.map((x) => x.version).join(', ')}.`, '02');
  const next: ReleaseRevision = { ...old, version: current.version + 1, parameters, status: 'PENDING_ROLLBACK', description: `Rollback to ${old.version}`, createdAt: now, updatedAt: now };
  delete next.error;
  const kube = await clusterObjects(world, c);
  if (parameters.dry_run !== true && kube) {
    try {
      applyRelease(kube, next.manifest ?? [], (current.manifest ?? []).map(refOf), rel, 'rollback');
    } catch (err) {
      next.error = `ROLLBACK FAILED: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  return addRevision(world, rel, next, now);
}

/** Uninstall: the last manifest's objects are deleted (Helm uninstall), the release goes DELETING, then away. */
export async function uninstallRelease(world: World, c: ClusterRecord, rel: ReleaseRecord): Promise<void> {
  if (rel.phase === 'DELETING') return;
  const kube = await clusterObjects(world, c);
  if (kube) deleteObjects(kube, (rel.revisions.at(-1)?.manifest ?? []).map(refOf));
  rel.phase = 'DELETING';
  rel.phaseSince = world.now();
  world.releases.put(rel);
}

/** Creates the objects of the cluster's releases that are missing (objects live in memory; records survive a restart). */
export function syncReleaseObjects(world: World, clusterId: string): void {
  const kube = world.kube?.objectsOf(clusterId);
  if (!kube) return;
  for (const r of releasesOf(world, clusterId)) {
    if (r.phase === 'DELETING') continue;
    const manifest = r.revisions.at(-1)?.manifest;
    if (!manifest) continue;
    for (const e of restoreMissing(kube, manifest)) world.log(`release ${r.namespace}/${r.name}: ${e}`);
  }
}

const delay = (instant: number, realistic: number) => ({ instant, realistic });

/** Lifecycle rows of releases (spec 04 release statuses). */
export const releaseSteps: readonly Step<World>[] = [
  ...(['PENDING_INSTALL', 'PENDING_UPGRADE', 'PENDING_ROLLBACK'] as const).map((from) =>
    step<World, ReleaseRecord>({
      collection: (w) => w.releases, from, to: 'DEPLOYED', failTo: 'FAILED', failureKey: 'release', delay: delay(0, 3000),
      effect: (w, r, arrived, at) => {
        const latest = r.revisions[r.revisions.length - 1];
        if (latest) {
          // The objects were rendered and applied when the request came; a failure then decides the outcome.
          if (latest.error !== undefined && arrived === 'DEPLOYED') {
            r.phase = 'FAILED';
            latest.status = 'FAILED';
            latest.description = latest.error;
          } else {
            latest.status = arrived ?? 'DELETED';
            latest.description = arrived === 'DEPLOYED' ? (from === 'PENDING_INSTALL' ? 'Install complete' : from === 'PENDING_UPGRADE' ? 'Upgrade complete' : `Rollback complete`) : 'Release failed (injected failure)';
          }
          latest.updatedAt = at;
        }
        w.releases.put(r);
      },
    }, 'releases'),
  ),
  step<World, ReleaseRecord>({ collection: (w) => w.releases, from: 'DELETING', to: null, delay: delay(0, 2000) }, 'releases'),
];
