import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  addonInstanceStatuses, clusterPhases, compareVersions, iamIdPattern, isDomainId, isFailedPhase, isProjectId, isSettledPhase, isTransientPhase, isUuid,
  jobPhases, phaseClass, phaseClasses, phaseOf, pointStatuses, postcheckPhases, precheckItemPhases, precheckPhases, releaseStatuses, sameMinorVersion,
  snapshotPhases, supportsCluster, taskPhaseClasses, upgradeInfoPhases, upgradePlanPhases, upgradeTaskPhases, uuidPattern, v2JobStatuses, workflowPhases,
  type OperationInput, type OperationOutput, type PhaseClass, type PhasedResource, type BinaryResponse, type AutopilotCluster,
} from '../src/index.js';

describe('phase classes', () => {
  const enums: [PhasedResource, readonly string[]][] = [
    ['cluster', clusterPhases], ['addonInstance', addonInstanceStatuses], ['release', releaseStatuses], ['job', jobPhases], ['v2Job', v2JobStatuses],
    ['upgradeTask', upgradeTaskPhases], ['upgradeInfo', upgradeInfoPhases], ['precheck', precheckPhases], ['precheckItem', precheckItemPhases],
    ['postcheck', postcheckPhases], ['snapshot', snapshotPhases], ['workflow', workflowPhases], ['workflowPoint', pointStatuses], ['upgradePlan', upgradePlanPhases],
  ];

  it.each(enums)('%s: exactly its enum is classified', (resource, values) => {
    expect(Object.keys(phaseClasses[resource]).sort()).toEqual([...values].sort());
  });

  // The cases the four former copies (client waiters, the extension's present/values/flows) decided,
  // and the ones where they disagreed (addon `abnormal`, which the waiters left out).
  const cases: [PhasedResource, string, PhaseClass][] = [
    ['cluster', 'Available', 'settled'], ['cluster', 'Creating', 'transient'], ['cluster', 'Deleting', 'transient'], ['cluster', 'Awaking', 'transient'],
    ['cluster', 'Unavailable', 'failed'], ['cluster', 'Error', 'failed'], ['cluster', 'ResizeFailed', 'failed'], ['cluster', 'RollbackFailed', 'failed'],
    ['cluster', 'Hibernation', 'settled'], ['cluster', 'Frozen', 'settled'], ['cluster', 'Empty', 'settled'],
    ['addonInstance', 'abnormal', 'failed'], ['addonInstance', 'installFailed', 'failed'], ['addonInstance', 'upgradeFailed', 'failed'],
    ['addonInstance', 'rollbackFailed', 'failed'], ['addonInstance', 'deleteFailed', 'failed'], ['addonInstance', 'installing', 'transient'],
    ['addonInstance', 'rollbacking', 'transient'], ['addonInstance', 'running', 'settled'], ['addonInstance', 'available', 'settled'],
    ['addonInstance', 'deleteSuccess', 'settled'], ['addonInstance', 'unknown', 'settled'],
    ['release', 'DEPLOYED', 'settled'], ['release', 'DELETED', 'settled'], ['release', 'FAILED', 'failed'], ['release', 'UNKNOWN', 'failed'],
    ['release', 'PENDING_INSTALL', 'transient'], ['release', 'PENDING_UPGRADE', 'transient'], ['release', 'PENDING_ROLLBACK', 'transient'], ['release', 'DELETING', 'transient'],
    ['job', 'Initializing', 'transient'], ['job', 'Success', 'settled'], ['job', 'Failed', 'failed'],
    ['upgradeTask', 'Queuing', 'transient'], ['upgradeTask', 'Pause', 'settled'], ['upgradeTask', 'Failed', 'failed'],
    ['precheck', 'Error', 'failed'], ['precheck', 'Init', 'transient'], ['snapshot', 'Success', 'settled'],
    ['workflow', 'Init', 'transient'], ['workflow', 'Pending', 'failed'], ['workflow', 'Cancel', 'settled'], ['workflow', 'Success', 'settled'],
    ['upgradePlan', 'Pending', 'settled'], ['upgradePlan', 'Upgrading', 'transient'], ['upgradePlan', 'Skipped', 'settled'],
    ['task', 'Initializing', 'transient'], ['task', 'Init', 'transient'], ['task', 'Pending', 'failed'], ['task', 'Cancel', 'settled'], ['task', 'Error', 'failed'],
  ];
  it.each(cases)('%s %s is %s', (resource, phase, cls) => {
    expect(phaseClass(resource, phase)).toBe(cls);
    expect(isTransientPhase(resource, phase)).toBe(cls === 'transient');
    expect(isFailedPhase(resource, phase)).toBe(cls === 'failed');
    expect(isSettledPhase(resource, phase)).toBe(cls === 'settled');
  });

  it('knows nothing of absent phases, new words or inherited names', () => {
    expect(phaseClass('cluster', undefined)).toBeUndefined();
    expect(phaseClass('cluster', 'Melting')).toBeUndefined();
    expect(phaseClass('addonInstance', 'constructor')).toBeUndefined();
    expect(phaseClass('task', 'toString')).toBeUndefined();
    expect(isFailedPhase('cluster', 'Melting')).toBe(false);
  });

  it('the task vocabulary agrees with every task table it merges', () => {
    const merged: PhasedResource[] = ['job', 'v2Job', 'upgradeTask', 'upgradeInfo', 'precheck', 'precheckItem', 'postcheck', 'snapshot', 'workflow', 'workflowPoint'];
    for (const resource of merged) {
      for (const [phase, cls] of Object.entries(phaseClasses[resource])) expect([resource, phase, taskPhaseClasses[phase]]).toEqual([resource, phase, cls]);
    }
  });

  it('reads each resource\'s phase under its own name', () => {
    expect(phaseOf.cluster({ status: { phase: 'Available' } } as AutopilotCluster)).toBe('Available');
    expect(phaseOf.addonInstance({ status: { status: 'abnormal' } } as never)).toBe('abnormal');
    expect(phaseOf.release({ status: 'DEPLOYED' })).toBe('DEPLOYED');
    expect(phaseOf.v2Job({ status: { status: 'Running' } } as never)).toBe('Running');
    expect(phaseOf.workflow({})).toBeUndefined();
    expectTypeOf(phaseOf.cluster).returns.toEqualTypeOf<(typeof clusterPhases)[number] | undefined>();
  });
});

describe('compareVersions', () => {
  const sign = (n: number) => Math.sign(n);
  // [a, b, expected sign]
  const cases: [string, string, -1 | 0 | 1][] = [
    // what both former copies agreed on
    ['1.10.0', '1.9.9', 1], ['1.28.6', '1.28.4', 1], ['1.2', '1.2.0', 0], ['1.30.1', '1.28.6', 1], ['0.7.2', '0.6.4', 1],
    // the extension's cases: a leading "v" is ignored
    ['v1.28', '1.28', 0], ['v1.29', 'v1.28', 1], ['v1.28.5-r0', 'v1.28', 1],
    // where the emulator (non-numbers read as 0) was wrong
    ['v2.0', 'v1.9', 1], ['v1.19.16-r80', 'v1.19.16-r0', 1], ['v1.23.8-r0', 'v1.23.5-r0', 1],
    // where the extension (localeCompare of mixed parts) was wrong
    ['v1.19.16-r10', 'v1.19.16-r9', 1],
    // a revision comes after its patch (the extension's order; the emulator called them equal)
    ['1.28.3-r0', '1.28.3', 1],
    // platform versions
    ['cce.10.0', 'cce.9.3', 1], ['cce.10', 'cce.10.0', 0],
  ];
  it.each(cases)('%s vs %s -> %i', (a, b, expected) => {
    expect(sign(compareVersions(a, b))).toBe(expected);
    expect(sign(compareVersions(b, a))).toBe(expected === 0 ? 0 : -expected);
  });

  it('is a total order on the spec\'s version strings', () => {
    const sorted = ['v1.17.17-r0', 'v1.19.16-r0', 'v1.19.16-r9', 'v1.19.16-r80', 'v1.23', 'v1.23.5-r0', 'v1.23.8-r0', 'v1.28', 'v1.28.5-r0', 'v1.29', 'v1.30'];
    const shuffled = [...sorted].reverse();
    shuffled.splice(3, 0, shuffled.splice(7, 1)[0]!);
    expect(shuffled.sort(compareVersions)).toEqual(sorted);
    for (const a of sorted) for (const b of sorted) for (const c of sorted) {
      if (compareVersions(a, b) < 0 && compareVersions(b, c) < 0) expect(compareVersions(a, c)).toBeLessThan(0);
    }
  });

  it('sameMinorVersion compares major.minor only', () => {
    expect(sameMinorVersion('v1.28.5-r0', 'v1.28')).toBe(true);
    expect(sameMinorVersion('v1.28', '1.28.3')).toBe(true);
    expect(sameMinorVersion('v1.28', 'v1.29')).toBe(false);
    expect(sameMinorVersion('latest', 'latest')).toBe(true);
  });
});

describe('supportsCluster', () => {
  const withV = { supportVersions: [{ clusterVersion: ['v1.(27|28).*'] }] };
  const withoutV = { supportVersions: [{ clusterVersion: ['1.(29|30).*'] }] };
  const cases: [string, object, string | undefined, boolean][] = [
    ['no list supports all', { supportVersions: null }, 'v1.28', true],
    ['an empty list supports all', { supportVersions: [] }, 'v1.28', true],
    ['entries without patterns support all', { supportVersions: [{ clusterVersion: null }, {}] }, 'v1.31', true],
    ['an unknown cluster version passes', withV, undefined, true],
    ['an api-style version against a v-pattern', withV, 'v1.28', true],
    ['a long api-style version', withV, 'v1.27.3-r0', true],
    ['a version without v against a v-pattern', withV, '1.28', true],
    ['an api-style version against a pattern without v (the emulator said no)', withoutV, 'v1.29', true],
    ['a version without v against a pattern without v', withoutV, '1.30.1', true],
    ['an unsupported minor', withV, 'v1.31', false],
    ['the pattern\'s own ".*" is taken as written', withV, 'v1.281', true],
    ['anchored at the start', withV, 'xv1.28', false],
    ['a broken pattern supports nothing', { supportVersions: [{ clusterVersion: ['v1.(28'] }] }, 'v1.28', false],
    ['a broken pattern beside a good one', { supportVersions: [{ clusterVersion: ['v1.(28', 'v1.28.*'] }] }, 'v1.28', true],
  ];
  it.each(cases)('%s', (_name, template, version, expected) => {
    expect(supportsCluster(template, version)).toBe(expected);
  });
});

describe('id formats', () => {
  it.each([
    ['e18f8b25-2270-11ef-a160-0255ac100100', true],
    ['C6549063-D459-4AE1-9550-B5FEC6741B0F', true],
    ['354331b2c-229a-11e8-9c75-0255ac100ceb', false], // the damaged 4.1.7 example: 9 digits first
    ['my-cluster', false],
    ['', false],
  ])('isUuid(%j) = %s', (value, expected) => expect(isUuid(value)).toBe(expected));

  it.each([
    ['e9993fc787d94b6c886cbaa340f9c0f4', true],
    ['47eb1d64cbeb45cfa01ae20af4f4b563', true],
    ['E9993FC787D94B6C886CBAA340F9C0F4', false],
    ['e9993fc787d94b6c886cbaa340f9c0f', false],
    ['e18f8b25-2270-11ef-a160-0255ac100100', false],
  ])('isProjectId(%j) = %s', (value, expected) => {
    expect(isProjectId(value)).toBe(expected);
    expect(isDomainId(value)).toBe(expected);
  });

  it('exports the patterns as sources that compile', () => {
    expect(new RegExp(uuidPattern).test('e18f8b25-2270-11ef-a160-0255ac100100')).toBe(true);
    expect(new RegExp(iamIdPattern).test('0abdd2dce980d4162f8ac006608ee02d')).toBe(true);
  });
});

describe('operation contract types', () => {
  it('derives inputs and outputs from the catalogue', () => {
    expectTypeOf<OperationInput<'ShowAutopilotCluster'>>().toHaveProperty('cluster_id').toEqualTypeOf<string>();
    expectTypeOf<OperationInput<'ShowAutopilotCluster'>['project_id']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<OperationOutput<'ShowAutopilotCluster'>>().toMatchTypeOf<AutopilotCluster>();
    expectTypeOf<OperationOutput<'DownloadAutopilotChart'>>().toEqualTypeOf<BinaryResponse>();
    expectTypeOf<OperationInput<'ListVpcs'>>().toHaveProperty('limit');
  });
});
