import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { removeKubectl, setupKubectl, undoKubectl } from '../src/core/kubeconfig.js';
import { FakeApi, ScriptUi } from './fakes.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const answer = {
  kind: 'Config', apiVersion: 'v1', preferences: {},
  clusters: [{ name: 'internalCluster', cluster: { server: 'https://192.168.0.10:5443', 'certificate-authority-data': b64('ca') } }],
  users: [{ name: 'user', user: { 'client-certificate-data': b64('cert'), 'client-key-data': b64('key') } }],
  contexts: [{ name: 'internal', context: { cluster: 'internalCluster', user: 'user' } }],
  'current-context': 'internal',
};

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'cce-vscode-kube-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

describe('Set up kubectl', () => {
  it('previews, merges next to foreign entries, switches context, and can be undone and removed', async () => {
    const path = join(dir, 'config');
    const foreign = 'apiVersion: v1\nkind: Config\n# keep me\nclusters:\n- name: other\n  cluster:\n    server: https://other:6443\ncontexts: []\nusers: []\ncurrent-context: ""\n';
    await writeFile(path, foreign);
    const api = new FakeApi({ CreateAutopilotKubernetesClusterCert: () => answer });
    const ui = new ScriptUi(['internal', 7, true]);
    const result = await setupKubectl(ui, api, { id: 'c1', name: 'prod', region: 'cn-north-4', hasExternal: false }, { path });
    expect(api.calls[0]!.input).toEqual({ path: { cluster_id: 'c1' }, body: { duration: 7 } });
    expect(ui.shown[0]!.content).toContain('+');
    expect(ui.shown[0]!.content).not.toContain(b64('key'));
    const written = await readFile(path, 'utf8');
    const doc = parse(written) as { clusters: { name: string }[]; 'current-context': string };
    expect(doc.clusters.map((c) => c.name)).toContain('other');
    expect(written).toContain('# keep me');
    expect(doc['current-context']).toBe(result!.contextName);
    expect(ui.messages.at(-1)).toContain(`kubectl context ${result!.contextName} written to ${path} and made current`);
    expect((await stat(path)).mode & 0o777).toBe(0o600);

    expect(await undoKubectl(new ScriptUi([true]), { path })).toBe(true);
    expect(await readFile(path, 'utf8')).toBe(foreign);

    await setupKubectl(new ScriptUi(['internal', 30, false]), api, { id: 'c1', name: 'prod', region: 'cn-north-4', hasExternal: false }, { path });
    expect(await removeKubectl(new ScriptUi([true]), { id: 'c1', name: 'prod' }, { path })).toBe(true);
    expect((parse(await readFile(path, 'utf8')) as { clusters: { name: string }[] }).clusters.map((c) => c.name)).toEqual(['other']);
  });

  it('only offers the external endpoint when the cluster has one, and asks before using it', async () => {
    const api = new FakeApi({ CreateAutopilotKubernetesClusterCert: () => answer });
    await expect(setupKubectl(new ScriptUi(['external']), api, { id: 'c1', name: 'p', region: 'r', hasExternal: false }, { path: join(dir, 'k') })).rejects.toThrow(/no item external/);
    expect(await setupKubectl(new ScriptUi(['external', false]), api, { id: 'c1', name: 'p', region: 'r', hasExternal: true }, { path: join(dir, 'k') })).toBeUndefined();
    expect(api.calls).toEqual([]);
  });
});
