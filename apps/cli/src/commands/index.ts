import type { CommandRegistrar } from '../context.js';
import { registerAddons } from './addons.js';
import { registerCharts } from './charts.js';
import { registerClusters } from './clusters.js';
import { registerCompletion } from './completion.js';
import { registerConfigure } from './configure.js';
import { registerEmulator } from './emulator.js';
import { registerKubeconfig } from './kubeconfig.js';
import { registerMcp } from '../mcp/command.js';
import { registerUpgrade } from './upgrade.js';
import { registerValues } from './values.js';
import { registerSdkOperations } from './sdk-ops.js';
import { registerNetwork } from './network.js';

/**
 * Every command group, in help order. To add one: write `commands/<name>.ts` exporting a
 * `CommandRegistrar` and add one line here.
 */
export const registrars: readonly CommandRegistrar[] = [
  registerClusters,
  registerAddons,
  registerUpgrade,
  // After clusters, upgrade and jobs: it adds commands to those groups.
  registerSdkOperations,
  registerNetwork,
  registerCharts,
  registerValues,
  registerKubeconfig,
  registerConfigure,
  registerEmulator,
  registerMcp,
  registerCompletion,
];
