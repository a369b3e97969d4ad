// "Open in Kubernetes view": hand a cluster over to the Kubernetes extension
// (ms-kubernetes-tools.vscode-kubernetes-tools) by making the kubeconfig context that "Set up
// kubectl" wrote for it current in the kubeconfig that extension reads, then showing its Clusters
// view. This file decides what to do; host/kubeCommands.ts does it through that extension's API.
import type { Ui } from './ui.js';

export const KUBERNETES_EXTENSION_ID = 'ms-kubernetes-tools.vscode-kubernetes-tools';
/** The Kubernetes extension's Clusters view (its `.focus` command shows it). */
export const KUBERNETES_EXPLORER_VIEW = 'extension.vsKubernetesExplorer';

/** A context the extension merged for a cluster (listMergedClusters of @cce-autopilot/kubeconfig). */
export interface MergedContext {
  readonly clusterId: string;
  readonly endpoint: 'internal' | 'external';
  readonly context?: string;
  readonly file: string;
  readonly certificateExpiresAt?: Date;
}

export interface KubernetesViewInput {
  /** Whether the Kubernetes extension is installed (and enabled). */
  readonly installed: boolean;
  readonly clusterId: string;
  readonly clusterName: string;
  readonly merged: readonly MergedContext[];
  /** The kubeconfig file the Kubernetes extension reads, when its API says. */
  readonly viewKubeconfig?: string;
  /** The current context of the file holding the cluster's context. */
  readonly currentContext?: string;
  readonly now?: Date;
}

export type KubernetesViewPlan =
  | { readonly kind: 'notInstalled'; readonly message: string }
  /** No usable context for the cluster: offer Set up kubectl, then try again. */
  | { readonly kind: 'setUpFirst'; readonly message: string }
  /** The context is in a file the Kubernetes extension does not read. */
  | { readonly kind: 'otherFile'; readonly message: string; readonly context: string; readonly file: string }
  | { readonly kind: 'open'; readonly context: string; readonly file: string; readonly switchContext: boolean };

/** Names kubectl is given as one argument (`kubectl config use-context <name>`), with nothing a shell would read. */
const SAFE_CONTEXT = /^[A-Za-z0-9][A-Za-z0-9._@:-]*$/;

/**
 * What "Open in Kubernetes view" does for a cluster: the internal endpoint's context first (its
 * certificate verifies the server), then the external one; a context whose client certificate
 * has expired is not offered.
 */
export function planKubernetesView(input: KubernetesViewInput, ui: Pick<Ui, 't'>): KubernetesViewPlan {
  if (!input.installed) return { kind: 'notInstalled', message: ui.t`The Kubernetes extension (${KUBERNETES_EXTENSION_ID}) is not installed.` };
  const now = input.now ?? new Date();
  const mine = input.merged.filter((m) => m.clusterId === input.clusterId && m.context)
    .sort((a, b) => Number(a.endpoint !== 'internal') - Number(b.endpoint !== 'internal'));
  if (mine.length === 0) return { kind: 'setUpFirst', message: ui.t`${input.clusterName} has no kubectl context yet; set up kubectl for it first.` };
  const valid = mine.filter((m) => !m.certificateExpiresAt || m.certificateExpiresAt > now);
  if (valid.length === 0) return { kind: 'setUpFirst', message: ui.t`The client certificate of ${mine[0]!.context} expired; set up kubectl for ${input.clusterName} again.` };
  const chosen = valid.find((m) => SAFE_CONTEXT.test(m.context!));
  if (!chosen) return { kind: 'setUpFirst', message: ui.t`The kubectl context ${valid[0]!.context} of ${input.clusterName} has a name kubectl cannot be given safely; set up kubectl again to get a context named by the extension.` };
  const context = chosen.context!;
  if (input.viewKubeconfig && samePath(input.viewKubeconfig) !== samePath(chosen.file)) {
    return {
      kind: 'otherFile', context, file: chosen.file,
      message: ui.t`The Kubernetes view reads ${input.viewKubeconfig}, but the context ${context} of ${input.clusterName} is in ${chosen.file}. Point the Kubernetes extension's kubeconfig setting at ${chosen.file}, or set cceAutopilot.kubeconfigPath to ${input.viewKubeconfig} and set up kubectl again.`,
    };
  }
  return { kind: 'open', context, file: chosen.file, switchContext: input.currentContext !== context };
}

/** Paths compared as written, without a trailing separator (both come resolved from their owners). */
function samePath(p: string): string {
  return p.replace(/[\\/]+$/, '');
}

/** The `current-context` of a kubeconfig file (undefined when it has none or cannot be read). */
export async function currentContextOf(file: string): Promise<string | undefined> {
  const { readFile } = await import('node:fs/promises');
  const { parse } = await import('yaml');
  try {
    const doc = parse(await readFile(file, 'utf8')) as { 'current-context'?: unknown } | null;
    return typeof doc?.['current-context'] === 'string' ? doc['current-context'] : undefined;
  } catch {
    return undefined;
  }
}
