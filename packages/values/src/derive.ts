/**
 * JSON Schemas for addon instance values and chart values, derived from what the API gives:
 * an addon template version's `input` (spec 02 section 3) or a chart's values.yaml (and its
 * values.schema.json when the archive has one). The API publishes no schema of its own.
 */

export type JsonSchema = { [keyword: string]: unknown };

/** The fields of an addon template version (`Versions`, spec 02 section 2.7) that matter here. */
export interface AddonTemplateVersionInput {
  version?: string;
  input?: {
    basic?: Record<string, unknown> | null;
    parameters?: Record<string, unknown> | null;
    [key: string]: unknown;
  } | null;
  /** Per locale (`en_US`, `zh_CN`, ...): a {@link TranslateBlock}. */
  translate?: Record<string, unknown> | null;
  [key: string]: unknown;
}

export interface TranslateBlock {
  addon?: { changeLog?: string; description?: string };
  description?: Record<string, unknown>;
  key?: Record<string, unknown>;
}

export interface DeriveOptions {
  /** The user's language: `zh-CN` (or any `zh*`) picks the `zh_CN` texts, anything else `en_US`. */
  locale?: string;
  /** Shown in the schema title. */
  addonName?: string;
}

/** Vendor keyword: keys a schema does not list are reported as warnings, not errors. */
export const UNKNOWN_KEYS_KEYWORD = 'x-unknown-keys';
/** Vendor keyword: plain words for what a `pattern` expects, used in messages. */
export const EXPECTED_KEYWORD = 'x-expected';

/**
 * Kubernetes resource quantity syntax (k8s.io/apimachinery resource.Quantity): a signed decimal
 * number with an optional binary (Ki..Ei), decimal (n, u, m, k, M..E) or exponent suffix.
 */
export const QUANTITY_PATTERN = '^[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]+)?$';

const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function pickTranslate(translate: AddonTemplateVersionInput['translate'], locale: string | undefined): TranslateBlock | undefined {
  if (!isRecord(translate)) return undefined;
  const wanted = locale && /^zh/i.test(locale) ? 'zh_CN' : 'en_US';
  const block = translate[wanted] ?? translate.en_US ?? Object.values(translate)[0];
  return isRecord(block) ? (block as TranslateBlock) : undefined;
}

/** A schema for a value from its default: the type of the default, and its shape for collections. */
export function schemaFromDefault(value: unknown): JsonSchema {
  if (value === null || value === undefined) return { default: null };
  if (typeof value === 'boolean') return { type: 'boolean', default: value };
  if (typeof value === 'number') return { type: 'number', default: value };
  if (typeof value === 'string') return { type: 'string', default: value };
  if (Array.isArray(value)) {
    if (value.length === 0) return { type: 'array', default: [] };
    let items: JsonSchema | undefined;
    for (const it of value) items = items ? mergeSchemas(items, schemaFromDefault(it)) : schemaFromDefault(it);
    return { type: 'array', items };
  }
  if (isRecord(value)) {
    const keys = Object.keys(value);
    // An empty mapping default (stub_domains: {}) is a free-form map: any key is fine.
    if (keys.length === 0) return { type: 'object', default: {} };
    const properties: Record<string, JsonSchema> = {};
    for (const k of keys) properties[k] = schemaFromDefault(value[k]);
    return { type: 'object', properties, [UNKNOWN_KEYS_KEYWORD]: 'warning' };
  }
  return {};
}

function typesOf(s: JsonSchema): string[] | undefined {
  const t = s.type;
  if (t === undefined) return undefined;
  return Array.isArray(t) ? (t as string[]) : [t as string];
}

/** Union of two inferred schemas (list items with different shapes, e.g. CoreDNS plugins). */
function mergeSchemas(a: JsonSchema, b: JsonSchema): JsonSchema {
  const ta = typesOf(a);
  const tb = typesOf(b);
  const out: JsonSchema = {};
  if (ta && tb) {
    const all = [...new Set([...ta, ...tb])];
    out.type = all.length === 1 ? all[0] : all;
  }
  if (isRecord(a.properties) || isRecord(b.properties)) {
    const pa = (a.properties ?? {}) as Record<string, JsonSchema>;
    const pb = (b.properties ?? {}) as Record<string, JsonSchema>;
    const props: Record<string, JsonSchema> = {};
    for (const k of new Set([...Object.keys(pa), ...Object.keys(pb)])) {
      const x = pa[k];
      const y = pb[k];
      props[k] = x && y ? mergeSchemas(x, y) : stripDefault((x ?? y)!);
    }
    out.properties = props;
    out[UNKNOWN_KEYS_KEYWORD] = 'warning';
  }
  if (a.items && b.items) out.items = mergeSchemas(a.items as JsonSchema, b.items as JsonSchema);
  else if (a.items || b.items) out.items = (a.items ?? b.items) as JsonSchema;
  return out;
}

function stripDefault(s: JsonSchema): JsonSchema {
  const { default: _d, ...rest } = s;
  return rest;
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string' && v.trim() !== '') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

interface FlavorDef {
  key: string;
  def: Record<string, unknown>;
}

function flavorsOf(parameters: Record<string, unknown>): FlavorDef[] {
  const out: FlavorDef[] = [];
  for (const [key, def] of Object.entries(parameters)) {
    if (key === 'custom' || !isRecord(def)) continue;
    out.push({ key, def });
  }
  return out;
}

function quantitySchema(what: 'CPU' | 'memory', description: string): JsonSchema {
  return {
    type: ['string', 'number'],
    pattern: QUANTITY_PATTERN,
    minimum: 0,
    description,
    [EXPECTED_KEYWORD]: what === 'CPU' ? 'a Kubernetes CPU quantity such as 500m, 1 or 2' : 'a Kubernetes memory quantity such as 512Mi or 2Gi',
  };
}

function withResourceIds(def: Record<string, unknown>): Record<string, unknown> {
  const resources = Array.isArray(def.resources)
    ? def.resources.map((r) => (isRecord(r) && typeof r.name === 'string' ? { id: r.name, ...r } : r))
    : def.resources;
  return { ...def, resources };
}

function resourceNamesOf(def: Record<string, unknown>): string[] {
  if (!Array.isArray(def.resources)) return [];
  return def.resources.flatMap((r) => (isRecord(r) && typeof r.name === 'string' ? [r.name] : []));
}

function flavorSchema(parameters: Record<string, unknown>, tr: TranslateBlock | undefined): JsonSchema {
  const flavors = flavorsOf(parameters);
  const names: (string | number)[] = [];
  const nameDescriptions: string[] = [];
  const resourceNames: string[] = [];
  const resourceSnippets: JsonSchema[] = [];
  const deployModes: string[] = [];
  const addName = (n: unknown, description: string) => {
    if ((typeof n === 'string' || typeof n === 'number') && !names.includes(n)) {
      names.push(n);
      nameDescriptions.push(description);
    }
  };
  const trText = (flavorKey: string, field: string) => text(tr?.description?.[`Parameters.${flavorKey}.${field}`]);
  for (const { key, def } of flavors) {
    const label = trText(key, 'name');
    const desc = trText(key, 'description') ?? text(def.description) ?? '';
    const about = [label && label !== String(def.name) ? label : undefined, desc].filter(Boolean).join(': ');
    addName(def.name, about ? `flavor ${key}: ${about}` : `flavor ${key}`);
    addName(key, about ? `flavor ${key}: ${about}` : `flavor ${key}`);
    if (typeof def.deploy_mode === 'string' && !deployModes.includes(def.deploy_mode)) deployModes.push(def.deploy_mode);
    if (Array.isArray(def.resources)) {
      for (const r of def.resources) {
        if (!isRecord(r) || typeof r.name !== 'string' || resourceNames.includes(r.name)) continue;
        resourceNames.push(r.name);
        resourceSnippets.push({ label: r.name, description: `resources of ${r.name} as in flavor ${key}`, body: { id: r.name, ...r } });
      }
    }
  }
  const defaultFirst = [...flavors].sort((a, b) => Number(b.def.is_default === true) - Number(a.def.is_default === true));
  const properties: Record<string, JsonSchema> = {
    name: {
      type: ['string', 'number'],
      description: 'Which of the template\'s flavors this is: its key or its name.',
      ...(names.length ? { enum: names, 'x-enum-descriptions': nameDescriptions } : {}),
    },
    replicas: { type: 'integer', minimum: 1, description: 'Number of pod replicas.' },
    resources: {
      type: 'array',
      description: 'CPU and memory of each component.',
      items: {
        type: 'object',
        required: ['name'],
        properties: {
          id: { type: 'string', description: 'Component id; equals name.' },
          name: { type: 'string', description: 'Component (container) name.', ...(resourceNames.length ? { enum: resourceNames } : {}) },
          limitsCpu: quantitySchema('CPU', 'CPU limit.'),
          requestsCpu: quantitySchema('CPU', 'CPU request.'),
          limitsMem: quantitySchema('memory', 'Memory limit.'),
          requestsMem: quantitySchema('memory', 'Memory request.'),
        },
        [UNKNOWN_KEYS_KEYWORD]: 'warning',
        defaultSnippets: resourceSnippets,
      },
    },
    category: { type: 'array', items: { type: 'string' }, description: 'Cluster categories the flavor is for; ["Autopilot"] on Autopilot flavors.' },
    is_default: { type: 'boolean', description: 'Whether this is the template\'s default flavor.' },
    description: { type: 'string', description: 'Human-readable description of the flavor.' },
    deploy_mode: { type: 'string', description: 'Deployment mode.', ...(deployModes.length ? { enum: deployModes } : {}) },
    recommend_cluster_flavor_types: { type: 'array', items: { type: 'string' }, description: 'Cluster sizes the flavor is recommended for.' },
  };
  // When flavors differ in their components (cie-collector server vs agent flavors), each flavor
  // allows only its own: one if/then per flavor, keyed by its key and name.
  const sets = new Set(flavors.map(({ def }) => JSON.stringify(resourceNamesOf(def))));
  const perFlavor =
    sets.size > 1
      ? flavors.map(({ key, def }) => ({
          if: { properties: { name: { enum: [...new Set([key, def.name].filter((n) => typeof n === 'string' || typeof n === 'number'))] } }, required: ['name'] },
          then: { properties: { resources: { items: { properties: { name: { enum: resourceNamesOf(def) } } } } } },
        }))
      : [];
  return {
    type: 'object',
    description: 'The chosen flavor (规格): one of the template\'s flavors, copied with its resources; replicas and quantities may be changed.',
    required: ['name'],
    properties,
    ...(perFlavor.length ? { allOf: perFlavor } : {}),
    [UNKNOWN_KEYS_KEYWORD]: 'warning',
    defaultSnippets: defaultFirst.map(({ key, def }) => ({
      label: key,
      description: trText(key, 'description') ?? text(def.description) ?? `flavor ${key} of the template`,
      body: withResourceIds(def),
    })),
  };
}

function applyTranslations(custom: JsonSchema, tr: TranslateBlock | undefined): void {
  const props = custom.properties as Record<string, JsonSchema> | undefined;
  if (!props || !tr) return;
  const apply = (map: Record<string, unknown> | undefined, field: 'description' | 'title') => {
    if (!isRecord(map)) return;
    for (const [k, v] of Object.entries(map)) {
      const m = /^Parameters\.custom\.(.+)$/.exec(k);
      const t = text(v);
      if (!m || !t) continue;
      const target = props[m[1]!];
      if (target) target[field] = t;
    }
  };
  apply(tr.description, 'description');
  apply(tr.key, 'title');
}

/** The JSON Schema of an addon instance's `values` for one template version. */
export function deriveAddonValuesSchema(version: AddonTemplateVersionInput, options: DeriveOptions = {}): JsonSchema {
  if (!isRecord(version)) throw new TypeError('an addon template version must be an object with an "input" field');
  const input = isRecord(version.input) ? version.input : {};
  const parameters = isRecord(input.parameters) ? input.parameters : {};
  const tr = pickTranslate(version.translate, options.locale);
  const basic = schemaFromDefault(isRecord(input.basic) ? input.basic : {});
  basic.type = 'object';
  basic[UNKNOWN_KEYS_KEYWORD] = 'warning';
  basic.description = 'Platform and image parameters, with the template defaults.';
  // Keys the create/update examples (spec 02 section 3.4) send or get back besides the template's own.
  const basicProps = (basic.properties ??= {}) as Record<string, JsonSchema>;
  basicProps.rbac_enabled ??= { type: 'boolean', description: 'Whether RBAC is enabled; added by the console and the server.' };
  basicProps.cluster_version ??= { type: 'string', description: 'Cluster version, e.g. v1.28; added by the console and the server.' };
  basicProps.platform ??= { type: 'string', description: 'Node platform, e.g. linux-amd64; added by the server.' };
  const custom = schemaFromDefault(isRecord(parameters.custom) ? parameters.custom : {});
  custom.type = 'object';
  custom[UNKNOWN_KEYS_KEYWORD] = 'warning';
  custom.description = 'Add-on settings; omitted keys take the template defaults.';
  applyTranslations(custom, tr);
  const title = [options.addonName, version.version].filter(Boolean).join(' ');
  return {
    $schema: DRAFT_07,
    title: title ? `${title} values` : 'addon values',
    ...(text(tr?.addon?.description) ? { description: tr!.addon!.description } : {}),
    type: 'object',
    properties: {
      basic,
      flavor: flavorSchema(parameters, tr),
      custom,
      systemAutoInject: { type: 'object', description: 'Added by the server in responses (cluster and project facts); not sent by users.' },
    },
    [UNKNOWN_KEYS_KEYWORD]: 'warning',
  };
}

export interface ChartValuesSource {
  /** The chart's values.yaml as data (ShowAutopilotChartValues answers it as `values`). */
  values?: Record<string, unknown> | null;
  /** The chart's values.schema.json, when the chart archive has one. */
  schema?: JsonSchema | null;
  /** Shown in the schema title. */
  chartName?: string;
}

/**
 * The JSON Schema of a chart's values. A chart's own values.schema.json wins (it is what Helm
 * enforces); without one, types come from the defaults in values.yaml.
 */
export function deriveChartValuesSchema(source: ChartValuesSource): JsonSchema {
  const title = source.chartName ? `${source.chartName} chart values` : 'chart values';
  if (isRecord(source.schema)) return { title, ...structuredClone(source.schema) };
  const s = schemaFromDefault(isRecord(source.values) ? source.values : {});
  return { $schema: DRAFT_07, title, ...s, type: 'object', [UNKNOWN_KEYS_KEYWORD]: 'warning' };
}
