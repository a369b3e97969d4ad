import { CceApiError } from '@cce-autopilot/client';
import { describe, expect, it } from 'vitest';
import { describeFailure, formatFailure, isAbort } from '../src/core/api.js';
import { addonLook, clusterLook, daysLeft, releaseLook, taskLook } from '../src/core/present.js';

describe('failures', () => {
  it('shows service code, message and request id of the client error', () => {
    const e = new CceApiError({ status: 404, code: 'CCE.01404001', message: 'cluster not found', requestId: 'r-1', operation: 'ShowAutopilotCluster', retryable: false });
    const f = describeFailure(e);
    expect(f).toEqual({ status: 404, code: 'CCE.01404001', message: 'cluster not found', requestId: 'r-1' });
    expect(formatFailure(f)).toBe('CCE.01404001: cluster not found (request r-1)');
  });

  it('falls back to the HTTP status or the plain message', () => {
    expect(formatFailure(describeFailure(Object.assign(new Error('bad gateway'), { status: 502 })))).toBe('HTTP 502: bad gateway');
    expect(formatFailure(describeFailure(new Error('offline')))).toBe('offline');
    expect(formatFailure(describeFailure('text'))).toBe('text');
    expect(isAbort(Object.assign(new Error('x'), { name: 'AbortError' }))).toBe(true);
  });
});

describe('looks', () => {
  it('marks transient phases for polling and failures in red', () => {
    expect(clusterLook('Creating').transient).toBe(true);
    expect(clusterLook('Available')).toMatchObject({ transient: false, color: 'testing.iconPassed' });
    expect(clusterLook('Error').color).toBe('testing.iconFailed');
    expect(addonLook('installing').transient).toBe(true);
    expect(addonLook('upgradeFailed').color).toBe('testing.iconFailed');
    expect(releaseLook('PENDING_UPGRADE').transient).toBe(true);
    expect(releaseLook('DEPLOYED').transient).toBe(false);
    expect(taskLook('Queuing').transient).toBe(true);
    expect(taskLook('Success').transient).toBe(false);
    expect(daysLeft(new Date('2026-01-10T00:00:00Z'), new Date('2026-01-01T12:00:00Z'))).toBe(8);
    expect(daysLeft(new Date('2026-01-01T00:00:00Z'), new Date('2026-01-02T00:00:00Z'))).toBe(-1);
  });
});
