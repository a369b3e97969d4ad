import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { row, type TreeNode } from '../src/core/tree.js';
import { ScriptUi } from './fakes.js';

// The VS Code API pieces "Open in Kubernetes view" uses, and a Kubernetes extension whose API
// broker answers as vscode-kubernetes-tools' does (get(component, version) -> { available, api }).
const calls = vi.hoisted(() => ({ commands: [] as unknown[][], kubectl: [] as string[], refreshed: 0, installed: true, kubectlResult: { code: 0, stdout: '', stderr: '' } as { code: number; stdout: string; stderr: string } | undefined, viewKubeconfig: undefined as string | undefined }));
vi.mock('vscode', () => {
  const broker = {
    get(component: string, version: string) {
      if (version !== 'v1') return { available: false, reason: 'version-unknown' };
      if (component === 'kubectl') return { available: true, api: { invokeCommand: async (c: string) => { calls.kubectl.push(c); return calls.kubectlResult; } } };
      if (component === 'clusterexplorer') return { available: true, api: { refresh: () => { calls.refreshed++; } } };
      if (component === 'configuration') return { available: true, api: { getKubeconfigPath: () => (calls.viewKubeconfig ? { pathType: 'host', hostPath: calls.viewKubeconfig } : undefined) } };
      return { available: false, reason: 'unknown' };
    },
  };
  return {
    extensions: {
      getExtension: (id: string) => (calls.installed && id === 'ms-kubernetes-tools.vscode-kubernetes-tools' ? { activate: async () => broker } : undefined),
      onDidChange: () => ({ dispose: () => undefined }),
    },
    commands: { executeCommand: async (...args: unknown[]) => { calls.commands.push(args); } },
    l10n: { t: (s: string, ...v: unknown[]) => s.replace(/\{(\d+)\}/g, (_m, i) => String(v[Number(i)])) },
    window: { createOutputChannel: () => ({}) },
    Disposable: { from: () => ({ dispose: () => undefined }) },
  };
});

import { registerKubernetesView } from '../src/host/kubeCommands.js';

const answer = (server: string) => ({
  kind: 'Config', apiVersion: 'v1',
  clusters: [{ name: 'internalCluster', cluster: { server, 'certificate-authority-data': Buffer.from('CA').toString('base64') } }],
  users: [{ name: 'user', user: { 'client-certificate-data': Buffer.from('CERT').toString('base64'), 'client-key-data': Buffer.from('KEY').toString('base64') } }],
  contexts: [{ name: 'internal', context: { cluster: 'internalCluster', user: 'user' } }],
  'current-context': 'internal',
});

const node = (clusterId: string, name: string): TreeNode => row({ kind: 'cluster', profileId: 'P', region: 'cn-north-4', clusterId }, { label: name, collapsible: 'collapsed', contextValue: 'cluster', ctx: { profileId: 'P', region: 'cn-north-4', clusterId, clusterName: name } });

describe('Open in Kubernetes view (host)', () => {
  let dir: string;
  let path: string;
  let command: (node?: TreeNode) => Promise<unknown>;
  const register = (ui: ScriptUi) => {
    registerKubernetesView((id, _title, fn) => { if (id === 'kube.openInKubernetesView') command = fn; }, ui, () => ({ path }));
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cce-kview-'));
    path = join(dir, 'config');
    Object.assign(calls, { commands: [], kubectl: [], refreshed: 0, installed: true, kubectlResult: { code: 0, stdout: '', stderr: '' }, viewKubeconfig: undefined });
    // The user's kubeconfig already has another current context.
    await writeFile(path, 'apiVersion: v1\nkind: Config\nclusters:\n- name: minikube\n  cluster:\n    server: https://192.168.49.2:8443\ncontexts:\n- name: minikube\n  context:\n    cluster: minikube\n    user: minikube\nusers:\n- name: minikube\n  user: {}\ncurrent-context: minikube\n', { mode: 0o600 });
    const { mergeClusterCert } = await import('@cce-autopilot/kubeconfig');
    await mergeClusterCert({ path, answer: answer('https://10.0.0.5:5443') as never, cluster: { id: 'c1', name: 'web', region: 'cn-north-4' }, endpoint: 'internal', setCurrent: false });
  });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('sets the context key from whether the Kubernetes extension is there', () => {
    register(new ScriptUi([]));
    expect(calls.commands).toContainEqual(['setContext', 'cceAutopilot.kubernetesExtension', true]);
    calls.installed = false;
    calls.commands = [];
    register(new ScriptUi([]));
    expect(calls.commands).toContainEqual(['setContext', 'cceAutopilot.kubernetesExtension', false]);
  });

  it("makes the cluster's context current through that extension's kubectl, refreshes its explorer and shows its view", async () => {
    register(new ScriptUi([]));
    await command(node('c1', 'web'));
    expect(calls.kubectl).toEqual(['config use-context cce-cn-north-4-web-internal']);
    expect(calls.refreshed).toBe(1);
    expect(calls.commands.at(-1)).toEqual(['extension.vsKubernetesExplorer.focus']);
    // The kubeconfig itself is left to that kubectl (the file is not written here).
    expect(await readFile(path, 'utf8')).toMatch(/current-context: minikube/);
  });

  it('says what kubectl said when the switch fails, and shows nothing', async () => {
    calls.kubectlResult = { code: 1, stdout: '', stderr: 'error: no context exists with the name: "x"\n' };
    register(new ScriptUi([]));
    await expect(command(node('c1', 'web'))).rejects.toThrow(/use-context cce-cn-north-4-web-internal failed: error: no context exists/);
    expect(calls.commands.some((c) => c[0] === 'extension.vsKubernetesExplorer.focus')).toBe(false);
  });

  it('offers Set up kubectl for a cluster without a context, and stops when declined', async () => {
    register(new ScriptUi([false]));
    await command(node('c2', 'batch'));
    expect(calls.commands.some((c) => c[0] === 'cceAutopilot.kubeconfig.setup')).toBe(false);
    register(new ScriptUi([true]));
    // Accepted: Set up kubectl runs for that cluster (here it writes nothing, so the command then says why).
    await expect(command(node('c2', 'batch'))).rejects.toThrow(/batch has no kubectl context yet/);
    expect(calls.commands.find((c) => c[0] === 'cceAutopilot.kubeconfig.setup')?.[1]).toMatchObject({ ctx: { clusterId: 'c2' } });
    expect(calls.kubectl).toEqual([]);
  });

  it('only shows the view when the context is current already', async () => {
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace('current-context: minikube', 'current-context: cce-cn-north-4-web-internal'));
    register(new ScriptUi([]));
    await command(node('c1', 'web'));
    expect(calls.kubectl).toEqual([]);
    expect(calls.commands.at(-1)).toEqual(['extension.vsKubernetesExplorer.focus']);
  });

  it('does not switch when the Kubernetes view reads another kubeconfig', async () => {
    calls.viewKubeconfig = join(dir, 'other');
    register(new ScriptUi([]));
    await expect(command(node('c1', 'web'))).rejects.toThrow(/The Kubernetes view reads .*other, but the context cce-cn-north-4-web-internal of web is in/);
    expect(calls.kubectl).toEqual([]);
  });
});
