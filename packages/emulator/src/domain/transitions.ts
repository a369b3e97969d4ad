// The whole lifecycle table, in the order its rows run: each domain module owns its rows. Upgrade
// plans come last: they start upgrade tasks, whose rows run in the table's next round.
import { phaseDuration } from '../lifecycle.js';
import type { Step } from '../lifecycle.js';
import type { World } from '../world.js';
import { addonSteps } from './addons.js';
import { releaseSteps } from './charts.js';
import { clusterSteps } from './clusters.js';
import { upgradePlanSteps } from './maintenance.js';
import { upgradeSteps } from './upgrade.js';

export const transitions: readonly Step<World>[] = [...clusterSteps, ...addonSteps, ...upgradeSteps, ...releaseSteps, ...upgradePlanSteps];

/** How long a document of `collection` stays in `from` at the world's speed (0 when no row has it). */
export function durationOf(world: World, collection: string, from: string): number {
  return phaseDuration(transitions, world.speed, collection, from);
}
