// A pass-through in front of the emulator that notes what it answered (status, request id, error
// code) for every request, so a scenario can hold what the UI shows against what the service really
// sent. It forwards requests byte for byte with their own Host header (the signatures cover it) and
// keeps no bodies: token answers and signed requests stay out of its notes.
import { createServer, request } from 'node:http';

/** Starts on 127.0.0.1 and a free port; `answers` grows with each request; `close()` stops it. */
export async function startRecorder(target) {
  const upstream = new URL(target);
  const answers = [];
  const server = createServer((req, res) => {
    const body = [];
    req.on('data', (chunk) => body.push(chunk));
    req.on('end', () => {
      const forward = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        const parts = [];
        up.on('data', (chunk) => parts.push(chunk));
        up.on('end', () => {
          const data = Buffer.concat(parts);
          const path = new URL(req.url, 'http://recorder').pathname;
          const query = new URL(req.url, 'http://recorder').search;
          const answer = { method: req.method, path, query, status: up.statusCode, requestId: up.headers['x-request-id'] };
          if (up.statusCode >= 400) {
            try {
              const parsed = JSON.parse(data.toString('utf8'));
              answer.errorCode = parsed.error_code ?? parsed.errorCode;
              answer.bodyRequestId = parsed.request_id;
            } catch {
              // Not JSON: only the status and header are noted.
            }
          }
          answers.push(answer);
          const headers = { ...up.headers };
          delete headers['transfer-encoding'];
          headers['content-length'] = String(data.length);
          res.writeHead(up.statusCode ?? 502, headers);
          res.end(data);
        });
        up.on('error', () => res.destroy());
      });
      forward.on('error', (error) => {
        answers.push({ method: req.method, path: req.url, status: 502, error: error.message });
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`recorder: the emulator did not answer: ${error.message}`);
      });
      forward.end(Buffer.concat(body));
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    answers,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}
