// What the demo seed offers, asked from the emulator's API (never hard-coded names), so each
// scenario finds its own starting point instead of taking it over from another scenario.

/** The first demo cluster that has a chart release, with that release: `{ ...cluster, release }`. */
export async function clusterWithRelease(api) {
  for (const { region, clusters } of await api.world()) {
    for (const cluster of clusters) {
      const answer = await api.call(region, 'ListAutopilotReleases', { cluster_id: cluster.id });
      const releases = Array.isArray(answer) ? answer : (answer.releases ?? answer.items ?? []);
      if (releases.length > 0) return { ...cluster, release: releases[0] };
    }
  }
  throw new Error('no demo cluster has a chart release; the demo seed should have one');
}
