#!/usr/bin/env node
// Derives the table of CCE Autopilot operations from the official Go SDK
// (huaweicloud/huaweicloud-sdk-go-v3: services/cce/v3/cce_meta.go and services/cce/v3/model/),
// read straight out of a git directory so no work tree or network is needed:
//
//   node scripts/derive-sdk-table.mjs <git-dir> [commit] > data/sdk-operations.json
//
// The SDK is generated code with a fixed shape, so a few regular expressions read it reliably; the
// script fails loudly when a shape it expects is missing rather than writing a partial table.
import { execFileSync } from 'node:child_process';

const [gitDir, commitArg = 'HEAD'] = process.argv.slice(2);
if (!gitDir) {
  process.stderr.write('usage: derive-sdk-table.mjs <git-dir of huaweicloud-sdk-go-v3> [commit]\n');
  process.exit(2);
}
const git = (...args) => execFileSync('git', ['-C', gitDir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
const commit = git('rev-parse', commitArg).trim();
const base = 'services/cce/v3';
const meta = git('show', `${commit}:${base}/cce_meta.go`);

// Every model file once: struct name -> Go source of the struct.
const modelFiles = git('ls-tree', '--name-only', `${commit}`, `${base}/model/`).split('\n').filter(Boolean);
const structs = new Map();
for (const file of modelFiles) {
  const text = git('show', `${commit}:${file}`);
  for (const m of text.matchAll(/^type (\w+) struct \{\n([\s\S]*?)^\}/gm)) structs.set(m[1], m[2]);
}

/** Fields of a Go struct: json name, Go type, whether `omitempty` is absent (the SDK's "required"). */
function fieldsOf(name) {
  const body = structs.get(name);
  if (body === undefined) throw new Error(`model ${name} not found in ${base}/model`);
  const fields = [];
  for (const m of body.matchAll(/^\s*(\w+)\s+(\S+)\s+`json:"([^"]*)"`/gm)) {
    const [jsonName, ...opts] = m[3].split(',');
    if (jsonName === '-' ) continue;
    fields.push({ goName: m[1], json: jsonName, goType: m[2], required: !opts.includes('omitempty') });
  }
  return fields;
}

/** The model a Go type refers to (`*[]AutopilotCluster` -> AutopilotCluster), or undefined for scalars. */
function modelOf(goType) {
  const t = goType.replace(/^\*/, '').replace(/^\[\]/, '').replace(/^\*/, '').replace(/^map\[string\]/, '').replace(/^\*/, '');
  return structs.has(t) ? t : undefined;
}
const scalar = (goType) => {
  const t = goType.replace(/^\*/, '');
  if (t.startsWith('[]')) return `array<${scalar(t.slice(2))}>`;
  if (t.startsWith('map[string]')) return `map<${scalar(t.slice(11))}>`;
  if (/^u?int(8|16|32|64)?$/.test(t)) return 'integer';
  if (/^float(32|64)$/.test(t)) return 'number';
  if (t === 'bool') return 'boolean';
  if (t === 'string' || t === 'sdktime.SdkTime') return 'string';
  if (t === 'interface{}') return 'any';
  // Enum wrappers (`XxxType` structs with a `value string`) are strings on the wire.
  if (structs.has(t) && /^\s*value string/m.test(structs.get(t))) return 'string';
  return structs.has(t) ? t : t;
};

// Models reachable from the operations, with their properties.
const models = {};
function collect(name) {
  if (name === undefined || models[name] !== undefined) return;
  const body = structs.get(name);
  if (/^\s*value string/m.test(body)) return; // enum wrapper
  models[name] = {};
  const fields = fieldsOf(name);
  models[name] = Object.fromEntries(fields.map((f) => [f.json, { type: scalar(f.goType), ...(f.required ? { required: true } : {}) }]));
  for (const f of fields) collect(modelOf(f.goType));
}

const operations = [];
for (const m of meta.matchAll(/^func GenReqDefFor(\w*Autopilot\w*)\(\) \*def\.HttpRequestDef \{\n([\s\S]*?)^\}/gm)) {
  const [, name, src] = m;
  const method = /WithMethod\(http\.Method(\w+)\)/.exec(src)?.[1]?.toUpperCase();
  const path = /WithPath\("([^"]+)"\)/.exec(src)?.[1];
  const contentType = /WithContentType\("([^"]+)"\)/.exec(src)?.[1];
  if (!method || !path) throw new Error(`${name}: no method or path in cce_meta.go`);
  const reqFields = [];
  const resFields = [];
  for (const f of src.matchAll(/With(Request|Response)Field\(def\.NewFieldDef\(\)\.([\s\S]*?)WithLocationType\(def\.(\w+)\)\)/g)) {
    const goName = /WithName\("(\w+)"\)/.exec(f[2])?.[1];
    const json = /WithJsonTag\("([^"]+)"\)/.exec(f[2])?.[1];
    (f[1] === 'Request' ? reqFields : resFields).push({ goName, json, location: f[3] });
  }
  const reqStruct = fieldsOf(`${name}Request`);
  const goTypeOf = (goName) => reqStruct.find((x) => x.goName === goName);
  const param = (f) => {
    const s = goTypeOf(f.goName);
    return { name: f.json, type: s ? scalar(s.goType) : 'string', required: s ? s.required : false };
  };
  const bodyField = reqStruct.find((x) => x.json === 'body');
  const requestBodyModel = bodyField ? (modelOf(bodyField.goType) ?? scalar(bodyField.goType)) : undefined;
  // Path placeholders the SDK fills itself (project_id) are not request fields; list them all.
  const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((p) => p[1]);
  const resStruct = fieldsOf(`${name}Response`);
  const resBody = resStruct.find((x) => x.json === 'body');
  const response = resBody
    ? { body: scalar(resBody.goType) } // the answer is a bare value (an array or a string), not an object
    : { properties: Object.fromEntries(resStruct.map((f) => [f.json, { type: scalar(f.goType) }])) };
  for (const f of resStruct) collect(modelOf(f.goType));
  if (requestBodyModel) collect(modelOf(bodyField.goType));
  operations.push({
    name, method, path, pathParams,
    query: reqFields.filter((f) => f.location === 'Query').map(param),
    headers: reqFields.filter((f) => f.location === 'Header').map(param),
    ...(requestBodyModel ? { requestBodyModel } : {}),
    // cce_meta.go declares a Body field for some operations whose request struct has none
    // (ListAutopilotJobs); recorded so the difference is visible, not invented.
    ...(reqFields.some((f) => f.location === 'Body') && !requestBodyModel ? { metaDeclaresBodyWithoutModel: true } : {}),
    ...(contentType ? { contentType } : {}),
    response,
    responseHeaders: resFields.filter((f) => f.location === 'Header').map((f) => f.json),
  });
}
if (operations.length === 0) throw new Error('no Autopilot operations found in cce_meta.go');
operations.sort((a, b) => a.name.localeCompare(b.name));
const sortedModels = Object.fromEntries(Object.keys(models).sort().map((k) => [k, models[k]]));
process.stdout.write(`${JSON.stringify({ source: { repository: 'huaweicloud/huaweicloud-sdk-go-v3', commit, files: [`${base}/cce_meta.go`, `${base}/model/`] }, operations, models: sortedModels }, null, 2)}\n`);
