import type * as vscode from 'vscode';
import { terminalSafe } from '@cce-autopilot/models';

const WRITES = new Set<string | symbol>(['append', 'appendLine', 'replace', 'trace', 'debug', 'info', 'warn', 'error']);

/**
 * The output channel with every line made safe first: what it logs comes from servers (names,
 * error messages), and control characters there would garble or disguise the log. Everything else
 * of the channel (show, dispose, logLevel...) is untouched.
 */
export function safeOutputChannel(channel: vscode.LogOutputChannel): vscode.LogOutputChannel {
  return new Proxy(channel, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      if (!WRITES.has(prop)) return (value as (...a: unknown[]) => unknown).bind(target);
      return (first: unknown, ...rest: unknown[]) =>
        (value as (...a: unknown[]) => unknown).call(target, typeof first === 'string' ? terminalSafe(first) : first, ...rest.map((r) => (typeof r === 'string' ? terminalSafe(r) : r)));
    },
  });
}

/** For labels, descriptions, tooltips and notifications: server text shown with its control characters escaped. */
export const safe = (text: string): string => terminalSafe(text);
export const safeOpt = (text: string | undefined): string | undefined => (text === undefined ? undefined : terminalSafe(text));
