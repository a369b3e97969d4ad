// Child processes that are always stopped: each one runs in its own process group (code-server
// forks an extension host and a file watcher; killing only the parent would leave them behind),
// and every process started here is remembered so one call stops them all, on success, on
// failure, and on Ctrl-C.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { once } from 'node:events';

const running = new Set();

/**
 * Starts a command in its own process group. Output goes to `log` (a writable stream) when given,
 * prefixed by `name`; `onLine` sees every stdout line (to wait for a ready line); `redact` rewrites
 * a line before it is logged (to keep secrets out of logs).
 */
export function startProcess(name, command, args, { cwd, env, log, onLine, redact } = {}) {
  const child = spawn(command, args, {
    cwd,
    env: env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc = { name, child, exited: false, exitCode: null, signal: null };
  running.add(proc);
  proc.exit = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      proc.exited = true;
      proc.exitCode = code;
      proc.signal = signal;
      running.delete(proc);
      resolve({ code, signal });
    });
    child.once('error', (error) => {
      proc.exited = true;
      proc.error = error;
      running.delete(proc);
      resolve({ code: null, signal: null, error });
    });
  });
  const forward = (stream, isStdout) => {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      pending += chunk;
      let newline;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (isStdout && onLine) onLine(line);
        log?.write(`[${name}] ${redact ? redact(line) : line}\n`);
      }
    });
  };
  forward(child.stdout, true);
  forward(child.stderr, false);
  proc.stop = (timeoutMs = 5000) => stopProcess(proc, timeoutMs);
  return proc;
}

/** SIGTERM to the whole group, SIGKILL if it has not exited within `timeoutMs`. */
export async function stopProcess(proc, timeoutMs = 5000) {
  if (proc.exited) return;
  const signalGroup = (signal) => {
    try {
      process.kill(-proc.child.pid, signal);
    } catch {
      // The group is already gone.
    }
  };
  signalGroup('SIGTERM');
  const timer = new Promise((resolve) => setTimeout(resolve, timeoutMs, 'timeout'));
  if ((await Promise.race([proc.exit, timer])) === 'timeout') {
    signalGroup('SIGKILL');
    await Promise.race([proc.exit, new Promise((resolve) => setTimeout(resolve, 2000))]);
  }
  // Children of the group may outlive its leader; make sure none is left.
  signalGroup('SIGKILL');
}

export async function stopAll(timeoutMs = 5000) {
  await Promise.all([...running].map((proc) => stopProcess(proc, timeoutMs)));
}

/**
 * Stops every started process on Ctrl-C and SIGTERM, then runs `cleanup` and exits. Returns
 * `shutdown(reason, exitCode)` for other reasons to end (a child that died); only the first call
 * counts, so children exiting during the shutdown do not start another one.
 *
 * Ctrl-C is how a user ends `pnpm start`, not a failure: it exits 0 with a clear message. The
 * terminal sends SIGINT to the whole process group and pnpm forwards another one, so the handlers
 * stay installed (a second signal during the shutdown must not kill the process halfway).
 */
export function stopAllOnExit(cleanup) {
  let stopping;
  const shutdown = (reason, exitCode = 0) => {
    if (stopping) return stopping;
    process.stderr.write(`\n${reason}: stopping everything...\n`);
    stopping = stopAll(3000)
      .then(() => cleanup?.())
      .catch(() => {})
      .finally(() => {
        if (exitCode === 0) process.stderr.write('Everything is stopped.\n');
        process.exit(exitCode);
      });
    return stopping;
  };
  process.on('SIGINT', () => void shutdown('Ctrl-C', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
  process.once('exit', () => {
    for (const proc of running) {
      try {
        process.kill(-proc.child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  });
  return shutdown;
}

/** Runs a command to completion; rejects with its output tail when it fails. */
export async function run(command, args, { cwd, env, log, timeoutMs = 10 * 60_000 } = {}) {
  const lines = [];
  const proc = startProcess(command.split('/').pop(), command, args, {
    cwd,
    env,
    log: {
      write(text) {
        lines.push(text);
        if (lines.length > 60) lines.shift();
        log?.write(text);
      },
    },
  });
  const timer = setTimeout(() => void stopProcess(proc, 3000), timeoutMs);
  const { code, signal, error } = await proc.exit;
  clearTimeout(timer);
  if (error) throw new Error(`${command} could not start: ${error.message}`);
  if (code !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${lines.join('').trimEnd()}`,
    );
  }
}

/** A port that was free a moment ago on 127.0.0.1 (for servers that cannot take port 0). */
export async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

/** Polls an HTTP URL until it answers (any status below 500) or the deadline passes. */
export async function waitForHttp(url, { timeoutMs = 60_000, proc } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    if (proc?.exited) throw new Error(`${proc.name} exited (code ${proc.exitCode}) before ${url} answered`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status < 500) return;
      lastError = new Error(`HTTP ${response.status}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms: ${lastError?.message ?? 'no answer'}`);
}
