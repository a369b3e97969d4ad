// Prompts for chores that take several tools in a careful order. They name the tools to use, so
// an agent does not guess; they say where the user's consent is needed.
import type { GetPromptResult, Prompt } from '@modelcontextprotocol/sdk/types.js';
import { allows, type AccessLevel } from './catalogue-tools.js';
import { ToolInputError } from './results.js';

interface PromptDef {
  readonly prompt: Prompt;
  /** The access level the chore's last step needs; below it the prompt says so. */
  readonly needs: AccessLevel;
  readonly text: (args: Record<string, string>) => string;
}

const definitions: readonly PromptDef[] = [
  {
    prompt: {
      name: 'diagnose-failed-upgrade',
      title: 'Diagnose a failed cluster upgrade',
      description: 'Find out why a cluster upgrade failed or is stuck, from the upgrade info, tasks, pre-checks and workflows, and propose the next step.',
      arguments: [{ name: 'cluster', description: 'Cluster name or id', required: true }],
    },
    needs: 'readonly',
    text: ({ cluster }) =>
      [
        `Diagnose the upgrade of the CCE Autopilot cluster "${cluster}". Read only; change nothing.`,
        '1. find_cluster with the name (skip if you were given an id) to get the cluster id, phase and version.',
        '2. ShowAutopilotClusterUpgradeInfo: the current version, target version and upgrade phase.',
        '3. ListAutopilotUpgradeClusterTasks, then ShowAutopilotUpgradeClusterTask for the newest task: which stage failed and its message.',
        '4. ListAutopilotPreCheckTasks and ShowAutopilotPreCheck for the newest pre-check: items with a failed or risky status (cluster, add-ons, nodes).',
        '5. ListAutopilotUpgradeWorkFlows / ShowAutopilotUpgradeWorkFlow: where the guided workflow stopped.',
        '6. ListAutopilotAddonInstances: add-ons not running (an add-on often blocks an upgrade).',
        'Report: what failed, the evidence (task ids, messages, request ids in errors), and the next step.',
        'Possible next steps are RetryAutopilotUpgradeClusterTask (after the cause is fixed) or a fresh CreateAutopilotPreCheck;',
        'both change the cluster: propose them, and run one only after the user agrees (the retry needs confirm set to the cluster name).',
      ].join('\n'),
  },
  {
    prompt: {
      name: 'install-addon-with-validated-values',
      title: 'Install an add-on with validated values',
      description: 'Pick the template version, validate the values against its schema, install the add-on and wait until it runs.',
      arguments: [
        { name: 'cluster', description: 'Cluster name or id', required: true },
        { name: 'addon', description: 'Add-on template name, e.g. coredns', required: true },
        { name: 'version', description: 'Template version (default: the newest one the cluster version supports)', required: false },
        { name: 'values', description: 'The values wanted, as YAML or in words', required: false },
      ],
    },
    needs: 'readwrite',
    text: ({ cluster, addon, version, values }) =>
      [
        `Install the add-on "${addon}"${version ? ` version ${version}` : ''} on the CCE Autopilot cluster "${cluster}".`,
        '1. find_cluster (unless given an id): the cluster id and its Kubernetes version.',
        `2. ListAutopilotAddonTemplates with addon_template_name=${addon}: choose ${version ? `version ${version}` : 'the newest version whose supportVersions include the cluster version'}.`,
        `3. Build the values (the template version's input: basic, custom, flavor)${values ? ` from: ${values}` : ''}.`,
        '4. validate_values with addon, version and the values; fix every error and repeat until valid. Show the user the final values.',
        '5. CreateAutopilotAddonInstance with body {kind: "Addon", apiVersion: "v3", metadata: {annotations: {"addon.install/type": "install"}}, spec: {clusterID, version, addonTemplateName, values}}.',
        '6. wait_until_settled with kind=addon, addon_id (metadata.uid of the answer) and cluster_id; report the final status.',
      ].join('\n'),
  },
  {
    prompt: {
      name: 'cluster-health-report',
      title: 'Cluster health report',
      description: 'Summarise a cluster: phase, version, endpoints, add-ons and releases that are not healthy, and available upgrades.',
      arguments: [{ name: 'cluster', description: 'Cluster name or id', required: true }],
    },
    needs: 'readonly',
    text: ({ cluster }) =>
      [
        `Write a short health report for the CCE Autopilot cluster "${cluster}". Read only.`,
        '1. find_cluster, then read the resource cce-autopilot://clusters/<id> (cluster, add-ons, releases).',
        '2. ShowAutopilotClusterUpgradeInfo and ListAutopilotClusterUpgradePaths for the upgrades on offer.',
        '3. ShowAutopilotQuotas for quota headroom.',
        'List what is not healthy first (phase other than Available, add-ons not running, releases not DEPLOYED), then the rest.',
      ].join('\n'),
  },
];

export function prompts(): Prompt[] {
  return definitions.map((d) => d.prompt);
}

export function getPrompt(name: string, args: Record<string, string>, access: AccessLevel): GetPromptResult {
  const def = definitions.find((d) => d.prompt.name === name);
  if (!def) throw new ToolInputError(`no prompt "${name}"; prompts: ${definitions.map((d) => d.prompt.name).join(', ')}`);
  const missing = (def.prompt.arguments ?? []).filter((a) => a.required && !args[a.name]).map((a) => a.name);
  if (missing.length) throw new ToolInputError(`prompt ${name} needs ${missing.join(', ')}`);
  let text = def.text(args);
  if (!allows(access, def.needs)) text += `\nNote: this server runs with --access ${access}; the changing steps need --access ${def.needs}. Stop before them and tell the user.`;
  return { description: def.prompt.description, messages: [{ role: 'user', content: { type: 'text', text } }] };
}
