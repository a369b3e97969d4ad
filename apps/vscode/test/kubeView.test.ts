import { describe, expect, it } from 'vitest';
import { translate } from '../src/core/ui.js';
import { planKubernetesView as plan, type KubernetesViewInput, type MergedContext } from '../src/core/kubeView.js';

const planKubernetesView = (input: KubernetesViewInput) => plan(input, { t: translate });

const now = new Date('2026-12-02T08:00:00Z');
const later = new Date('2027-01-01T00:00:00Z');
const earlier = new Date('2026-12-01T00:00:00Z');
const file = '/home/u/.kube/config';
const internal: MergedContext = { clusterId: 'c1', endpoint: 'internal', context: 'cce-cn-north-4-web-internal', file, certificateExpiresAt: later };
const external: MergedContext = { clusterId: 'c1', endpoint: 'external', context: 'cce-cn-north-4-web-external', file, certificateExpiresAt: later };
const base = { installed: true, clusterId: 'c1', clusterName: 'web', now };

describe('Open in Kubernetes view', () => {
  it('is not offered without the Kubernetes extension', () => {
    expect(planKubernetesView({ ...base, installed: false, merged: [internal] }).kind).toBe('notInstalled');
  });

  it("switches to the cluster's internal context (its certificate verifies the server), then the external one", () => {
    expect(planKubernetesView({ ...base, merged: [external, internal], viewKubeconfig: file, currentContext: 'minikube' }))
      .toEqual({ kind: 'open', context: internal.context, file, switchContext: true });
    expect(planKubernetesView({ ...base, merged: [external] })).toMatchObject({ kind: 'open', context: external.context });
  });

  it('does not switch what is already current', () => {
    expect(planKubernetesView({ ...base, merged: [internal], currentContext: internal.context })).toMatchObject({ kind: 'open', switchContext: false });
  });

  it('asks to set up kubectl first when the cluster has no context, only another cluster\'s, or only an expired one', () => {
    expect(planKubernetesView({ ...base, merged: [] })).toMatchObject({ kind: 'setUpFirst', message: expect.stringMatching(/web has no kubectl context yet/) });
    expect(planKubernetesView({ ...base, merged: [{ ...internal, clusterId: 'c2' }] }).kind).toBe('setUpFirst');
    expect(planKubernetesView({ ...base, merged: [{ ...internal, certificateExpiresAt: earlier }] }))
      .toMatchObject({ kind: 'setUpFirst', message: expect.stringMatching(/certificate of cce-cn-north-4-web-internal expired/) });
    // An expired internal context with a valid external one: the valid one.
    expect(planKubernetesView({ ...base, merged: [{ ...internal, certificateExpiresAt: earlier }, external] })).toMatchObject({ kind: 'open', context: external.context });
  });

  it('never hands kubectl a context name a shell would read', () => {
    expect(planKubernetesView({ ...base, merged: [{ ...internal, context: 'web; rm -rf ~' }] }).kind).toBe('setUpFirst');
    expect(planKubernetesView({ ...base, merged: [{ ...internal, context: '$(x)' }, external] })).toMatchObject({ kind: 'open', context: external.context });
  });

  it('says so when the Kubernetes view reads another kubeconfig file', () => {
    const plan = planKubernetesView({ ...base, merged: [internal], viewKubeconfig: '/work/other.kubeconfig' });
    expect(plan).toMatchObject({ kind: 'otherFile', context: internal.context, file });
    expect((plan as { message: string }).message).toMatch(/reads \/work\/other\.kubeconfig.*is in \/home\/u\/\.kube\/config/);
  });
});
