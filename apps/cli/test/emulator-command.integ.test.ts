// `cce-autopilot emulator start` as a real process: it prints its endpoint and credentials, serves
// the API, and stops cleanly on SIGTERM. Runs the built dist/main.js (the test task builds first).
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createClient } from '@cce-autopilot/client';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

describe('cce-autopilot emulator start', () => {
  it('serves the API until SIGTERM', async () => {
    expect(existsSync(main), 'build the CLI first (pnpm --filter @cce-autopilot/cli build)').toBe(true);
    const child = spawn(process.execPath, [main, 'emulator', 'start', '--port', '0', '--seed', 'demo', '--speed', 'instant', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let buffered = '';
        child.stdout.on('data', (chunk: Buffer) => {
          buffered += chunk.toString('utf8');
          const end = buffered.indexOf('\n');
          if (end >= 0) resolve(buffered.slice(0, end));
        });
        child.once('exit', (code) => reject(new Error(`emulator exited early with ${code}`)));
      });
      const info = JSON.parse(line) as { url: string; region: string; ak: string; sk: string };
      const client = createClient({ region: info.region, credentials: { ak: info.ak, sk: info.sk }, endpoints: { cce: info.url }, env: {} });
      const clusters = await client.listAutopilotClusters();
      await client.close();
      expect(clusters.items.length).toBeGreaterThan(0);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
