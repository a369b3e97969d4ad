import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { call, responseProblems, startTestEmulator } from './helpers.js';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ seed: 'demo' });
});
afterAll(async () => {
  await emu?.stop();
});

describe('demo seed', () => {
  it('has Available clusters in two regions, each with running add-ons', async () => {
    const byRegion: Record<string, string[]> = {};
    for (const p of emu.projects) {
      const res = await call(emu, 'GET', `/autopilot/v3/projects/${p.projectId}/clusters?detail=true`, { projectId: p.projectId });
      expect(responseProblems('ListAutopilotClusters', res.body)).toEqual([]);
      byRegion[p.region] = res.body.items.map((c: any) => `${c.metadata.name}@${c.spec.version}:${c.status.phase}`);
      for (const c of res.body.items) {
        const addons = await call(emu, 'GET', `/autopilot/v3/addons?cluster_id=${c.metadata.uid}`, { projectId: p.projectId });
        expect(addons.body.items.length).toBeGreaterThan(0);
        expect(addons.body.items.every((a: any) => a.status.status === 'running')).toBe(true);
        expect(responseProblems('ListAutopilotAddonInstances', addons.body)).toEqual([]);
      }
    }
    expect(byRegion['cn-north-4']).toEqual(['demo-web@v1.28:Available', 'demo-batch@v1.27:Available']);
    expect(byRegion['cn-east-3']).toEqual(['demo-east@v1.29:Available']);
  });

  it('has a chart with values and a deployed release of it', async () => {
    const charts = await call(emu, 'GET', '/autopilot/v2/charts');
    expect(charts.body.map((c: any) => `${c.name}-${c.version}`)).toEqual(['nginx-demo-1.0.0']);
    const values = await call(emu, 'GET', `/autopilot/v2/charts/${charts.body[0].id}/values`);
    expect(values.body.values.replicaCount).toBe(2);
    const clusters = await call(emu, 'GET', `/autopilot/v3/projects/${emu.projectId}/clusters`);
    const web = clusters.body.items.find((c: any) => c.metadata.name === 'demo-web');
    const release = await call(emu, 'GET', `/autopilot/cam/v3/clusters/${web.metadata.uid}/namespace/default/releases/web`);
    expect(release.body).toMatchObject({ status: 'DEPLOYED', chart_name: 'nginx-demo', version: 1 });
    expect(responseProblems('ShowAutopilotRelease', release.body)).toEqual([]);
  });

  it('offers upgrade paths from the demo clusters\' versions', async () => {
    const clusters = await call(emu, 'GET', `/autopilot/v3/projects/${emu.projectId}/clusters`);
    for (const c of clusters.body.items) {
      const info = await call(emu, 'GET', `/autopilot/v3/projects/${emu.projectId}/clusters/${c.metadata.uid}/upgradeinfo`);
      expect(info.body.spec.versionInfo.targetVersions.length).toBeGreaterThan(0);
    }
  });
});
