import { describe, expect, it } from 'vitest';
import { signRequest } from '../src/index.js';

const AK = 'QTWAOYTTINDUT2QVKYUC';
const SK = 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc';

describe('signRequest', () => {
  it('reproduces the published vector of the signing guide', () => {
    const headers = signRequest({
      method: 'GET',
      url: 'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
      headers: { 'Content-Type': 'application/json', 'X-Sdk-Date': '20191115T033655Z' },
    }, { ak: AK, sk: SK });
    expect(headers).toEqual({
      Authorization: `SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=content-type;host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe`,
      'X-Sdk-Date': '20191115T033655Z',
    });
  });

  it('takes the date from options and returns it as X-Sdk-Date', () => {
    const headers = signRequest({
      method: 'GET',
      url: 'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
      headers: { 'Content-Type': 'application/json' },
    }, { ak: AK, sk: SK }, { date: new Date('2019-11-15T03:36:55.000Z') });
    expect(headers['X-Sdk-Date']).toBe('20191115T033655Z');
    expect(headers.Authorization).toContain('Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe');
  });

  it('signs the security token of temporary credentials and returns it', () => {
    const headers = signRequest({ method: 'GET', url: 'https://cce.cn-north-4.myhuaweicloud.com/api/v3/projects/p/clusters' },
      { ak: AK, sk: SK, securityToken: 'tok' }, { date: new Date(0) });
    expect(headers['X-Security-Token']).toBe('tok');
    expect(headers.Authorization).toContain('SignedHeaders=host;x-sdk-date;x-security-token,');
  });

  it('signs every header the request carries, lower-cased and sorted', () => {
    const headers = signRequest({
      method: 'post', url: 'https://h.example.com/a',
      headers: { 'X-Project-Id': 'p', 'Content-Type': 'application/json', Accept: '*/*', Authorization: 'old' },
      body: '{}',
    }, { ak: AK, sk: SK }, { date: new Date(0) });
    expect(headers.Authorization).toContain('SignedHeaders=accept;content-type;host;x-project-id;x-sdk-date,');
  });

  it('hashes the body bytes, so a string and its UTF-8 bytes sign alike, and a changed body does not', () => {
    const base = { method: 'PUT', url: 'https://h.example.com/a' };
    const creds = { ak: AK, sk: SK };
    const date = new Date(0);
    const text = signRequest({ ...base, body: '{"name":"é"}' }, creds, { date });
    const bytes = signRequest({ ...base, body: new TextEncoder().encode('{"name":"é"}') }, creds, { date });
    const other = signRequest({ ...base, body: '{"name":"e"}' }, creds, { date });
    expect(bytes).toEqual(text);
    expect(other.Authorization).not.toBe(text.Authorization);
  });

  it('does not hash the body when the request carries X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD', () => {
    const req = (body: string) => ({ method: 'POST', url: 'https://h.example.com/a', headers: { 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' }, body });
    const a = signRequest(req('one'), { ak: AK, sk: SK }, { date: new Date(0) });
    const b = signRequest(req('two'), { ak: AK, sk: SK }, { date: new Date(0) });
    expect(a).toEqual(b);
    expect(a.Authorization).toContain('SignedHeaders=host;x-sdk-content-sha256;x-sdk-date,');
  });

  it('treats an encoded and an unencoded path alike and drops the default port', () => {
    const creds = { ak: AK, sk: SK };
    const date = new Date(0);
    const a = signRequest({ method: 'GET', url: 'https://h.example.com:443/v1/a%20b/%C3%A9?x=%7E' }, creds, { date });
    const b = signRequest({ method: 'GET', url: 'https://H.example.com/v1/a b/é?x=~' }, creds, { date });
    expect(b).toEqual(a);
  });

  it('signs dot segments and backslashes the way fetch sends them', () => {
    const creds = { ak: AK, sk: SK };
    const date = new Date(0);
    const plain = signRequest({ method: 'GET', url: 'https://h.example.com/v1/b/c' }, creds, { date });
    expect(signRequest({ method: 'GET', url: 'https://h.example.com/v1/./a/../b/c' }, creds, { date })).toEqual(plain);
    expect(signRequest({ method: 'GET', url: 'https://h.example.com/v1/%2E/b/c' }, creds, { date })).toEqual(plain);
    expect(signRequest({ method: 'GET', url: 'https://h.example.com/v1\\b\\c' }, creds, { date })).toEqual(plain);
    expect(signRequest({ method: 'GET', url: 'https://h.example.com/v1/.b/c' }, creds, { date })).not.toEqual(plain);
  });

  it('rejects what it cannot sign, naming the problem', () => {
    expect(() => signRequest({ method: 'GET', url: '/no-host' }, { ak: AK, sk: SK })).toThrow(/has no host/);
    expect(() => signRequest({ method: 'GET', url: 'https://h/' }, { ak: '', sk: SK })).toThrow(/credentials\.ak/);
    expect(() => signRequest({ method: 'GET', url: 'https://h/' }, { ak: AK, sk: '' })).toThrow(/credentials\.sk/);
    expect(() => signRequest({ method: 'GET', url: 'https://h/', headers: { 'X-Sdk-Date': 'yesterday' } }, { ak: AK, sk: SK })).toThrow(/X-Sdk-Date/);
    expect(() => signRequest({ method: 'GET', url: 'https://h/', headers: { 'x-a': '1', 'X-A': '2' } }, { ak: AK, sk: SK })).toThrow(/twice/);
    expect(() => signRequest({ method: 'GET', url: 'https://h/' }, { ak: AK, sk: SK }, { date: new Date(NaN) })).toThrow(/invalid Date/);
  });

  it('never puts the secret key into an error', () => {
    try {
      signRequest({ method: 'GET', url: '/x' }, { ak: AK, sk: SK });
      expect.unreachable();
    } catch (e) {
      expect(String(e)).not.toContain(SK);
    }
  });
});
