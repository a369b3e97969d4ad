import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ValuesLanguageService, deriveChartValuesSchema, readChartArchiveValues } from '../src/index.js';
import { doc, show } from './helpers.js';

/** One ustar entry: enough of the format for the reader (no checksum check). */
function entry(name: string, content: string, type = '0'): Buffer {
  const body = Buffer.from(content);
  const h = Buffer.alloc(512);
  h.write(name.slice(0, 100), 0);
  h.write('0000644\0', 100);
  h.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124);
  h.write(type, 156);
  h.write('ustar\0', 257);
  return Buffer.concat([h, body, Buffer.alloc((512 - (body.length % 512)) % 512)]);
}

function tgz(...entries: Buffer[]): Buffer {
  return gzipSync(Buffer.concat([...entries, Buffer.alloc(1024)]));
}

const schemaJson = JSON.stringify({ type: 'object', properties: { replicaCount: { type: 'integer', minimum: 1 } } });

describe('chart archive', () => {
  it('reads the name, the values defaults and values.schema.json, not the subcharts', () => {
    const archive = tgz(
      entry('nginx-demo/Chart.yaml', 'apiVersion: v2\nname: nginx-demo\nversion: 1.0.0\n'),
      entry('nginx-demo/values.yaml', 'replicaCount: 2\nimage:\n  tag: "1.25.3"\n'),
      entry('nginx-demo/values.schema.json', schemaJson),
      entry('nginx-demo/charts/sub/values.yaml', 'other: 1\n'),
    );
    const source = readChartArchiveValues(archive);
    expect(source).toEqual({ chartName: 'nginx-demo', values: { replicaCount: 2, image: { tag: '1.25.3' } }, schema: JSON.parse(schemaJson) });
    const schema = deriveChartValuesSchema(source);
    expect(new ValuesLanguageService().validate(doc('replicaCount: 0\n'), schema).map(show)).toEqual(['1:15 error replicaCount must be a whole number of at least 1; found 0']);
  });

  it('understands pax long names', () => {
    const long = `${'d'.repeat(90)}/values.yaml`;
    const pax = `${(` path=${long}\n`.length + 3).toString()} path=${long}\n`;
    const archive = tgz(entry(`${'d'.repeat(80)}/Chart.yaml`, 'name: long\n'), entry('PaxHeader', pax, 'x'), entry('ignored-short-name', 'a: 1\n'));
    expect(readChartArchiveValues(archive)).toEqual({ chartName: 'long', values: { a: 1 } });
  });

  it('says what is wrong with something that is not a chart', () => {
    expect(() => readChartArchiveValues(Buffer.from('hello'))).toThrow(/not a chart archive \(\.tgz\)/);
    expect(() => readChartArchiveValues(tgz(entry('x/values.yaml', 'a: 1\n')))).toThrow(/no <chart>\/Chart\.yaml/);
    expect(() => readChartArchiveValues(tgz(entry('x/Chart.yaml', 'name: x\n'), entry('x/values.schema.json', '{')))).toThrow(/values\.schema\.json is not valid JSON/);
  });
});
