import { constants, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildChartArchive, chartArchiveLimits, demoChartFiles, readChartArchive, tarHeader } from '../src/chart-archive.js';

/**
 * A gzip stream that inflates to `prefix`, then `zeroMiB` MiB of zeros, without compressing
 * gigabytes: one MiB of zeros is deflated once with a full flush (independent of what came before)
 * and repeated. The trailer's CRC is not computed: every archive built here is meant to be refused
 * before its end.
 */
function gzipBomb(prefix: Buffer, zeroMiB: number): Buffer {
  const flushed = (b: Buffer) => deflateRawSync(b, { finishFlush: constants.Z_FULL_FLUSH });
  const zeros = flushed(Buffer.alloc(1024 * 1024));
  const parts = [Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]), flushed(prefix)];
  for (let i = 0; i < zeroMiB; i++) parts.push(zeros);
  parts.push(deflateRawSync(Buffer.alloc(0)), Buffer.alloc(8));
  return Buffer.concat(parts);
}

const chartYaml = (name: string) => {
  const text = `apiVersion: v2\nname: ${name}\nversion: 1.0.0\n`;
  return Buffer.concat([tarHeader(`${name}/Chart.yaml`, text.length, 0), Buffer.from(text), Buffer.alloc(512 - text.length)]);
};

/** Counts event-loop turns (setImmediate) until the promise settles: 0 means it blocked the loop throughout. */
async function turnsWhile<T>(p: Promise<T>): Promise<{ turns: number; result: T | Error }> {
  let settled = false;
  let turns = 0;
  const spin = () => {
    if (settled) return;
    turns++;
    setImmediate(spin);
  };
  setImmediate(spin);
  const result = await p.then((v) => v, (e: unknown) => e as Error);
  settled = true;
  return { turns, result };
}

describe('chart archives: bounded inflation', () => {
  it('still reads a real chart', async () => {
    const c = await readChartArchive(buildChartArchive(demoChartFiles('web', '1.2.3')));
    expect(c.name).toBe('web');
    expect(c.values.replicaCount).toBe(2);
  });

  it('refuses a small archive whose README.md inflates to 3 GiB, at once and with bounded memory', async () => {
    const header = Buffer.concat([chartYaml('bomb'), tarHeader('bomb/README.md', 3 * 1024 * 1024 * 1024, 0)]);
    const archive = gzipBomb(header, 3 * 1024);
    expect(archive.length).toBeLessThan(4 * 1024 * 1024);
    const before = process.memoryUsage().rss;
    const err = await readChartArchive(archive).then(() => undefined, (e: Error) => e);
    expect(err?.message).toContain('bomb/README.md is 3221225472 bytes inflated');
    expect(err?.message).toContain('up to 1 MiB each');
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('stops inflating a 7 GiB entry it does not need at the total limit, without blocking the event loop', async () => {
    const header = Buffer.concat([chartYaml('huge'), tarHeader('huge/templates/blob.bin', 7 * 1024 * 1024 * 1024, 0)]);
    const archive = gzipBomb(header, 7 * 1024);
    const before = process.memoryUsage().rss;
    const { turns, result } = await turnsWhile(readChartArchive(archive));
    expect(result).toBeInstanceOf(Error);
    expect((result as Error).message).toBe('the archive inflates to more than 100 MiB, the largest chart the emulator (like Helm) accepts');
    // Other work ran between the inflated chunks (a synchronous gunzip settles with 0 turns).
    expect(turns).toBeGreaterThan(10);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('refuses an archive that inflates more than 100 times its size past the first 10 MiB', async () => {
    const header = Buffer.concat([chartYaml('ratio'), tarHeader('ratio/templates/zeros.bin', 20 * 1024 * 1024, 0)]);
    const archive = gzipBomb(header, 20);
    const err = await readChartArchive(archive).then(() => undefined, (e: Error) => e);
    expect(err?.message).toContain(`inflates to more than 100 times its size (${archive.length} bytes compressed)`);
  });

  it('applies limits given by the caller, and names them', async () => {
    const files = demoChartFiles('small', '1.0.0');
    files['small/values.yaml'] = `big: "${'x'.repeat(5000)}"\n`;
    const err = await readChartArchive(buildChartArchive(files), { ...chartArchiveLimits, maxFileBytes: 4096 }).then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(/^small\/values\.yaml is \d+ bytes inflated; the emulator keeps files of a chart up to 4096 bytes each$/);
  });

  it('refuses values.yaml whose aliases expand past the document size limit, naming the field', async () => {
    const files = demoChartFiles('alias', '1.0.0');
    const aliases = Array.from({ length: 99 }, (_, i) => `b${i}: *s`).join('\n');
    files['alias/values.yaml'] = `s: &s "${'y'.repeat(900 * 1024)}"\n${aliases}\n`;
    const err = await readChartArchive(buildChartArchive(files)).then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(/^alias\/values\.yaml field b\d+ makes the document larger than 16777216 bytes$/);
  });

  it('refuses values.yaml nested deeper than 100 levels, naming where', async () => {
    const files = demoChartFiles('deep', '1.0.0');
    files['deep/values.yaml'] = `a: ${'['.repeat(200)}${']'.repeat(200)}\n`;
    const err = await readChartArchive(buildChartArchive(files)).then(() => undefined, (e: Error) => e);
    expect(err?.message).toBe('deep/values.yaml field a[0][0][0][0][0]… is nested deeper than 100 levels');
    // Deeper than the YAML parser itself can go: still a clear refusal, not a crash.
    files['deep/values.yaml'] = `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
    const deeper = await readChartArchive(buildChartArchive(files)).then(() => undefined, (e: Error) => e);
    expect(deeper?.message).toBe('deep/values.yaml is nested too deeply to be read (the limit is 100 levels)');
  });
});
