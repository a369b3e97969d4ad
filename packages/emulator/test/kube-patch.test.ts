import { describe, expect, it } from 'vitest';
import { jsonPatch, mergePatch, PatchError, strategicMergePatch } from '../src/kube/patch.js';

describe('patches', () => {
  it('merge patch (RFC 7386): null deletes, objects merge, lists replace', () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: 3 }, l: [1, 2] }, { a: null, b: { c: 9 }, l: [3] })).toEqual({ b: { c: 9, d: 3 }, l: [3] });
  });

  it('JSON patch (RFC 6902): add, remove, replace, move, copy, test; failures leave the target alone', () => {
    const target = { a: [1, 2], b: { c: 'x' } };
    expect(
      jsonPatch(target, [
        { op: 'add', path: '/a/-', value: 3 },
        { op: 'replace', path: '/b/c', value: 'y' },
        { op: 'copy', from: '/b', path: '/d' },
        { op: 'move', from: '/a/0', path: '/e' },
        { op: 'test', path: '/e', value: 1 },
        { op: 'remove', path: '/a/0' },
        { op: 'add', path: '/b~1x', value: true },
      ]),
    ).toEqual({ a: [3], b: { c: 'y' }, d: { c: 'y' }, e: 1, 'b/x': true });
    expect(target).toEqual({ a: [1, 2], b: { c: 'x' } });
    expect(() => jsonPatch(target, [{ op: 'test', path: '/b/c', value: 'no' }])).toThrow(PatchError);
    expect(() => jsonPatch(target, [{ op: 'remove', path: '/zz' }])).toThrow(/does not exist/);
    expect(() => jsonPatch(target, { op: 'add' })).toThrow(/array/);
    // A "from" that is no JSON pointer string is the client's mistake, named, not a crash.
    expect(() => jsonPatch(target, [{ op: 'move', from: 7, path: '/x' }])).toThrow(/^operation 0: "from" must be a string$/);
    expect(() => jsonPatch(target, [{ op: 'copy', path: '/x' }])).toThrow(/"copy" needs "from"/);
  });

  it('strategic merge patch: keyed lists merge by their merge key, directives apply', () => {
    const deployment = {
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'web', image: 'nginx:1', ports: [{ containerPort: 80 }, { containerPort: 443 }], env: [{ name: 'A', value: '1' }] },
              { name: 'side', image: 'busybox' },
            ],
          },
        },
      },
    };
    // What kubectl apply sends after dropping the sidecar and changing one port and the image.
    const patch = {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }],
            containers: [{ name: 'web', image: 'nginx:2', ports: [{ containerPort: 8080 }, { containerPort: 80, $patch: 'delete' }], '$setElementOrder/ports': [{ containerPort: 443 }, { containerPort: 8080 }] }, { name: 'side', $patch: 'delete' }],
          },
        },
      },
    };
    expect(strategicMergePatch(deployment, patch)).toEqual({
      spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:2', ports: [{ containerPort: 443 }, { containerPort: 8080 }], env: [{ name: 'A', value: '1' }] }] } } },
    });
  });

  it('strategic merge patch: service ports merge by port, unkeyed lists replace, $patch: replace replaces', () => {
    const svc = { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 8443 }], externalIPs: ['1.1.1.1'] } };
    expect(strategicMergePatch(svc, { spec: { ports: [{ port: 80, targetPort: 9090 }], externalIPs: ['2.2.2.2'] } })).toEqual({
      spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 443, targetPort: 8443 }], externalIPs: ['2.2.2.2'] },
    });
    expect(strategicMergePatch({ spec: { a: 1, b: 2 } }, { spec: { $patch: 'replace', c: 3 } })).toEqual({ spec: { c: 3 } });
    expect(strategicMergePatch({ l: ['a', 'b', 'c'] }, { '$deleteFromPrimitiveList/l': ['b'] })).toEqual({ l: ['a', 'c'] });
  });
});
