import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** What the emulator prints (one JSON line) when started with `--json`. */
export interface EmulatorInfo {
  readonly url: string;
  readonly region: string;
  readonly projectId: string;
  readonly ak: string;
  readonly sk: string;
}

export interface RunningEmulator extends EmulatorInfo {
  stop(): void;
}

/** The emulator bundled into the extension (esbuild.mjs): in memory only, no native module. */
export function bundledEmulator(extensionPath: string): string {
  return join(extensionPath, 'dist', 'emulator.js');
}

/**
 * Where the emulator's start script may be, most specific first: the setting, a build in a
 * workspace folder (the project's own checkout), then the copy bundled with the extension, so a
 * marketplace install with no workspace still has one.
 */
export function emulatorCandidates(explicit: string | undefined, folders: readonly string[], bundled?: string): string[] {
  const list: string[] = [];
  if (explicit) list.push(explicit);
  for (const f of folders) {
    list.push(join(f, 'packages', 'emulator', 'dist', 'main.js'));
    list.push(join(f, 'node_modules', '@cce-autopilot', 'emulator', 'dist', 'main.js'));
  }
  if (bundled) list.push(bundled);
  return list;
}

export function findEmulator(candidates: readonly string[], exists: (p: string) => boolean = existsSync): string | undefined {
  return candidates.find((p) => exists(p));
}

/** Reads the first line that parses as the emulator's JSON announcement. */
export function parseAnnouncement(line: string): EmulatorInfo | undefined {
  const text = line.trim();
  if (!text.startsWith('{')) return undefined;
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    const { url, region, projectId, ak, sk } = v;
    if ([url, region, projectId, ak, sk].every((x) => typeof x === 'string' && x.length > 0)) {
      return { url, region, projectId, ak, sk } as EmulatorInfo;
    }
  } catch {
    // Not the announcement: the emulator may log other lines first.
  }
  return undefined;
}

/**
 * Starts the emulator in the background (in memory, port chosen by the system) and resolves once it
 * announced where it listens. `node` is the Node.js binary to run it with.
 */
export function startEmulator(main: string, node: string, env: NodeJS.ProcessEnv, onLog: (line: string) => void, timeoutMs = 30_000): Promise<RunningEmulator> {
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(node, [main, '--json', '--port', '0', '--host', '127.0.0.1'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      reject(e as Error);
      return;
    }
    let settled = false;
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill();
      reject(new Error(message));
    };
    const timer = setTimeout(() => fail(`The emulator did not announce its address within ${timeoutMs / 1000} s.`), timeoutMs);
    createInterface({ input: child.stderr! }).on('line', (l) => onLog(l));
    createInterface({ input: child.stdout! }).on('line', (l) => {
      const info = settled ? undefined : parseAnnouncement(l);
      if (!info) { onLog(l); return; }
      settled = true;
      clearTimeout(timer);
      resolve({ ...info, stop: () => { child.kill(); } });
    });
    child.on('error', (e) => fail(`Could not start the emulator with ${node}: ${e.message}`));
    child.on('exit', (code) => fail(`The emulator exited (code ${code}) before it was ready; see the log.`));
  });
}
