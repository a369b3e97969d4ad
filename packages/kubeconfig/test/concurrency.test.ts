import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';

const run = promisify(execFile);

describe('concurrent merges', () => {
  it('four processes merging different clusters into one file at once: all four land', async () => {
    const dir = await tempDir();
    const worker = join(dir, 'merge-worker.mjs');
    await build({
      entryPoints: [fileURLToPath(new URL('./fixtures/merge-worker.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: worker,
      // The fixture certificate is read relative to the bundled helper.
      define: { 'import.meta.url': JSON.stringify(new URL('./helpers.ts', import.meta.url).href) },
      // yaml's CommonJS build requires node built-ins, which an ESM bundle can only reach this way.
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
      logLevel: 'error',
    });
    const config = join(dir, 'config');
    await fs.writeFile(config, '# shared\napiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n');
    const ids = ['a1', 'b2', 'c3', 'd4'];
    await Promise.all(ids.map((id) => run(process.execPath, [worker, config, id, '3'])));
    const doc = parse(await fs.readFile(config, 'utf8'));
    expect(doc.contexts.map((c: { name: string }) => c.name).sort()).toEqual(ids.map((id) => `cce-cn-north-4-cluster-${id}-internal`));
    expect(doc.clusters).toHaveLength(4);
    expect(doc.users).toHaveLength(4);
    for (const c of doc.clusters) expect(c.cluster.server).toBe('https://10.0.2.1:5443');
    expect((await fs.stat(config)).mode & 0o777).toBe(0o600);
    const left = (await fs.readdir(dir)).filter((f) => f.includes('.lock') || f.includes('.tmp-'));
    expect(left).toEqual([]);
  }, 90_000);
});
