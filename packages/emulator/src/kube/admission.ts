import { apiVersionOf, type ResourceType } from './resources.js';
import { checkAndPrune, schemaOf, type FieldProblems } from './schema.js';
import { KubeError, type KubeObject } from './store.js';

/**
 * Admission, as the apiserver layers it after decoding: the structural check against the
 * upstream schema (unknown fields per `fieldValidation`, wrong types), defaulting of the common
 * fields (upstream's SetDefaults_* functions), then validation with the apiserver's messages
 * (422 Invalid with one cause per field).
 */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface Cause {
  field: string;
  reason: string;
  message: string;
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

export function invalid(type: ResourceType, name: string, causes: Cause[]): KubeError {
  const summary = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
  const what = type.group ? `${type.kind}.${type.group}` : type.kind;
  return new KubeError(422, 'Invalid', `${what} "${name}" is invalid: ${causes.length > 1 ? `[${summary}]` : summary}`, {
    name,
    group: type.group,
    kind: type.kind,
    causes,
  });
}

/**
 * Decoding: prunes unknown fields and refuses wrong types. Returns the warnings of
 * `fieldValidation=Warn`; `Strict` makes unknown fields a 400, as `kubectl --validate=strict` sees.
 */
export function decode(type: ResourceType, body: KubeObject, validation: FieldValidation): string[] {
  const problems: FieldProblems = { unknown: [], types: [], required: [] };
  const schema = schemaOf(type);
  if (!schema) return [];
  const custom = type.customSchema !== undefined;
  // metadata, apiVersion and kind are the apiserver's own for custom resources too.
  checkAndPrune(schema, body, '', problems, custom);
  const what = `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}`;
  if (problems.types.length > 0) {
    if (custom) {
      throw invalid(type, String(body.metadata?.name ?? ''), problems.types.map((t) => {
        const [field, ...rest] = t.split(': ');
        return { field: field ?? '', reason: 'FieldValueInvalid', message: `Invalid value: ${rest.join(': ')}` };
      }));
    }
    throw new KubeError(400, 'BadRequest', `${what}: json: ${problems.types.join('; ')}`);
  }
  const unknown = problems.unknown.filter((f) => !f.startsWith('status'));
  if (unknown.length > 0 && validation === 'Strict') {
    const list = unknown.map((f) => `unknown field "${f}"`).join(', ');
    throw new KubeError(400, 'BadRequest', `${what}: strict decoding error: ${list}`);
  }
  if (custom && problems.required.length > 0) {
    throw invalid(type, String(body.metadata?.name ?? ''), problems.required.map((r) => ({ field: r.field, reason: 'FieldValueRequired', message: 'Required value' })));
  }
  // Required fields of built-ins are reported by validation below with the apiserver's wording.
  requiredOf.set(body, problems.required.map((r) => r.field));
  return validation === 'Warn' ? unknown.map((f) => `unknown field "${f}"`) : [];
}

const requiredOf = new WeakMap<object, string[]>();
// Listed as required by the 1.30 OpenAPI but not refused by the apiserver's validation.
const NOT_ENFORCED = new Set(['spec.serviceName']);

function imagePullPolicy(image: unknown): string {
  if (typeof image !== 'string') return 'IfNotPresent';
  const last = image.split('/').pop() ?? '';
  if (image.includes('@')) return 'IfNotPresent';
  const tag = last.includes(':') ? last.slice(last.lastIndexOf(':') + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(c: KubeObject): void {
  if (!c || typeof c !== 'object') return;
  c.imagePullPolicy ??= imagePullPolicy(c.image);
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  c.resources ??= {};
  for (const p of c.ports ?? []) if (p && typeof p === 'object') p.protocol ??= 'TCP';
}

export function defaultPodSpec(spec: KubeObject | undefined, restartPolicy = 'Always'): void {
  if (!spec || typeof spec !== 'object') return;
  spec.restartPolicy ??= restartPolicy;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= 30;
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) defaultContainer(c);
}

function defaultTemplate(spec: KubeObject | undefined, restartPolicy?: string): void {
  if (!spec?.template || typeof spec.template !== 'object') return;
  spec.template.metadata ??= {};
  if (restartPolicy !== undefined || spec.template.spec?.restartPolicy === undefined) defaultPodSpec(spec.template.spec, restartPolicy);
  else defaultPodSpec(spec.template.spec);
}

/** Upstream's SetDefaults_* for the fields users most often look at. */
export function setDefaults(type: ResourceType, obj: KubeObject): void {
  const spec = obj.spec && typeof obj.spec === 'object' ? obj.spec : undefined;
  switch (`${apiVersionOf(type)}/${type.kind}`) {
    case 'v1/Namespace':
      obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name };
      break;
    case 'v1/Pod':
      defaultPodSpec(spec);
      break;
    case 'v1/Secret':
      obj.type ??= 'Opaque';
      if (obj.stringData && typeof obj.stringData === 'object') {
        obj.data = { ...obj.data };
        for (const [k, v] of Object.entries(obj.stringData)) obj.data[k] = Buffer.from(String(v), 'utf8').toString('base64');
        delete obj.stringData;
      }
      break;
    case 'v1/Service':
      if (!spec) break;
      spec.type ??= 'ClusterIP';
      spec.sessionAffinity ??= 'None';
      if (spec.type !== 'ExternalName') {
        spec.ipFamilies ??= ['IPv4'];
        spec.ipFamilyPolicy ??= 'SingleStack';
        spec.internalTrafficPolicy ??= 'Cluster';
      }
      if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ??= 'Cluster';
      for (const p of spec.ports ?? []) {
        if (!p || typeof p !== 'object') continue;
        p.protocol ??= 'TCP';
        p.targetPort ??= p.port;
      }
      break;
    case 'v1/ReplicationController':
    case 'apps/v1/ReplicaSet':
      if (!spec) break;
      spec.replicas ??= 1;
      defaultTemplate(spec);
      break;
    case 'apps/v1/Deployment':
      if (!spec) break;
      spec.replicas ??= 1;
      spec.strategy ??= { type: 'RollingUpdate' };
      if (spec.strategy.type === undefined) spec.strategy.type = 'RollingUpdate';
      if (spec.strategy.type === 'RollingUpdate') spec.strategy.rollingUpdate = { maxUnavailable: '25%', maxSurge: '25%', ...spec.strategy.rollingUpdate };
      spec.revisionHistoryLimit ??= 10;
      spec.progressDeadlineSeconds ??= 600;
      defaultTemplate(spec);
      break;
    case 'apps/v1/StatefulSet':
      if (!spec) break;
      spec.replicas ??= 1;
      spec.podManagementPolicy ??= 'OrderedReady';
      spec.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { partition: 0 } };
      spec.revisionHistoryLimit ??= 10;
      spec.persistentVolumeClaimRetentionPolicy ??= { whenDeleted: 'Retain', whenScaled: 'Retain' };
      defaultTemplate(spec);
      break;
    case 'apps/v1/DaemonSet':
      if (!spec) break;
      spec.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } };
      spec.revisionHistoryLimit ??= 10;
      defaultTemplate(spec);
      break;
    case 'batch/v1/Job':
      if (!spec) break;
      spec.completions ??= 1;
      spec.parallelism ??= 1;
      spec.backoffLimit ??= 6;
      spec.completionMode ??= 'NonIndexed';
      spec.suspend ??= false;
      spec.podReplacementPolicy ??= 'TerminatingOrFailed';
      if (spec.template?.spec) defaultPodSpec(spec.template.spec, spec.template.spec.restartPolicy);
      break;
    case 'batch/v1/CronJob':
      if (!spec) break;
      spec.concurrencyPolicy ??= 'Allow';
      spec.suspend ??= false;
      spec.successfulJobsHistoryLimit ??= 3;
      spec.failedJobsHistoryLimit ??= 1;
      break;
    case 'policy/v1/PodDisruptionBudget':
      break;
    case 'storage.k8s.io/v1/StorageClass':
      obj.reclaimPolicy ??= 'Delete';
      obj.volumeBindingMode ??= 'Immediate';
      break;
    case 'v1/PersistentVolumeClaim':
      if (spec) spec.volumeMode ??= 'Filesystem';
      break;
  }
}

function checkContainers(containers: unknown, path: string, causes: Cause[]): void {
  if (!Array.isArray(containers) || containers.length === 0) {
    causes.push({ field: path, reason: 'FieldValueRequired', message: 'Required value' });
    return;
  }
  const names = new Set<string>();
  containers.forEach((c: KubeObject, i) => {
    const p = `${path}[${i}]`;
    if (typeof c?.name !== 'string' || c.name === '') causes.push({ field: `${p}.name`, reason: 'FieldValueRequired', message: 'Required value' });
    else if (!DNS1123_LABEL.test(c.name)) causes.push({ field: `${p}.name`, reason: 'FieldValueInvalid', message: `Invalid value: "${c.name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')` });
    else if (names.has(c.name)) causes.push({ field: `${p}.name`, reason: 'FieldValueDuplicate', message: `Duplicate value: "${c.name}"` });
    else names.add(c.name);
    if (typeof c?.image !== 'string' || c.image.trim() === '') causes.push({ field: `${p}.image`, reason: 'FieldValueRequired', message: 'Required value' });
    (c?.ports ?? []).forEach((port: KubeObject, j: number) => {
      if (!Number.isInteger(port?.containerPort) || port.containerPort < 1 || port.containerPort > 65535) {
        causes.push({ field: `${p}.ports[${j}].containerPort`, reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(port?.containerPort)}: must be between 1 and 65535, inclusive` });
      }
      if (port?.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(port.protocol)) {
        causes.push({ field: `${p}.ports[${j}].protocol`, reason: 'FieldValueNotSupported', message: `Unsupported value: "${port.protocol}": supported values: "SCTP", "TCP", "UDP"` });
      }
    });
  });
}

function selectorMatches(selector: KubeObject | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const val = labels[e.key];
    if (e.operator === 'In' && !(has && (e.values ?? []).includes(val))) return false;
    if (e.operator === 'NotIn' && has && (e.values ?? []).includes(val)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

function goMap(m: Record<string, string>): string {
  return `map[string]string{${Object.entries(m).map(([k, v]) => `"${k}":"${v}"`).join(', ')}}`;
}

function checkWorkload(type: ResourceType, spec: KubeObject | undefined, causes: Cause[], opts: { selectorRequired: boolean; restartPolicies?: string[] }): void {
  if (!spec || typeof spec !== 'object') {
    causes.push({ field: 'spec', reason: 'FieldValueRequired', message: 'Required value' });
    return;
  }
  const labels = (spec.template?.metadata?.labels ?? {}) as Record<string, string>;
  if (opts.selectorRequired) {
    const sel = spec.selector;
    if (!sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0)) {
      causes.push({ field: 'spec.selector', reason: 'FieldValueRequired', message: 'Required value' });
    } else if (!selectorMatches(sel, labels)) {
      causes.push({ field: 'spec.template.metadata.labels', reason: 'FieldValueInvalid', message: `Invalid value: ${goMap(labels)}: \`selector\` does not match template \`labels\`` });
    }
  }
  if (spec.replicas !== undefined && (!Number.isInteger(spec.replicas) || spec.replicas < 0)) {
    causes.push({ field: 'spec.replicas', reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(spec.replicas)}: must be greater than or equal to 0` });
  }
  checkContainers(spec.template?.spec?.containers, 'spec.template.spec.containers', causes);
  const rp = spec.template?.spec?.restartPolicy;
  if (opts.restartPolicies && !opts.restartPolicies.includes(rp)) {
    causes.push(
      rp === undefined
        ? { field: 'spec.template.spec.restartPolicy', reason: 'FieldValueRequired', message: 'Required value' }
        : { field: 'spec.template.spec.restartPolicy', reason: 'FieldValueNotSupported', message: `Unsupported value: "${rp}": supported values: ${opts.restartPolicies.map((p) => `"${p}"`).join(', ')}` },
    );
  }
}

/** Validation with the apiserver's field paths and messages; throws 422 Invalid listing every cause. */
export function validate(type: ResourceType, obj: KubeObject): void {
  const causes: Cause[] = [];
  const name = obj.metadata?.name;
  if (typeof name !== 'string' || name === '') {
    causes.push({ field: 'metadata.name', reason: 'FieldValueRequired', message: 'Required value: name or generateName is required' });
  } else {
    const label = ['Namespace', 'Service'].includes(type.kind) && type.group === '';
    const pattern = label ? (type.kind === 'Service' ? DNS1035_LABEL : DNS1123_LABEL) : DNS1123_SUBDOMAIN;
    if (!pattern.test(name) || name.length > (label ? 63 : 253)) {
      const kindOf = type.kind === 'Service' ? 'a DNS-1035 label' : label ? 'a lowercase RFC 1123 label' : 'a lowercase RFC 1123 subdomain';
      causes.push({ field: 'metadata.name', reason: 'FieldValueInvalid', message: `Invalid value: "${name}": ${kindOf} must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character` });
    }
  }
  for (const field of ['labels', 'annotations'] as const) {
    const map = obj.metadata?.[field];
    if (map === undefined || map === null) continue;
    if (typeof map !== 'object' || Array.isArray(map)) causes.push({ field: `metadata.${field}`, reason: 'FieldValueInvalid', message: 'Invalid value: must be a map of strings' });
    else for (const [k, v] of Object.entries(map)) if (typeof v !== 'string') causes.push({ field: `metadata.${field}`, reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(v)}: the value of "${k}" must be a string` });
  }
  const kind = `${apiVersionOf(type)}/${type.kind}`;
  switch (kind) {
    case 'apps/v1/Deployment':
    case 'apps/v1/ReplicaSet':
    case 'apps/v1/StatefulSet':
    case 'apps/v1/DaemonSet':
      checkWorkload(type, obj.spec, causes, { selectorRequired: true, restartPolicies: ['Always'] });
      break;
    case 'v1/ReplicationController':
      checkWorkload(type, obj.spec, causes, { selectorRequired: false, restartPolicies: ['Always'] });
      break;
    case 'batch/v1/Job':
      checkWorkload(type, obj.spec, causes, { selectorRequired: false, restartPolicies: ['OnFailure', 'Never'] });
      break;
    case 'batch/v1/CronJob':
      if (typeof obj.spec?.schedule !== 'string' || obj.spec.schedule.trim() === '') causes.push({ field: 'spec.schedule', reason: 'FieldValueRequired', message: 'Required value' });
      else if (!/^(@(yearly|annually|monthly|weekly|daily|midnight|hourly|every \S+)|(\S+\s+){4}\S+)$/.test(obj.spec.schedule.trim())) {
        causes.push({ field: 'spec.schedule', reason: 'FieldValueInvalid', message: `Invalid value: "${obj.spec.schedule}": expected exactly 5 fields, found ${obj.spec.schedule.trim().split(/\s+/).length}` });
      }
      checkContainers(obj.spec?.jobTemplate?.spec?.template?.spec?.containers, 'spec.jobTemplate.spec.template.spec.containers', causes);
      break;
    case 'v1/Pod':
      checkContainers(obj.spec?.containers, 'spec.containers', causes);
      break;
    case 'v1/Service': {
      const spec = obj.spec ?? {};
      if (!['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'].includes(spec.type)) {
        causes.push({ field: 'spec.type', reason: 'FieldValueNotSupported', message: `Unsupported value: "${spec.type}": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"` });
      }
      if (spec.type !== 'ExternalName' && (spec.ports ?? []).length === 0) causes.push({ field: 'spec.ports', reason: 'FieldValueRequired', message: 'Required value' });
      (spec.ports ?? []).forEach((p: KubeObject, i: number) => {
        if (!Number.isInteger(p?.port) || p.port < 1 || p.port > 65535) causes.push({ field: `spec.ports[${i}].port`, reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(p?.port)}: must be between 1 and 65535, inclusive` });
        if (!['TCP', 'UDP', 'SCTP'].includes(p?.protocol)) causes.push({ field: `spec.ports[${i}].protocol`, reason: 'FieldValueNotSupported', message: `Unsupported value: "${p?.protocol}": supported values: "SCTP", "TCP", "UDP"` });
        if ((spec.ports ?? []).length > 1 && !p?.name) causes.push({ field: `spec.ports[${i}].name`, reason: 'FieldValueRequired', message: 'Required value' });
      });
      break;
    }
    case 'v1/Secret':
      for (const [k, v] of Object.entries(obj.data ?? {})) {
        if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v)) causes.push({ field: `data[${k}]`, reason: 'FieldValueInvalid', message: 'Invalid value: "<secret contents redacted>": must be base64-encoded' });
      }
      if (obj.type === 'kubernetes.io/tls') {
        for (const k of ['tls.crt', 'tls.key']) if (obj.data?.[k] === undefined) causes.push({ field: `data[${k}]`, reason: 'FieldValueRequired', message: 'Required value' });
      }
      if (obj.type === 'kubernetes.io/dockerconfigjson' && obj.data?.['.dockerconfigjson'] === undefined) {
        causes.push({ field: 'data[.dockerconfigjson]', reason: 'FieldValueRequired', message: 'Required value' });
      }
      if (obj.type === 'kubernetes.io/basic-auth' && obj.data?.username === undefined && obj.data?.password === undefined) {
        causes.push({ field: 'data[username]', reason: 'FieldValueRequired', message: 'Required value' });
      }
      break;
    case 'rbac.authorization.k8s.io/v1/RoleBinding':
    case 'rbac.authorization.k8s.io/v1/ClusterRoleBinding':
      if (!obj.roleRef?.name) causes.push({ field: 'roleRef.name', reason: 'FieldValueRequired', message: 'Required value' });
      if (obj.roleRef && !['Role', 'ClusterRole'].includes(obj.roleRef.kind)) causes.push({ field: 'roleRef.kind', reason: 'FieldValueNotSupported', message: `Unsupported value: "${obj.roleRef.kind}": supported values: "Role", "ClusterRole"` });
      break;
  }
  // Remaining required fields of the upstream schema (e.g. a container's name) the rules above do not cover.
  for (const field of (requiredOf.get(obj) ?? []).filter((f) => !NOT_ENFORCED.has(f))) {
    if (!causes.some((c) => c.field === field || c.field.startsWith(`${field}.`) || c.field.startsWith(`${field}[`))) {
      causes.push({ field, reason: 'FieldValueRequired', message: 'Required value' });
    }
  }
  if (causes.length > 0) throw invalid(type, typeof name === 'string' ? name : '', causes);
}
