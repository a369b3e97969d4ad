/**
 * How a values document says what it holds: an URI in a scheme the extension owns, or a comment on
 * its first line. Shared by the language server, the extension and the CLI so they agree.
 *
 *   cce-autopilot-values:/addon/<clusterId>/<addonName>.yaml?template=coredns&version=1.28.6
 *   cce-autopilot-values:/chart/<chartId>/values.yaml?chart=<chartName>&version=<chartVersion>
 *   # cce-autopilot: addon=coredns version=1.28.6
 *   # cce-autopilot: chart=<chartName> version=<chartVersion> [id=<chartId>]
 */
export const VALUES_URI_SCHEME = 'cce-autopilot-values';

export interface AddonBinding {
  kind: 'addon';
  /** Addon template name (`addonTemplateName`), e.g. `coredns`. */
  template: string;
  /** Template version, e.g. `1.28.6`. */
  version: string;
  /** Cluster the addon instance belongs to, when the document is an instance's values. */
  clusterId?: string;
  /** Addon instance name (or id) within the cluster. */
  instance?: string;
}

export interface ChartBinding {
  kind: 'chart';
  /** Chart name. */
  chart: string;
  version?: string;
  /** Chart id, which ShowAutopilotChartValues takes; the client looks it up by name when absent. */
  chartId?: string;
}

export type ValuesBinding = AddonBinding | ChartBinding;

const NONE = '_';

export function buildValuesUri(b: ValuesBinding): string {
  const enc = encodeURIComponent;
  if (b.kind === 'addon') {
    const q = new URLSearchParams({ template: b.template, version: b.version });
    return `${VALUES_URI_SCHEME}:/addon/${enc(b.clusterId || NONE)}/${enc(b.instance || b.template)}.yaml?${q.toString()}`;
  }
  const q = new URLSearchParams({ chart: b.chart });
  if (b.version) q.set('version', b.version);
  return `${VALUES_URI_SCHEME}:/chart/${enc(b.chartId || NONE)}/values.yaml?${q.toString()}`;
}

/** The binding an URI of the extension's scheme carries; undefined for any other URI. */
export function parseValuesUri(uri: string): ValuesBinding | undefined {
  if (!uri.startsWith(`${VALUES_URI_SCHEME}:`)) return undefined;
  const rest = uri.slice(VALUES_URI_SCHEME.length + 1).replace(/^\/\//, '/');
  const [pathPart = '', query = ''] = splitOnce(rest, '?');
  const q = new URLSearchParams(query.split('#')[0]);
  const segs = pathPart.split('/').filter(Boolean).map(safeDecode);
  const [kind, id, file] = segs;
  const own = (s: string | undefined) => (s && s !== NONE ? s : undefined);
  if (kind === 'addon') {
    const template = q.get('template');
    const version = q.get('version');
    if (!template || !version) return undefined;
    const instance = file?.replace(/\.ya?ml$/, '');
    return { kind: 'addon', template, version, ...(own(id) ? { clusterId: id } : {}), ...(instance ? { instance } : {}) };
  }
  if (kind === 'chart') {
    const chart = q.get('chart');
    if (!chart) return undefined;
    const version = q.get('version');
    return { kind: 'chart', chart, ...(version ? { version } : {}), ...(own(id) ? { chartId: id } : {}) };
  }
  return undefined;
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const COMMENT = /^\uFEFF?\s*#\s*cce-autopilot:\s*(.*)$/;

/** Reads `# cce-autopilot: addon=NAME version=V` or `chart=NAME version=V [id=ID]` from the first line. */
export function parseBindingComment(text: string): ValuesBinding | undefined {
  const nl = text.indexOf('\n');
  const first = (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, '');
  const m = COMMENT.exec(first);
  if (!m) return undefined;
  const fields = new Map<string, string>();
  for (const part of m[1]!.trim().split(/\s+/)) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).toLowerCase(), part.slice(eq + 1));
  }
  const version = fields.get('version');
  const addon = fields.get('addon');
  if (addon) return version ? { kind: 'addon', template: addon, version } : undefined;
  const chart = fields.get('chart');
  if (chart) {
    const id = fields.get('id');
    return { kind: 'chart', chart, ...(version ? { version } : {}), ...(id ? { chartId: id } : {}) };
  }
  return undefined;
}

export function formatBindingComment(b: ValuesBinding): string {
  if (b.kind === 'addon') return `# cce-autopilot: addon=${b.template} version=${b.version}`;
  return `# cce-autopilot: chart=${b.chart}${b.version ? ` version=${b.version}` : ''}${b.chartId ? ` id=${b.chartId}` : ''}`;
}

/** The URI wins over the comment: the extension knows what it opened. */
export function bindingOf(uri: string, text: string): ValuesBinding | undefined {
  return parseValuesUri(uri) ?? parseBindingComment(text);
}
