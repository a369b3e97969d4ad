import { describe, expect, it } from 'vitest';
import { canonicalEncode, canonicalQuery, canonicalUri, parseSdkDate, splitUrl } from '../src/canonical.js';

describe('canonical request parts', () => {
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
