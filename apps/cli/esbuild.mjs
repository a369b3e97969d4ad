// Bundles the CLI into dist/ (ESM, split): main.js answers --version alone, and each command
// group, the client, the emulator, the values service and the JMESPath library are chunks loaded
// only when a command line needs them. One bundle reads far fewer files than node_modules does.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const production = process.argv.includes('--production');
// Chunk names carry hashes: old ones would pile up.
rmSync('dist', { recursive: true, force: true });

// undici's index loads every dispatcher, mock, cache, WebSocket and fetch module, and with them
// Node's own bundled undici: about half of `clusters list`'s start-up. The client needs an Agent,
// an EnvHttpProxyAgent, Dispatcher#request and (for chart uploads only) FormData, so the bundle
// takes those files alone. A new undici import in the client fails this build ("No matching
// export"), never silently at run time.
const clientRequire = createRequire(createRequire(import.meta.url).resolve('@cce-autopilot/client'));
const undiciRoot = dirname(clientRequire.resolve('undici/package.json'));
const undiciLib = (file) => JSON.stringify(join(undiciRoot, 'lib', file));
const undiciParts = {
  name: 'undici-parts',
  setup(b) {
    b.onResolve({ filter: /^undici$/ }, () => ({ path: 'undici', namespace: 'undici-parts' }));
    // HTTP/2 is used only when a server negotiates it (allowH2); its module loads node:http2 at
    // the top (a tenth of the start-up), so it is loaded on the first HTTP/2 connection instead.
    b.onResolve({ filter: /client-h2\.js$/ }, (args) =>
      args.importer.endsWith(join('lib', 'dispatcher', 'client.js')) ? { path: join(dirname(args.importer), 'client-h2.js'), namespace: 'undici-h2-lazy' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'undici-h2-lazy' }, (args) => ({
      resolveDir: dirname(args.path),
      loader: 'js',
      contents: `module.exports = function connectH2(...args) { return require(${JSON.stringify(args.path)})(...args); };`,
    }));
    b.onLoad({ filter: /.*/, namespace: 'undici-parts' }, () => ({
      resolveDir: undiciRoot,
      loader: 'js',
      contents: `
const Agent = require(${undiciLib('dispatcher/agent.js')});
const EnvHttpProxyAgent = require(${undiciLib('dispatcher/env-http-proxy-agent.js')});
const Dispatcher = require(${undiciLib('dispatcher/dispatcher.js')});
Object.assign(Dispatcher.prototype, require(${undiciLib('api/index.js')}));
let FormDataClass;
const formData = () => (FormDataClass ??= require(${undiciLib('web/fetch/formdata.js')}).FormData);
// Loaded on the first upload; until one was made, nothing is a FormData.
class FormData {
  constructor() { return new (formData())(); }
  static [Symbol.hasInstance](value) { return FormDataClass !== undefined && value instanceof FormDataClass; }
}
module.exports = { Agent, EnvHttpProxyAgent, Dispatcher, FormData };
`,
    }));
  },
};

await build({
  plugins: [undiciParts],
  entryPoints: { main: 'src/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  // Smaller files compile faster at every start; the linked source map keeps stack traces readable.
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  chunkNames: 'chunks/[name]-[hash]',
  // Native (better-sqlite3, loaded by the emulator only with --data-dir) and optional peers stay outside.
  // The MCP SDK stays a package import (only `mcp` loads it; test/mcp-lazy.integ.test.ts sees the import).
  external: ['better-sqlite3', '@modelcontextprotocol/sdk', '@modelcontextprotocol/sdk/*'],
  // Bundled CommonJS dependencies call require() for Node built-ins.
  banner: { js: "import { createRequire as __cceCreateRequire } from 'node:module'; const require = __cceCreateRequire(import.meta.url);" },
  metafile: true,
  write: !process.argv.includes("--analyze-only"),
}).then(async (result) => {
  if (process.argv.includes('--analyze')) {
    // Which packages each chunk holds and what it loads: `node esbuild.mjs --analyze`.
    for (const [out, o] of Object.entries(result.metafile.outputs)) {
      if (out.endsWith('.map')) continue;
      const sizes = {};
      for (const [input, v] of Object.entries(o.inputs)) {
        const key = input.includes('node_modules/') ? input.split('node_modules/').pop().split('/').slice(0, input.includes('/@') ? 2 : 1).join('/') : input.split('/').slice(0, 3).join('/');
        sizes[key] = (sizes[key] ?? 0) + v.bytesInOutput;
      }
      const loads = o.imports.filter((i) => !i.external).map((i) => `${i.path.split('/').pop()}${i.kind === 'dynamic-import' ? ' (lazy)' : ''}`);
      console.log(`${out} ${Math.round(o.bytes / 1024)} KiB -> ${loads.join(', ')}`);
      console.log(`   ${Object.entries(sizes).sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k} ${Math.round(v / 1024)}K`).join(', ')}`);
    }
  }
});
