import * as vscode from 'vscode';
import type { Profile, ProfileSecret } from '../core/profiles.js';

export const SETTINGS_PROFILE_ID = 'settings-emulator';

export interface Settings {
  readonly regions: string[];
  readonly endpoint: string;
  readonly endpoints: Record<string, string>;
  readonly iamEndpoint: string;
  readonly region: string;
  readonly projectId: string;
  readonly emulatorAccessKey: string;
  readonly emulatorSecretKey: string;
  readonly emulatorUrl: string;
  readonly emulatorPath: string;
  readonly kubeconfigPath: string;
  readonly pollIntervalSeconds: number;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration('cceAutopilot');
  return {
    regions: c.get<string[]>('regions') ?? [],
    endpoint: (c.get<string>('endpoint') ?? '').trim(),
    endpoints: c.get<Record<string, string>>('endpoints') ?? {},
    iamEndpoint: (c.get<string>('iamEndpoint') ?? '').trim(),
    region: (c.get<string>('region') ?? '').trim(),
    projectId: (c.get<string>('projectId') ?? '').trim(),
    emulatorAccessKey: (c.get<string>('emulator.accessKey') ?? '').trim(),
    emulatorSecretKey: c.get<string>('emulator.secretKey') ?? '',
    emulatorUrl: (c.get<string>('emulator.url') ?? '').trim(),
    emulatorPath: (c.get<string>('emulator.path') ?? '').trim(),
    kubeconfigPath: (c.get<string>('kubeconfigPath') ?? '').trim(),
    pollIntervalSeconds: c.get<number>('pollIntervalSeconds') ?? 5,
  };
}

/**
 * The emulator profile that settings describe (`cceAutopilot.endpoint` + emulator keys). Real
 * credentials never come from settings: this profile exists only with an explicit endpoint.
 */
export function settingsProfile(s: Settings): { profile: Profile; secret: ProfileSecret } | undefined {
  if (!s.endpoint || !s.emulatorAccessKey || !s.emulatorSecretKey) return undefined;
  const regions = s.regions.length > 0 ? s.regions : s.region ? [s.region] : [];
  return {
    profile: {
      id: SETTINGS_PROFILE_ID, name: 'emulator (settings)', kind: 'emulator', regions, endpoint: s.endpoint, fromSettings: true,
      // The project id belongs to `cceAutopilot.region` only; other regions' projects are looked up through IAM.
      ...(s.projectId && s.region ? { projectIds: { [s.region]: s.projectId } } : {}),
    },
    secret: { ak: s.emulatorAccessKey, sk: s.emulatorSecretKey },
  };
}
