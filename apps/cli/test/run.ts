// Runs the CLI in-process with captured output, against an emulator started by the test.
import type { ClientOptions } from '@cce-autopilot/client';
import type { RunningEmulator } from '@cce-autopilot/emulator';
import { main } from '../src/main.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (for --output json runs). */
  json: () => any;
}

/** What a test may add to the CLI's surroundings: a terminal to ask on, its width, env, Ctrl-C. */
export interface RunSurroundings {
  readonly ask?: (question: string) => Promise<string>;
  readonly columns?: number;
  readonly env?: Record<string, string>;
  readonly signal?: AbortSignal;
}

export function runner(emulator: RunningEmulator, clientOptions: Partial<ClientOptions> = {}, terminal = false, extra: RunSurroundings = {}) {
  return async (...args: string[]): Promise<RunResult> => {
    let stdout = '';
    let stderr = '';
    const io = {
      stdout: { write: (text: string | Uint8Array) => (stdout += typeof text === 'string' ? text : Buffer.from(text).toString('latin1')) },
      stderr: { write: (text: string) => (stderr += text) },
      isTTY: terminal,
      env: { HUAWEICLOUD_SDK_AK: emulator.ak, HUAWEICLOUD_SDK_SK: emulator.sk, ...extra.env },
      ...(extra.ask ? { ask: extra.ask } : {}),
      ...(extra.columns === undefined ? {} : { columns: extra.columns }),
      ...(extra.signal ? { signal: extra.signal } : {}),
    };
    const code = await main(['--endpoint', emulator.url, '--region', emulator.region, ...args], io, clientOptions);
    return { code, stdout, stderr, json: () => JSON.parse(stdout) };
  };
}
