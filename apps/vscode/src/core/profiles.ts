import { randomUUID } from 'node:crypto';

/** How a profile signs in. Secrets of every kind live only in the editor's secret storage. */
export type ProfileKind = 'aksk' | 'temporary' | 'password' | 'emulator';

/** What is kept in plain storage: never a secret. */
export interface Profile {
  readonly id: string;
  readonly name: string;
  readonly kind: ProfileKind;
  readonly regions: readonly string[];
  /** Project id per region, when the user gave it or it was looked up. */
  readonly projectIds?: Readonly<Record<string, string>>;
  /** IAM account (domain) name, for password sign-in. */
  readonly domainName?: string;
  readonly userName?: string;
  /** Endpoint of every service (the emulator's URL). */
  readonly endpoint?: string;
  /** True for the profile made from settings; it cannot be edited or deleted from the UI. */
  readonly fromSettings?: boolean;
}

export interface ProfileSecret {
  readonly ak?: string;
  readonly sk?: string;
  readonly securityToken?: string;
  readonly password?: string;
}

/** The editor's key-value state (VS Code's Memento). */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

/** The editor's secret storage (VS Code's SecretStorage). */
export interface SecretStore {
  get(key: string): Thenable<string | undefined> | Promise<string | undefined>;
  store(key: string, value: string): Thenable<void> | Promise<void>;
  delete(key: string): Thenable<void> | Promise<void>;
}

const PROFILES = 'cceAutopilot.profiles';
const ACTIVE = 'cceAutopilot.activeProfile';
const secretKey = (id: string) => `cceAutopilot.profile.${id}`;

export const regionPattern = /^[a-z]{2}(-[a-z0-9]+)+$/;
const projectIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

/** Checks sign-in input; returns the message to show next to the field, or undefined when fine. */
export const validate = {
  name(v: string, taken: readonly string[]): string | undefined {
    if (!v.trim()) return 'A profile needs a name.';
    if (taken.includes(v.trim())) return `A profile named "${v.trim()}" exists already.`;
    return undefined;
  },
  accessKey(v: string): string | undefined {
    if (!v.trim()) return 'Enter the access key id (AK).';
    if (/\s/.test(v.trim())) return 'An access key id has no spaces.';
    return undefined;
  },
  secret(v: string, what: string): string | undefined {
    return v.length === 0 ? `Enter the ${what}.` : undefined;
  },
  region(v: string): string | undefined {
    return regionPattern.test(v.trim()) ? undefined : `"${v}" is not a region id such as cn-north-4.`;
  },
  regions(v: string): string | undefined {
    const list = splitList(v);
    if (list.length === 0) return undefined;
    const bad = list.find((r) => !regionPattern.test(r));
    return bad ? `"${bad}" is not a region id such as cn-north-4.` : undefined;
  },
  projectId(v: string): string | undefined {
    if (!v.trim()) return undefined;
    return projectIdPattern.test(v.trim()) ? undefined : 'A project id has only letters, digits, "-" and "_".';
  },
  url(v: string): string | undefined {
    try {
      const u = new URL(v.trim());
      return u.protocol === 'http:' || u.protocol === 'https:' ? undefined : 'Use an http:// or https:// URL.';
    } catch {
      return `"${v}" is not a URL.`;
    }
  },
};

export function splitList(v: string): string[] {
  return [...new Set(v.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean))];
}

/** Profiles in plain storage, their secrets in secret storage, and which one is active. */
export class ProfileStore {
  constructor(
    private readonly state: KeyValueStore,
    private readonly secrets: SecretStore,
    /** The profile described by settings (emulator), when there is one. */
    private readonly fromSettings: () => { profile: Profile; secret: ProfileSecret } | undefined = () => undefined,
  ) {}

  list(): Profile[] {
    const stored = this.state.get<Profile[]>(PROFILES) ?? [];
    const settings = this.fromSettings();
    return settings ? [settings.profile, ...stored.filter((p) => p.id !== settings.profile.id)] : stored;
  }

  get(id: string): Profile | undefined {
    return this.list().find((p) => p.id === id);
  }

  active(): Profile | undefined {
    const list = this.list();
    const id = this.state.get<string>(ACTIVE);
    return list.find((p) => p.id === id) ?? list[0];
  }

  async setActive(id: string): Promise<void> {
    if (!this.get(id)) throw new Error(`There is no profile with id ${id}.`);
    await this.state.update(ACTIVE, id);
  }

  async add(fields: Omit<Profile, 'id'>, secret: ProfileSecret, id: string = randomUUID()): Promise<Profile> {
    const profile: Profile = { ...fields, id };
    const others = (this.state.get<Profile[]>(PROFILES) ?? []).filter((p) => p.id !== id);
    // The secret goes first: a profile must never exist without the secret it needs.
    await this.secrets.store(secretKey(id), JSON.stringify(secret));
    await this.state.update(PROFILES, [...others, profile]);
    await this.state.update(ACTIVE, id);
    return profile;
  }

  async update(id: string, change: Partial<Omit<Profile, 'id'>>): Promise<Profile> {
    const stored = this.state.get<Profile[]>(PROFILES) ?? [];
    const current = stored.find((p) => p.id === id);
    if (!current) throw new Error(this.get(id)?.fromSettings ? 'This profile comes from settings; change it there.' : `There is no profile with id ${id}.`);
    const next = { ...current, ...change, id };
    await this.state.update(PROFILES, stored.map((p) => (p.id === id ? next : p)));
    return next;
  }

  async remove(id: string): Promise<void> {
    const stored = this.state.get<Profile[]>(PROFILES) ?? [];
    await this.state.update(PROFILES, stored.filter((p) => p.id !== id));
    await this.secrets.delete(secretKey(id));
    if (this.state.get<string>(ACTIVE) === id) await this.state.update(ACTIVE, undefined);
  }

  async secret(id: string): Promise<ProfileSecret> {
    const settings = this.fromSettings();
    if (settings && settings.profile.id === id) return settings.secret;
    const raw = await this.secrets.get(secretKey(id));
    if (!raw) throw new Error('The secret of this profile is missing from secret storage; sign in again.');
    return JSON.parse(raw) as ProfileSecret;
  }
}
