import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeRfc3986 } from '@cce-autopilot/models';
import { createHmac } from 'node:crypto';
import { canonicalEncode, canonicalQuery, canonicalUri, formatSdkDate, hmacSha256Hex, parseSdkDate, splitUrl } from '../src/canonical.js';

describe('canonical request parts', () => {
  // The client encodes with the models' encodeRfc3986 and the signer canonicalises what is on the
  // wire: text the client encoded must already be canonical, or the two sides would sign different
  // strings. canonicalEncode of raw (unencoded) text is the same encoding.
  it('the models\' RFC 3986 encoding is already canonical, and equals canonicalEncode of raw text without escapes', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (text) => {
      const encoded = encodeRfc3986(text);
      expect(canonicalEncode(encoded)).toBe(encoded);
      if (!text.includes('%')) expect(canonicalEncode(text)).toBe(encoded);
    }), { numRuns: 500 });
  });

  it('encodes all but the unreserved characters, upper-case hex, decoding escapes first', () => {
    expect(canonicalEncode('AZaz09-_.~')).toBe('AZaz09-_.~');
    expect(canonicalEncode("*'()!")).toBe('%2A%27%28%29%21');
    expect(canonicalEncode('a b')).toBe('a%20b');
    expect(canonicalEncode('a%20b')).toBe('a%20b');
    expect(canonicalEncode('%7e%2f')).toBe('~%2F');
    expect(canonicalEncode('é')).toBe('%C3%A9');
    expect(canonicalEncode('😀')).toBe('%F0%9F%98%80');
    expect(canonicalEncode('100%')).toBe('100%25');
    expect(canonicalEncode('%zz')).toBe('%25zz');
    expect(canonicalEncode('\ud800x')).toBe('%EF%BF%BDx');
  });

  it('adds a trailing slash to the canonical URI only', () => {
    expect(canonicalUri('')).toBe('/');
    expect(canonicalUri('/')).toBe('/');
    expect(canonicalUri('/v1/a')).toBe('/v1/a/');
    expect(canonicalUri('/v1/a/')).toBe('/v1/a/');
    expect(canonicalUri('/v1//a b')).toBe('/v1//a%20b/');
  });

  it('sorts query pairs by decoded name then value, keeps repeated keys and empty values', () => {
    expect(canonicalQuery('b=2&a=&a=1&c')).toBe('a=&a=1&b=2&c=');
    expect(canonicalQuery('k=%7E&k=%C3%A9')).toBe('k=~&k=%C3%A9');
    expect(canonicalQuery('x=a+b')).toBe('x=a%2Bb');
    expect(canonicalQuery('')).toBe('');
  });

  it('splits absolute URLs and origin-form targets', () => {
    expect(splitUrl('https://user@Host.Example.com:8443/a/b?c=d#frag')).toEqual({ host: 'host.example.com:8443', path: '/a/b', query: 'c=d' });
    expect(splitUrl('http://h:80')).toEqual({ host: 'h', path: '/', query: '' });
    expect(splitUrl('/a?b')).toEqual({ host: undefined, path: '/a', query: 'b' });
  });

  it('parses only real X-Sdk-Date times', () => {
    expect(parseSdkDate('20191115T033655Z')?.toISOString()).toBe('2019-11-15T03:36:55.000Z');
    expect(parseSdkDate('20191332T000000Z')).toBeUndefined();
    expect(parseSdkDate('2019-11-15T03:36:55Z')).toBeUndefined();
  });
});

describe('hmacSha256Hex', () => {
  it('equals createHmac for short, block-sized, long and non-ASCII keys', () => {
    const message = 'SDK-HMAC-SHA256\n20191115T033655Z\n' + 'ab'.repeat(32);
    const keys = ['k', '', 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc', 'x'.repeat(64), 'y'.repeat(65), 'z'.repeat(200), 'clé-秘密', '\u007f\u0000'];
    // Twice, and with more keys than the pad cache holds, so cached pads are checked too.
    for (let round = 0; round < 2; round++) {
      for (const key of [...keys, ...Array.from({ length: 20 }, (_, i) => `key-${i}`)]) {
        expect(hmacSha256Hex(key, message)).toBe(createHmac('sha256', key).update(message).digest('hex'));
      }
    }
  });
});

describe('formatSdkDate', () => {
  it('equals the compacted ISO time for dates across the whole range', () => {
    const iso = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const step = 77_777_777_777; // about 900 days, not aligned to anything
    for (let t = Date.UTC(1, 0, 1); t < Date.UTC(9999, 11, 31); t += step) {
      const d = new Date(t);
      if (d.getUTCFullYear() < 1) continue;
      expect(formatSdkDate(d)).toBe(iso(d));
    }
    for (const s of ['1970-01-01T00:00:00.000Z', '2000-02-29T23:59:59.999Z', '2024-12-31T23:59:59.000Z', '1969-12-31T23:59:59.500Z', '9999-12-31T23:59:59.999Z', '0001-01-01T00:00:00.000Z']) {
      expect(formatSdkDate(new Date(s))).toBe(iso(new Date(s)));
    }
  });

  it('refuses dates it cannot write', () => {
    expect(() => formatSdkDate(new Date(NaN))).toThrow(/invalid Date/);
    expect(() => formatSdkDate(new Date('+010000-01-01T00:00:00Z'))).toThrow(/outside the years/);
  });
});
