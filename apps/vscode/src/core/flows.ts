// Command flows as plain functions over a CceApi and a Ui, so they can be tested without VS Code.
import { waitFor, type WaitOptions, type WaitVerdict } from '@cce-autopilot/client';
import { checkValue, clusterNamePattern, isFailedPhase, operations, regions as knownRegions, schemas, tagKeyPattern, tagValuePattern, type ParameterDef } from '@cce-autopilot/models';
import { stringify } from 'yaml';
import { describeFailure, formatFailure, isAbort, taskState, type ApiInput, type CceApi, type Cluster, type ClusterCreateBody, type Failure, type ResourceTag, type Task } from './api.js';
import { pickClusterNetwork, pickFreeEip, typedClusterNetwork } from './network-pick.js';
import { validate, type Profile, type ProfileKind, type ProfileSecret, type ProfileStore } from './profiles.js';
import type { PickItem, Ui } from './ui.js';

/** Poll settings of waiters; tests shorten them. */
export interface FlowOptions {
  readonly wait?: Omit<WaitOptions, 'signal' | 'onProgress'>;
}

// ------------------------------------------------------------------ profiles

/**
 * Asks how to sign in and for the credentials, regions and project, and stores the profile (its
 * secrets in secret storage only). With `edit` it re-opens the flow for that profile: the answers
 * it had are filled in (never a secret: the SK or password is asked again) and the profile keeps
 * its id, so fixing a wrong SK replaces it instead of adding a second one.
 */
export async function signIn(ui: Ui, store: ProfileStore, edit?: { profile: Profile; secret?: ProfileSecret }): Promise<Profile | undefined> {
  const before = edit?.profile;
  if (before?.fromSettings || before?.kind === 'emulator') throw new Error(`Profile "${before.name}" connects to an emulator; it has no sign-in to edit.`);
  const kinds: PickItem<ProfileKind>[] = [
    { label: ui.t`Access key (AK/SK)`, description: ui.t`permanent access key`, value: 'aksk' },
    { label: ui.t`Temporary access key`, description: ui.t`AK/SK with a security token`, value: 'temporary' },
    { label: ui.t`IAM user and password`, description: ui.t`account name, user name, password`, value: 'password' },
  ];
  // The profile's own way first: the quick pick preselects the first item.
  if (before) kinds.sort((a, b) => Number(b.value === before.kind) - Number(a.value === before.kind));
  const kind = await ui.pick<ProfileKind>(kinds, { title: before ? ui.t`Edit profile ${before.name}: how to sign in?` : ui.t`Sign in to Huawei Cloud: how?` });
  if (!kind) return undefined;
  const taken = store.list().filter((p) => p.id !== before?.id).map((p) => p.name);
  const name = await ui.input({ title: ui.t`Profile name`, value: before?.name ?? (taken.includes('default') ? '' : 'default'), validate: (v) => validate.name(v, taken) });
  if (name === undefined) return undefined;
  let secret: ProfileSecret;
  let extra: Partial<Profile> = {};
  if (kind === 'password') {
    const domainName = await ui.input({ title: ui.t`IAM account (domain) name`, ...(before?.domainName ? { value: before.domainName } : {}), validate: (v) => validate.secret(v.trim(), 'account name') });
    if (domainName === undefined) return undefined;
    const userName = await ui.input({ title: ui.t`IAM user name`, value: before?.userName ?? domainName, validate: (v) => validate.secret(v.trim(), 'user name') });
    if (userName === undefined) return undefined;
    const password = await ui.input({ title: ui.t`Password`, password: true, validate: (v) => validate.secret(v, 'password') });
    if (password === undefined) return undefined;
    secret = { password };
    extra = { domainName: domainName.trim(), userName: userName.trim() };
  } else {
    // The access key id is no secret (consoles show it); the SK always is.
    const ak = await ui.input({ title: ui.t`Access key id (AK)`, ...(edit?.secret?.ak ? { value: edit.secret.ak } : {}), validate: validate.accessKey });
    if (ak === undefined) return undefined;
    const sk = await ui.input({ title: ui.t`Secret access key (SK)`, password: true, validate: (v) => validate.secret(v, 'secret access key') });
    if (sk === undefined) return undefined;
    let securityToken: string | undefined;
    if (kind === 'temporary') {
      securityToken = await ui.input({ title: ui.t`Security token`, password: true, validate: (v) => validate.secret(v, 'security token') });
      if (securityToken === undefined) return undefined;
    }
    secret = { ak: ak.trim(), sk, ...(securityToken ? { securityToken } : {}) };
  }
  const regions = await pickRegions(ui, before?.regions ?? []);
  if (regions === undefined) return undefined;
  let projectIds: Record<string, string> | undefined;
  if (regions.length === 1) {
    const known = before?.projectIds?.[regions[0]!];
    const pid = await ui.input({ title: ui.t`Project id of ${regions[0]} (empty: look it up through IAM)`, ...(known ? { value: known } : {}), validate: validate.projectId });
    if (pid === undefined) return undefined;
    if (pid.trim()) projectIds = { [regions[0]!]: pid.trim() };
  }
  return store.add({ name: name.trim(), kind, regions, ...extra, ...(projectIds ? { projectIds } : {}) }, secret, ...(before ? [before.id] : []));
}

/** What signing in found in one region: the project (given or looked up through IAM) and its clusters. */
export interface SignInRegion {
  readonly region: string;
  readonly projectId: string;
  readonly clusters: number;
}

export type SignInCheck =
  | { readonly ok: true; readonly regions: readonly SignInRegion[] }
  | { readonly ok: false; readonly region: string; readonly failure: Failure };

/**
 * Proves a new profile works before the user relies on it: in each region the connection finds the
 * project (IAM lookup when no id was given) and CCE answers the cluster list. Stops at the first
 * region that fails and returns the service's answer (code, message, request id) for that region.
 */
export async function checkSignIn(profile: Profile, apiOf: (region: string) => Promise<CceApi>, signal?: AbortSignal): Promise<SignInCheck> {
  const regions: SignInRegion[] = [];
  for (const region of profile.regions) {
    try {
      const api = await apiOf(region);
      const list = await api.call('ListAutopilotClusters', {}, signal);
      regions.push({ region, projectId: api.projectId, clusters: list.items?.length ?? 0 });
    } catch (error) {
      if (isAbort(error) || signal?.aborted) throw error;
      return { ok: false, region, failure: describeFailure(error) };
    }
  }
  return { ok: true, regions };
}

/** The notification text of a sign-in check: what was found, or the service's error with its request id. */
export function signInMessage(ui: Ui, profile: Profile, check: SignInCheck): string {
  if (!check.ok) return ui.t`Profile ${profile.name} cannot sign in to ${check.region}: ${formatFailure(check.failure)}`;
  const found = check.regions.map((r) => ui.t`${r.region} (project ${r.projectId}, ${r.clusters} clusters)`).join(', ');
  return ui.t`Signed in as profile ${profile.name}: ${found}. Secrets are kept in VS Code secret storage.`;
}

export async function pickRegions(ui: Ui, current: readonly string[]): Promise<string[] | undefined> {
  const items: PickItem<string>[] = knownRegions.map((r) => ({ label: r.id, description: `${r.name} ${r.nameZh}`, value: r.id, picked: current.includes(r.id) }));
  for (const id of current) if (!knownRegions.some((r) => r.id === id)) items.push({ label: id, value: id, picked: true });
  return ui.pickMany(items, { title: ui.t`Regions to show` });
}

// ------------------------------------------------------------------ clusters

function problemsText(problems: readonly { path: string; message: string }[]): string {
  return problems.map((p) => `${p.path || 'body'}: ${p.message}`).join('; ');
}

/**
 * Asks for the fields of a new cluster and returns the request body, validated against the schema.
 * With an api the VPC and subnet are picked from the VPC service (typing stays possible); without
 * one they are typed.
 */
export async function clusterCreateBody(ui: Ui, existingNames: readonly string[], api?: CceApi): Promise<ClusterCreateBody | undefined> {
  const namePattern = new RegExp(clusterNamePattern);
  const name = await ui.input({
    title: ui.t`New cluster (1/5): name`, placeholder: ui.t`e.g. my-autopilot`,
    validate: (v) => !namePattern.test(v) ? 'Starts with a lowercase letter; lowercase letters, digits and "-"; 4-128 characters; no "-" at the end.'
      : existingNames.includes(v) ? ui.t`A cluster named ${v} exists already.` : undefined,
  });
  if (name === undefined) return undefined;
  const version = await ui.input({ title: ui.t`New cluster (2/5): Kubernetes version (empty: the latest)`, placeholder: ui.t`e.g. v1.28`, validate: (v) => !v || /^v\d+\.\d+$/.test(v) ? undefined : ui.t`Use the form v1.28.` });
  if (version === undefined) return undefined;
  const step = (n: number) => ui.t`New cluster (${n}/5)`;
  const network = api ? await pickClusterNetwork(ui, api, step) : await typedClusterNetwork(ui, step);
  if (network === undefined) return undefined;
  const description = await ui.input({ title: ui.t`New cluster (5/5): description (optional)` });
  if (description === undefined) return undefined;
  const body: ClusterCreateBody = {
    kind: 'Cluster', apiVersion: 'v3', metadata: { name },
    spec: {
      flavor: 'cce.autopilot.cluster', ...(version ? { version } : {}), ...(description ? { description } : {}),
      hostNetwork: { vpc: network.vpc, subnet: network.subnet },
      containerNetwork: { mode: 'eni' }, ...(network.eniSubnet ? { eniNetwork: { subnets: [{ subnetID: network.eniSubnet }] } } : {}),
    },
  };
  const problems = checkValue(schemas.AutopilotCluster, body);
  if (problems.length > 0) throw new Error(`The cluster request is not valid: ${problemsText(problems)}`);
  return body;
}

function clusterVerdict(c: Cluster): WaitVerdict<Cluster> {
  const phase = c.status?.phase ?? 'unknown';
  if (phase === 'Available') return { state: 'done', value: c, phase };
  if (isFailedPhase('cluster', phase)) return { state: 'failed', phase, message: c.status?.message ?? c.status?.reason ?? phase };
  return { state: 'pending', phase };
}

export async function createCluster(ui: Ui, api: CceApi, existingNames: readonly string[], opts: FlowOptions = {}): Promise<Cluster | undefined> {
  const body = await clusterCreateBody(ui, existingNames, api);
  if (!body) return undefined;
  // The request preview: what will be sent, before anything is created.
  if (!(await ui.confirm(ui.t`Create cluster ${body.metadata?.name}?`, JSON.stringify(body, null, 2), ui.t`Create`))) return undefined;
  return ui.progress(ui.t`Creating cluster ${body.metadata?.name}`, async (p, signal) => {
    let created: Cluster;
    try {
      created = await api.call('CreateAutopilotCluster', { body }, signal);
    } catch (error) {
      // The answer was lost after the request went out (the client's CceNetworkError says so): the
      // cluster may well exist, and creating it again would fail. Look for it by name and follow it.
      if ((error as { requestMayHaveBeenProcessed?: unknown }).requestMayHaveBeenProcessed !== true) throw error;
      const name = body.metadata?.name;
      const list = await api.call('ListAutopilotClusters', {}, signal).catch(() => undefined);
      const found = list?.items?.find((c) => c.metadata?.name === name);
      if (!found) {
        throw new Error(`The answer to creating cluster ${name} was lost after the request was sent, and the cluster is not listed yet: it may still have been created. Refresh the Clusters view and look for ${name} before creating it again. (${(error as Error).message})`);
      }
      created = found;
    }
    const id = created.metadata?.uid;
    if (!id) return created;
    p.report('Creating');
    return waitFor(`cluster ${body.metadata?.name}`, async (s) => clusterVerdict(await api.call('ShowAutopilotCluster', { cluster_id: id }, s)), {
      ...opts.wait, signal, onProgress: (e) => p.report(e.phase),
    });
  });
}

export async function updateDescription(ui: Ui, api: CceApi, cluster: Cluster): Promise<boolean> {
  const id = cluster.metadata?.uid ?? '';
  const description = await ui.input({ title: ui.t`Description of ${cluster.metadata?.name}`, value: cluster.spec?.description ?? '' });
  if (description === undefined) return false;
  const body = { spec: { description }, metadata: { alias: cluster.metadata?.alias ?? cluster.metadata?.name } };
  const problems = checkValue(schemas.AutopilotClusterInformation, body);
  if (problems.length > 0) throw new Error(`The update is not valid: ${problemsText(problems)}`);
  await ui.progress(ui.t`Updating ${cluster.metadata?.name}`, (_p, signal) => api.call('UpdateAutopilotCluster', { cluster_id: id, body }, signal));
  return true;
}

/** Delete with a typed confirmation and the delete options of spec 01 (4.1.5 query parameters). */
export async function deleteCluster(ui: Ui, api: CceApi, cluster: Cluster, opts: FlowOptions = {}): Promise<boolean> {
  const name = cluster.metadata?.name ?? '';
  const id = cluster.metadata?.uid ?? '';
  const typed = await ui.input({
    title: ui.t`Delete cluster ${name}`, prompt: ui.t`This deletes the cluster and cannot be undone. Type the cluster name (${name}) to confirm.`,
    validate: (v) => (v === name ? undefined : ui.t`Type ${name} exactly.`),
  });
  if (typed !== name) return false;
  const options = (operations.DeleteAutopilotCluster.query as readonly ParameterDef[]).filter((q) => q.enum && q.enum.length > 0);
  const query: Record<string, string> = {};
  const change = await ui.pickMany(options.map((q) => ({ label: q.name, description: `${q.description} (default ${q.default ?? 'server default'})`, value: q.name })), {
    title: ui.t`Delete options to set (leave all unchecked for the defaults)`,
  });
  if (change === undefined) return false;
  for (const qn of change) {
    const q = options.find((o) => o.name === qn)!;
    const v = await ui.pick((q.enum ?? []).map((e) => ({ label: e, value: e })), { title: `${q.name}: ${q.description}` });
    if (v === undefined) return false;
    query[qn] = v;
  }
  await ui.progress(ui.t`Deleting cluster ${name}`, async (p, signal) => {
    await api.call('DeleteAutopilotCluster', { cluster_id: id, ...query }, signal);
    p.report('Deleting');
    await waitFor(`deletion of ${name}`, async (s) => {
      try {
        const c = await api.call('ShowAutopilotCluster', { cluster_id: id }, s);
        const phase = c.status?.phase ?? 'unknown';
        return phase === 'Error' ? { state: 'failed', phase, message: c.status?.message ?? 'deletion failed' } : { state: 'pending', phase };
      } catch (e) {
        if ((e as { status?: number }).status === 404) return { state: 'done', value: undefined, phase: 'Deleted' };
        throw e;
      }
    }, { ...opts.wait, signal, onProgress: (e) => p.report(e.phase) });
  });
  return true;
}

export async function bindEip(ui: Ui, api: CceApi, cluster: Cluster, bind: boolean): Promise<boolean> {
  const id = cluster.metadata?.uid ?? '';
  let body: ApiInput<'UpdateAutopilotClusterEip'>['body'] = { spec: { action: 'unbind' } };
  if (bind) {
    const eip = await pickFreeEip(ui, api, cluster.metadata?.name ?? id);
    if (eip === undefined || eip === '') return false;
    body = { spec: { action: 'bind', spec: { id: eip } } };
  } else if (!(await ui.confirm(ui.t`Unbind the public endpoint of ${cluster.metadata?.name}?`, ui.t`kubectl contexts using the external endpoint stop working.`, ui.t`Unbind`))) {
    return false;
  }
  await ui.progress(bind ? ui.t`Binding the EIP` : ui.t`Unbinding the EIP`, (_p, signal) => api.call('UpdateAutopilotClusterEip', { cluster_id: id, body }, signal));
  return true;
}

export function detailsYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}

// ------------------------------------------------------------------ tags

export async function addTag(ui: Ui, api: CceApi, clusterId: string, existing: readonly ResourceTag[]): Promise<boolean> {
  const keyRe = new RegExp(tagKeyPattern);
  const valueRe = new RegExp(tagValuePattern);
  if (existing.length >= 20) throw new Error('A cluster has at most 20 tags; remove one first.');
  const key = await ui.input({ title: ui.t`Tag key`, validate: (v) => keyRe.test(v) ? undefined : ui.t`Key: 1-128 letters, digits, Chinese characters, spaces or _ . : / = + - @; not starting with _sys_.` });
  if (key === undefined) return false;
  const value = await ui.input({ title: ui.t`Value of ${key}`, validate: (v) => valueRe.test(v) ? undefined : ui.t`Value: at most 255 letters, digits, Chinese characters, spaces or _ . : / = + - @.` });
  if (value === undefined) return false;
  await api.call('BatchCreateAutopilotClusterTags', { cluster_id: clusterId, body: { tags: [{ key, value }] } });
  return true;
}

export async function removeTag(ui: Ui, api: CceApi, clusterId: string, key: string): Promise<boolean> {
  if (!(await ui.confirm(ui.t`Remove tag ${key}?`, '', ui.t`Remove`))) return false;
  await api.call('BatchDeleteAutopilotClusterTags', { cluster_id: clusterId, body: { tags: [{ key }] } });
  return true;
}

// ------------------------------------------------------------------ upgrade

function taskVerdict(what: string, resource: 'precheck' | 'upgradeTask') {
  return <T extends Task>(t: T): WaitVerdict<T> => {
    const s = taskState(t);
    const phase = s.phase ?? 'unknown';
    if (phase === 'Success') return { state: 'done', value: t, phase };
    if (isFailedPhase(resource, phase)) return { state: 'failed', phase, message: String(s.message ?? s.reason ?? `${what} ${phase}`) };
    return { state: 'pending', phase, ...(s.progress ? { detail: `${s.progress}%` } : {}) };
  };
}

async function pickTarget(ui: Ui, api: CceApi, clusterId: string): Promise<string | undefined> {
  const info = await api.call('ShowAutopilotClusterUpgradeInfo', { cluster_id: clusterId });
  const targets = info.spec?.versionInfo?.targetVersions ?? [];
  if (targets.length === 0) { ui.info(ui.t`This cluster has no upgrade target: it is up to date.`); return undefined; }
  return ui.pick(targets.map((t) => ({ label: t, value: t })), { title: ui.t`Target version` });
}

export async function precheck(ui: Ui, api: CceApi, cluster: Cluster, opts: FlowOptions = {}): Promise<Task | undefined> {
  const id = cluster.metadata?.uid ?? '';
  const target = await pickTarget(ui, api, id);
  if (!target) return undefined;
  return ui.progress(ui.t`Pre-upgrade check of ${cluster.metadata?.name} for ${target}`, async (p, signal) => {
    const started = await api.call('CreateAutopilotPreCheck', { cluster_id: id, body: { kind: 'PreCheckTask', apiVersion: 'v3', spec: { clusterVersion: cluster.spec?.version, targetVersion: target } } }, signal);
    const uid = started.metadata?.uid;
    if (!uid) return started;
    return waitFor('pre-check', async (s) => {
      const t = await api.call('ShowAutopilotPreCheck', { cluster_id: id, task_id: uid }, s);
      // A failed pre-check is a result to show, not an error of the command.
      return t.status?.phase === 'Failed' ? { state: 'done', value: t, phase: 'Failed' } : taskVerdict('pre-check', 'precheck')(t);
    }, { ...opts.wait, signal, onProgress: (e) => p.report(e.phase) });
  });
}

export async function upgradeCluster(ui: Ui, api: CceApi, cluster: Cluster, opts: FlowOptions = {}): Promise<Task | undefined> {
  const id = cluster.metadata?.uid ?? '';
  const target = await pickTarget(ui, api, id);
  if (!target) return undefined;
  if (!(await ui.confirm(ui.t`Upgrade ${cluster.metadata?.name} from ${cluster.spec?.version} to ${target}?`, ui.t`Run a pre-upgrade check and take a snapshot first. The upgrade cannot be undone.`, ui.t`Upgrade`))) return undefined;
  return ui.progress(ui.t`Upgrading ${cluster.metadata?.name} to ${target}`, async (p, signal) => {
    const started = await api.call('UpgradeAutopilotCluster', { cluster_id: id, body: { metadata: { apiVersion: 'v3', kind: 'UpgradeTask' }, spec: { clusterUpgradeAction: { targetVersion: target, strategy: { type: 'inPlaceRollingUpdate', inPlaceRollingUpdate: { userDefinedStep: 20 } } } } } }, signal);
    const uid = started.metadata?.uid ?? (started as { uid?: string }).uid;
    if (!uid) return started;
    return waitFor('upgrade', async (s) => taskVerdict('upgrade', 'upgradeTask')(await api.call('ShowAutopilotUpgradeClusterTask', { cluster_id: id, task_id: uid }, s)), {
      ...opts.wait, signal, onProgress: (e) => p.report(e.detail ? `${e.phase} ${e.detail}` : e.phase),
    });
  });
}

export async function snapshot(ui: Ui, api: CceApi, cluster: Cluster): Promise<unknown> {
  const id = cluster.metadata?.uid ?? '';
  return ui.progress(ui.t`Backing up ${cluster.metadata?.name}`, (_p, signal) => api.call('CreateAutopilotClusterMasterSnapshot', { cluster_id: id }, signal));
}

export async function retryUpgrade(ui: Ui, api: CceApi, cluster: Cluster): Promise<unknown> {
  if (!(await ui.confirm(ui.t`Retry the failed upgrade of ${cluster.metadata?.name}?`, '', ui.t`Retry`))) return undefined;
  return ui.progress(ui.t`Retrying the upgrade`, (_p, signal) => api.call('RetryAutopilotUpgradeClusterTask', { cluster_id: cluster.metadata?.uid ?? '' }, signal));
}

export async function postcheck(ui: Ui, api: CceApi, cluster: Cluster): Promise<Task> {
  return ui.progress(ui.t`Confirming the upgrade`, (_p, signal) => api.call('CreateAutopilotPostCheck', { cluster_id: cluster.metadata?.uid ?? '', body: { kind: 'PostCheckTask', apiVersion: 'v3', spec: { clusterID: cluster.metadata?.uid, clusterVersion: cluster.spec?.version } } }, signal));
}

export async function createWorkflow(ui: Ui, api: CceApi, cluster: Cluster): Promise<Task | undefined> {
  const id = cluster.metadata?.uid ?? '';
  const target = await pickTarget(ui, api, id);
  if (!target) return undefined;
  return api.call('CreateAutopilotUpgradeWorkFlow', { cluster_id: id, body: { kind: 'WorkFlowTask', apiVersion: 'v3', spec: { targetVersion: target } } });
}

export async function cancelWorkflow(ui: Ui, api: CceApi, clusterId: string, workflow: Task): Promise<boolean> {
  if (!(await ui.confirm(ui.t`Cancel this upgrade workflow?`, ui.t`Only a workflow that is not running can be cancelled.`, ui.t`Cancel workflow`))) return false;
  await api.call('UpgradeAutopilotWorkFlowUpdate', { cluster_id: clusterId, upgrade_workflow_id: workflow.metadata?.uid ?? '', body: { status: { phase: 'Cancel' } } });
  return true;
}
