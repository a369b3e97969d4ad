import { rfc3339 } from '../clock.js';
import { badRequest, conflict, notFound, ServiceError } from '../errors.js';
import type { Family } from '../errors.js';
import type { AddonRecord, ClusterRecord } from '../records.js';
import type { Handler, OpRequest } from '../server.js';
import { addonRollbackableStatuses, compareVersions, supportsCluster } from '@cce-autopilot/models';
import type { AddonTemplate, TemplateVersion } from '../templates.js';
import type { World } from '../world.js';
import { addonStatusName } from './clusters.js';

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {};
}

export function templatesOf(world: World): AddonTemplate[] {
  return world.templates;
}

function findTemplate(world: World, name: string): AddonTemplate | undefined {
  return templatesOf(world).find((t) => t.metadata.name === name || t.metadata.alias === name);
}

/** The newest template version that supports the cluster's version, or the named one after checking it does. */
function pickVersion(t: AddonTemplate, clusterVersion: string, wanted: string | undefined, family: Family): TemplateVersion {
  if (wanted !== undefined) {
    const v = t.spec.versions.find((x) => x.version === wanted);
    if (!v) throw badRequest(`spec.version ${wanted} of add-on ${t.metadata.name} does not exist; versions: ${t.spec.versions.map((x) => x.version).join(', ')}.`, family);
    if (!supportsCluster(v, clusterVersion)) {
      throw badRequest(`add-on ${t.metadata.name} ${wanted} does not support cluster version ${clusterVersion} (supportVersions ${JSON.stringify(v.supportVersions?.flatMap((s) => s.clusterVersion))}).`, family);
    }
    return v;
  }
  const v = t.spec.versions.find((x) => supportsCluster(x, clusterVersion));
  if (!v) throw badRequest(`no version of add-on ${t.metadata.name} supports cluster version ${clusterVersion}.`, family);
  return v;
}

/** Fills what the request leaves out from the template's defaults (spec 02 3.4). */
function effectiveValues(v: TemplateVersion, cluster: ClusterRecord, given: Obj): Obj {
  const input = obj(v.input);
  const parameters = obj(input.parameters);
  const flavors = Object.entries(parameters).filter(([k]) => k !== 'custom');
  const defaultFlavor =
    flavors.find(([, f]) => obj(f).is_default === true && Array.isArray(obj(f).category) && (obj(f).category as unknown[]).includes('Autopilot')) ??
    flavors.find(([, f]) => obj(f).is_default === true) ??
    flavors[0];
  const flavor = given.flavor !== undefined ? given.flavor : defaultFlavor ? structuredClone(defaultFlavor[1]) : undefined;
  const values: Obj = {
    ...given,
    basic: { ...obj(input.basic), cluster_version: String(cluster.spec.version), rbac_enabled: true, platform: 'linux-amd64', ...obj(given.basic) },
    custom: { ...structuredClone(obj(parameters.custom)), ...obj(given.custom) },
  };
  if (flavor !== undefined) values.flavor = flavor;
  return values;
}

export function createAddonRecord(world: World, projectId: string, cluster: ClusterRecord, templateName: string, wantedVersion: string | undefined, values: Obj, phase: string, family: Family): AddonRecord {
  const t = findTemplate(world, templateName);
  if (!t) throw badRequest(`add-on template ${JSON.stringify(templateName)} does not exist; templates: ${templatesOf(world).map((x) => x.metadata.name).join(', ')}.`, family);
  const v = pickVersion(t, String(cluster.spec.version), wantedVersion, family);
  if (world.addonsOf(cluster.id).some((a) => a.templateName === t.metadata.name && a.phase !== 'deleting')) {
    throw conflict(`add-on ${t.metadata.name} is already installed in cluster ${cluster.id}.`, family);
  }
  const now = world.now();
  return {
    id: world.newId(),
    projectId,
    clusterId: cluster.id,
    templateName: t.metadata.name,
    version: v.version,
    values: effectiveValues(v, cluster, values),
    history: [],
    reason: '',
    message: '',
    phase,
    phaseSince: now,
    createdAt: now,
    updatedAt: now,
  };
}

const rollbackFrom: readonly string[] = addonRollbackableStatuses;
const upgradeFrom = ['running', 'available', 'abnormal', 'upgradeFailed', 'installFailed', 'rollbackFailed'];

export function renderAddon(world: World, a: AddonRecord): Obj {
  const t = findTemplate(world, a.templateName);
  const current = t?.spec.versions.find((v) => v.version === a.version);
  const cluster = world.store.get<ClusterRecord>('clusters', a.clusterId);
  const clusterVersion = cluster ? String(cluster.spec.version) : '';
  const targetVersions = t ? t.spec.versions.filter((v) => v.version !== a.version && compareVersions(v.version, a.version) > 0 && supportsCluster(v, clusterVersion)).map((v) => v.version) : [];
  const status: Obj = {
    status: addonStatusName(a.phase),
    Reason: a.reason,
    message: a.message,
    targetVersions: targetVersions.length > 0 ? targetVersions : null,
    currentVersion: current ?? null,
    isRollbackable: a.history.length > 0,
  };
  if (a.previousVersion) status.previousVersion = a.previousVersion;
  return {
    kind: 'Addon',
    apiVersion: 'v3',
    metadata: {
      uid: a.id,
      name: a.templateName,
      alias: t?.metadata.alias ?? a.templateName,
      creationTimestamp: rfc3339(a.createdAt),
      updateTimestamp: rfc3339(a.updatedAt),
    },
    spec: {
      clusterID: a.clusterId,
      version: a.version,
      addonTemplateName: a.templateName,
      addonTemplateType: t?.spec.type ?? 'helm',
      addonTemplateLogo: String(t?.spec.logoURL ?? ''),
      addonTemplateLabels: t?.spec.labels ?? [],
      description: t?.spec.description ?? '',
      values: {
        ...a.values,
        systemAutoInject: {
          cluster: { clusterID: a.clusterId, clusterNetworkMode: 'eni', clusterVersion: `${clusterVersion}-r0` },
          user: { projectID: a.projectId },
        },
      },
    },
    status,
  };
}

function addon(r: OpRequest): AddonRecord {
  const a = r.world.store.get<AddonRecord>('addons', r.params.id ?? '');
  const clusterFilter = r.query.get('cluster_id');
  if (!a || a.projectId !== r.projectId || (clusterFilter !== null && clusterFilter !== a.clusterId)) {
    throw notFound(`add-on instance ${r.params.id} does not exist in project ${r.projectId}${clusterFilter ? ` (cluster ${clusterFilter})` : ''}.`, '03');
  }
  return a;
}

function availableCluster(r: OpRequest, clusterId: string): ClusterRecord {
  const c = r.world.cluster(r.projectId, clusterId, '03');
  if (c.phase !== 'Available') throw new ServiceError(400, 'CCE.03400001', `Invalid request. cluster ${c.id} is ${c.phase}; add-ons change only while it is Available.`);
  return c;
}

const createAddon: Handler = (r) => {
  const body = obj(r.body);
  const spec = obj(body.spec);
  const cluster = availableCluster(r, String(spec.clusterID));
  const a = createAddonRecord(r.world, r.projectId, cluster, String(spec.addonTemplateName), typeof spec.version === 'string' && spec.version !== '' ? spec.version : undefined, obj(spec.values), 'installing', '03');
  r.world.put('addons', a.id, a);
  return { status: 201, body: renderAddon(r.world, a) };
};

/**
 * Template list with the SDK's filters: `cluster_id` keeps the versions the cluster's version
 * supports, `version` one version, `base_update_addon_version` the versions newer than it (what an
 * instance at that version can be upgraded to), `newest=true` the newest left of each template.
 * A template left with no version is not listed.
 */
const listTemplates: Handler = (r) => {
  const name = r.query.get('addon_template_name');
  const clusterId = r.query.get('cluster_id');
  const clusterVersion = clusterId === null || clusterId === '' ? undefined : String(r.world.cluster(r.projectId, clusterId, '03').spec.version);
  const version = r.query.get('version');
  const base = r.query.get('base_update_addon_version');
  const newest = r.query.get('newest') === 'true';
  const filtering = clusterVersion !== undefined || (version ?? '') !== '' || (base ?? '') !== '' || newest;
  const items = templatesOf(r.world)
    .filter((t) => name === null || name === '' || t.metadata.name === name || t.metadata.alias === name)
    .map((t) => {
      if (!filtering) return t;
      let versions = t.spec.versions.filter((v) =>
        (clusterVersion === undefined || supportsCluster(v, clusterVersion)) &&
        (version === null || version === '' || v.version === version) &&
        (base === null || base === '' || compareVersions(v.version, base) > 0));
      if (newest) versions = [...versions].sort((a, b) => compareVersions(b.version, a.version)).slice(0, 1);
      return { ...t, spec: { ...t.spec, versions } };
    })
    .filter((t) => t.spec.versions.length > 0);
  return { body: { kind: 'Addon', apiVersion: 'v3', items } };
};

const updateAddon: Handler = (r) => {
  const a = addon(r);
  const spec = obj(obj(r.body).spec);
  if (spec.clusterID !== a.clusterId) throw badRequest(`spec.clusterID ${JSON.stringify(spec.clusterID)} is not the cluster of add-on instance ${a.id} (${a.clusterId}).`, '03');
  if (spec.addonTemplateName !== a.templateName) throw badRequest(`spec.addonTemplateName must be ${a.templateName} for this instance (got ${JSON.stringify(spec.addonTemplateName)}).`, '03');
  if (typeof spec.version !== 'string' || spec.version === '') throw badRequest('spec.version is required when updating an add-on.', '03');
  if (!upgradeFrom.includes(a.phase)) throw new ServiceError(409, 'CCE.01409002', `add-on instance ${a.id} is ${addonStatusName(a.phase)}; wait until it settles before updating it.`);
  const cluster = availableCluster(r, a.clusterId);
  const t = findTemplate(r.world, a.templateName);
  if (!t) throw notFound(`add-on template ${a.templateName} no longer exists.`, '03');
  const v = pickVersion(t, String(cluster.spec.version), spec.version, '03');
  a.history.push({ version: a.version, values: a.values });
  return moveTo(r.world, a, 'upgrading', v.version, effectiveValues(v, cluster, obj(spec.values)));
};

/** Switches an instance to another version and starts the phase that gets it there. */
function moveTo(world: World, a: AddonRecord, phase: string, version: string, values: Obj): { body: Obj } {
  a.previousVersion = a.version;
  a.version = version;
  a.values = values;
  a.phase = phase;
  a.phaseSince = world.now();
  a.updatedAt = a.phaseSince;
  world.put('addons', a.id, a);
  return { body: renderAddon(world, a) };
}

const rollbackAddon: Handler = (r) => {
  const a = addon(r);
  const clusterID = obj(r.body).clusterID;
  if (clusterID !== a.clusterId) throw badRequest(`clusterID ${JSON.stringify(clusterID)} is not the cluster of add-on instance ${a.id} (${a.clusterId}).`, '03');
  if (!rollbackFrom.includes(a.phase)) throw badRequest(`add-on instance ${a.id} is ${addonStatusName(a.phase)}; a rollback needs one of ${rollbackFrom.join(', ')}.`, '03');
  const previous = a.history.pop();
  if (!previous) throw badRequest(`add-on instance ${a.id} has no earlier version to roll back to (status.isRollbackable is false).`, '03');
  a.reason = `Rollback to ${previous.version}`;
  return moveTo(r.world, a, 'rollbacking', previous.version, previous.values);
};

const deleteAddon: Handler = (r) => {
  const a = addon(r);
  if (a.phase !== 'deleting') {
    a.phase = 'deleting';
    a.phaseSince = r.world.now();
    a.updatedAt = a.phaseSince;
    r.world.put('addons', a.id, a);
  }
  return { body: 'success', headers: { 'Content-Type': 'text/plain;charset=utf-8' } };
};

const showAddon: Handler = (r) => ({ body: renderAddon(r.world, addon(r)) });

const listAddons: Handler = (r) => {
  const clusterId = r.query.get('cluster_id') ?? '';
  r.world.cluster(r.projectId, clusterId, '03');
  const template = r.query.get('addon_template_name');
  const wanted = template === null || template === '' ? undefined : (findTemplate(r.world, template)?.metadata.name ?? template);
  const items = r.world.addonsOf(clusterId)
    .filter((a) => wanted === undefined || a.templateName === wanted)
    .sort((x, y) => x.createdAt - y.createdAt)
    .map((a) => renderAddon(r.world, a));
  return { body: { kind: 'Addon', apiVersion: 'v3', items } };
};

export const addonHandlers: Record<string, Handler> = {
  CreateAutopilotAddonInstance: createAddon,
  ListAutopilotAddonTemplates: listTemplates,
  UpdateAutopilotAddonInstance: updateAddon,
  RollbackAutopilotAddonInstance: rollbackAddon,
  DeleteAutopilotAddonInstance: deleteAddon,
  ShowAutopilotAddonInstance: showAddon,
  ListAutopilotAddonInstances: listAddons,
};
