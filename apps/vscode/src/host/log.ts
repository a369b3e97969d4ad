import * as vscode from 'vscode';
import type { RequestLogEvent } from '@cce-autopilot/client';

/** Request summaries arrive already redacted by the client (no credentials, no bodies). */
export function logRequest(channel: vscode.LogOutputChannel, e: RequestLogEvent): void {
  const id = e.requestId ? ` request-id=${e.requestId}` : '';
  switch (e.type) {
    case 'request': channel.debug(`→ ${e.operation} ${e.method} ${e.url} (attempt ${e.attempt})`); break;
    case 'response': channel.info(`← ${e.operation} ${e.status ?? ''} ${Math.round(e.durationMs ?? 0)} ms${id}`); break;
    case 'retry': channel.warn(`↻ ${e.operation} retry in ${e.delayMs ?? 0} ms after ${e.status ?? e.error ?? ''}${id}`); break;
    case 'error': channel.error(`✕ ${e.operation} ${e.status ?? ''} ${e.error ?? ''}${id}`); break;
  }
}
