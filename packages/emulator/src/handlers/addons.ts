// Add-on operations (spec 02): parse, hand to src/domain/addons.ts, answer.
import { compareVersions, supportsCluster } from '@cce-autopilot/models';
import type { AddonInstance, AddonInstanceStatus } from '@cce-autopilot/models';
import { rfc3339 } from '../clock.js';
import { badRequest, notFound } from '../errors.js';
import { objectOrEmpty } from '../json.js';
import { addonStatusName, findTemplate, installAddon, rollbackAddon, uninstallAddon, upgradeAddon } from '../domain/addons.js';
import type { AddonRecord } from '../records.js';
import type { World } from '../world.js';
import type { Handler, HandlerMap, RequestWith } from './contract.js';

export function renderAddon(world: World, a: AddonRecord): AddonInstance {
  const t = findTemplate(world, a.templateName);
  const current = t?.spec.versions.find((v) => v.version === a.version);
  const cluster = world.clusters.get(a.clusterId);
  const clusterVersion = cluster ? String(cluster.spec.version) : '';
  const targetVersions = t ? t.spec.versions.filter((v) => v.version !== a.version && compareVersions(v.version, a.version) > 0 && supportsCluster(v, clusterVersion)).map((v) => v.version) : [];
  const status: AddonInstanceStatus = {
    status: addonStatusName(a.phase),
    Reason: a.reason,
    message: a.message,
    targetVersions: targetVersions.length > 0 ? targetVersions : null,
    // A Versions object, never null: a version the templates no longer have is left out.
    ...(current ? { currentVersion: current } : {}),
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

/**
 * Template list with the SDK's filters: `cluster_id` keeps the versions the cluster's version
 * supports, `version` one version, `base_update_addon_version` the versions newer than it (what an
 * instance at that version can be upgraded to), `newest=true` the newest left of each template.
 * A template left with no version is not listed.
 */
const listTemplates: Handler<'ListAutopilotAddonTemplates'> = (r) => {
  const name = r.query.get('addon_template_name');
  const clusterId = r.query.get('cluster_id');
  const clusterVersion = clusterId === null || clusterId === '' ? undefined : String(r.world.cluster(r.projectId, clusterId, '03').spec.version);
  const version = r.query.get('version');
  const base = r.query.get('base_update_addon_version');
  const newest = r.query.get('newest') === 'true';
  const filtering = clusterVersion !== undefined || (version ?? '') !== '' || (base ?? '') !== '' || newest;
  const items = r.world.templates
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

function addon(r: RequestWith<'id', 'cluster_id'>): AddonRecord {
  const a = r.world.addons.get(r.params.id);
  const clusterFilter = r.query.get('cluster_id');
  if (!a || a.projectId !== r.projectId || (clusterFilter !== null && clusterFilter !== a.clusterId)) {
    throw notFound(`add-on instance ${r.params.id} does not exist in project ${r.projectId}${clusterFilter ? ` (cluster ${clusterFilter})` : ''}.`, '03');
  }
  return a;
}

const createAddon: Handler<'CreateAutopilotAddonInstance'> = (r) => {
  const { spec } = r.body;
  const version = typeof spec.version === 'string' && spec.version !== '' ? spec.version : undefined;
  const a = installAddon(r.world, r.projectId, String(spec.clusterID), String(spec.addonTemplateName), version, objectOrEmpty(spec.values));
  return { status: 201, body: renderAddon(r.world, a) };
};

const updateAddon: Handler<'UpdateAutopilotAddonInstance'> = (r) => {
  const a = addon(r);
  const { spec } = r.body;
  if (spec.clusterID !== a.clusterId) throw badRequest(`spec.clusterID ${JSON.stringify(spec.clusterID)} is not the cluster of add-on instance ${a.id} (${a.clusterId}).`, '03');
  if (spec.addonTemplateName !== a.templateName) throw badRequest(`spec.addonTemplateName must be ${a.templateName} for this instance (got ${JSON.stringify(spec.addonTemplateName)}).`, '03');
  if (typeof spec.version !== 'string' || spec.version === '') throw badRequest('spec.version is required when updating an add-on.', '03');
  return { body: renderAddon(r.world, upgradeAddon(r.world, r.projectId, a, spec.version, objectOrEmpty(spec.values))) };
};

const rollback: Handler<'RollbackAutopilotAddonInstance'> = (r) => {
  const a = addon(r);
  const { clusterID } = r.body;
  if (clusterID !== a.clusterId) throw badRequest(`clusterID ${JSON.stringify(clusterID)} is not the cluster of add-on instance ${a.id} (${a.clusterId}).`, '03');
  return { body: renderAddon(r.world, rollbackAddon(r.world, a)) };
};

const deleteAddon: Handler<'DeleteAutopilotAddonInstance'> = (r) => {
  uninstallAddon(r.world, addon(r));
  return { body: 'success', headers: { 'Content-Type': 'text/plain;charset=utf-8' } };
};

const showAddon: Handler<'ShowAutopilotAddonInstance'> = (r) => ({ body: renderAddon(r.world, addon(r)) });

const listAddons: Handler<'ListAutopilotAddonInstances'> = (r) => {
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

export const addonHandlers = {
  CreateAutopilotAddonInstance: createAddon,
  ListAutopilotAddonTemplates: listTemplates,
  UpdateAutopilotAddonInstance: updateAddon,
  RollbackAutopilotAddonInstance: rollback,
  DeleteAutopilotAddonInstance: deleteAddon,
  ShowAutopilotAddonInstance: showAddon,
  ListAutopilotAddonInstances: listAddons,
} satisfies Partial<HandlerMap>;
