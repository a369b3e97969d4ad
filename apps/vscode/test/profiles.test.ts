import { describe, expect, it } from 'vitest';
import { ProfileStore, validate, splitList } from '../src/core/profiles.js';
import { MemorySecrets, MemoryState } from './fakes.js';

describe('ProfileStore', () => {
  it('keeps secrets only in secret storage and makes a new profile active', async () => {
    const state = new MemoryState();
    const secrets = new MemorySecrets();
    const store = new ProfileStore(state, secrets);
    const p = await store.add({ name: 'dev', kind: 'aksk', regions: ['cn-north-4'] }, { ak: 'AKEXAMPLE', sk: 'SECRET-SK' }, 'id1');
    expect(store.active()?.id).toBe('id1');
    expect(JSON.stringify([...state.data.entries()])).not.toContain('SECRET-SK');
    expect(await store.secret(p.id)).toEqual({ ak: 'AKEXAMPLE', sk: 'SECRET-SK' });
    await store.remove('id1');
    expect(secrets.data.size).toBe(0);
    expect(store.active()).toBeUndefined();
    await expect(store.secret('id1')).rejects.toThrow(/sign in again/);
  });

  it('lists the settings profile first, and refuses to edit it', async () => {
    const store = new ProfileStore(new MemoryState(), new MemorySecrets(), () => ({
      profile: { id: 'settings-emulator', name: 'emulator (settings)', kind: 'emulator', regions: ['cn-north-4'], fromSettings: true },
      secret: { ak: 'a', sk: 'b' },
    }));
    await store.add({ name: 'real', kind: 'aksk', regions: [] }, { ak: 'x', sk: 'y' }, 'r1');
    expect(store.list().map((p) => p.id)).toEqual(['settings-emulator', 'r1']);
    expect(await store.secret('settings-emulator')).toEqual({ ak: 'a', sk: 'b' });
    await expect(store.update('settings-emulator', { regions: [] })).rejects.toThrow(/settings/);
    await store.setActive('settings-emulator');
    expect(store.active()?.name).toBe('emulator (settings)');
  });
});

describe('validate', () => {
  it('explains what is wrong with sign-in input', () => {
    expect(validate.region('cn-north-4')).toBeUndefined();
    expect(validate.region('CN North')).toMatch(/not a region id/);
    expect(validate.regions('cn-north-4, bad_region')).toMatch(/"bad_region"/);
    expect(validate.accessKey('AK WITH SPACE')).toMatch(/no spaces/);
    expect(validate.name('dev', ['dev'])).toMatch(/exists/);
    expect(validate.url('ftp://x')).toMatch(/http/);
    expect(validate.projectId('abc/def')).toMatch(/letters/);
    expect(splitList('a, b  a,,c')).toEqual(['a', 'b', 'c']);
  });
});
