import { gunzipSync } from 'node:zlib';
import { parse as parseYaml } from 'yaml';
import type { ChartValuesSource, JsonSchema } from './derive.js';

/** Archives bigger than this once unpacked are refused (a chart is kilobytes; this stops gzip bombs). */
const MAX_UNPACKED = 64 * 1024 * 1024;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(bytes: Uint8Array, start: number, length: number): string {
  let end = start;
  while (end < start + length && bytes[end] !== 0) end++;
  return Buffer.from(bytes.subarray(start, end)).toString('utf8');
}

/** The files of a tar stream, by path (regular files only; pax and GNU long names understood). */
function untar(tar: Uint8Array, wanted: (path: string) => boolean): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let offset = 0;
  let longName: string | undefined;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const size = parseInt(text(header, 124, 12).trim() || '0', 8);
    if (!Number.isFinite(size) || size < 0) throw new Error(`bad tar header at byte ${offset}`);
    const type = String.fromCharCode(header[156] ?? 0);
    const prefix = text(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
    const body = Buffer.from(tar.subarray(offset + 512, offset + 512 + size));
    longName = undefined;
    if (type === 'x') {
      const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'));
      if (m) longName = m[1];
    } else if (type === 'L') {
      longName = body.toString('utf8').replace(/\0+$/, '');
    } else if ((type === '0' || type === '\0') && wanted(name)) {
      files.set(name, body);
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/**
 * What a chart archive (.tgz, as DownloadAutopilotChart answers it) says about its values: the
 * chart name, the defaults of its values.yaml, and its values.schema.json when it has one.
 * Subcharts are not looked into.
 */
export function readChartArchiveValues(archive: Uint8Array): ChartValuesSource {
  let tar: Buffer;
  try {
    tar = gunzipSync(archive, { maxOutputLength: MAX_UNPACKED });
  } catch (error) {
    throw new Error(`not a chart archive (.tgz): ${(error as Error).message}`);
  }
  const top = (path: string) => /^[^/]+\/(Chart\.yaml|values\.yaml|values\.schema\.json)$/.test(path);
  const files = untar(tar, top);
  const find = (file: string) => [...files.entries()].find(([p]) => p.endsWith(`/${file}`))?.[1]?.toString('utf8');
  const chartYaml = find('Chart.yaml');
  if (chartYaml === undefined) throw new Error('not a chart archive: it has no <chart>/Chart.yaml');
  const out: ChartValuesSource = {};
  const meta = parseYaml(chartYaml) as unknown;
  if (isRecord(meta) && typeof meta.name === 'string') out.chartName = meta.name;
  const valuesYaml = find('values.yaml');
  if (valuesYaml !== undefined) {
    let values: unknown;
    try {
      values = parseYaml(valuesYaml);
    } catch (error) {
      throw new Error(`the chart's values.yaml is not valid YAML: ${(error as Error).message}`);
    }
    out.values = isRecord(values) ? values : {};
  }
  const schemaJson = find('values.schema.json');
  if (schemaJson !== undefined) {
    let schema: unknown;
    try {
      schema = JSON.parse(schemaJson);
    } catch (error) {
      throw new Error(`the chart's values.schema.json is not valid JSON: ${(error as Error).message}`);
    }
    if (isRecord(schema)) out.schema = schema as JsonSchema;
  }
  return out;
}
