import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  buildEntries,
  KubeconfigConflictError,
  KubeconfigParseError,
  managedClusters,
  mergeEntries,
  parseKubeconfig,
  removeEntries,
} from '../src/index.js';
import { answer, CERT_EXPIRY } from './helpers.js';

const cluster = { id: 'c-123', name: 'demo', region: 'cn-north-4' };
const NAME = 'cce-cn-north-4-demo-internal';

// Written the way kubectl writes (sequences not indented), with comments and fields kubectl keeps.
const KUBECTL_STYLE = `# my clusters
apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: QUJD
    server: https://kind.local:6443 # the kind one
  name: kind
contexts:
- context:
    cluster: kind
    namespace: dev
    user: kind-admin
  name: kind
current-context: kind
kind: Config
preferences: {}
users:
# the admin
- name: kind-admin
  user:
    token: abc
    x-unknown-field: keep me
`;

const merge = (text: string, opts: Parameters<typeof mergeEntries>[2] = {}, e = buildEntries(answer(), cluster)) =>
  mergeEntries(parseKubeconfig(text, 'config'), e, opts);

describe('mergeEntries', () => {
  it('adds the entries and leaves comments, order and foreign entries as they were', () => {
    const out = merge(KUBECTL_STYLE).text;
    const before = parse(KUBECTL_STYLE);
    const after = parse(out);
    expect(after.clusters[0]).toEqual(before.clusters[0]);
    expect(after.users[0]).toEqual(before.users[0]);
    expect(after.contexts[0]).toEqual(before.contexts[0]);
    expect(after.clusters[1].name).toBe(NAME);
    expect(after['current-context']).toBe('kind');
    for (const comment of ['# my clusters', '# the kind one', '# the admin', 'x-unknown-field: keep me']) expect(out).toContain(comment);
    // Removing what was merged gives back the file byte for byte: nothing else was touched.
    expect(removeEntries(parseKubeconfig(out), 'c-123').text).toBe(KUBECTL_STYLE);
  });

  it('keeps the indentation style of the file', () => {
    const indented = [
      'apiVersion: v1',
      'kind: Config',
      'users:',
      '    # the admin',
      '    - name: admin',
      '      user:',
      '          token: abc',
      '',
    ].join('\n');
    const out = merge(indented).text;
    expect(out.startsWith(indented.replace(/\n$/, ''))).toBe(true);
    expect(out).toContain(`    - name: ${NAME}`);
    // The lists the merge had to add stay, empty.
    expect(removeEntries(parseKubeconfig(out), 'c-123').text).toBe(`${indented}clusters: []\ncontexts: []\n`);
  });

  it('replaces its own entries on a re-fetch, recognised by cluster id even after a rename', () => {
    const once = merge(KUBECTL_STYLE).text;
    expect(merge(once).text).toBe(once);
    const renamed = buildEntries(answer({ server: 'https://10.0.0.9:5443' }), { ...cluster, name: 'renamed' });
    const plan = merge(once, { setCurrent: true }, renamed);
    const doc = parse(plan.text);
    expect(doc.clusters.map((c: { name: string }) => c.name)).toEqual(['kind', 'cce-cn-north-4-renamed-internal']);
    expect(doc.contexts).toHaveLength(2);
    expect(doc.users).toHaveLength(2);
    expect(doc.clusters[1].cluster.server).toBe('https://10.0.0.9:5443');
    expect(plan.replaced).toContain(`context ${NAME}`);
    expect(doc['current-context']).toBe('cce-cn-north-4-renamed-internal');
  });

  it('follows a renamed context in current-context', () => {
    const once = merge(KUBECTL_STYLE, { setCurrent: true }).text;
    const renamed = merge(once, {}, buildEntries(answer(), { ...cluster, name: 'other' }));
    expect(parse(renamed.text)['current-context']).toBe('cce-cn-north-4-other-internal');
  });

  it('keeps internal and external entries of one cluster side by side', () => {
    const a = answer({ external: 'https://1.2.3.4:5443' });
    const both = merge(merge(KUBECTL_STYLE).text, {}, buildEntries(a, cluster, { endpoint: 'external' })).text;
    expect(parse(both).contexts.map((c: { name: string }) => c.name)).toEqual(['kind', NAME, 'cce-cn-north-4-demo-external']);
    const rm = removeEntries(parseKubeconfig(both), 'c-123', 'external');
    expect(rm.removed).toHaveLength(3);
    expect(parse(rm.text).contexts).toHaveLength(2);
  });

  it('refuses a foreign entry with the same name, or renames / overwrites when asked', () => {
    const taken = `${KUBECTL_STYLE}`.replace('  name: kind\ncontexts', `  name: ${NAME}\ncontexts`);
    expect(() => merge(taken)).toThrow(KubeconfigConflictError);
    expect(() => merge(taken)).toThrow(/cluster "cce-cn-north-4-demo-internal" already exists in config/);
    const renamed = merge(taken, { onConflict: 'rename' });
    expect(renamed.names).toEqual({ cluster: `${NAME}-2`, user: `${NAME}-2`, context: `${NAME}-2` });
    const doc = parse(renamed.text);
    expect(doc.contexts[1].context).toMatchObject({ cluster: `${NAME}-2`, user: `${NAME}-2` });
    expect(doc.clusters[0].cluster.server).toBe('https://kind.local:6443');
    // Once renamed, a re-fetch keeps using the renamed entries instead of conflicting again.
    expect(merge(renamed.text).text).toBe(renamed.text);
    const over = merge(taken, { onConflict: 'overwrite' });
    expect(over.overwritten).toEqual([`cluster ${NAME}`]);
    expect(parse(over.text).clusters).toHaveLength(1);
  });

  it('reads the other KUBECONFIG files for conflicts', () => {
    const other = parseKubeconfig(`contexts:\n- name: ${NAME}\n  context: {cluster: x, user: y}\n`, '/other/config');
    expect(() => merge(KUBECTL_STYLE, { others: [other] })).toThrow(/context "cce-cn-north-4-demo-internal" already exists in \/other\/config/);
  });

  it.each([
    ['an empty file', ''],
    ['only a comment', '# nothing yet\n'],
    ['null lists', 'apiVersion: v1\nkind: Config\nclusters: null\nusers:\ncontexts: ~\n'],
    ['empty flow lists', 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n'],
    ['missing lists', 'apiVersion: v1\nkind: Config\n'],
    ['a JSON kubeconfig', '{"apiVersion": "v1", "kind": "Config", "clusters": [], "users": [], "contexts": []}\n'],
  ])('handles %s', (_label, text) => {
    const plan = merge(text, { setCurrent: true });
    const doc = parse(plan.text);
    expect(doc.clusters.map((c: { name: string }) => c.name)).toEqual([NAME]);
    expect(doc.users.map((c: { name: string }) => c.name)).toEqual([NAME]);
    expect(doc.contexts[0].context).toMatchObject({ cluster: NAME, user: NAME });
    expect(doc['current-context']).toBe(NAME);
    if (text.startsWith('#')) expect(plan.text).toContain('# nothing yet');
  });

  it('keeps CRLF line endings and a byte order mark', () => {
    const text = `\uFEFF${KUBECTL_STYLE.replace(/\n/g, '\r\n')}`;
    const out = merge(text).text;
    expect(out.startsWith('\uFEFF')).toBe(true);
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
    expect(removeEntries(parseKubeconfig(out), 'c-123').text).toBe(text);
  });

  it.each([
    ['bad YAML', 'clusters:\n- name: a\n  cluster: {server: x\n', 4],
    ['a list that is not a list', 'apiVersion: v1\nclusters: yes-please\n', 2],
    ['an entry without a name', 'users:\n- user: {token: t}\n', 2],
    ['a duplicate key', 'kind: Config\nkind: Config\n', 2],
    ['a top-level list', '- a\n- b\n', 1],
  ])('reports %s with line and column', (_label, text, line) => {
    let err: unknown;
    try {
      parseKubeconfig(text, '/home/u/.kube/config');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KubeconfigParseError);
    expect((err as KubeconfigParseError).line).toBe(line);
    expect((err as KubeconfigParseError).column).toBeGreaterThan(0);
    expect((err as Error).message).toMatch(new RegExp(`^/home/u/.kube/config:${line}:\\d+: `));
  });
});

describe('managedClusters', () => {
  it('lists merged clusters with their certificate expiry, and ignores foreign entries', () => {
    const out = merge(KUBECTL_STYLE, { setCurrent: true }).text;
    expect(managedClusters(parseKubeconfig(out))).toEqual([
      {
        clusterId: 'c-123',
        clusterName: 'demo',
        region: 'cn-north-4',
        endpoint: 'internal',
        context: NAME,
        user: NAME,
        server: 'https://192.168.1.7:5443',
        certificateExpiresAt: CERT_EXPIRY,
      },
    ]);
  });
});

describe('removeEntries', () => {
  it('clears current-context when it pointed at a removed context', () => {
    const out = merge(KUBECTL_STYLE, { setCurrent: true }).text;
    const rm = removeEntries(parseKubeconfig(out), 'c-123');
    expect(rm.clearedCurrentContext).toBe(true);
    expect(parse(rm.text)['current-context']).toBe('');
    expect(removeEntries(parseKubeconfig(KUBECTL_STYLE), 'c-123').removed).toEqual([]);
  });
});
