import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { addonTemplateFixtures } from '@cce-autopilot/models';
import { deriveAddonValuesSchema, severityName, type TextDocumentLike, type ValuesDiagnostic } from '../src/index.js';

export function fixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');
}

let versionCounter = 0;
export function doc(text: string, uri = 'file:///values.yaml', version = ++versionCounter): TextDocumentLike {
  return { uri, version, getText: () => text };
}

export const coredns1286 = addonTemplateFixtures.corednsVersions['1.28.6'];
export const coredns1284 = addonTemplateFixtures.corednsVersions['1.28.4'];
export const cieCollector = addonTemplateFixtures.cieCollector.spec!.versions![0]!;
export const corednsSchema = deriveAddonValuesSchema(coredns1286, { addonName: 'coredns' });
export const corednsValues = fixture('coredns-1.28.6-values.yaml');

/** `line:col severity message`, one-based like the CLI prints. */
export function show(d: ValuesDiagnostic): string {
  return `${d.range.start.line + 1}:${d.range.start.character + 1} ${severityName(d.severity)} ${d.message}`;
}
