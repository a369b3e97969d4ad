import { asObject } from '../json.js';
import { arrayOf, at, objectsOf, type JsonObject } from './fields.js';
import type { KubeObject } from './store.js';

/**
 * A deterministic synthetic log per container: start lines at the container's start, then one
 * line every `PERIOD_MS` of the emulator's clock while it runs (a Job's container ends after its
 * start lines). The same pod, container and clock always give the same lines, so `kubectl logs`
 * with `--tail`, `--since`, `--timestamps` and `-f` behave as against a kubelet.
 */
export const PERIOD_MS = 10_000;

export interface LogLine {
  time: number;
  text: string;
}

function startLines(pod: KubeObject, container: JsonObject, start: number): LogLine[] {
  const ns = pod.metadata.namespace;
  return [
    { time: start, text: `[cce-autopilot-emulator] starting container ${container.name} of pod ${ns}/${pod.metadata.name}` },
    { time: start, text: `[cce-autopilot-emulator] image ${container.image}` },
    ...(container.command || container.args ? [{ time: start, text: `[cce-autopilot-emulator] command ${JSON.stringify([...arrayOf(container.command), ...arrayOf(container.args)])}` }] : []),
    { time: start, text: `[cce-autopilot-emulator] container ${container.name} is running` },
  ];
}

/** Lines with `from <= time <= to`, keeping at most the last `tail` (-1 for all). */
export function logLines(pod: KubeObject, container: JsonObject, to: number, opts: { from?: number; tail?: number } = {}): LogLine[] {
  const status = objectsOf(at(pod, 'status', 'containerStatuses')).find((c) => c.name === container.name);
  const terminated = asObject(at(status, 'state', 'terminated'));
  const startedAt = String(at(status, 'state', 'running', 'startedAt') ?? terminated?.startedAt ?? pod.metadata.creationTimestamp);
  const start = Date.parse(startedAt);
  const from = opts.from ?? -Infinity;
  const lines = startLines(pod, container, start).filter((l) => l.time >= from && l.time <= to);
  if (terminated) {
    const end = Date.parse(String(terminated.finishedAt ?? startedAt));
    if (end >= from && end <= to) lines.push({ time: end, text: `[cce-autopilot-emulator] container ${container.name} completed with exit code ${terminated.exitCode ?? 0}` });
  } else if (to >= start) {
    // Periodic lines by index, so a long-running pod's tail costs nothing to compute.
    const last = Math.floor((to - start) / PERIOD_MS);
    const first = Math.max(1, Number.isFinite(from) ? Math.ceil((from - start) / PERIOD_MS) : 1);
    const tail = opts.tail ?? -1;
    const begin = tail >= 0 ? Math.max(first, last - tail + 1) : first;
    for (let i = begin; i <= last; i++) lines.push({ time: start + i * PERIOD_MS, text: `[cce-autopilot-emulator] ${container.name} heartbeat ${i}` });
  }
  const tail = opts.tail ?? -1;
  return tail >= 0 ? lines.slice(Math.max(0, lines.length - tail)) : lines;
}

export function formatLine(l: LogLine, timestamps: boolean): string {
  return timestamps ? `${new Date(l.time).toISOString().replace('Z', '000000Z')} ${l.text}\n` : `${l.text}\n`;
}
