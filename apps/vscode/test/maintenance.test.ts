import { describe, expect, it } from 'vitest';
import { delayUpgradePlan, setMaintenanceWindow } from '../src/core/maintenance.js';
import { FakeApi, ScriptUi, apiError } from './fakes.js';

describe('maintenance window and upgrade plans', () => {
  it('creates the window when the cluster has none, and updates it when it has one', async () => {
    const api = new FakeApi({
      ShowAutopilotMaintenanceWindow: () => { throw apiError(404, 'CCE.01404001', 'no window', 'r1'); },
      CreateAutopilotMaintenanceWindow: (i) => i.body,
    });
    const ui = new ScriptUi([['Sunday', 'Saturday'], '25:00', '03:00', '0', '6']);
    expect(await setMaintenanceWindow(ui, api, 'c1', 'demo')).toEqual({ weekly_period: 'Saturday,Sunday', start_time: '03:00', duration_hours: 6 });
    expect(ui.rejected.map((r) => r.value)).toEqual(['25:00', '0']);
    api.handlers.ShowAutopilotMaintenanceWindow = () => ({ weekly_period: 'Friday', start_time: '01:00', duration_hours: 2, upgrade_scope: 'patch' });
    api.handlers.UpdateAutopilotMaintenanceWindow = (i) => i.body;
    expect(await setMaintenanceWindow(new ScriptUi([['Friday'], '01:00', '2']), api, 'c1', 'demo')).toEqual({ weekly_period: 'Friday', start_time: '01:00', duration_hours: 2, upgrade_scope: 'patch' });
    expect(api.calls.filter((c) => c.op !== 'ShowAutopilotMaintenanceWindow').map((c) => [c.op, c.input.path])).toEqual([
      ['CreateAutopilotMaintenanceWindow', { cluster_id: 'c1' }], ['UpdateAutopilotMaintenanceWindow', { cluster_id: 'c1' }],
    ]);
    // A failure other than 404 is not taken for "no window".
    const broken = new FakeApi({ ShowAutopilotMaintenanceWindow: () => { throw apiError(500, 'CCE.01500001', 'boom', 'r2'); } });
    await expect(setMaintenanceWindow(new ScriptUi([]), broken, 'c1', 'demo')).rejects.toThrow(/boom/);
  });

  it('delays a plan to a valid time before its deadline', async () => {
    const plan = {
      kind: 'UpgradePlan', apiVersion: 'v3', metadata: { uid: 'p1' }, status: { phase: 'Pending' as const },
      spec: { clusterID: 'c1', clusterVersion: 'v1.28', targetVersion: 'v1.29', notBefore: '2026-01-03T02:00:00Z', notAfter: '2026-01-03T06:00:00Z', notBeforeDeadline: '2026-02-02T02:00:00Z' },
    };
    const api = new FakeApi({ UpdateAutopilotUpgradePlan: (i) => ({ ...plan, spec: { ...plan.spec, notBefore: (i.body as { notBefore: string }).notBefore } }) });
    const ui = new ScriptUi(['tomorrow', '2026-03-01T00:00:00Z', '2026-01-10T02:00:00Z']);
    expect((await delayUpgradePlan(ui, api, 'c1', plan))?.spec.notBefore).toBe('2026-01-10T02:00:00Z');
    expect(ui.rejected.map((r) => r.problem)).toEqual(['Use an RFC 3339 UTC time, e.g. 2026-01-10T02:00:00Z.', 'It must be before 2026-02-02T02:00:00Z.']);
    expect(api.calls[0]!.input).toEqual({ path: { cluster_id: 'c1', upgrade_plan_id: 'p1' }, body: { notBefore: '2026-01-10T02:00:00Z' } });
  });
});
