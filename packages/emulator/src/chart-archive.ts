import { createGunzip, gzipSync } from 'node:zlib';
import { Parser } from 'tar';
import type { ReadEntry } from 'tar';
import { parse as parseYaml } from 'yaml';
import { documentLimits, documentProblem } from './limits.js';

export interface ChartContents {
  name: string;
  version: string;
  description: string;
  icon: string;
  values: Record<string, unknown>;
  valuesSchema?: unknown;
  readme: string;
}

/**
 * Bounds on what reading one chart archive may cost. Helm's own loader refuses a chart that
 * inflates past 100 MiB or holds a file past 5 MiB (`MaxDecompressedChartSize`,
 * `MaxDecompressedFileSize`); the cloud's reference (spec 04) states no size rule of its own beyond
 * the gateway's 12 MB body limit for signed requests (spec 01). The emulator keeps Helm's total
 * (so any chart Helm loads can be uploaded), keeps only the few files it shows, each at most
 * 1 MiB (they are parsed as YAML/JSON on the event loop, and the biggest public values.yaml files
 * are around 200 KB), and refuses an archive that inflates more than 100 times its size once past
 * the first 10 MiB (real charts compress 3 to 20 times; a gzip bomb compresses 1000 times).
 */
export interface ChartArchiveLimits {
  /** Largest inflated size of any file the emulator keeps (Chart.yaml, values.yaml, values.schema.json, README.md). */
  maxFileBytes: number;
  /** Largest inflated size of the whole tar, every entry counted, kept or not. */
  maxInflatedBytes: number;
  /** Largest inflated/compressed ratio ... */
  maxRatio: number;
  /** ... once more than this much is inflated. */
  ratioGraceBytes: number;
}

export const chartArchiveLimits: ChartArchiveLimits = {
  maxFileBytes: 1024 * 1024,
  maxInflatedBytes: 100 * 1024 * 1024,
  maxRatio: 100,
  ratioGraceBytes: 10 * 1024 * 1024,
};

/** A chart archive that breaks one of the limits: the message names the limit. */
export class ChartArchiveLimitError extends Error {}

const mib = (n: number) => (n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : `${n} bytes`);

/**
 * Reads the wanted files of a gzipped tar held in memory. Inflation runs in zlib's thread pool,
 * chunk by chunk, so other requests are served meanwhile; every limit is checked on each inflated
 * chunk and the inflation is stopped at the first one broken. Entries that are not wanted are
 * skipped without being kept.
 */
async function untar(archive: Buffer, wanted: (path: string) => boolean, limits: ChartArchiveLimits): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const allowedTotal = Math.min(limits.maxInflatedBytes, Math.max(limits.ratioGraceBytes, archive.length * limits.maxRatio));
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const gunzip = createGunzip();
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      if (err) {
        gunzip.destroy();
        reject(err);
      } else resolve();
    };
    const parser = new Parser({
      strict: true,
      onReadEntry: (entry: ReadEntry) => {
        if (entry.type !== 'File' || !wanted(entry.path)) {
          entry.resume();
          return;
        }
        // The header states the size: a file too big for the limit is refused before any of it is inflated.
        if (entry.size > limits.maxFileBytes) {
          finish(new ChartArchiveLimitError(`${entry.path} is ${entry.size} bytes inflated; the emulator keeps files of a chart up to ${mib(limits.maxFileBytes)} each`));
          return;
        }
        const chunks: Buffer[] = [];
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => files.set(entry.path, Buffer.concat(chunks).toString('utf8')));
      },
    });
    parser.on('error', (err: Error) => finish(err));
    parser.on('warn', (_code: string, message: string | Error) => finish(new Error(typeof message === 'string' ? message : message.message)));
    parser.on('end', () => finish());
    let inflated = 0;
    gunzip.on('data', (chunk: Buffer) => {
      if (settled) return;
      inflated += chunk.length;
      if (inflated > allowedTotal) {
        finish(new ChartArchiveLimitError(inflated > limits.maxInflatedBytes || allowedTotal === limits.maxInflatedBytes
          ? `the archive inflates to more than ${mib(limits.maxInflatedBytes)}, the largest chart the emulator (like Helm) accepts`
          : `the archive inflates to more than ${limits.maxRatio} times its size (${archive.length} bytes compressed); that is a compression bomb, not a chart`));
        return;
      }
      parser.write(chunk);
    });
    gunzip.on('end', () => {
      if (!settled) parser.end();
    });
    gunzip.on('error', (err: Error) => finish(err));
    gunzip.end(archive);
  });
  return files;
}

/**
 * Reads a Helm chart archive: `<dir>/Chart.yaml` (name, version required), `values.yaml`,
 * `values.schema.json` and `README.md` of the top-level chart. Throws an Error saying what is wrong.
 */
export async function readChartArchive(archive: Buffer, limits: ChartArchiveLimits = chartArchiveLimits): Promise<ChartContents> {
  if (archive.length < 2 || archive[0] !== 0x1f || archive[1] !== 0x8b) throw new Error('the chart file is not a gzip-compressed tar archive (.tgz)');
  const topLevel = (p: string) => /^[^/]+\/(Chart\.yaml|values\.yaml|values\.schema\.json|README\.md)$/.test(p);
  let files: Map<string, string>;
  try {
    files = await untar(archive, topLevel, limits);
  } catch (err) {
    if (err instanceof ChartArchiveLimitError) throw err;
    throw new Error(`the chart archive cannot be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  const chartPath = [...files.keys()].find((p) => p.endsWith('/Chart.yaml'));
  if (!chartPath) throw new Error('the archive has no <chart>/Chart.yaml');
  const dir = chartPath.slice(0, -'Chart.yaml'.length);
  let chart: unknown;
  try {
    chart = parseYaml(files.get(chartPath) ?? '');
  } catch (err) {
    throw new Error(`${chartPath} is not valid YAML: ${err instanceof Error ? err.message : String(err)}`);
  }
  const c = (chart && typeof chart === 'object' ? chart : {}) as Record<string, unknown>;
  if (typeof c.name !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(c.name)) throw new Error(`${chartPath}: name is required and must be lower-case letters, digits and "-" (got ${JSON.stringify(c.name)})`);
  const version = typeof c.version === 'number' ? String(c.version) : c.version;
  if (typeof version !== 'string' || !/^v?\d+(\.\d+){0,2}([-+][0-9A-Za-z.-]+)*$/.test(version)) throw new Error(`${chartPath}: version is required and must be a semantic version (got ${JSON.stringify(c.version)})`);
  let values: Record<string, unknown> = {};
  const valuesText = files.get(`${dir}values.yaml`);
  if (valuesText !== undefined) {
    let parsed: unknown;
    try {
      parsed = parseYaml(valuesText);
    } catch (err) {
      if (err instanceof RangeError || (err instanceof Error && err.message.includes('Maximum call stack'))) throw new ChartArchiveLimitError(`${dir}values.yaml is nested too deeply to be read (the limit is ${documentLimits.maxDepth} levels)`);
      throw new Error(`${dir}values.yaml is not valid YAML: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (parsed !== null && parsed !== undefined) {
      if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${dir}values.yaml must be a mapping at the top level`);
      // YAML aliases can make a small file a huge document: the expanded values are what gets stored.
      const problem = documentProblem(`${dir}values.yaml`, parsed);
      if (problem) throw new ChartArchiveLimitError(problem);
      values = parsed as Record<string, unknown>;
    }
  }
  const out: ChartContents = {
    name: c.name,
    version,
    description: typeof c.description === 'string' ? c.description : '',
    icon: typeof c.icon === 'string' ? c.icon : '',
    values,
    readme: files.get(`${dir}README.md`) ?? '',
  };
  const schemaText = files.get(`${dir}values.schema.json`);
  if (schemaText !== undefined) {
    try {
      out.valuesSchema = JSON.parse(schemaText);
    } catch (err) {
      if (err instanceof ChartArchiveLimitError) throw err;
      throw new Error(`${dir}values.schema.json is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
    const problem = documentProblem(`${dir}values.schema.json`, out.valuesSchema);
    if (problem) throw new ChartArchiveLimitError(problem);
  }
  return out;
}

/** What rendering needs: Chart.yaml as read, and the files under templates/ (paths inside the chart). */
export interface ChartTemplates {
  metadata: Record<string, unknown>;
  templates: Map<string, string>;
  /** The other files of the chart (`.Files.Get`), by path inside the chart. */
  files: Map<string, string>;
  /** Paths of subcharts under charts/ (rendering them is not supported). */
  subcharts: string[];
}

export async function readChartTemplates(archive: Buffer, limits: ChartArchiveLimits = chartArchiveLimits): Promise<ChartTemplates> {
  const files = await untar(archive, (p) => /^[^/]+\/(?!charts\/).+$/.test(p) || /^[^/]+\/charts\/[^/]+(\.tgz|\/Chart\.yaml)$/.test(p), limits);
  const chartPath = [...files.keys()].find((p) => /^[^/]+\/Chart\.yaml$/.test(p));
  if (!chartPath) throw new Error('the archive has no <chart>/Chart.yaml');
  const dir = chartPath.slice(0, -'Chart.yaml'.length);
  const metadata = (parseYaml(files.get(chartPath) ?? '') ?? {}) as Record<string, unknown>;
  const templates = new Map<string, string>();
  const other = new Map<string, string>();
  const subcharts: string[] = [];
  for (const [p, text] of files) {
    if (!p.startsWith(dir)) continue;
    const rel = p.slice(dir.length);
    if (rel.startsWith('templates/')) templates.set(rel, text);
    else if (rel.startsWith('charts/')) subcharts.push(rel);
    else other.set(rel, text);
  }
  return { metadata, templates, files: other, subcharts };
}

/** A ustar header for one regular file (for building archives in code and tests). */
export function tarHeader(path: string, size: number, mtime: number): Buffer {
  const h = Buffer.alloc(512);
  const put = (text: string, offset: number, length: number) => h.write(text, offset, length, 'utf8');
  const octal = (n: number, length: number) => n.toString(8).padStart(length - 1, '0');
  put(path, 0, 100);
  put(octal(0o644, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(Math.floor(mtime / 1000), 12), 136, 12);
  put('        ', 148, 8);
  put('0', 156, 1);
  put('ustar\u0000', 257, 6);
  put('00', 263, 2);
  let sum = 0;
  for (const b of h) sum += b;
  put(`${octal(sum, 7)}\u0000`, 148, 8);
  return h;
}

/** Builds a small real Helm chart archive (for the demo seed and tests). */
export function buildChartArchive(files: Record<string, string>, mtime = Date.UTC(2024, 0, 1)): Buffer {
  const parts: Buffer[] = [];
  for (const [path, text] of Object.entries(files)) {
    const data = Buffer.from(text);
    parts.push(tarHeader(path, data.length, mtime), data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(parts));
}

/** A chart like the ones people upload: Chart.yaml, values.yaml, a schema, a README and a template. */
export function demoChartFiles(name: string, version: string, extraValues = ''): Record<string, string> {
  return {
    [`${name}/Chart.yaml`]: `apiVersion: v2\nname: ${name}\nversion: ${version}\nappVersion: "1.25.3"\ndescription: A small web server chart for trying CCE Autopilot\ntype: application\nicon: https://example.com/${name}.png\n`,
    [`${name}/values.yaml`]: `replicaCount: 2\nimage:\n  repository: nginx\n  tag: "1.25.3"\n  pullPolicy: IfNotPresent\nservice:\n  type: ClusterIP\n  port: 80\nresources:\n  limits:\n    cpu: 500m\n    memory: 512Mi\n${extraValues}`,
    [`${name}/values.schema.json`]: JSON.stringify({
      $schema: 'https://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: {
        replicaCount: { type: 'integer', minimum: 1, description: 'Number of pods' },
        image: { type: 'object', properties: { repository: { type: 'string' }, tag: { type: 'string' }, pullPolicy: { type: 'string', enum: ['Always', 'IfNotPresent', 'Never'] } } },
        service: { type: 'object', properties: { type: { type: 'string', enum: ['ClusterIP', 'NodePort', 'LoadBalancer'] }, port: { type: 'integer' } } },
      },
    }, null, 2),
    [`${name}/README.md`]: `# ${name}\n\nA small nginx chart used by the CCE Autopilot emulator.\n`,
    // Templates in the shape `helm create` writes (helpers, labels, include/nindent/toYaml).
    [`${name}/templates/_helpers.tpl`]: [
      '{{- define "app.fullname" -}}',
      '{{- if contains .Chart.Name .Release.Name }}{{ .Release.Name | trunc 63 | trimSuffix "-" }}{{- else }}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}{{- end }}',
      '{{- end }}',
      '{{- define "app.selectorLabels" -}}',
      'app.kubernetes.io/name: {{ .Chart.Name }}',
      'app.kubernetes.io/instance: {{ .Release.Name }}',
      '{{- end }}',
      '{{- define "app.labels" -}}',
      'helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}',
      '{{ include "app.selectorLabels" . }}',
      'app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}',
      'app.kubernetes.io/managed-by: {{ .Release.Service }}',
      '{{- end }}',
      '',
    ].join('\n'),
    [`${name}/templates/deployment.yaml`]: [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: {{ include "app.fullname" . }}',
      '  labels:',
      '    {{- include "app.labels" . | nindent 4 }}',
      'spec:',
      '  replicas: {{ .Values.replicaCount }}',
      '  selector:',
      '    matchLabels:',
      '      {{- include "app.selectorLabels" . | nindent 6 }}',
      '  template:',
      '    metadata:',
      '      labels:',
      '        {{- include "app.selectorLabels" . | nindent 8 }}',
      '    spec:',
      '      containers:',
      '        - name: {{ .Chart.Name }}',
      '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"',
      '          imagePullPolicy: {{ .Values.image.pullPolicy }}',
      '          ports:',
      '            - name: http',
      '              containerPort: 80',
      '          {{- with .Values.resources }}',
      '          resources:',
      '            {{- toYaml . | nindent 12 }}',
      '          {{- end }}',
      '',
    ].join('\n'),
    [`${name}/templates/service.yaml`]: [
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: {{ include "app.fullname" . }}',
      '  labels:',
      '    {{- include "app.labels" . | nindent 4 }}',
      'spec:',
      '  type: {{ .Values.service.type }}',
      '  ports:',
      '    - port: {{ .Values.service.port }}',
      '      targetPort: http',
      '      protocol: TCP',
      '      name: http',
      '  selector:',
      '    {{- include "app.selectorLabels" . | nindent 4 }}',
      '',
    ].join('\n'),
    [`${name}/templates/NOTES.txt`]: 'Release {{ .Release.Name }} runs {{ .Values.replicaCount }} pods of {{ .Chart.Name }} in {{ .Release.Namespace }}.\n',
  };
}
