// The project's emulator as a child process (packages/emulator/dist/main.js --json), so it can be
// stopped with everything else and its state dies with it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './vscode-web.mjs';
import { startProcess } from './proc.mjs';

export const emulatorMain = join(repoRoot, 'packages/emulator/dist/main.js');

const SECRET_KEYS = /("(?:sk|password|securityToken|token)"\s*:\s*)"[^"]*"/gi;

/** Masks secret fields of a JSON line before it reaches a log. */
export function redactSecrets(line) {
  return line.replace(SECRET_KEYS, '$1"***"');
}

/**
 * Starts the emulator on 127.0.0.1 and resolves with its ready line
 * `{url, region, projectId, domain, user, password, ak, sk}` plus `proc` and `stop()`.
 */
export async function startEmulator({ seed = 'demo', speed = 'instant', port = 0, extraArgs = [], log, timeoutMs = 60_000 } = {}) {
  if (!existsSync(emulatorMain)) {
    throw new Error(`${emulatorMain} is missing: build the emulator first (pnpm build)`);
  }
  let onReady;
  const ready = new Promise((resolve) => (onReady = resolve));
  const proc = startProcess(
    'emulator',
    process.execPath,
    [emulatorMain, '--host', '127.0.0.1', '--port', String(port), '--seed', seed, '--speed', speed, '--json', ...extraArgs],
    {
      cwd: repoRoot,
      log,
      redact: redactSecrets,
      onLine(line) {
        const trimmed = line.trim();
        if (!trimmed.startsWith('{')) return;
        try {
          const info = JSON.parse(trimmed);
          if (typeof info.url === 'string') onReady(info);
        } catch {
          // Not the ready line.
        }
      },
    },
  );
  const timer = new Promise((_, reject) =>
    setTimeout(() => reject(new Error(`the emulator printed no ready line within ${timeoutMs} ms`)), timeoutMs),
  );
  const exited = proc.exit.then(({ code, signal, error }) => {
    throw new Error(`the emulator exited before it was ready (${error?.message ?? signal ?? `exit ${code}`}); see the log`);
  });
  try {
    const info = await Promise.race([ready, timer, exited]);
    return { ...info, proc, stop: () => proc.stop() };
  } catch (error) {
    await proc.stop();
    throw error;
  }
}
