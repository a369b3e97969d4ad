import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChartArchive, demoChartFiles } from '../src/index.js';
import type { RunningEmulator } from '../src/index.js';
import { availableCluster, call, responseProblems, startTestEmulator } from './helpers.js';

let emu: RunningEmulator;
let cluster: string;
beforeAll(async () => {
  emu = await startTestEmulator({ quotas: { charts: 3 } });
  cluster = await availableCluster(emu, 'chart-host');
});
afterAll(async () => {
  await emu?.stop();
});

/** A multipart body as fetch would send it, returned as bytes so it can be signed. */
async function multipart(archive: Buffer, parameters?: Record<string, unknown>): Promise<{ body: Buffer; contentType: string }> {
  const form = new FormData();
  if (parameters) form.set('parameters', JSON.stringify(parameters));
  form.set('content', new Blob([archive]), 'chart.tgz');
  const req = new Request('http://x/', { method: 'POST', body: form });
  return { body: Buffer.from(await req.arrayBuffer()), contentType: req.headers.get('content-type') ?? '' };
}

async function upload(archive: Buffer, parameters?: Record<string, unknown>, method = 'POST', path = '/autopilot/v2/charts', unsigned = false) {
  const { body, contentType } = await multipart(archive, parameters);
  const headers: Record<string, string> = { 'Content-Type': contentType };
  if (unsigned) headers['X-Sdk-Content-Sha256'] = 'UNSIGNED-PAYLOAD';
  return call(emu, method, path, { rawBody: body, headers });
}

const chartV1 = buildChartArchive(demoChartFiles('web-app', '1.0.0'));
const chartV2 = buildChartArchive(demoChartFiles('web-app', '1.1.0', 'featureFlag: true\n'));

describe('charts', () => {
  let chartId: string;
  let chartV2Id: string;

  it('uploads a real chart archive and reads Chart.yaml and values.yaml from it', async () => {
    const res = await upload(chartV1, { override: false, skip_lint: true, source: 'package' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'web-app', version: '1.0.0', chart_url: 'web-app-1.0.0.tgz', public: false });
    expect(JSON.parse(res.body.values)).toMatchObject({ replicaCount: 2, image: { repository: 'nginx' } });
    expect(responseProblems('UploadAutopilotChart', res.body)).toEqual([]);
    chartId = res.body.id;
    const dup = await upload(chartV1);
    expect(dup.status).toBe(409);
    expect(dup.body.errorCode).toBe('CCE.02409001');
    const replaced = await upload(chartV1, { override: true });
    expect(replaced.status).toBe(201);
    expect(replaced.body.id).toBe(chartId);
  });

  it('rejects what is not a chart, naming the problem', async () => {
    const notGzip = await upload(Buffer.from('hello'));
    expect(notGzip.status).toBe(400);
    expect(notGzip.body.errorMessage).toContain('gzip');
    const noChartYaml = await upload(buildChartArchive({ 'x/values.yaml': 'a: 1\n' }));
    expect(noChartYaml.body.errorMessage).toContain('Chart.yaml');
    const json = await call(emu, 'POST', '/autopilot/v2/charts', { body: { content: 'x' } });
    expect(json.status).toBe(400);
    expect(json.body.errorCode).toBe('CCE.01400006');
  });

  it('shows, lists, downloads the same bytes, answers values and the quota', async () => {
    const shown = await call(emu, 'GET', `/autopilot/v2/charts/${chartId}`);
    expect(shown.body.name).toBe('web-app');
    expect(responseProblems('ShowAutopilotChart', shown.body)).toEqual([]);
    const list = await call(emu, 'GET', '/autopilot/v2/charts');
    expect(list.body.map((c: any) => c.id)).toEqual([chartId]);
    expect(responseProblems('ListAutopilotCharts', list.body)).toEqual([]);
    const archive = await call(emu, 'GET', `/autopilot/v2/charts/${chartId}/archive`);
    expect(archive.headers.get('content-type')).toBe('application/octet-stream');
    expect(archive.bytes.equals(chartV1)).toBe(true);
    const values = await call(emu, 'GET', `/autopilot/v2/charts/${chartId}/values`);
    expect(values.body.values.service).toEqual({ type: 'ClusterIP', port: 80 });
    expect(responseProblems('ShowAutopilotChartValues', values.body)).toEqual([]);
    const quota = await call(emu, 'GET', `/autopilot/v2/charts/${emu.projectId}/quotas`);
    expect(quota.body.quotas.resources).toEqual([{ type: 'Charts', quota: 3, used: 1 }]);
    expect(responseProblems('ShowAutopilotUserChartsQuotas', quota.body)).toEqual([]);
  });

  it('updates a chart with an UNSIGNED-PAYLOAD multipart request, as the official SDK sends it', async () => {
    const second = await upload(chartV2);
    chartV2Id = second.body.id;
    const updated = await upload(chartV2, { override: true }, 'PUT', `/autopilot/v2/charts/${chartV2Id}`, true);
    expect(updated.status).toBe(200);
    expect(updated.body.version).toBe('1.1.0');
    expect(responseProblems('UpdateAutopilotChart', updated.body)).toEqual([]);
  });

  it('enforces the chart quota', async () => {
    const third = await upload(buildChartArchive(demoChartFiles('other', '0.1.0')));
    expect(third.status).toBe(201);
    const fourth = await upload(buildChartArchive(demoChartFiles('other', '0.2.0')));
    expect(fourth.status).toBe(400);
    expect(fourth.body.errorMessage).toContain('quota');
    await call(emu, 'DELETE', `/autopilot/v2/charts/${third.body.id}`);
  });

  it('runs a release through install, upgrade, rollback, history and delete', async () => {
    const base = `/autopilot/cam/v3/clusters/${cluster}`;
    const create = await call(emu, 'POST', `${base}/releases`, { body: { chart_id: chartId, name: 'web', namespace: 'default', version: '1.0.0', description: 'first', values: { replicaCount: 3 } } });
    expect(create.status).toBe(201);
    expect(create.body.status).toBe('PENDING_INSTALL');
    expect(responseProblems('CreateAutopilotRelease', create.body)).toEqual([]);
    const dup = await call(emu, 'POST', `${base}/releases`, { body: { chart_id: chartId, name: 'web', namespace: 'default', version: '1.0.0', values: {} } });
    expect(dup.status).toBe(409);
    const one = `${base}/namespace/default/releases/web`;
    const shown = await call(emu, 'GET', one);
    expect(shown.body.status).toBe('DEPLOYED');
    expect(JSON.parse(shown.body.values).replicaCount).toBe(3);
    expect(responseProblems('ShowAutopilotRelease', shown.body)).toEqual([]);

    const up = await call(emu, 'PUT', one, { body: { chart_id: chartV2Id, action: 'upgrade', parameters: {}, values: { imageTag: 'v2' } } });
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ status: 'PENDING_UPGRADE', version: 2, chart_version: '1.1.0' });
    expect(responseProblems('UpdateAutopilotRelease', up.body)).toEqual([]);
    const rb = await call(emu, 'PUT', one, { body: { chart_id: chartId, action: 'rollback', parameters: { release_version: 1 }, values: {} } });
    expect(rb.body).toMatchObject({ status: 'PENDING_ROLLBACK', version: 3, chart_version: '1.0.0' });
    const noRev = await call(emu, 'PUT', one, { body: { chart_id: chartId, action: 'rollback', parameters: { release_version: 9 }, values: {} } });
    expect(noRev.status).toBe(400);

    const history = await call(emu, 'GET', `${one}/history`);
    expect(history.body.map((r: any) => r.version)).toEqual([3, 2, 1]);
    expect(responseProblems('ShowAutopilotReleaseHistory', history.body)).toEqual([]);
    const list = await call(emu, 'GET', `${base}/releases?namespace=default`);
    expect(list.body.map((r: any) => r.name)).toEqual(['web']);
    expect(responseProblems('ListAutopilotReleases', list.body)).toEqual([]);

    const inUse = await call(emu, 'DELETE', `/autopilot/v2/charts/${chartId}`);
    expect(inUse.status).toBe(409);
    const del = await call(emu, 'DELETE', one);
    expect(del.status).toBe(200);
    const gone = await call(emu, 'GET', one);
    expect(gone.status).toBe(404);
    expect(gone.body.errorCode).toBe('CCE.02404001');
    const delChart = await call(emu, 'DELETE', `/autopilot/v2/charts/${chartId}`);
    expect(delChart.status).toBe(200);
    expect((await call(emu, 'GET', `/autopilot/v2/charts/${chartId}`)).status).toBe(404);
  });
});
