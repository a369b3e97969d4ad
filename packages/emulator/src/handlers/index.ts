import { addonHandlers } from './addons.js';
import { chartHandlers } from './charts.js';
import { clusterHandlers } from './clusters.js';
import { configHandlers } from './config.js';
import type { HandlerMap } from './contract.js';
import { jobV2Handlers } from './jobs-v2.js';
import { maintenanceHandlers } from './maintenance.js';
import { miscHandlers } from './misc.js';
import { networkHandlers } from './network.js';
import { upgradeHandlers } from './upgrade.js';

/** One handler per catalogue operation: leaving one out, or giving one the wrong operation's types, does not compile. */
export const allHandlers = {
  ...clusterHandlers, ...addonHandlers, ...upgradeHandlers, ...chartHandlers, ...miscHandlers, ...maintenanceHandlers, ...configHandlers, ...jobV2Handlers, ...networkHandlers,
} satisfies HandlerMap;
