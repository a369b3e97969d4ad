#!/usr/bin/env node
// Writes the files of this package that are derived from others, so each fact has one source:
//
//   src/operations.ts      from data/operations.json (the reference's 50 operations, as the spec
//                          lists them) and data/catalogue.json (what the reference does not say:
//                          group, schemas, answer kind, parameter descriptions, SDK-only parameters
//                          and the operations only the official SDK describes);
//   src/schemas/index.ts   the `schemas` registry, from the `export const Name` of src/schemas/*.ts;
//   src/types.ts           one `Static` type per schema, under the schema's own name;
//   src/index.ts           the block between `// <generated:types>` and `// </generated:types>`.
//
//   node scripts/generate.mjs           write the files
//   node scripts/generate.mjs --check   exit 1 naming each stale file (run by `pnpm test`)
//
// Bad data fails loudly, naming the operation and the field, rather than writing a partial file.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (path) => readFileSync(join(root, path), 'utf8');
const q = (value) => JSON.stringify(value);

class DataError extends Error {}
const fail = (message) => {
  throw new DataError(message);
};

// ------------------------------------------------------------------ operations

function parameter(p) {
  const parts = [`name: ${q(p.name)}`, `required: ${p.required}`, `type: '${p.type}'`];
  if (p.enum !== undefined) parts.push(`enum: [${p.enum.map(q).join(',')}]`);
  if (p.default !== undefined) parts.push(`default: ${q(p.default)}`);
  parts.push(`description: ${q(p.description)}`);
  return `{ ${parts.join(', ')} }`;
}

function referenceQuery(name, r, extra) {
  const type = String(r.type).toLowerCase();
  if (!['string', 'integer', 'boolean'].includes(type)) fail(`${name}: query parameter ${r.name} has type ${q(r.type)}`);
  const description = extra.queryDescriptions?.[r.name] ?? r.description;
  if (!description) fail(`${name}: query parameter ${r.name} has no description in the reference; give one in catalogue.json queryDescriptions`);
  return { name: r.name, required: r.required === true, type, ...(r.enum ? { enum: r.enum } : {}), ...(r.default !== undefined ? { default: r.default } : {}), description };
}

function resolveQuery(name, entry, ref, sdkQuery) {
  const refQuery = ref?.query ?? [];
  const order = entry.query ?? refQuery.map((r) => r.name);
  const used = new Set();
  const list = order.map((item) => {
    if (typeof item !== 'string') return item;
    const r = refQuery.find((x) => x.name === item);
    if (r) {
      used.add(item);
      return referenceQuery(name, r, entry);
    }
    if (sdkQuery[item]) return sdkQuery[item];
    return fail(`${name}: query parameter ${q(item)} is neither in the reference nor in catalogue.json sdkQuery`);
  });
  for (const r of refQuery) if (!used.has(r.name)) fail(`${name}: the reference's query parameter ${r.name} is missing from catalogue.json's query order`);
  return list;
}

function pathParameters(name, names, entry, parameters) {
  return names.map((p) => {
    const description = entry.pathParamDescriptions?.[p] ?? parameters[p];
    if (!description) fail(`${name}: path parameter ${p} has no description (catalogue.json parameters)`);
    return { name: p, required: true, type: 'string', description };
  });
}

const kinds = { request: ['json', 'multipart', 'none'], response: ['json', 'binary', 'text', 'empty'] };

function operationSource(name, entry, ref, catalogue, schemaNames) {
  const merged = ref
    ? {
      section: ref.section, title: ref.title, titleZh: ref.titleZh ?? entry.titleZh, method: ref.method, path: ref.path, pathParams: ref.pathParams,
      requestKind: ref.requestBody ? (ref.contentType === 'multipart/form-data' ? 'multipart' : 'json') : 'none',
      successStatus: ref.successStatus, responseHeaders: ref.responseHeaders, service: entry.service,
    }
    : entry;
  for (const field of ['section', 'title', 'titleZh', 'method', 'path']) if (typeof merged[field] !== 'string' || merged[field] === '') fail(`${name}: ${field} is missing`);
  if (!entry.group) fail(`${name}: group is missing (catalogue.json)`);
  if (!kinds.request.includes(merged.requestKind)) fail(`${name}: requestKind ${q(merged.requestKind)}`);
  if (!kinds.response.includes(entry.responseKind)) fail(`${name}: responseKind ${q(entry.responseKind)}`);
  for (const key of ['requestSchema', 'responseSchema']) {
    if (entry[key] !== undefined && !schemaNames.has(entry[key])) fail(`${name}: ${key} ${q(entry[key])} is not a schema of src/schemas`);
  }
  if ((merged.requestKind === 'none') !== (entry.requestSchema === undefined)) fail(`${name}: requestSchema and the request body kind ${merged.requestKind} disagree`);
  if ((entry.responseKind === 'json') !== (entry.responseSchema !== undefined)) fail(`${name}: responseSchema and responseKind ${entry.responseKind} disagree`);
  const path = pathParameters(name, merged.pathParams, entry, catalogue.parameters);
  const query = resolveQuery(name, entry, ref, catalogue.sdkQuery ?? {});
  const schema = (s) => (s === undefined ? 'undefined' : `schemas.${s}`);
  const lines = [
    `  ${name}: op(${q(name)}, {`,
    `    section: ${q(merged.section)}, title: ${q(merged.title)}, titleZh: ${q(merged.titleZh)}, group: '${entry.group}',${merged.service ? ` service: '${merged.service}',` : ''}`,
    `    method: '${merged.method}', path: ${q(merged.path)},`,
    `    pathParams: [${path.map(parameter).join(', ')}],`,
    query.length === 0 ? '    query: [],' : `    query: [${query.map(parameter).join(',\n      ')}],`,
    `    requestKind: '${merged.requestKind}', requestSchema: ${schema(entry.requestSchema)},`,
    `    responseKind: '${entry.responseKind}', responseSchema: ${schema(entry.responseSchema)},`,
    `    successStatus: [${merged.successStatus.join(', ')}], projectIdInPath: ${merged.path.includes('{project_id}')},${merged.responseHeaders?.length ? ` responseHeaders: [${merged.responseHeaders.map(q).join(', ')}],` : ''}`,
    '  }),',
  ];
  return lines.join('\n');
}

function renderOperations(schemaNames) {
  const reference = JSON.parse(read('data/operations.json'));
  const catalogue = JSON.parse(read('data/catalogue.json'));
  const refs = new Map(reference.map((r) => [r.operation, r]));
  for (const r of reference) if (!catalogue.operations[r.operation]) fail(`${r.operation} of the reference has no entry in data/catalogue.json`);
  const body = Object.entries(catalogue.operations).map(([name, entry]) => {
    const ref = refs.get(name);
    if (!ref && entry.section !== 'SDK') fail(`${name} is not in the reference, so catalogue.json must describe it whole with section "SDK"`);
    return operationSource(name, entry, ref, catalogue, schemaNames);
  });
  return `// GENERATED by scripts/generate.mjs from data/operations.json (the reference) and data/catalogue.json
// (what the reference does not say, and the operations only the official Go SDK describes). Do not
// edit: change the data and run \`pnpm --filter @cce-autopilot/models generate\`; \`pnpm test\` fails
// while this file is stale.
import type { OperationDef } from './catalogue.js';
import { schemas } from './schemas/index.js';

function op<const N extends string, const O extends Omit<OperationDef<N>, 'name'>>(name: N, def: O) {
  return { name, ...def } as const;
}

export const operations = {
${body.join('\n')}
};

export type Operations = typeof operations;
export type OperationName = keyof Operations;
`;
}

// ------------------------------------------------------------------ schemas

/** Schema names per file, in file order: every `export const PascalName =` of src/schemas/*.ts. */
function schemaFiles() {
  const dir = join(root, 'src/schemas');
  const order = ['common.ts'];
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.test.ts')).sort();
  const sorted = [...order.filter((f) => files.includes(f)), ...files.filter((f) => !order.includes(f))];
  return sorted.map((file) => ({
    module: `./${file.replace(/\.ts$/, '.js')}`,
    names: [...readFileSync(join(dir, file), 'utf8').matchAll(/^export const ([A-Z]\w*)\s*=/gm)].map((m) => m[1]),
  })).filter((f) => f.names.length > 0);
}

function renderSchemaIndex(files) {
  return `// GENERATED by scripts/generate.mjs: every \`export const PascalName\` of the files next to this one,
// one object, so the emulator, the values engine and the docs look schemas up by name. Do not edit.
${files.map((f) => `import { ${f.names.join(', ')} } from '${f.module}';`).join('\n')}

export const schemas = {
${files.flatMap((f) => f.names.map((n) => `  ${n},`)).join('\n')}
};

export type SchemaName = keyof typeof schemas;
`;
}

function renderTypes(files) {
  return `// GENERATED by scripts/generate.mjs: the TypeScript type of each schema, under the schema's own name.
// Do not edit; a schema is declared once, in src/schemas/*.ts.
import type { Static } from '@sinclair/typebox';
import type { schemas } from './schemas/index.js';

${files.flatMap((f) => f.names.map((n) => `export type ${n} = Static<typeof schemas.${n}>;`)).join('\n')}
`;
}

const BEGIN = '// <generated:types>';
const END = '// </generated:types>';

function renderIndex(files, current) {
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  if (start < 0 || end < start) fail(`src/index.ts lacks the ${BEGIN} ... ${END} block`);
  const block = `${BEGIN} (scripts/generate.mjs: the schema types, one per schema)
export type {
${files.flatMap((f) => f.names.map((n) => `  ${n},`)).join('\n')}
} from './types.js';
`;
  return current.slice(0, start) + block + current.slice(end);
}

// ------------------------------------------------------------------ main

function outputs() {
  const files = schemaFiles();
  const schemaNames = new Set(files.flatMap((f) => f.names));
  return [
    ['src/operations.ts', renderOperations(schemaNames)],
    ['src/schemas/index.ts', renderSchemaIndex(files)],
    ['src/types.ts', renderTypes(files)],
    ['src/index.ts', renderIndex(files, read('src/index.ts'))],
  ];
}

try {
  const check = process.argv.includes('--check');
  const stale = [];
  for (const [path, text] of outputs()) {
    if (read(path) === text) continue;
    if (check) stale.push(path);
    else writeFileSync(join(root, path), text);
  }
  if (stale.length > 0) {
    process.stderr.write(`stale generated files (run \`pnpm --filter @cce-autopilot/models generate\`): ${stale.join(', ')}\n`);
    process.exit(1);
  }
} catch (error) {
  if (!(error instanceof DataError)) throw error;
  process.stderr.write(`generate: ${error.message}\n`);
  process.exit(2);
}
