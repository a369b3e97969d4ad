import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { checkValue, schemas } from '../src/index.js';
import type { SchemaName } from '../src/index.js';
import { repairs } from './fixtures/repairs.js';
import { undocumentedKeys } from './undocumented.js';

// Every JSON example of spec 01-04, as repaired in spec/ (the IAM token requests of spec 01 section 3
// belong to the auth package, and spec 02 appendices A-C live in src/fixtures as addonTemplateFixtures).
interface Example {
  id: string;
  section: string;
  caption: string;
  schema: SchemaName;
  value: unknown;
}

const examples: Example[] = ['01', '02', '03', '04'].flatMap(
  (part) => JSON.parse(readFileSync(new URL(`./fixtures/spec-${part}-examples.json`, import.meta.url), 'utf8')) as Example[],
);

// Keys the examples carry that no table lists; each is named in the contradictions appendix of its
// spec file (or is a server-side key the spec describes only in prose).
const undocumented: Record<string, string[]> = {
  '01:1663': ['/spec/eniNetwork/eniSubnetId'], // spec 01 appendix item 7
  '04:534': ['/project_id', '/cluster_id'], // spec 04 4.6.4 notes: servers tolerate and ignore them
};

describe('spec examples', () => {
  it('are all present', () => {
    expect(examples).toHaveLength(62);
    expect(Object.keys(repairs).every((id) => examples.some((e) => e.id === id))).toBe(true);
  });

  it.each(examples.map((e) => [`${e.id} ${e.section}: ${e.schema}`, e] as const))('%s validates', (_label, example) => {
    const repair = repairs[example.id];
    const value = repair ? repair(structuredClone(example.value)) : example.value;
    expect(checkValue(schemas[example.schema], value)).toEqual([]);
    expect(undocumentedKeys(schemas[example.schema], value)).toEqual(undocumented[example.id] ?? []);
  });
});
