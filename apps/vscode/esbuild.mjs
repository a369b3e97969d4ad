// Bundles the extension, the language server and the local emulator into dist/ (CommonJS for VS
// Code's loader and for `node dist/emulator.js`). Workspace packages are ESM; esbuild folds them
// into the CommonJS bundles.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const require = createRequire(import.meta.url);

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

await build({
  ...common,
  entryPoints: { extension: 'src/extension.ts' },
  outdir: 'dist',
  external: ['vscode'],
  // jsonc-parser's "main" is a UMD build whose inner require()s esbuild cannot follow (the bundle
  // would fail at load with "Cannot find module './impl/format'"); its ESM build bundles cleanly.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
});

// The language server runs in its own process: its entry is the server file of the package.
let serverEntry;
try {
  serverEntry = require.resolve('@cce-autopilot/language-server/server');
} catch {
  console.warn('warning: @cce-autopilot/language-server has no ./server export yet; dist/server.js not built');
}
if (serverEntry) {
  if (!existsSync(serverEntry)) throw new Error(`language server entry missing: ${serverEntry} (build @cce-autopilot/language-server first)`);
  await build({ ...common, entryPoints: { server: serverEntry }, outdir: 'dist' });
}

// The local emulator ships inside the extension, so "Use the local emulator" works on a VS Code that
// has no workspace (a marketplace or .vsix install). better-sqlite3 is a native module the emulator
// loads only for --data-dir; it stays out of the bundle (the packaged copy is in memory only).
const emulatorEntry = require.resolve('@cce-autopilot/emulator/main');
if (!existsSync(emulatorEntry)) throw new Error(`emulator entry missing: ${emulatorEntry} (build @cce-autopilot/emulator first)`);
await build({
  ...common,
  entryPoints: { emulator: emulatorEntry },
  outdir: 'dist',
  external: ['better-sqlite3'],
  // The ESM sources use import.meta.url (createRequire for the lazy native module); in a CommonJS
  // bundle it is the bundle's own file URL.
  define: { 'import.meta.url': '__cceImportMetaUrl' },
  banner: { js: 'const __cceImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
});
