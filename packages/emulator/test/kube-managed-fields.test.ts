import { describe, expect, it } from 'vitest';
import { flatten, fromFieldsV1, nextManagedFields, pruneUnapplied, toFieldsV1 } from '../src/kube/managed-fields.js';

const SEP = '\u0000';
const dep = (containers: { name: string; image: string }[], labels: Record<string, string> = { app: 'web' }) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels },
  spec: { replicas: 2, template: { spec: { containers } } },
  status: { replicas: 2 },
});

describe('managed fields', () => {
  it('keys lists of named objects by name and round-trips FieldsV1', () => {
    const paths = flatten(dep([{ name: 'main', image: 'nginx' }]));
    expect([...paths.keys()].map((p) => p.split(SEP).join(' '))).toEqual([
      'f:metadata f:labels f:app',
      'f:spec f:replicas',
      'f:spec f:template f:spec f:containers k:{"name":"main"} .',
      'f:spec f:template f:spec f:containers k:{"name":"main"} f:name',
      'f:spec f:template f:spec f:containers k:{"name":"main"} f:image',
    ]);
    const tree = toFieldsV1([...paths.keys()]);
    expect(tree).toEqual({ 'f:metadata': { 'f:labels': { 'f:app': {} } }, 'f:spec': { 'f:replicas': {}, 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"main"}': { '.': {}, 'f:name': {}, 'f:image': {} } } } } } });
    expect(fromFieldsV1(tree)).toEqual(new Set(paths.keys()));
  });

  it('an apply that leaves out a container and a label the manager applied before removes them', () => {
    const applied = dep([{ name: 'main', image: 'nginx' }, { name: 'side', image: 'busybox' }], { app: 'web', tier: 'front' });
    const managedFields = nextManagedFields(undefined, applied, 'me', 'Apply', '2026-03-01T08:00:00Z', applied);
    expect(managedFields).toMatchObject([{ manager: 'me', operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1' }]);
    const current = { ...applied, metadata: { ...applied.metadata, managedFields } };
    const patch = dep([{ name: 'main', image: 'nginx' }]);
    const next = structuredClone(current);
    pruneUnapplied(current, next, patch, 'me');
    expect(next.spec.template.spec.containers).toEqual([{ name: 'main', image: 'nginx' }]);
    expect(next.metadata.labels).toEqual({ app: 'web' });
  });
});
