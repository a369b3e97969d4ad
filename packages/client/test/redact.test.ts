import { describe, expect, it } from 'vitest';
import { REDACTED, redactHeaders, redactValue } from '../src/index.js';

describe('redaction', () => {
  it('replaces credential headers whatever their case', () => {
    expect(redactHeaders({ Authorization: 'SDK-HMAC-SHA256 Access=AK, Signature=abc', 'x-auth-token': 't', 'X-Security-Token': 's', 'X-Project-Id': 'p', 'set-cookie': ['a', 'b'] })).toEqual({
      Authorization: REDACTED,
      'x-auth-token': REDACTED,
      'X-Security-Token': REDACTED,
      'X-Project-Id': 'p',
      'set-cookie': REDACTED,
    });
  });

  it('replaces secret fields at any depth, such as kubeconfig client keys', () => {
    const kubeconfig = {
      users: [{ name: 'user', user: { 'client-certificate-data': 'CERT', 'client-key-data': 'KEY' } }],
      credentials: { ak: 'AK', sk: 'SK', password: 'pw' },
      metadata: { name: 'keep', token: '' },
    };
    expect(redactValue(kubeconfig)).toEqual({
      users: [{ name: 'user', user: { 'client-certificate-data': 'CERT', 'client-key-data': REDACTED } }],
      credentials: REDACTED,
      metadata: { name: 'keep', token: '' },
    });
    expect(redactValue({ sk: 'SK', ak: 'AK', privateKey: 'x' })).toEqual({ sk: REDACTED, ak: 'AK', privateKey: REDACTED });
  });
});
