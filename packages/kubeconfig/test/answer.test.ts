import { describe, expect, it } from 'vitest';
import { buildEntries, ClusterCertError, entryName } from '../src/index.js';
import { answer, CA_DATA, CERT_EXPIRY, KEY_DATA } from './helpers.js';

const cluster = { id: 'c-123', name: 'MyCluster', region: 'cn-north-4' };

describe('buildEntries', () => {
  it('renames the generic names per cluster and keeps references consistent', () => {
    const e = buildEntries(answer(), cluster);
    expect(e.cluster.name).toBe('cce-cn-north-4-mycluster-internal');
    expect(e.user.name).toBe('cce-cn-north-4-mycluster-internal');
    expect(e.context.name).toBe('cce-cn-north-4-mycluster-internal');
    expect(e.context.value).toMatchObject({ cluster: e.cluster.name, user: e.user.name });
    expect(e.cluster.value).toMatchObject({ server: 'https://192.168.1.7:5443', 'certificate-authority-data': CA_DATA });
    expect(e.user.value['client-key-data']).toBe(KEY_DATA);
    expect(e.owner).toEqual({ clusterId: 'c-123', clusterName: 'MyCluster', region: 'cn-north-4', endpoint: 'internal' });
    expect(e.cluster.value.extensions).toEqual([{ name: 'cce-autopilot', extension: e.owner }]);
    expect(e.warnings).toEqual([]);
    expect(e.certificateExpiresAt).toEqual(CERT_EXPIRY);
  });

  it('uses the internal endpoint unless the external one is asked for', () => {
    const a = answer({ external: 'https://1.2.3.4:5443' });
    expect(buildEntries(a, cluster).cluster.value.server).toBe('https://192.168.1.7:5443');
    const ext = buildEntries(a, cluster, { endpoint: 'external' });
    expect(ext.cluster.name).toBe('cce-cn-north-4-mycluster-external');
    expect(ext.cluster.value).toMatchObject({ server: 'https://1.2.3.4:5443', 'insecure-skip-tls-verify': true });
    // kubectl refuses a CA next to insecure-skip-tls-verify.
    expect(ext.cluster.value['certificate-authority-data']).toBeUndefined();
    expect(ext.warnings.join(' ')).toMatch(/WITHOUT verifying/);
  });

  it('explains a missing external endpoint', () => {
    expect(() => buildEntries(answer(), cluster, { endpoint: 'external' })).toThrow(/no external endpoint.*offered: internal/);
  });

  it('takes a custom context name', () => {
    expect(buildEntries(answer(), cluster, { contextName: 'prod' }).context.name).toBe('prod');
  });

  it('rejects broken answers without echoing the key', () => {
    const noKey = answer({ key: 'not base64 !!' });
    expect(() => buildEntries(noKey, cluster)).toThrow(ClusterCertError);
    expect(() => buildEntries(noKey, cluster)).not.toThrow(/not base64 !!/);
    expect(() => buildEntries({ ...answer(), clusters: [] }, cluster)).toThrow(/refers to cluster "internalCluster"/);
    expect(() => buildEntries(answer({ server: 'http://x' }), cluster)).toThrow(/https server/);
    expect(() => buildEntries(answer(), { ...cluster, id: '' })).toThrow(/cluster id/);
    const wrongType = answer();
    (wrongType.users?.[0]?.user as Record<string, unknown>)['client-key-data'] = 42;
    expect(() => buildEntries(wrongType, cluster)).toThrow(/does not match spec 01 4\.1\.6: .*client-key-data/);
    expect(() => buildEntries({ ...answer(), clusters: 'x' } as never, cluster)).toThrow(/clusters/);
  });

  it('makes names safe for kubectl and shells', () => {
    expect(entryName({ name: 'My_Cluster 01', region: 'ap-southeast-1' }, 'external')).toBe('cce-ap-southeast-1-my-cluster-01-external');
  });
});
