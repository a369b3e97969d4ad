// Add-on instances: which template version fits a cluster, the values an install gets, and the
// state changes of install, upgrade, rollback and uninstall (spec 02), plus their lifecycle rows.
import { addonRollbackableStatuses, supportsCluster } from '@cce-autopilot/models';
import type { AddonStatus } from '@cce-autopilot/models';
import { badRequest, conflict, notFound, ServiceError } from '../errors.js';
import type { Family } from '../errors.js';
import { objectOrEmpty } from '../json.js';
import type { JsonObject } from '../json.js';
import { step } from '../lifecycle.js';
import type { Step } from '../lifecycle.js';
import type { AddonPhase, AddonRecord, ClusterRecord } from '../records.js';
import type { AddonTemplate, TemplateVersion } from '../templates.js';
import type { World } from '../world.js';

/** The status an instance shows: a `pending` one (waiting for its new cluster) shows as installing. */
export function addonStatusName(phase: AddonPhase): AddonStatus {
  return phase === 'pending' ? 'installing' : phase;
}

export function findTemplate(world: World, name: string): AddonTemplate | undefined {
  return world.templates.find((t) => t.metadata.name === name || t.metadata.alias === name);
}

/** The newest template version that supports the cluster's version, or the named one after checking it does. */
export function pickVersion(t: AddonTemplate, clusterVersion: string, wanted: string | undefined, family: Family): TemplateVersion {
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
function effectiveValues(v: TemplateVersion, cluster: ClusterRecord, given: JsonObject): JsonObject {
  const input = objectOrEmpty(v.input);
  const parameters = objectOrEmpty(input.parameters);
  const flavors = Object.entries(parameters).filter(([k]) => k !== 'custom');
  const isDefault = (f: unknown) => objectOrEmpty(f).is_default === true;
  const forAutopilot = (f: unknown) => {
    const category = objectOrEmpty(f).category;
    return Array.isArray(category) && category.includes('Autopilot');
  };
  const defaultFlavor = flavors.find(([, f]) => isDefault(f) && forAutopilot(f)) ?? flavors.find(([, f]) => isDefault(f)) ?? flavors[0];
  const flavor = given.flavor !== undefined ? given.flavor : defaultFlavor ? structuredClone(defaultFlavor[1]) : undefined;
  const values: JsonObject = {
    ...given,
    basic: { ...objectOrEmpty(input.basic), cluster_version: String(cluster.spec.version), rbac_enabled: true, platform: 'linux-amd64', ...objectOrEmpty(given.basic) },
    custom: { ...structuredClone(objectOrEmpty(parameters.custom)), ...objectOrEmpty(given.custom) },
  };
  if (flavor !== undefined) values.flavor = flavor;
  return values;
}

/** A new instance record (not stored yet), after checking the template, the version and that it is not installed. */
export function createAddonRecord(world: World, projectId: string, cluster: ClusterRecord, templateName: string, wantedVersion: string | undefined, values: JsonObject, phase: AddonPhase, family: Family): AddonRecord {
  const t = findTemplate(world, templateName);
  if (!t) throw badRequest(`add-on template ${JSON.stringify(templateName)} does not exist; templates: ${world.templates.map((x) => x.metadata.name).join(', ')}.`, family);
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

/** Statuses a rollback starts from (the reference's list, in models). */
const rollbackFrom: readonly string[] = addonRollbackableStatuses;
const upgradeFrom = ['running', 'available', 'abnormal', 'upgradeFailed', 'installFailed', 'rollbackFailed'];

/** The instance's cluster, which must be Available for add-ons to change. */
export function availableCluster(world: World, projectId: string, clusterId: string): ClusterRecord {
  const c = world.cluster(projectId, clusterId, '03');
  if (c.phase !== 'Available') throw new ServiceError(400, 'CCE.03400001', `Invalid request. cluster ${c.id} is ${c.phase}; add-ons change only while it is Available.`);
  return c;
}

/** Installs a template in an Available cluster; the instance starts `installing`. */
export function installAddon(world: World, projectId: string, clusterId: string, templateName: string, version: string | undefined, values: JsonObject): AddonRecord {
  const cluster = availableCluster(world, projectId, clusterId);
  return world.addons.put(createAddonRecord(world, projectId, cluster, templateName, version, values, 'installing', '03'));
}

/** Switches an instance to another version and starts the phase that gets it there. */
function moveTo(world: World, a: AddonRecord, phase: AddonPhase, version: string, values: JsonObject): AddonRecord {
  a.previousVersion = a.version;
  a.version = version;
  a.values = values;
  a.phase = phase;
  a.phaseSince = world.now();
  a.updatedAt = a.phaseSince;
  return world.addons.put(a);
}

/** Upgrade (or re-configure) to `version` with `values`; the instance must have settled. */
export function upgradeAddon(world: World, projectId: string, a: AddonRecord, version: string, values: JsonObject): AddonRecord {
  if (!upgradeFrom.includes(a.phase)) throw new ServiceError(409, 'CCE.01409002', `add-on instance ${a.id} is ${addonStatusName(a.phase)}; wait until it settles before updating it.`);
  const cluster = availableCluster(world, projectId, a.clusterId);
  const t = findTemplate(world, a.templateName);
  if (!t) throw notFound(`add-on template ${a.templateName} no longer exists.`, '03');
  const v = pickVersion(t, String(cluster.spec.version), version, '03');
  a.history.push({ version: a.version, values: a.values });
  return moveTo(world, a, 'upgrading', v.version, effectiveValues(v, cluster, values));
}

/** Back to the previous (version, values). */
export function rollbackAddon(world: World, a: AddonRecord): AddonRecord {
  if (!rollbackFrom.includes(a.phase)) throw badRequest(`add-on instance ${a.id} is ${addonStatusName(a.phase)}; a rollback needs one of ${rollbackFrom.join(', ')}.`, '03');
  const previous = a.history.pop();
  if (!previous) throw badRequest(`add-on instance ${a.id} has no earlier version to roll back to (status.isRollbackable is false).`, '03');
  a.reason = `Rollback to ${previous.version}`;
  return moveTo(world, a, 'rollbacking', previous.version, previous.values);
}

/** Uninstall: the instance goes `deleting`, then away. Deleting twice is fine. */
export function uninstallAddon(world: World, a: AddonRecord): void {
  if (a.phase === 'deleting') return;
  a.phase = 'deleting';
  a.phaseSince = world.now();
  a.updatedAt = a.phaseSince;
  world.addons.put(a);
}

/** Add-ons asked for at cluster create wait (`pending`) until the cluster is Available. */
export function startPendingInstalls(world: World, clusterId: string, at: number): void {
  for (const a of world.addonsOf(clusterId)) {
    if (a.phase !== 'pending') continue;
    a.phase = 'installing';
    a.phaseSince = at;
    world.addons.put(a);
  }
}

/**
 * After a cluster upgrade: add-ons the upgrade named move to the given version (and values); any
 * other add-on whose version does not run on the new cluster version moves to the newest that does.
 */
export function fitAddonsToClusterVersion(world: World, c: ClusterRecord, named: readonly { addonTemplateName?: unknown; version?: unknown; values?: unknown }[], at: number): void {
  for (const addon of named) {
    const inst = world.addonsOf(c.id).find((a) => a.templateName === addon.addonTemplateName);
    if (inst && typeof addon.version === 'string') {
      inst.history.push({ version: inst.version, values: inst.values });
      inst.previousVersion = inst.version;
      inst.version = addon.version;
      if (addon.values && typeof addon.values === 'object') inst.values = objectOrEmpty(addon.values);
      inst.updatedAt = at;
      world.addons.put(inst);
    }
  }
  for (const inst of world.addonsOf(c.id)) {
    if (named.some((x) => x.addonTemplateName === inst.templateName)) continue;
    const tpl = world.templates.find((x) => x.metadata.name === inst.templateName);
    const current = tpl?.spec.versions.find((v) => v.version === inst.version);
    if (!tpl || (current && supportsCluster(current, String(c.spec.version)))) continue;
    const next = tpl.spec.versions.find((v) => supportsCluster(v, String(c.spec.version)));
    if (!next) continue;
    inst.history.push({ version: inst.version, values: inst.values });
    inst.previousVersion = inst.version;
    inst.version = next.version;
    inst.updatedAt = at;
    world.addons.put(inst);
  }
}

/** Tells the Kubernetes side which add-ons run in a cluster. */
export function syncAddonWorkloads(world: World, clusterId: string): void {
  if (!world.kube) return;
  const addons = world
    .addonsOf(clusterId)
    .filter((a) => a.phase === 'running' || a.phase === 'upgrading' || a.phase === 'rollbacking')
    .map((a) => ({ name: a.templateName, version: a.version, values: a.values }));
  world.kube.setAddonWorkloads(clusterId, addons);
}

const delay = (instant: number, realistic: number) => ({ instant, realistic });

/** Lifecycle rows of add-on instances (spec 02 2.6.1). */
export const addonSteps: readonly Step<World>[] = [
  ...(
    [
      ['installing', 'running', 'installFailed', 'addon.install'],
      ['upgrading', 'running', 'upgradeFailed', 'addon.upgrade'],
      ['rollbacking', 'running', 'rollbackFailed', 'addon.rollback'],
    ] as const
  ).map(([from, to, failTo, failureKey]) =>
    step<World, AddonRecord>({
      collection: (w) => w.addons, from, to, failTo, failureKey, delay: delay(0, 4000),
      effect: (w, a, arrived, at) => {
        a.updatedAt = at;
        a.reason = arrived === 'running' ? '' : `addon ${from} failed (injected failure)`;
        a.message = arrived === 'running' ? '' : a.reason;
        w.addons.put(a);
        syncAddonWorkloads(w, a.clusterId);
      },
    }, 'addons'),
  ),
  step<World, AddonRecord>({ collection: (w) => w.addons, from: 'deleting', to: null, delay: delay(0, 3000), effect: (w, a) => syncAddonWorkloads(w, a.clusterId) }, 'addons'),
];
