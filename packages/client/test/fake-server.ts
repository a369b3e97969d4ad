// A tiny node:http server for unit tests: records what arrives, answers with scripted responses,
// and checks every AK/SK signature with the auth package's verifier.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyRequest } from '@cce-autopilot/auth';

export const AK = 'TESTAKEXAMPLE0000001';
export const SK = 'testSecretKeyExample0000000000000000000';
export const PROJECT = '0123456789abcdef0123456789abcdef';

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  signatureOk: boolean;
}

export type Handler = (req: Received, res: ServerResponse, index: number) => void;

export interface FakeServer {
  url: string;
  received: Received[];
  /** Handlers are used in turn; the last one repeats. */
  script(...handlers: Handler[]): void;
  close(): Promise<void>;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': 'req-123', ...headers });
    res.end(text);
  };
}

export async function startFakeServer(): Promise<FakeServer> {
  let handlers: Handler[] = [json(200, {})];
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const check = verifyRequest({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body }, (ak) => (ak === AK ? { sk: SK } : undefined));
      const entry: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, signatureOk: check.ok };
      received.push(entry);
      const index = received.length - 1;
      const handler = handlers[Math.min(index, handlers.length - 1)] as Handler;
      handler(entry, res, index);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    script(...next) {
      handlers = next;
      received.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
