import type * as vscode from 'vscode';
import { describe, expect, it } from 'vitest';
import { safe, safeOpt, safeOutputChannel } from '../src/host/safeText.js';

describe('server text in the extension UI', () => {
  it('the output channel escapes control characters in every line it writes; the rest of it is untouched', () => {
    const lines: string[] = [];
    let shown = false;
    const fake = {
      name: 'CCE Autopilot',
      logLevel: 2,
      info: (m: string, ...rest: unknown[]) => lines.push(['info', m, ...rest].join(' ')),
      error: (m: string | Error) => lines.push(`error ${String(m)}`),
      appendLine: (m: string) => lines.push(`line ${m}`),
      show: () => {
        shown = true;
      },
    } as unknown as vscode.LogOutputChannel;
    const log = safeOutputChannel(fake);
    log.info('cluster \u001b]0;owned\u0007 created', 'id\u009b2J');
    log.error('failed: \u001b[2J\rfake');
    log.appendLine('\u202eevil');
    log.show(true);
    expect(lines).toEqual(['info cluster \\x1b]0;owned\\x07 created id\\x9b2J', 'error failed: \\x1b[2J\\x0dfake', 'line \\u202eevil']);
    expect(shown).toBe(true);
    expect(log.name).toBe('CCE Autopilot');
  });

  it('labels and messages', () => {
    expect(safe('demo\u001b[31m')).toBe('demo\\x1b[31m');
    expect(safeOpt(undefined)).toBeUndefined();
    expect(safeOpt('ok\ttab')).toBe('ok\ttab');
  });
});
