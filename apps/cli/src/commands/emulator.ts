import { Command, Option } from 'commander';
import type { EmulatorOptions } from '@cce-autopilot/emulator';
import { UsageError, type CliContext } from '../context.js';

/** `emulator start`: the same options and defaults as the emulator's own `pnpm -s emulator`. */
export function registerEmulator(program: Command, ctx: CliContext): void {
  const emulator = new Command('emulator').summary('Run the local CCE Autopilot emulator').description('Run the local CCE Autopilot + IAM emulator.');
  emulator.addHelpText('after', '\nExample:\n  $ cce-autopilot emulator start --port 8443 --seed demo\n');
  const start = new Command('start')
    .summary('Start the emulator and keep it running until interrupted')
    .description('Start the emulator (CCE Autopilot, IAM and the clusters\' Kubernetes APIs on one port) until Ctrl-C.')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '0')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--data-dir <dir>', 'keep state in SQLite under this directory (in memory when absent)')
    .addOption(new Option('--seed <seed>', 'what a new store is filled with').choices(['demo', 'empty']).default('demo'))
    .addOption(new Option('--speed <speed>', 'how fast lifecycles move').choices(['instant', 'realistic']).default('realistic'))
    .addOption(new Option('--auth <mode>', 'signature/token checking').choices(['strict', 'lenient', 'off']).default('strict'))
    .option('--json', 'print the endpoint and credentials as one JSON line');
  start.addHelpText('after', '\nExample:\n  $ cce-autopilot emulator start --port 8443 --seed demo --json\n');
  start.action(async (opts: Record<string, string | boolean | undefined>) => {
    const port = Number(opts['port']);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number from 0 to 65535; got "${String(opts['port'])}"`);
    // --host has a default, and commander checked --seed, --speed and --auth against their choices;
    // the options record it hands over does not carry those types.
    const options: EmulatorOptions = {
      port,
      host: opts['host'] as string,
      seed: opts['seed'] as NonNullable<EmulatorOptions['seed']>,
      speed: opts['speed'] as NonNullable<EmulatorOptions['speed']>,
      auth: opts['auth'] as NonNullable<EmulatorOptions['auth']>,
      // Log lines quote what clients sent (paths, header problems): shown with control characters escaped.
      log: (message: string) => ctx.err(`emulator: ${message}\n`),
      ...(typeof opts['dataDir'] === 'string' ? { dataDir: opts['dataDir'] } : {}),
    };
    // Loaded only here: the emulator (SQLite, PKI) is heavy, and no other command needs it.
    const { startEmulator } = await import('@cce-autopilot/emulator');
    const running = await startEmulator(options);
    if (opts['json'] === true) {
      const { url, region, projectId, domain, user, password, ak, sk } = running;
      ctx.output().write(`${JSON.stringify({ url, region, projectId, domain, user, password, ak, sk })}\n`);
    } else {
      ctx.output().write(
        `CCE Autopilot emulator ready at ${running.url} (region ${running.region}, project ${running.projectId}, AK ${running.ak}; --json prints the credentials)\n` +
          `Try: HUAWEICLOUD_SDK_AK=... HUAWEICLOUD_SDK_SK=... cce-autopilot --endpoint ${running.url} --region ${running.region} clusters list\n`,
      );
    }
    // Ctrl-C (the command line's abort signal) or SIGTERM stops it; run() waits for the stop.
    ctx.interruptHandled = true;
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGTERM', stop);
        ctx.io.signal?.removeEventListener('abort', stop);
        resolve();
      };
      process.on('SIGTERM', stop);
      if (ctx.io.signal?.aborted) stop();
      else ctx.io.signal?.addEventListener('abort', stop, { once: true });
      // Without a signal (an embedding host) SIGINT still stops it.
      if (ctx.io.signal === undefined) process.once('SIGINT', stop);
    });
    await running.stop();
  });
  emulator.addCommand(start);
  program.addCommand(emulator);
}
