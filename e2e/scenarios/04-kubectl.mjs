// Set up kubectl on a cluster: the kubeconfig file gets the cluster's uniquely named context with
// mode 0600, and kubectl (or @kubernetes/client-node) lists the cluster's namespaces with it.
import { readFile, stat } from 'node:fs/promises';
import { listNamespaces } from '../lib/kubectl.mjs';

export default {
  id: 'kubectl',
  title: 'set up kubectl: unique context in a 0600 kubeconfig, namespaces listed with it',
  needs: ['connect'],
  commands: ['cceAutopilot.kubeconfig.setup'],
  timeoutMs: 120_000,
  async run({ wb, api, emulator, kubeconfig, screenshot, state }) {
    // An Available demo cluster of the default region (its own starting point, whatever ran before).
    const cluster = (await api.clusters(emulator.region)).find((c) => c.phase === 'Available' && !c.name.startsWith('e2e-'));
    if (!cluster) throw new Error(`no Available cluster in ${emulator.region}`);
    await wb.expand(cluster.region);
    await wb.contextMenu([cluster.region, cluster.name], 'Set Up kubectl');
    await wb.answerPrompts([
      { match: /endpoint/i, pick: 'Internal endpoint' },
      { match: /certificate stays valid/i, pick: /year/ },
    ]);
    // The change is previewed as a diff before anything is written.
    await wb.waitForEditor('kubeconfig change');
    await wb.waitForEditorText(cluster.name);
    await screenshot('-preview');
    await wb.answerPrompts([{ match: /Merge into/i, pick: 'Merge and switch kubectl to' }]);
    const toast = await wb.waitForNotification('kubectl context', 30_000);
    const message = (await toast.innerText()).replace(/\s+/g, ' ');
    const match = /kubectl context (\S+) written to (\S+?)(?: and made current)?\.(?:\s|$)/.exec(message);
    if (!match) throw new Error(`unexpected confirmation: "${message}"`);
    const [, context, path] = match;
    if (path !== kubeconfig) throw new Error(`the context was written to ${path}, not to the configured ${kubeconfig}`);
    if (!context.includes(cluster.name)) throw new Error(`context ${context} does not name the cluster ${cluster.name}`);
    if (/^(internal|external)(Cluster)?$|^user$/.test(context)) throw new Error(`context ${context} keeps the service's generic name`);

    const mode = (await stat(kubeconfig)).mode & 0o777;
    if (mode !== 0o600) throw new Error(`${kubeconfig} has mode ${mode.toString(8)}, not 600`);
    const text = await readFile(kubeconfig, 'utf8');
    if (!new RegExp(`current-context:\\s*"?${context.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?`).test(text)) {
      throw new Error(`${kubeconfig} does not make ${context} the current context`);
    }

    const { via, names } = await listNamespaces(kubeconfig, context);
    for (const expected of ['default', 'kube-system', 'kube-public']) {
      if (!names.includes(expected)) throw new Error(`${via} listed ${names.join(', ') || 'no namespaces'} in ${cluster.name}; missing ${expected}`);
    }
    state.kubectl = { context, via };
    await screenshot();
  },
};
