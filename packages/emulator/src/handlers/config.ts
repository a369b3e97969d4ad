// Project feature gates (GET /autopilot/v3.1/feature-gates) and a cluster's log collection
// (GET .../cluster/{cluster_id}/log-configs): read-only views the official SDK describes.
import { addonStatusName } from '../domain/addons.js';
import { featureGates } from '../versions.js';
import type { Handler, HandlerMap } from './contract.js';

/** Control-plane components whose logs the service can collect (`type=control`). */
export const controlPlaneComponents = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'] as const;
/** Days logs are kept when the cluster never chose otherwise. */
export const defaultLogTtlDays = 7;

// The reference has no table of these switches and the SDK types `spec` as an open map; the
// emulator answers the region's switch table it already serves for upgrades, under their names.
const showFeatureGates: Handler<'ShowAutopilotFeatureGates'> = () => ({ body: { kind: 'Configuration', apiVersion: 'v3.1', spec: { ...featureGates } } });

const showLogConfigs: Handler<'ShowAutopilotClusterConfig'> = (r) => {
  const c = r.world.cluster(r.projectId, r.params.cluster_id);
  const type = r.query.get('type');
  const configs: { name: string; enable: boolean }[] = [];
  // Collection is off until the user turns it on in the console (no API of the 61 changes it).
  if (type === null || type === 'control') configs.push(...controlPlaneComponents.map((name) => ({ name, enable: false })));
  if (type === null || type === 'audit') configs.push({ name: 'audit', enable: false });
  if (type === null || type === 'system-addon') {
    for (const a of r.world.addonsOf(c.id)) if (addonStatusName(a.phase) !== 'deleting') configs.push({ name: a.templateName, enable: false });
  }
  return { body: { ttl_in_days: defaultLogTtlDays, log_configs: configs } };
};

export const configHandlers = {
  ShowAutopilotFeatureGates: showFeatureGates,
  ShowAutopilotClusterConfig: showLogConfigs,
} satisfies Partial<HandlerMap>;
