import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deriveAddonValuesSchema, deriveChartValuesSchema, type JsonSchema, type ValuesBinding } from '@cce-autopilot/values';
import type { SchemaRequestParams, SchemaRequestResult } from './protocol.js';

export interface ResolvedSchema {
  schema: JsonSchema | undefined;
  /** `client`: answered now; `disk`: the client could not answer, the cache directory did. */
  source: 'client' | 'disk' | 'none';
  /** Why there is no schema. */
  reason?: string;
}

export function bindingKey(b: ValuesBinding): string {
  return b.kind === 'addon' ? `addon:${b.template}@${b.version}` : `chart:${b.chart}@${b.version ?? ''}#${b.chartId ?? ''}`;
}

export function describeBinding(b: ValuesBinding): string {
  return b.kind === 'addon' ? `addon ${b.template} ${b.version}` : `chart ${b.chart}${b.version ? ` ${b.version}` : ''}`;
}

/** How long a failed lookup is remembered before the client is asked again. */
const RETRY_AFTER_MS = 60_000;

/**
 * Schemas by binding: asked of the client once, kept in memory, and written to the cache
 * directory (when one is configured) so that a later failure, offline, still finds them.
 */
export class SchemaStore {
  private readonly memory = new Map<string, { at: number; value: Promise<ResolvedSchema> }>();

  constructor(
    private readonly ask: (params: SchemaRequestParams) => Promise<SchemaRequestResult>,
    private readonly options: { locale?: string; cacheDirectory?: string; now?: () => number } = {},
  ) {}

  get(uri: string, binding: ValuesBinding): Promise<ResolvedSchema> {
    const key = bindingKey(binding);
    const now = (this.options.now ?? Date.now)();
    const hit = this.memory.get(key);
    if (hit) return hit.value.then((r) => (r.schema || now - hit.at < RETRY_AFTER_MS ? r : this.refresh(key, uri, binding, now)));
    return this.refresh(key, uri, binding, now);
  }

  private refresh(key: string, uri: string, binding: ValuesBinding, now: number): Promise<ResolvedSchema> {
    const value = this.resolve(key, uri, binding);
    this.memory.set(key, { at: now, value });
    return value;
  }

  forget(bindings?: readonly ValuesBinding[]): void {
    if (!bindings) this.memory.clear();
    else for (const b of bindings) this.memory.delete(bindingKey(b));
  }

  private async resolve(key: string, uri: string, binding: ValuesBinding): Promise<ResolvedSchema> {
    let reason: string;
    try {
      const answer = await this.ask({ uri, binding });
      const schema = answer ? this.schemaOf(answer, binding) : undefined;
      if (schema) {
        await this.writeDisk(key, schema);
        return { schema, source: 'client' };
      }
      reason = `the extension knows no template or chart for ${describeBinding(binding)}`;
    } catch (error) {
      reason = `asking the extension failed: ${(error as Error).message}`;
    }
    const cached = await this.readDisk(key);
    if (cached) return { schema: cached, source: 'disk' };
    return { schema: undefined, source: 'none', reason };
  }

  private schemaOf(answer: NonNullable<SchemaRequestResult>, binding: ValuesBinding): JsonSchema | undefined {
    if (answer.schema && typeof answer.schema === 'object') return answer.schema;
    if (answer.template && typeof answer.template === 'object') {
      return deriveAddonValuesSchema(answer.template, { locale: this.options.locale, addonName: binding.kind === 'addon' ? binding.template : undefined });
    }
    if (answer.chart && typeof answer.chart === 'object') {
      return deriveChartValuesSchema({ chartName: binding.kind === 'chart' ? binding.chart : undefined, ...answer.chart });
    }
    return undefined;
  }

  private file(key: string): string | undefined {
    const dir = this.options.cacheDirectory;
    return dir ? join(dir, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`) : undefined;
  }

  private async writeDisk(key: string, schema: JsonSchema): Promise<void> {
    const file = this.file(key);
    if (!file) return;
    try {
      await mkdir(this.options.cacheDirectory!, { recursive: true });
      // Write then rename, so a reader never sees half a file.
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify({ key, schema }));
      await rename(tmp, file);
    } catch {
      // The cache only helps offline; failing to write it must not break validation.
    }
  }

  private async readDisk(key: string): Promise<JsonSchema | undefined> {
    const file = this.file(key);
    if (!file) return undefined;
    try {
      const data = JSON.parse(await readFile(file, 'utf8')) as { key?: string; schema?: JsonSchema };
      return data.key === key && data.schema && typeof data.schema === 'object' ? data.schema : undefined;
    } catch {
      return undefined;
    }
  }
}
