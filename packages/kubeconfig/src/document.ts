import { Document, isMap, isScalar, isSeq, LineCounter, parseDocument, YAMLMap, YAMLSeq, type Node } from 'yaml';
import { certificateExpiry, EXTENSION_NAME, type EndpointKind, type KubeconfigEntries, type OwnerExtension } from './answer.js';

/** A kubeconfig that cannot be read; nothing is written while one is in the way. */
export class KubeconfigParseError extends Error {
  override name = 'KubeconfigParseError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}:${column}: ${problem} (the file was not modified)`);
  }
}

/** A foreign entry already uses a name this merge wants. */
export class KubeconfigConflictError extends Error {
  override name = 'KubeconfigConflictError';
  constructor(readonly conflicts: { kind: string; name: string; file: string }[]) {
    super(
      `${conflicts.map((c) => `${c.kind} "${c.name}" already exists in ${c.file}`).join('; ')} and was not written by cce-autopilot for this cluster. ` +
        'Choose another context name, or ask to rename the new entries or to overwrite the existing ones.',
    );
  }
}

const LISTS = { cluster: 'clusters', user: 'users', context: 'contexts' } as const;
type EntryKind = keyof typeof LISTS;

export interface ParsedKubeconfig {
  doc: Document;
  file: string;
  bom: boolean;
  crlf: boolean;
  indentSeq: boolean;
  indent: number;
}

function positionError(file: string, counter: LineCounter, offset: number, problem: string): KubeconfigParseError {
  const pos = counter.linePos(offset);
  return new KubeconfigParseError(file, pos.line, pos.col, problem);
}

/** Parses and checks the shape kubectl relies on; errors carry the line and column. */
export function parseKubeconfig(text: string, file = 'kubeconfig'): ParsedKubeconfig {
  const bom = text.startsWith('\uFEFF');
  const body = bom ? text.slice(1) : text;
  const counter = new LineCounter();
  const doc = parseDocument(body, { lineCounter: counter, keepSourceTokens: false, uniqueKeys: true, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0] ?? counter.linePos(first.pos[0]);
    throw new KubeconfigParseError(file, pos.line, pos.col, first.message.split('\n')[0] ?? first.message);
  }
  const root = doc.contents;
  const at = (node: Node | null | undefined) => node?.range?.[0] ?? 0;
  if (root !== null && !(isScalar(root) && (root.value === null || root.value === '')) && !isMap(root)) {
    throw positionError(file, counter, at(root), 'a kubeconfig must be a mapping (apiVersion, kind, clusters, users, contexts)');
  }
  if (isMap(root)) {
    for (const [kind, list] of Object.entries(LISTS)) {
      const node = root.get(list, true) as Node | undefined;
      if (node === undefined || (isScalar(node) && node.value === null)) continue;
      if (!isSeq(node)) throw positionError(file, counter, at(node), `"${list}" must be a list`);
      for (const item of node.items as Node[]) {
        if (!isMap(item)) throw positionError(file, counter, at(item), `each entry of "${list}" must be a mapping with a name and a ${kind}`);
        const name = item.get('name', true) as Node | undefined;
        if (!isScalar(name) || typeof name.value !== 'string') {
          throw positionError(file, counter, at(name ?? item), `an entry of "${list}" has no name`);
        }
      }
    }
    const current = root.get('current-context', true) as Node | undefined;
    if (current !== undefined && !(isScalar(current) && (typeof current.value === 'string' || current.value === null))) {
      throw positionError(file, counter, at(current), '"current-context" must be a string');
    }
  }
  // Follow the file's own layout so untouched parts print as they were.
  // New files get kubectl's layout (sequences not indented under their key).
  const indentSeq = !/^(clusters|users|contexts):[ \t]*\r?\n-/m.test(body) && /^(clusters|users|contexts):[ \t]*\r?\n[ \t]+(#.*\r?\n[ \t]+)*-/m.test(body);
  const indentMatch = /^(clusters|users|contexts|preferences):[ \t]*\r?\n([ \t]+)\S/m.exec(body);
  const width = indentMatch?.[2]?.length ?? 2;
  return { doc, file, bom, crlf: body.includes('\r\n'), indentSeq, indent: indentSeq ? Math.max(2, width) : Math.max(2, width || 2) };
}

export function serialize(parsed: ParsedKubeconfig): string {
  let out = parsed.doc.toString({ lineWidth: 0, minContentWidth: 0, indentSeq: parsed.indentSeq, indent: parsed.indent });
  if (parsed.crlf) out = out.replace(/\r?\n/g, '\r\n');
  return (parsed.bom ? '\uFEFF' : '') + out;
}

function rootMap(parsed: ParsedKubeconfig): YAMLMap {
  const doc = parsed.doc;
  if (isMap(doc.contents)) return doc.contents;
  const root = doc.createNode({ apiVersion: 'v1', kind: 'Config' });
  doc.contents = root;
  return root;
}

function listOf(parsed: ParsedKubeconfig, kind: EntryKind, create: boolean): YAMLSeq | undefined {
  const root = isMap(parsed.doc.contents) ? (parsed.doc.contents as YAMLMap) : create ? rootMap(parsed) : undefined;
  if (!root) return undefined;
  const node = root.get(LISTS[kind], true);
  if (isSeq(node)) {
    // An empty `[]` would otherwise keep printing new entries in flow style.
    if (node.items.length === 0 && !root.flow) node.flow = false;
    return node;
  }
  if (!create) return undefined;
  const seq = new YAMLSeq();
  root.set(LISTS[kind], seq);
  return seq;
}

function ownerOf(item: unknown, kind: EntryKind): OwnerExtension | undefined {
  if (!isMap(item)) return undefined;
  const inner = item.get(kind, true);
  if (!isMap(inner)) return undefined;
  const exts = inner.get('extensions', true);
  if (!isSeq(exts)) return undefined;
  for (const e of exts.items) {
    if (isMap(e) && e.get('name') === EXTENSION_NAME) {
      const ext = (e.get('extension', true) as Node | undefined)?.toJSON() as Partial<OwnerExtension> | undefined;
      if (ext && typeof ext.clusterId === 'string' && (ext.endpoint === 'internal' || ext.endpoint === 'external')) return ext as OwnerExtension;
    }
  }
  return undefined;
}

function nameOf(item: unknown): string | undefined {
  return isMap(item) ? (item.get('name') as string | undefined) : undefined;
}

export interface ExistingEntry {
  kind: EntryKind;
  name: string;
  owner?: OwnerExtension;
}

export function entriesOf(parsed: ParsedKubeconfig): ExistingEntry[] {
  const out: ExistingEntry[] = [];
  for (const kind of Object.keys(LISTS) as EntryKind[]) {
    for (const item of listOf(parsed, kind, false)?.items ?? []) {
      const name = nameOf(item);
      if (name !== undefined) out.push({ kind, name, owner: ownerOf(item, kind) });
    }
  }
  return out;
}

const owns = (o: OwnerExtension | undefined, clusterId: string, endpoint?: EndpointKind) =>
  o !== undefined && o.clusterId === clusterId && (endpoint === undefined || o.endpoint === endpoint);

export type ConflictPolicy = 'fail' | 'rename' | 'overwrite';

export interface MergePlan {
  text: string;
  changed: boolean;
  names: { cluster: string; user: string; context: string };
  /** Entries of this cluster and endpoint that were replaced (names before the merge). */
  replaced: string[];
  /** Foreign entries replaced because overwriting was asked for. */
  overwritten: string[];
  currentContext: string | undefined;
}

/**
 * Merges one cluster's entries into a kubeconfig text. Entries carrying this cluster id and
 * endpoint are replaced in place; everything else stays as it was. `others` are the other files of
 * KUBECONFIG, read only for name conflicts.
 */
export function mergeEntries(
  parsed: ParsedKubeconfig,
  entries: KubeconfigEntries,
  options: { onConflict?: ConflictPolicy; setCurrent?: boolean; others?: ParsedKubeconfig[] } = {},
): MergePlan {
  const before = serialize(parsed);
  const policy = options.onConflict ?? 'fail';
  const { clusterId, endpoint } = entries.owner;
  const all = [parsed, ...(options.others ?? [])];
  const foreign = (kind: EntryKind, name: string) => {
    const hits: { kind: string; name: string; file: string }[] = [];
    for (const p of all) {
      for (const e of entriesOf(p)) if (e.kind === kind && e.name === name && !owns(e.owner, clusterId, endpoint)) hits.push({ kind, name, file: p.file });
    }
    return hits;
  };
  const ownedName = (kind: EntryKind) => entriesOf(parsed).find((e) => e.kind === kind && owns(e.owner, clusterId, endpoint))?.name;

  let wanted: Record<EntryKind, string> = { cluster: entries.cluster.name, user: entries.user.name, context: entries.context.name };
  const conflicts = (names: Record<EntryKind, string>) => (Object.keys(LISTS) as EntryKind[]).flatMap((k) => foreign(k, names[k]));
  // A re-fetch keeps the names its own entries already have (say, after a rename) when the default ones are taken.
  const own = { cluster: ownedName('cluster'), user: ownedName('user'), context: ownedName('context') };
  if (conflicts(wanted).length > 0 && own.cluster && own.user && own.context) {
    const ownNames = own as Record<EntryKind, string>;
    if (conflicts(ownNames).length === 0) wanted = ownNames;
  }
  let names = wanted;
  const found = conflicts(names);
  if (found.length > 0 && policy === 'fail') throw new KubeconfigConflictError(found);
  if (found.length > 0 && policy === 'rename') {
    for (let n = 2; ; n++) {
      const candidate = { cluster: `${wanted.cluster}-${n}`, user: `${wanted.user}-${n}`, context: `${wanted.context}-${n}` };
      if (conflicts(candidate).length === 0) {
        names = candidate;
        break;
      }
    }
  }

  const replaced: string[] = [];
  const overwritten: string[] = [];
  const renamedContexts = new Map<string, string>();
  const values: Record<EntryKind, Record<string, unknown>> = {
    cluster: entries.cluster.value,
    user: entries.user.value,
    context: { ...entries.context.value, cluster: names.cluster, user: names.user },
  };
  for (const kind of Object.keys(LISTS) as EntryKind[]) {
    const seq = listOf(parsed, kind, true) as YAMLSeq;
    const node = parsed.doc.createNode({ name: names[kind], [kind]: values[kind] }) as YAMLMap;
    let placed = false;
    for (let i = 0; i < seq.items.length; i++) {
      const item = seq.items[i];
      const name = nameOf(item);
      const mine = owns(ownerOf(item, kind), clusterId, endpoint);
      const clash = !mine && name === names[kind] && policy === 'overwrite';
      if (!mine && !clash) continue;
      if (name !== undefined) (mine ? replaced : overwritten).push(`${kind} ${name}`);
      if (kind === 'context' && name !== undefined && name !== names.context) renamedContexts.set(name, names.context);
      if (!placed) {
        // Keep a comment written above the old entry with the entry that replaces it.
        node.commentBefore = (item as YAMLMap).commentBefore;
        node.spaceBefore = (item as YAMLMap).spaceBefore;
        seq.items[i] = node;
        placed = true;
      } else {
        seq.items.splice(i, 1);
        i--;
      }
    }
    if (!placed) seq.items.push(node);
  }

  const root = rootMap(parsed);
  const current = root.get('current-context') as string | null | undefined;
  let currentContext = typeof current === 'string' && current !== '' ? current : undefined;
  if (options.setCurrent) currentContext = names.context;
  else if (currentContext !== undefined && renamedContexts.has(currentContext)) currentContext = renamedContexts.get(currentContext);
  if (currentContext !== undefined && currentContext !== current) root.set('current-context', currentContext);
  const text = serialize(parsed);
  return { text, changed: text !== before, names, replaced, overwritten, currentContext };
}

export interface RemovePlan {
  text: string;
  removed: string[];
  clearedCurrentContext: boolean;
}

/** Removes every entry carrying this cluster id (both endpoints unless one is named). */
export function removeEntries(parsed: ParsedKubeconfig, clusterId: string, endpoint?: EndpointKind): RemovePlan {
  const removed: string[] = [];
  const removedContexts = new Set<string>();
  for (const kind of Object.keys(LISTS) as EntryKind[]) {
    const seq = listOf(parsed, kind, false);
    if (!seq) continue;
    seq.items = seq.items.filter((item) => {
      if (!owns(ownerOf(item, kind), clusterId, endpoint)) return true;
      const name = nameOf(item) ?? '';
      removed.push(`${kind} ${name}`);
      if (kind === 'context') removedContexts.add(name);
      return false;
    });
  }
  let clearedCurrentContext = false;
  if (isMap(parsed.doc.contents)) {
    const root = parsed.doc.contents as YAMLMap;
    const current = root.get('current-context');
    if (typeof current === 'string' && removedContexts.has(current)) {
      root.set('current-context', '');
      clearedCurrentContext = true;
    }
  }
  return { text: serialize(parsed), removed, clearedCurrentContext };
}

export interface ManagedCluster {
  clusterId: string;
  clusterName: string;
  region: string;
  endpoint: EndpointKind;
  context?: string;
  server?: string;
  user?: string;
  certificateExpiresAt?: Date;
}

/** The clusters cce-autopilot merged into a kubeconfig, with when each client certificate expires. */
export function managedClusters(parsed: ParsedKubeconfig): ManagedCluster[] {
  const byKey = new Map<string, ManagedCluster>();
  const get = (o: OwnerExtension) => {
    const key = `${o.clusterId}/${o.endpoint}`;
    let m = byKey.get(key);
    if (!m) {
      m = { clusterId: o.clusterId, clusterName: o.clusterName, region: o.region, endpoint: o.endpoint };
      byKey.set(key, m);
    }
    return m;
  };
  for (const kind of Object.keys(LISTS) as EntryKind[]) {
    for (const item of listOf(parsed, kind, false)?.items ?? []) {
      const owner = ownerOf(item, kind);
      if (!owner || !isMap(item)) continue;
      const m = get(owner);
      const inner = (item.get(kind, true) as Node).toJSON() as Record<string, unknown>;
      if (kind === 'context') m.context = nameOf(item);
      if (kind === 'cluster') m.server = inner.server as string | undefined;
      if (kind === 'user') {
        m.user = nameOf(item);
        const data = inner['client-certificate-data'];
        const expires = typeof data === 'string' ? certificateExpiry(data) : undefined;
        if (expires) m.certificateExpiresAt = expires;
      }
    }
  }
  return [...byKey.values()];
}
