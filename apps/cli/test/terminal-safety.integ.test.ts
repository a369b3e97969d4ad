import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator, type RunningEmulator } from '@cce-autopilot/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { runner } from './run.js';

// What a hostile endpoint (or anything between) would send: clear the screen, retitle the window,
// a one-byte CSI, a carriage return that overwrites the line, a bidi override.
const HOSTILE = '\u001b[2J\u001b]0;owned\u0007\u009b31m\rfake\u202e';
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;

let emulator: RunningEmulator;
let fake: Server;
let fakeUrl: string;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 'empty', speed: 'instant' });
  // A server that answers every call with clusters whose names and phases carry escape sequences.
  fake = createServer((req, res) => {
    req.resume();
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        kind: 'List',
        apiVersion: 'v3',
        items: [{ kind: 'Cluster', apiVersion: 'v3', metadata: { name: `evil${HOSTILE}`, uid: 'u1', creationTimestamp: HOSTILE }, spec: { version: 'v1.28' }, status: { phase: `Available${HOSTILE}` } }],
      }),
    );
  });
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await emulator?.stop();
  await new Promise((resolve) => fake?.close(resolve));
});

async function runFake(terminal: boolean, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, isTTY: terminal, env: { HUAWEICLOUD_SDK_AK: 'AK', HUAWEICLOUD_SDK_SK: 'SK' } };
  const code = await main(['--endpoint', fakeUrl, '--region', 'cn-north-4', '--project-id', '0123456789abcdef0123456789abcdef', ...args], io, { retry: { maxAttempts: 1 } });
  return { code, stdout, stderr };
}

describe('server text never reaches the terminal raw', () => {
  it('names and phases in a table, and in JSON and YAML output', async () => {
    for (const output of ['table', 'yaml', 'json']) {
      const r = await runFake(true, '--output', output, 'clusters', 'list');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('evil');
      // The bold table header is the CLI's own styling, the one sequence it writes itself.
      expect(r.stdout.replace(/\u001b\[1m(NAME[^\n]*)\u001b\[0m/, '$1')).not.toMatch(UNSAFE);
      expect(r.stderr).not.toMatch(UNSAFE);
    }
    // JSON stays lossless: it parses back to exactly what the server sent.
    const json = await runFake(false, '--output', 'json', 'clusters', 'list');
    expect(JSON.parse(json.stdout).items[0].metadata.name).toBe(`evil${HOSTILE}`);
    // The table shows the escapes as text.
    const table = await runFake(false, 'clusters', 'list');
    expect(table.stdout).toContain('evil\\x1b[2J\\x1b]0;owned\\x07\\x9b31m');
  });

  it('an error message from the API (an emulator fault rule) is printed with its escapes shown', async () => {
    const rule = emulator.admin.addFault({ operation: 'ListAutopilotClusters', status: 400, errorCode: 'CCE.01400001', errorMessage: `bad request${HOSTILE}` });
    try {
      const r = await runner(emulator, { retry: { maxAttempts: 1 } }, true)('clusters', 'list');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('bad request\\x1b[2J');
      expect(r.stderr).not.toMatch(UNSAFE);
      expect(r.stdout).not.toMatch(UNSAFE);
    } finally {
      emulator.admin.removeFault(rule.id);
    }
  });
});
