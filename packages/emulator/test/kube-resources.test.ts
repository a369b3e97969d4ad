import { describe, expect, it } from 'vitest';
import { BUILTIN_TYPES, TypeRegistry } from '../src/kube/resources.js';

const hpaV1 = BUILTIN_TYPES.find((t) => t.kind === 'HorizontalPodAutoscaler' && t.version === 'v1');

describe('autoscaling/v1 <-> v2 HorizontalPodAutoscaler', () => {
  it('stores a v1 CPU target as a v2 Resource metric and answers it back as v1', () => {
    if (!hpaV1?.toStored || !hpaV1.fromStored) throw new Error('autoscaling/v1 HPA has no conversion');
    const v1 = {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: { minReplicas: 1, maxReplicas: 4, targetCPUUtilizationPercentage: 60, scaleTargetRef: { kind: 'Deployment', name: 'web' } },
      status: { currentReplicas: 1, currentCPUUtilizationPercentage: 10 },
    };
    const stored = hpaV1.toStored(v1);
    expect(stored.apiVersion).toBe('autoscaling/v2');
    expect(stored.spec).toEqual({ minReplicas: 1, maxReplicas: 4, scaleTargetRef: { kind: 'Deployment', name: 'web' }, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }] });
    expect(stored.status).toEqual({ currentReplicas: 1 });
    const back = hpaV1.fromStored({ ...stored, spec: { ...(stored.spec as object), behavior: { scaleDown: {} } }, status: { currentReplicas: 1, currentMetrics: [], conditions: [] } });
    expect(back.apiVersion).toBe('autoscaling/v1');
    expect(back.spec).toEqual({ minReplicas: 1, maxReplicas: 4, scaleTargetRef: { kind: 'Deployment', name: 'web' }, targetCPUUtilizationPercentage: 60 });
    expect(back.status).toEqual({ currentReplicas: 1 });
  });

  it('answers a v2 object without a CPU metric (or without status) as v1 without a target', () => {
    const back = hpaV1?.fromStored?.({ apiVersion: 'autoscaling/v2', metadata: { name: 'm' }, spec: { maxReplicas: 2, metrics: [{ type: 'Pods', pods: {} }, 'junk'] } });
    expect(back).toEqual({ apiVersion: 'autoscaling/v1', metadata: { name: 'm' }, spec: { maxReplicas: 2 } });
  });
});

describe('TypeRegistry.setCustomResources', () => {
  it('serves the served versions of a CRD with its names, subresources and schema', () => {
    const reg = new TypeRegistry();
    reg.setCustomResources([
      {
        metadata: { name: 'crontabs.stable.example.com' },
        spec: {
          group: 'stable.example.com',
          scope: 'Namespaced',
          names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', shortNames: ['ct'], categories: ['all'] },
          versions: [
            { name: 'v1', served: true, storage: true, subresources: { status: {}, scale: {} }, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object' } } } } },
            { name: 'v0', served: false, storage: false },
            { name: 'v2', served: true, storage: false },
          ],
        },
      },
    ]);
    const v1 = reg.find('stable.example.com', 'v1', 'crontabs');
    expect(v1).toMatchObject({ kind: 'CronTab', singular: 'crontab', namespaced: true, shortNames: ['ct'], categories: ['all'], subresources: ['status', 'scale'] });
    expect(v1?.customSchema?.properties).toEqual({ apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }, spec: { type: 'object' } });
    expect(reg.find('stable.example.com', 'v0', 'crontabs')).toBeUndefined();
    const v2 = reg.find('stable.example.com', 'v2', 'crontabs');
    expect(v2?.subresources).toBeUndefined();
    expect(v2?.customSchema).toMatchObject({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
    expect(reg.byKind('stable.example.com/v2', 'CronTab')).toBe(v2);
  });

  it('takes the singular from the kind when the CRD leaves it out, and Cluster scope as not namespaced', () => {
    const reg = new TypeRegistry();
    reg.setCustomResources([{ metadata: { name: 'widgets.x.io' }, spec: { group: 'x.io', scope: 'Cluster', names: { plural: 'widgets', kind: 'Widget' }, versions: [{ name: 'v1', served: true }] } }]);
    expect(reg.find('x.io', 'v1', 'widgets')).toMatchObject({ singular: 'widget', namespaced: false });
  });
});
