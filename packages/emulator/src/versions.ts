// Cluster versions the emulated region offers, with their platform versions and upgrade paths
// (spec 03, 4.3.12). The newest is what a create without `spec.version` gets.

export interface ClusterVersionInfo {
  version: string;
  platformVersion: string;
  /** Kubernetes patch release, as upgradeinfo reports it. */
  release: string;
  targetVersions: string[];
}

export const clusterVersions: readonly ClusterVersionInfo[] = [
  { version: 'v1.27', platformVersion: 'cce.10.0', release: 'v1.27.16', targetVersions: ['v1.28'] },
  { version: 'v1.28', platformVersion: 'cce.6.0', release: 'v1.28.15', targetVersions: ['v1.29'] },
  { version: 'v1.29', platformVersion: 'cce.3.0', release: 'v1.29.10', targetVersions: ['v1.30'] },
  { version: 'v1.30', platformVersion: 'cce.1.0', release: 'v1.30.6', targetVersions: [] },
];

export const latestClusterVersion = 'v1.30';

export function findClusterVersion(version: string): ClusterVersionInfo | undefined {
  // The API accepts both `v1.28` and a patch form such as `v1.28.15`.
  const minor = /^(v\d+\.\d+)(\.\d+.*)?$/.exec(version)?.[1];
  return clusterVersions.find((v) => v.version === minor);
}

export const featureGates = {
  DisplayPreCheckDetail: 'Support',
  EvsSnapshot: 'Disable',
  LabelForSkippedNode: 'Default',
  UpgradeStrategy: 'Support',
} as const;
