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

export function runner(emulator: RunningEmulator, clientOptions: Partial<ClientOptions> = {}, terminal = false) {
  return async (...args: string[]): Promise<RunResult> => {
    let stdout = '';
    let stderr = '';
    const io = {
      stdout: { write: (text: string | Uint8Array) => (stdout += typeof text === 'string' ? text : Buffer.from(text).toString('latin1')) },
      stderr: { write: (text: string) => (stderr += text) },
      isTTY: terminal,
      env: { HUAWEICLOUD_SDK_AK: emulator.ak, HUAWEICLOUD_SDK_SK: emulator.sk },
    };
    const code = await main(['--endpoint', emulator.url, '--region', emulator.region, ...args], io, clientOptions);
    return { code, stdout, stderr, json: () => JSON.parse(stdout) };
  };
}
