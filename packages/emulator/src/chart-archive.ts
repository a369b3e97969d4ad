import { gzipSync } from 'node:zlib';
import { Parser } from 'tar';
import type { ReadEntry } from 'tar';
import { parse as parseYaml } from 'yaml';

export interface ChartContents {
  name: string;
  version: string;
  description: string;
  icon: string;
  values: Record<string, unknown>;
  valuesSchema?: unknown;
  readme: string;
}

/** Reads the files of a gzipped tar held in memory. */
async function untar(archive: Buffer, wanted: (path: string) => boolean): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  await new Promise<void>((resolve, reject) => {
    const parser = new Parser({
      strict: true,
      onReadEntry: (entry: ReadEntry) => {
        if (entry.type !== 'File' || !wanted(entry.path)) {
          entry.resume();
          return;
        }
        const chunks: Buffer[] = [];
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => files.set(entry.path, Buffer.concat(chunks).toString('utf8')));
      },
    });
    parser.on('error', reject);
    parser.on('warn', (_code: string, message: string | Error) => reject(new Error(typeof message === 'string' ? message : message.message)));
    parser.on('end', () => resolve());
    parser.end(archive);
  });
  return files;
}

/**
 * Reads a Helm chart archive: `<dir>/Chart.yaml` (name, version required), `values.yaml`,
 * `values.schema.json` and `README.md` of the top-level chart. Throws an Error saying what is wrong.
 */
export async function readChartArchive(archive: Buffer): Promise<ChartContents> {
  if (archive.length < 2 || archive[0] !== 0x1f || archive[1] !== 0x8b) throw new Error('the chart file is not a gzip-compressed tar archive (.tgz)');
  const topLevel = (p: string) => /^[^/]+\/(Chart\.yaml|values\.yaml|values\.schema\.json|README\.md)$/.test(p);
  let files: Map<string, string>;
  try {
    files = await untar(archive, topLevel);
  } catch (err) {
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
      throw new Error(`${dir}values.yaml is not valid YAML: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (parsed !== null && parsed !== undefined) {
      if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${dir}values.yaml must be a mapping at the top level`);
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
      throw new Error(`${dir}values.schema.json is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return out;
}

function tarHeader(path: string, size: number, mtime: number): Buffer {
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
    [`${name}/templates/deployment.yaml`]: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicas: {{ .Values.replicaCount }}\n`,
  };
}
