import { addonTemplateFixtures } from '@cce-autopilot/models';
import type { AddonMetadata, AddonTemplateInput, AddonTemplate as TemplateDocument, SupportVersions, TemplateSpec, Versions } from '@cce-autopilot/models';

type Obj = Record<string, unknown>;

/** A template version as the catalogue types it, with the fields the emulator relies on made required. */
export interface TemplateVersion extends Versions {
  input: AddonTemplateInput;
  stable: boolean;
  supportVersions: (SupportVersions & { clusterType: string; clusterVersion: string[] })[] | null;
}

/** A template as the catalogue types it (so it is listed as it is), with the fields the emulator relies on required. */
export interface AddonTemplate extends TemplateDocument {
  kind: 'Addon';
  apiVersion: 'v3';
  metadata: AddonMetadata & { name: string; uid: string };
  spec: AddonTemplateSpec;
}

export interface AddonTemplateSpec extends TemplateSpec {
  type: NonNullable<TemplateSpec['type']>;
  labels: string[];
  description: string;
  versions: TemplateVersion[];
}

const clone = <T>(v: T): T => structuredClone(v);

/**
 * A fixture (typed by the reference's schema, where every field is optional) as the emulator's
 * template, whose fields it relies on; a fixture without one is a broken fixture, said at start.
 */
function fromFixture(doc: TemplateDocument): AddonTemplate {
  const { metadata, spec } = clone(doc);
  const where = `add-on template fixture ${metadata?.name ?? '(unnamed)'}`;
  if (!metadata?.name || !metadata.uid) throw new Error(`${where} has no metadata.name or metadata.uid`);
  if (!spec?.type || !spec.labels || spec.description === undefined || !spec.versions) throw new Error(`${where} lacks spec.type, labels, description or versions`);
  return {
    kind: 'Addon',
    apiVersion: 'v3',
    metadata: { ...metadata, name: metadata.name, uid: metadata.uid },
    spec: { ...spec, type: spec.type, labels: spec.labels, description: spec.description, versions: spec.versions.map((v) => versionFromFixture(v, where)) },
  };
}

function versionFromFixture(v: Versions, where: string): TemplateVersion {
  if (!v.input || v.stable === undefined || v.supportVersions === undefined) throw new Error(`${where} version ${v.version} lacks input, stable or supportVersions`);
  const supportVersions = v.supportVersions?.map((s) => {
    if (s.clusterType === undefined || s.clusterVersion === undefined) throw new Error(`${where} version ${v.version} has a supportVersions entry without clusterType or clusterVersion`);
    return { ...s, clusterType: s.clusterType, clusterVersion: s.clusterVersion };
  });
  return { ...v, input: v.input, stable: v.stable, supportVersions: supportVersions ?? null };
}

function supports(...versions: string[]): TemplateVersion['supportVersions'] {
  return [{ clusterType: 'VirtualMachine', clusterVersion: [`v1.(${versions.join('|')}).*`], category: ['Autopilot'] }];
}

/** A later version of a fixture version: same parameters, new image and cluster range. */
function derive(from: TemplateVersion, version: string, clusterMinors: string[], when: string): TemplateVersion {
  const v = clone(from);
  v.version = version;
  v.supportVersions = supports(...clusterMinors);
  const basic = (v.input.basic ?? {}) as Obj;
  if ('image_version' in basic) basic.image_version = version;
  v.creationTimestamp = when;
  v.updateTimestamp = when;
  return v;
}

function metricsServerVersion(version: string, clusterMinors: string[]): TemplateVersion {
  return {
    version,
    stable: true,
    supportVersions: supports(...clusterMinors),
    input: {
      basic: { image_version: `v${version}`, swr_addr: 'swr.cn-north-4.myhuaweicloud.com', swr_user: 'autopilot-official' },
      parameters: {
        'autopilot-flavor1': {
          name: 'autopilot-flavor1',
          category: ['Autopilot'],
          is_default: true,
          replicas: 2,
          resources: [{ name: 'metrics-server', limitsCpu: '1000m', requestsCpu: '500m', limitsMem: '1Gi', requestsMem: '512Mi' }],
        },
        custom: { tolerations: [], node_match_expressions: [] },
      },
    },
    translate: {},
    creationTimestamp: '2024-05-10T08:00:00Z',
    updateTimestamp: '2024-05-10T08:00:00Z',
  };
}

/**
 * The add-on templates the emulator offers: the spec fixtures (CoreDNS 1.28.4/1.28.6, cie-collector
 * 3.9.3) with cluster-version ranges the reference leaves empty, plus derived newer versions and a
 * metrics-server template, so that which add-on fits which cluster version is decided by
 * `supportVersions` as in the cloud.
 */
export function buildTemplates(): AddonTemplate[] {
  const coredns = fromFixture(addonTemplateFixtures.coredns);
  const [v1286, v1284] = coredns.spec.versions as [TemplateVersion, TemplateVersion];
  v1284.supportVersions = supports('27', '28');
  v1286.supportVersions = supports('28', '29');
  coredns.spec.versions = [derive(v1286, '1.30.1', ['29', '30'], '2024-09-02T10:00:00Z'), v1286, v1284];

  const cie = fromFixture(addonTemplateFixtures.cieCollector);
  const cieVersions = cie.spec.versions;
  const newestCie = cieVersions[0];
  if (newestCie) cie.spec.versions = [derive(newestCie, '3.10.2', ['29', '30'], '2024-08-20T09:00:00Z'), ...cieVersions];

  const metrics: AddonTemplate = {
    kind: 'Addon',
    apiVersion: 'v3',
    metadata: { uid: 'metrics-server', name: 'metrics-server', alias: 'metrics-server', creationTimestamp: '2024-05-10T08:00:00Z', updateTimestamp: '2024-05-10T08:00:00Z' },
    spec: {
      type: 'helm',
      require: false,
      labels: ['CloudNativeObservability'],
      logoURL: '',
      readmeURL: '',
      description: 'Metrics Server is a cluster-wide aggregator of resource usage data.',
      versions: [metricsServerVersion('0.7.2', ['29', '30']), metricsServerVersion('0.6.4', ['27', '28', '29'])],
    },
  };
  return [coredns, cie, metrics];
}
