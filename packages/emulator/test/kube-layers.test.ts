import protobuf from 'protobufjs/light.js';
import { describe, expect, it } from 'vitest';
import descriptor from '../src/kube/data/proto-v1.30.json' with { type: 'json' };
import { ClusterObjects, KubeError } from '../src/kube/cluster.js';
import { podTemplateHash } from '../src/kube/controllers.js';
import { lastScheduled, parseSchedule } from '../src/kube/cron.js';
import { logLines } from '../src/kube/logs.js';
import { ProtobufDecoder } from '../src/kube/protobuf.js';
import { builtinType } from '../src/kube/resources.js';

const cluster = (now = () => Date.parse('2026-03-01T08:00:00Z')) => new ClusterObjects({ id: 'c', name: 'c', version: 'v1.30' }, { now });
const deploy = builtinType('Deployment');
const rs = builtinType('ReplicaSet');
const pods = builtinType('Pod');
const web = (image = 'nginx:1.27') => ({
  metadata: { name: 'web' },
  spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'main', image }] } } },
});

function thrown(fn: () => unknown): KubeError {
  try {
    fn();
  } catch (err) {
    if (err instanceof KubeError) return err;
    throw err;
  }
  throw new Error('expected a KubeError');
}

describe('admission', () => {
  it('refuses unknown fields with fieldValidation=Strict (400) and prunes them otherwise, with warnings for Warn', () => {
    const c = cluster();
    const body = web();
    (body.spec.template.spec.containers[0] as Record<string, unknown>).imagee = 'x';
    const err = thrown(() => c.create(deploy, 'default', body, { fieldValidation: 'Strict' }));
    expect(err.code).toBe(400);
    expect(err.message).toContain('strict decoding error: unknown field "spec.template.spec.containers[0].imagee"');
    const warnings: string[] = [];
    const created = c.create(deploy, 'default', body, { fieldValidation: 'Warn', warnings });
    expect(warnings).toEqual(['unknown field "spec.template.spec.containers[0].imagee"']);
    expect(created.spec.template.spec.containers[0].imagee).toBeUndefined();
  });

  it('answers a wrong JSON type with 400 and an invalid object with 422 listing every cause', () => {
    const c = cluster();
    expect(thrown(() => c.create(deploy, 'default', { ...web(), spec: { ...web().spec, replicas: 'two' } })).code).toBe(400);
    const bad = web();
    bad.spec.selector.matchLabels.app = 'other';
    delete (bad.spec.template.spec.containers[0] as { image?: string }).image;
    const err = thrown(() => c.create(deploy, 'default', bad));
    expect(err.code).toBe(422);
    expect((err.details?.causes as { field: string }[]).map((x) => x.field)).toEqual(['spec.template.metadata.labels', 'spec.template.spec.containers[0].image']);
  });

  it('accepts quantities as numbers or strings (stored as strings) and refuses other types for them', () => {
    const c = cluster();
    const body = web();
    (body.spec.template.spec.containers[0] as Record<string, unknown>).resources = { limits: { cpu: 1, memory: '128Mi' } };
    expect(c.create(deploy, 'default', body, { fieldValidation: 'Strict' }).spec.template.spec.containers[0].resources.limits).toEqual({ cpu: '1', memory: '128Mi' });
    (body.spec.template.spec.containers[0] as Record<string, unknown>).resources = { limits: { cpu: { n: 1 } } };
    expect(thrown(() => c.create(deploy, 'default', { ...body, metadata: { name: 'w2' } })).message).toContain('spec.template.spec.containers[0].resources.limits.cpu: expected a quantity');
  });

  it('defaults the common fields', () => {
    const c = cluster();
    const svc = c.create(builtinType('Service'), 'default', { metadata: { name: 's' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
    expect(svc.spec).toMatchObject({ type: 'ClusterIP', sessionAffinity: 'None', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] });
    expect(svc.spec.clusterIP).toMatch(/^10\.247\./);
    const secret = c.create(builtinType('Secret'), 'default', { metadata: { name: 'x' }, stringData: { a: 'b' } });
    expect(secret).toMatchObject({ type: 'Opaque', data: { a: Buffer.from('b').toString('base64') } });
  });
});

describe('controllers and garbage collection', () => {
  it('gives one template one ReplicaSet, replaces deleted pods and records events', () => {
    const c = cluster();
    c.create(deploy, 'default', web());
    c.update(deploy, 'default', 'web', { ...c.get(deploy, 'default', 'web'), metadata: { ...c.get(deploy, 'default', 'web').metadata, labels: { x: 'y' } } });
    expect(c.list(rs, 'default')).toHaveLength(1);
    const hash = podTemplateHash(c.get(deploy, 'default', 'web').spec.template);
    expect(c.list(rs, 'default')[0]?.metadata.name).toBe(`web-${hash}`);
    const first = c.list(pods, 'default')[0]?.metadata.name as string;
    c.delete(pods, 'default', first);
    expect(c.list(pods, 'default').map((p) => p.metadata.name)).not.toContain(first);
    expect(c.list(pods, 'default')).toHaveLength(2);
    const reasons = c.list(builtinType('Event', ''), 'default').map((e) => e.reason);
    expect(reasons).toContain('ScalingReplicaSet');
    expect(reasons).toContain('SuccessfulCreate');
  });

  it('honours orphan, foreground and background propagation', () => {
    for (const [policy, left] of [['Orphan', 1], ['Foreground', 0], ['Background', 0]] as const) {
      const c = cluster();
      c.create(deploy, 'default', web());
      c.delete(deploy, 'default', 'web', { propagationPolicy: policy });
      expect(c.list(rs, 'default')).toHaveLength(left);
      expect(c.list(pods, 'default')).toHaveLength(left * 2);
      if (left) expect(c.list(rs, 'default')[0]?.metadata.ownerReferences).toBeUndefined();
    }
  });

  it('serves custom resources of a CRD and validates them by its schema', () => {
    const c = cluster();
    c.create(builtinType('CustomResourceDefinition'), undefined, {
      metadata: { name: 'widgets.example.com' },
      spec: { group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', kind: 'Widget' }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', required: ['size'], properties: { size: { type: 'integer' } } } } } } }] },
    });
    const widgets = c.types.find('example.com', 'v1', 'widgets');
    expect(widgets?.namespaced).toBe(true);
    c.create(widgets as never, 'default', { metadata: { name: 'w' }, spec: { size: 3 } });
    expect(thrown(() => c.create(widgets as never, 'default', { metadata: { name: 'bad' }, spec: { size: 'big' } })).code).toBe(422);
    expect(thrown(() => c.create(widgets as never, 'default', { metadata: { name: 'bad' }, spec: {} })).message).toContain('spec.size: Required value');
    c.delete(builtinType('CustomResourceDefinition'), undefined, 'widgets.example.com');
    expect(c.types.find('example.com', 'v1', 'widgets')).toBeUndefined();
  });
});

describe('protobuf request bodies', () => {
  it('decodes a RoleBinding as client-go encodes it (k8s magic, runtime.Unknown envelope)', () => {
    const root = protobuf.Root.fromJSON(descriptor as unknown as protobuf.INamespace);
    const RoleBinding = root.lookupType('k8s.io.api.rbac.v1.RoleBinding');
    const Unknown = root.lookupType('k8s.io.apimachinery.pkg.runtime.Unknown');
    const raw = RoleBinding.encode(
      RoleBinding.fromObject({ metadata: { name: 'read', namespace: 'team', creationTimestamp: {} }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice', namespace: '' }], roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' } }),
    ).finish();
    const envelope = Unknown.encode(Unknown.fromObject({ typeMeta: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding' }, raw, contentEncoding: '', contentType: '' })).finish();
    const body = new ProtobufDecoder().decode(Buffer.concat([Buffer.from('k8s\0', 'binary'), Buffer.from(envelope)]));
    expect(body).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'read', namespace: 'team' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
    });
    expect(() => new ProtobufDecoder().decode(Buffer.from('{}'))).toThrow(/magic/);
  });
});

describe('synthetic logs', () => {
  it('are the same for the same pod and clock: start lines, then one line every 10 s', () => {
    let t = Date.parse('2026-03-01T08:00:00Z');
    const c = cluster(() => t);
    const pod = c.create(pods, 'default', { metadata: { name: 'p' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } });
    t += 35_000;
    const lines = logLines(pod, pod.spec.containers[0], t);
    expect(lines.map((l) => l.text).slice(-3)).toEqual(['[cce-autopilot-emulator] app heartbeat 1', '[cce-autopilot-emulator] app heartbeat 2', '[cce-autopilot-emulator] app heartbeat 3']);
    expect(logLines(pod, pod.spec.containers[0], t, { tail: 1 })).toEqual([lines[lines.length - 1]]);
    expect(logLines(pod, pod.spec.containers[0], t, { from: t - 15_000 }).map((l) => l.text)).toEqual(['[cce-autopilot-emulator] app heartbeat 2', '[cce-autopilot-emulator] app heartbeat 3']);
  });
});

describe('cron schedules', () => {
  it('finds the latest scheduled minute the clock has passed, and refuses malformed schedules', () => {
    const s = parseSchedule('*/15 9-17 * * 1-5');
    const monday = Date.parse('2026-03-02T10:20:00Z');
    expect(new Date(lastScheduled(s!, monday - 3_600_000, monday) as number).toISOString()).toBe('2026-03-02T10:15:00.000Z');
    expect(lastScheduled(s!, Date.parse('2026-03-02T10:16:00Z'), monday)).toBeUndefined();
    expect(parseSchedule('@hourly')?.matches(Date.parse('2026-03-02T10:00:00Z'))).toBe(true);
    expect(parseSchedule('61 * * * *')).toBeUndefined();
    expect(parseSchedule('* * *')).toBeUndefined();
  });
});

describe('watch history', () => {
  it('replays the events after a resourceVersion, and says when a version is older than the history', () => {
    const c = cluster();
    const cm = builtinType('ConfigMap');
    const rv = Number(c.resourceVersion);
    c.create(cm, 'default', { metadata: { name: 'a' } });
    c.delete(cm, 'default', 'a');
    const missed = (c.eventsSince(rv) ?? []).filter((e) => e.resource === cm);
    expect(missed.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED a', 'DELETED a']);
    expect(c.eventsSince(Number(c.resourceVersion))).toEqual([]);
    for (let i = 0; i < 4200; i++) c.update(cm, 'default', 'kube-root-ca.crt', { ...c.get(cm, 'default', 'kube-root-ca.crt'), data: { n: String(i) } });
    expect(c.eventsSince(rv)).toBeUndefined();
  });
});

describe('events', () => {
  it('expire an hour after they were recorded, on the emulator clock', () => {
    let t = Date.parse('2026-03-01T08:00:00Z');
    const c = cluster(() => t);
    c.create(deploy, 'default', web());
    const events = builtinType('Event', '');
    expect(c.list(events, 'default').length).toBeGreaterThan(0);
    t += 59 * 60_000;
    c.tick();
    expect(c.list(events, 'default').length).toBeGreaterThan(0);
    t += 2 * 60_000;
    c.tick();
    expect(c.list(events, 'default')).toHaveLength(0);
  });
});
