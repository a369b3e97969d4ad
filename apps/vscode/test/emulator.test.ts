import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emulatorCandidates, findEmulator, parseAnnouncement, startEmulator } from '../src/core/emulator.js';

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'cce-vscode-emu-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

const announcement = { url: 'http://127.0.0.1:1234', region: 'cn-north-4', projectId: 'p1', ak: 'AK', sk: 'SK', domain: 'd' };

describe('local emulator', () => {
  it('reads the JSON announcement and ignores other lines', () => {
    expect(parseAnnouncement(JSON.stringify(announcement))).toEqual({ url: 'http://127.0.0.1:1234', region: 'cn-north-4', projectId: 'p1', ak: 'AK', sk: 'SK' });
    expect(parseAnnouncement('emulator: listening')).toBeUndefined();
    expect(parseAnnouncement('{"url":"x"}')).toBeUndefined();
  });

  it('looks for the start script in the setting, then in each workspace folder', () => {
    const list = emulatorCandidates('/custom/main.js', ['/ws']);
    expect(list[0]).toBe('/custom/main.js');
    expect(list).toContain(join('/ws', 'packages', 'emulator', 'dist', 'main.js'));
    expect(findEmulator(list, (p) => p.startsWith('/ws/node_modules'))).toBe(join('/ws', 'node_modules', '@cce-autopilot', 'emulator', 'dist', 'main.js'));
  });

  it('starts a script in the background, waits for its announcement, and stops it', async () => {
    const main = join(dir, 'main.js');
    await writeFile(main, `console.log('booting'); console.log(${JSON.stringify(JSON.stringify(announcement))}); setInterval(() => {}, 1000);`);
    const logs: string[] = [];
    const emu = await startEmulator(main, process.execPath, process.env, (l) => logs.push(l));
    expect(emu.url).toBe('http://127.0.0.1:1234');
    expect(logs).toEqual(['booting']);
    emu.stop();
  });

  it('reports a script that exits before it is ready', async () => {
    const main = join(dir, 'bad.js');
    await writeFile(main, 'process.exit(3)');
    await expect(startEmulator(main, process.execPath, process.env, () => undefined)).rejects.toThrow(/exited \(code 3\)/);
  });
});
