import { describe, expect, it } from 'vitest';
import { cceEndpoint, errorCodes, findErrorCode, findRegion, iamEndpoint, regions } from '../src/index.js';

describe('errorCodes', () => {
  it('holds the 43 rows of the reference, each code once', () => {
    expect(errorCodes).toHaveLength(43);
    expect(new Set(errorCodes.map((e) => e.code)).size).toBe(43);
    for (const e of errorCodes) {
      expect(e.code).toMatch(/^CCE\.0[123]\d{6}$/);
      expect(String(e.httpStatus)).toBe(e.code.slice(6, 9));
    }
  });

  it('finds codes', () => {
    expect(findErrorCode('CCE.01404001')).toMatchObject({ httpStatus: 404, message: 'Resource not found.' });
    expect(findErrorCode('CCE.03409001')?.message).toBe('Addon instance has installed.');
    expect(findErrorCode('CCE.01429001')).toBeUndefined();
    expect(findErrorCode('APIGW.0301')).toBeUndefined();
  });
});

describe('regions', () => {
  it('gives endpoints of known and unknown regions', () => {
    expect(regions.length).toBeGreaterThan(5);
    expect(findRegion('cn-north-4')?.nameZh).toBe('华北-北京四');
    expect(cceEndpoint('cn-north-4')).toBe('https://cce.cn-north-4.myhuaweicloud.com');
    expect(iamEndpoint('ap-southeast-3')).toBe('https://iam.ap-southeast-3.myhuaweicloud.com');
    expect(cceEndpoint('xx-new-9')).toBe('https://cce.xx-new-9.myhuaweicloud.com');
    expect(iamEndpoint('xx-new-9')).toBe('https://iam.xx-new-9.myhuaweicloud.com');
  });

  it('refuses region ids that would change the host', () => {
    expect(() => cceEndpoint('evil.com/x')).toThrow(/Invalid region id/);
    expect(() => iamEndpoint('')).toThrow(/Invalid region id/);
  });
});
