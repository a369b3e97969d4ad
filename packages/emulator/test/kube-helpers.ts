import { request } from 'node:https';

export interface Creds {
  caPem: string;
  certPem?: string;
  keyPem?: string;
}

export interface Reply {
  status: number;
  body: any;
}

/** One HTTPS call to a cluster API, verifying the server against the cluster CA. */
export function call(server: string, creds: Creds, method: string, path: string, body?: unknown, contentType = 'application/json', accept?: string): Promise<Reply> {
  const url = new URL(path, server);
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca: creds.caPem,
        cert: creds.certPem,
        key: creds.keyPem,
        headers: {
          ...(payload !== undefined ? { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(payload) } : {}),
          ...(accept ? { Accept: accept } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // plain-text endpoints such as /healthz
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}
