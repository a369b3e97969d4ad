import { describe, expect, it } from 'vitest';
import { addonTemplateFixtures, checkValue, schemas } from '../src/index.js';
import { undocumentedKeys } from './undocumented.js';

describe('addonTemplateFixtures', () => {
  it('validate as add-on templates and versions', () => {
    for (const template of addonTemplateFixtures.all) {
      expect(checkValue(schemas.AddonTemplate, template)).toEqual([]);
      expect(undocumentedKeys(schemas.AddonTemplate, template)).toEqual([]);
    }
    for (const version of Object.values(addonTemplateFixtures.corednsVersions)) expect(checkValue(schemas.Versions, version)).toEqual([]);
  });

  it('hold the documented data', () => {
    const cie = addonTemplateFixtures.cieCollector;
    expect(cie.metadata?.name).toBe('cie-collector');
    expect(cie.metadata?.alias).toBe('kube-prometheus-stack');
    expect(cie.spec?.versions?.map((v) => v.version)).toEqual(['3.9.3']);
    const parameters = cie.spec?.versions?.[0]?.input?.parameters as Record<string, { is_default?: boolean }>;
    expect(parameters['autopilot-flavor5']?.is_default).toBe(true);
    expect(addonTemplateFixtures.coredns.spec?.versions?.map((v) => v.version)).toEqual(['1.28.6', '1.28.4']);
    const flavor1284 = (addonTemplateFixtures.corednsVersions['1.28.4'].input?.parameters as Record<string, { resources: { limitsMem?: string }[] }>)['autopilot-flavor1'];
    expect(flavor1284?.resources[0]?.limitsMem).toBe('1Gi');
  });
});
