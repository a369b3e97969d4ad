// Full validation of a 5,000-line addon values document against its derived schema: this
// service versus yaml-language-server (same document, same schema, same process, interleaved),
// and re-validation after a one-character edit versus a full run. Run after `build`.
import { addonTemplateFixtures } from '@cce-autopilot/models';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { stringify } from 'yaml';
import { getLanguageService } from 'yaml-language-server';
import { ValuesLanguageService, deriveAddonValuesSchema } from '../dist/index.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 25);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 8);
const TARGET_LINES = 5000;

/** `broken`: every 25th server gets a port that is text, every 40th a plugin parameter that is a mapping. */
function buildDocument(version, broken = false) {
  const input = version.input;
  const flavor = structuredClone(input.parameters['autopilot-flavor1']);
  flavor.resources = flavor.resources.map((r) => ({ id: r.name, ...r, limitsCpu: '1000m', requestsCpu: '1000m' }));
  const custom = structuredClone(input.parameters.custom);
  const server = custom.servers[0];
  const values = { basic: { ...input.basic }, flavor, custom };
  custom.servers = [];
  let text = '';
  for (let i = 0; ; i++) {
    const s = { ...structuredClone(server), port: 5353 + i, zones: [{ zone: `zone${i}.example.local` }] };
    if (broken && i % 25 === 0) s.port = `port-${i}`;
    if (broken && i % 40 === 0) s.plugins[1].parameters = { ttl: 30 };
    custom.servers.push(s);
    if (i % 10 === 9) {
      text = stringify(values);
      if (text.split('\n').length >= TARGET_LINES) break;
    }
  }
  return text;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

async function measure(label, text, schema) {
  const lines = text.split('\n').length;

  const ours = new ValuesLanguageService();
  const yls = getLanguageService({
    schemaRequestService: async () => JSON.stringify(schema),
    workspaceContext: { resolveRelativePath: (p) => p },
  });
  yls.configure({ validate: true, hover: false, completion: false, schemas: [{ uri: 'inmemory://coredns-values.schema.json', fileMatch: ['*'], schema }] });

  // The edited character: a digit of a port in the middle of the document.
  const portAt = text.indexOf('port: ', Math.floor(text.length / 2)) + 'port: '.length + 3;
  const edited = (n) => text.slice(0, portAt) + String(n % 10) + text.slice(portAt + 1);

  let version_ = 1;
  let fullUri = 0;
  const tOurs = [];
  const tYls = [];
  const tIncr = [];
  let incrementalHits = 0;
  let oursErrors = 0;
  let ylsErrors = 0;
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    // Ours, full: a document the service has never seen.
    const uri = `file:///full-${fullUri++}.yaml`;
    let t0 = performance.now();
    const d1 = ours.validate({ uri, version: 1, getText: () => text }, schema);
    const full = performance.now() - t0;
    ours.forget(uri);

    // yaml-language-server: a new version each call, as after an edit.
    const doc = TextDocument.create('file:///values.yaml', 'yaml', version_++, text);
    t0 = performance.now();
    const d2 = await yls.doValidation(doc, false);
    const ylsTime = performance.now() - t0;

    // Ours, after a one-character edit of a document it has seen.
    const editUri = 'file:///edited.yaml';
    ours.validate({ uri: editUri, version: round * 2, getText: () => edited(round) }, schema);
    const next = edited(round + 1);
    t0 = performance.now();
    ours.validate({ uri: editUri, version: round * 2 + 1, getText: () => next }, schema);
    const incr = performance.now() - t0;
    const hit = ours.lastParse === 'incremental';

    if (round >= WARMUP) {
      tOurs.push(full);
      tYls.push(ylsTime);
      tIncr.push(incr);
      if (hit) incrementalHits++;
      // yaml-language-server reports schema problems as warnings (severity 2): count everything.
      oursErrors = d1.length;
      ylsErrors = d2.length;
    }
  }
  const mOurs = median(tOurs);
  const mYls = median(tYls);
  const mIncr = median(tIncr);
  const speedup = mYls / mOurs;
  const incrRatio = mIncr / mOurs;
  console.log(`${label}: ${lines} lines, ${text.length} bytes; ${ROUNDS} rounds after ${WARMUP} warm-up rounds (medians)`);
  console.log(`problems reported: this service ${oursErrors}, yaml-language-server ${ylsErrors}`);
  console.log(`full validation   this service ${mOurs.toFixed(2)} ms | yaml-language-server 2.0.0 ${mYls.toFixed(2)} ms | ratio ${speedup.toFixed(2)}x (goal >= 3x) ${speedup >= 3 ? 'MET' : 'NOT MET'}`);
  console.log(`one-char re-edit  this service ${mIncr.toFixed(2)} ms = ${incrRatio.toFixed(3)} of a full run (goal <= 0.2) ${incrRatio <= 0.2 ? 'MET' : 'NOT MET'}; incremental path taken ${incrementalHits}/${ROUNDS}`);
}

async function main() {
  const version = addonTemplateFixtures.corednsVersions['1.28.6'];
  const schema = deriveAddonValuesSchema(version, { addonName: 'coredns' });
  await measure('valid document', buildDocument(version), schema);
  await measure('document with errors', buildDocument(version, true), schema);
}

await main();
