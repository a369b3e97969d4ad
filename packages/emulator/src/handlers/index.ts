import type { Handler } from '../server.js';
import { addonHandlers } from './addons.js';
import { chartHandlers } from './charts.js';
import { clusterHandlers } from './clusters.js';
import { miscHandlers } from './misc.js';
import { upgradeHandlers } from './upgrade.js';
import { configHandlers } from './config.js';
import { jobV2Handlers } from './jobs-v2.js';
import { maintenanceHandlers } from './maintenance.js';
import { networkHandlers } from './network.js';

/** One handler per catalogue operation, by operation name. */
export const allHandlers: Readonly<Record<string, Handler>> = { ...clusterHandlers, ...addonHandlers, ...upgradeHandlers, ...chartHandlers, ...miscHandlers, ...maintenanceHandlers, ...configHandlers, ...jobV2Handlers, ...networkHandlers };
