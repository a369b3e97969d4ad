// Add-on templates and add-on instances (spec 02, section 4.2).
import { Type } from '@sinclair/typebox';
import { FreeObject, Nullable, ResponseObject, StringEnum, StringMap } from './common.js';

/** `status.status` of an add-on instance (spec 02 section 2.6.1; `rollbacksing` in one table is a typo). */
export const addonInstanceStatuses = [
  'running', 'abnormal', 'installing', 'installFailed', 'upgrading', 'upgradeFailed', 'deleting',
  'deleteFailed', 'deleteSuccess', 'available', 'rollbacking', 'rollbackFailed', 'unknown',
] as const;

/** Statuses from which RollbackAutopilotAddonInstance is allowed (with `status.isRollbackable`). */
export const addonRollbackableStatuses = ['running', 'available', 'abnormal', 'upgradeFailed', 'rollbackFailed'] as const;

/** `spec.type` of an add-on template. */
export const addonTemplateTypes = ['helm', 'static'] as const;

export const AddonMetadata = ResponseObject(
  {
    uid: Type.Optional(Type.String({ description: 'Unique ID.' })),
    name: Type.Optional(Type.String({ description: 'Add-on name.' })),
    alias: Type.Optional(Type.String({ description: 'Add-on alias.' })),
    labels: Type.Optional(StringMap('Add-on labels (reserved; no effect).')),
    annotations: Type.Optional(StringMap('Add-on annotations: `{"addon.install/type": "install"}` to install, `{"addon.upgrade/type": "upgrade"}` to upgrade.')),
    updateTimestamp: Type.Optional(Type.String({ description: 'Update time (RFC 3339).' })),
    creationTimestamp: Type.Optional(Type.String({ description: 'Creation time (RFC 3339).' })),
  },
  { description: 'Add-on basic information (spec 02 section 2.1).' },
);

const cpuQuantity = (description: string) =>
  Type.Union([Type.String(), Type.Number()], { description: `${description} A Kubernetes quantity string (\`500m\`, \`8\`) or a number.` });

export const AddonFlavorResource = ResponseObject(
  {
    id: Type.Optional(Type.String({ description: 'Resource id (instance values only; equals `name`).' })),
    name: Type.String({ description: 'Component/container name, e.g. `coredns`.' }),
    limitsCpu: Type.Optional(cpuQuantity('CPU limit.')),
    limitsMem: Type.Optional(Type.String({ description: 'Memory limit, e.g. `2048Mi`.' })),
    requestsCpu: Type.Optional(cpuQuantity('CPU request.')),
    requestsMem: Type.Optional(Type.String({ description: 'Memory request, e.g. `2048Mi`.' })),
  },
  { description: 'Per-component resources of a flavor (spec 02 section 3.1).' },
);

export const AddonFlavor = ResponseObject(
  {
    name: Type.Union([Type.String(), Type.Number()], { description: 'Flavor name or identifier (CoreDNS `flavorN` use the QPS number).' }),
    category: Type.Optional(Type.Array(Type.String(), { description: '`["Autopilot"]` marks a flavor for Autopilot clusters.' })),
    is_default: Type.Optional(Type.Boolean({ description: 'The default flavor.' })),
    replicas: Type.Optional(Type.Integer({ description: 'Number of pod replicas.', minimum: 0 })),
    description: Type.Optional(Type.String({ description: 'Human-readable description.' })),
    deploy_mode: Type.Optional(Type.String({ description: 'Deploy mode (`server` or `agent`, cie-collector).' })),
    recommend_cluster_flavor_types: Type.Optional(Type.Array(Type.String(), { description: 'Cluster sizes this flavor suits: small, medium, large, xlarge.' })),
    resources: Type.Array(AddonFlavorResource, { description: 'Per-component resource settings.' }),
  },
  { description: 'A resource flavor (规格) of an add-on template (spec 02 section 3.1).' },
);

export const AddonScenario = ResponseObject(
  {
    name: Type.String({ description: 'Scenario name, e.g. `autopilot-config`.' }),
    category: Type.Optional(Type.Array(Type.String(), { description: 'Cluster categories of the scenario.' })),
    custom: Type.Optional(FreeObject('Overrides of `parameters.custom` defaults for this scenario.')),
  },
  { description: 'Per-scenario overrides of `parameters.custom` (cie-collector).' },
);

export const AddonTemplateInput = ResponseObject(
  {
    basic: Type.Optional(FreeObject('Platform/image parameters with default values (scalars).')),
    // Every key except `custom` is a flavor; TypeBox cannot say "all keys but one", so the map is open here
    // and the values package tells flavors from `custom` by key.
    parameters: Type.Optional(FreeObject('User-tunable parameters: `custom` (free-form settings with defaults) and one entry per flavor key.')),
    scenarios: Type.Optional(Type.Array(AddonScenario, { description: 'Per-scenario overrides (cie-collector only).' })),
  },
  { description: 'Installation parameters of a template version: definitions and defaults (spec 02 section 3.1).' },
);

export const AddonValues = ResponseObject(
  {
    basic: Type.Optional(FreeObject('`input.basic` with extra keys (`rbac_enabled`, `cluster_version`...).')),
    flavor: Type.Optional(AddonFlavor),
    custom: Type.Optional(FreeObject('`input.parameters.custom` with user values; extra keys allowed.')),
    systemAutoInject: Type.Optional(FreeObject('Server-side values (answers only): cluster and user info.')),
  },
  { description: 'Installation parameters of an instance (spec 02 section 3.4); open: answers add server-side keys.', additionalProperties: true },
);

export const SupportVersions = ResponseObject(
  {
    clusterType: Type.Optional(Type.String({ description: 'Supported cluster type, e.g. `VirtualMachine`.' })),
    clusterVersion: Type.Optional(Type.Array(Type.String(), { description: 'Supported cluster versions, as regular expressions (e.g. `v1.(27|28).*`).' })),
    category: Type.Optional(Type.Array(Type.String(), { description: 'Cluster categories (seen only in examples), e.g. `["Autopilot"]`.' })),
  },
  { description: 'Cluster versions an add-on version supports (spec 02 section 2.8).' },
);

export const Versions = ResponseObject(
  {
    version: Type.String({ description: 'Add-on version number.' }),
    input: Type.Optional(AddonTemplateInput),
    stable: Type.Optional(Type.Boolean({ description: 'Whether this is a stable version.' })),
    translate: Type.Optional(FreeObject('UI translations keyed by locale (`en_US`, `zh_CN`, `fr_FR`): `addon`, `description`, `key`.')),
    supportVersions: Type.Optional(Nullable(Type.Array(SupportVersions), { description: 'Supported cluster versions; may be null.' })),
    creationTimestamp: Type.Optional(Type.String({ description: 'Creation time.' })),
    updateTimestamp: Type.Optional(Type.String({ description: 'Update time.' })),
  },
  { description: 'One version of an add-on template (spec 02 section 2.7).' },
);

export const TemplateSpec = ResponseObject(
  {
    type: Type.Optional(StringEnum(addonTemplateTypes, { description: 'Template type: `helm` or `static`.' })),
    require: Type.Optional(Type.Boolean({ description: 'Whether the add-on must be installed.' })),
    labels: Type.Optional(Type.Array(Type.String(), { description: 'Groups the template belongs to.' })),
    logoURL: Type.Optional(Type.String({ description: 'Logo image URL.' })),
    readmeURL: Type.Optional(Type.String({ description: 'Add-on details and usage instructions.' })),
    description: Type.Optional(Type.String({ description: 'Template description.' })),
    versions: Type.Optional(Type.Array(Versions, { description: 'Every version of the template.' })),
  },
  { description: 'Add-on template details (spec 02 section 2.10).' },
);

export const AddonTemplate = ResponseObject(
  {
    kind: Type.Optional(Type.String({ description: 'Fixed value `Addon`.' })),
    apiVersion: Type.Optional(Type.String({ description: 'Fixed value `v3`.' })),
    metadata: Type.Optional(AddonMetadata),
    spec: Type.Optional(TemplateSpec),
  },
  { description: 'An add-on template (spec 02 section 2.9).' },
);

export const AddonTemplateList = ResponseObject(
  {
    kind: Type.Optional(Type.String({ description: 'Fixed value `Addon`.' })),
    apiVersion: Type.Optional(Type.String({ description: 'Fixed value `v3`.' })),
    items: Type.Array(AddonTemplate, { description: 'Add-on templates.' }),
  },
  { description: 'Answer of ListAutopilotAddonTemplates.' },
);

const instanceRequestSpecFields = {
  clusterID: Type.String({ description: 'Cluster ID.', minLength: 1 }),
  values: Type.Record(Type.String(), Type.Unknown(), {
    description: 'Installation parameters (`basic`, `flavor`, `custom`...). On upgrade send the full set; omitted ones take the template defaults.',
  }),
  addonTemplateName: Type.String({ description: 'Name of the add-on template, e.g. `coredns`.', minLength: 1 }),
};

export const InstanceRequestSpec = ResponseObject(
  {
    version: Type.Optional(Type.String({ description: 'Version to install, e.g. `1.28.6`; the newest supported one when absent.' })),
    ...instanceRequestSpecFields,
  },
  { description: 'What to install (spec 02 section 2.3).' },
);

export const InstanceUpdateRequestSpec = ResponseObject(
  {
    version: Type.String({ description: 'Version to upgrade to (required on upgrade).', minLength: 1 }),
    ...instanceRequestSpecFields,
  },
  { description: 'What to upgrade to (spec 02 section 2.3; `version` is required on upgrade).' },
);

const instanceRequestEnvelope = {
  kind: Type.String({ description: 'Fixed value `Addon` (a different value has no effect).', default: 'Addon' }),
  apiVersion: Type.String({ description: 'Fixed value `v3` (a different value has no effect).', default: 'v3' }),
  metadata: AddonMetadata,
};

export const InstanceRequest = ResponseObject(
  { ...instanceRequestEnvelope, spec: InstanceRequestSpec },
  { description: 'Body of CreateAutopilotAddonInstance (spec 02 section 2.2).' },
);

export const InstanceUpdateRequest = ResponseObject(
  { ...instanceRequestEnvelope, spec: InstanceUpdateRequestSpec },
  { description: 'Body of UpdateAutopilotAddonInstance (InstanceRequest with a required version).' },
);

export const AddonInstanceRollbackRequest = ResponseObject(
  { clusterID: Type.String({ description: 'Cluster ID.', minLength: 1 }) },
  { description: 'Body of RollbackAutopilotAddonInstance (Table 4-180).' },
);

export const InstanceSpec = ResponseObject(
  {
    clusterID: Type.Optional(Type.String({ description: 'Cluster ID.' })),
    version: Type.Optional(Type.String({ description: 'Add-on template version.' })),
    addonTemplateName: Type.Optional(Type.String({ description: 'Add-on template name.' })),
    addonTemplateType: Type.Optional(Type.String({ description: 'Add-on template type, e.g. `helm`.' })),
    addonTemplateLogo: Type.Optional(Type.String({ description: 'Logo URL.' })),
    addonTemplateLabels: Type.Optional(Type.Array(Type.String(), { description: 'Template categories.' })),
    description: Type.Optional(Type.String({ description: 'Template description.' })),
    values: Type.Optional(Nullable(AddonValues, { description: 'Installation parameters; null in get/list answers.' })),
  },
  { description: 'Add-on instance details (spec 02 section 2.5).' },
);

export const AddonInstanceStatus = ResponseObject(
  {
    status: Type.Optional(StringEnum(addonInstanceStatuses, { description: 'Add-on instance status.' })),
    Reason: Type.Optional(Type.String({ description: 'Why installation failed (the key is capitalised).' })),
    message: Type.Optional(Type.String({ description: 'Installation error details.' })),
    targetVersions: Type.Optional(Nullable(Type.Array(Type.String()), { description: 'Add-on versions the instance can be upgraded to; may be null.' })),
    currentVersion: Type.Optional(Versions),
    isRollbackable: Type.Optional(Type.Boolean({ description: 'Whether rolling back to the previous version is possible.' })),
    previousVersion: Type.Optional(Type.String({ description: 'Version before the last upgrade or rollback.' })),
  },
  { description: 'Add-on instance status (spec 02 section 2.6, AddonInstanceState).' },
);

export const AddonInstance = ResponseObject(
  {
    kind: Type.Optional(Type.String({ description: 'Fixed value `Addon`.' })),
    apiVersion: Type.Optional(Type.String({ description: 'Fixed value `v3`.' })),
    metadata: Type.Optional(AddonMetadata),
    spec: Type.Optional(InstanceSpec),
    status: Type.Optional(AddonInstanceStatus),
  },
  { description: 'An add-on instance (spec 02 section 2.4).' },
);

export const AddonInstanceList = ResponseObject(
  {
    kind: Type.Optional(Type.String({ description: 'Fixed value `Addon`.' })),
    apiVersion: Type.Optional(Type.String({ description: 'Fixed value `v3`.' })),
    items: Type.Array(AddonInstance, { description: 'Add-on instances of the cluster.' }),
  },
  { description: 'Answer of ListAutopilotAddonInstances.' },
);
