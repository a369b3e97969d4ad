// Bundles the CLI into dist/ (ESM, split): main.js answers --version alone, and each command
// group, the client, the emulator, the values service and the JMESPath library are chunks loaded
// only when a command line needs them. One bundle reads far fewer files than node_modules does.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

const production = process.argv.includes('--production');
// Chunk names carry hashes: old ones would pile up.
rmSync('dist', { recursive: true, force: true });

await build({
  entryPoints: { main: 'src/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  legalComments: 'none',
  logLevel: 'warning',
  chunkNames: 'chunks/[name]-[hash]',
  // Native (better-sqlite3, loaded by the emulator only with --data-dir) and optional peers stay outside.
  external: ['better-sqlite3'],
  // Bundled CommonJS dependencies call require() for Node built-ins.
  banner: { js: "import { createRequire as __cceCreateRequire } from 'node:module'; const require = __cceCreateRequire(import.meta.url);" },
  metafile: true,
}).then(async (result) => {
  if (process.argv.includes('--analyze')) {
    const { analyzeMetafile } = await import('esbuild');
    console.log(await analyzeMetafile(result.metafile));
  }
});
