// The reference stack's one outputs schema for both targets: Docker outputs as before
// (networks, no target needed), Kubernetes outputs by `target` with their namespace, and
// the suites' access chosen from the outputs alone.
import { describe, expect, it } from 'vitest';
import { environmentOutputsSchema, isKubernetesOutputs } from '../../infra/outputs-schema.ts';
import { stackAccessFor } from '../../tests/env/support/stack-access.ts';

const common = {
  stackName: 'feature-x',
  webUrl: 'http://127.0.0.1:32001',
  apiUrl: 'http://127.0.0.1:32000',
  adminEmail: 'admin@example.test',
  adminPassword: 'generated-secret-value',
};
const docker = {
  ...common,
  services: { api: ['feature-x-api-1', 'feature-x-api-2'], db: ['feature-x-db'] },
  networks: { private: 'feature-x-private', edge: 'feature-x-edge' },
};
const kubernetes = {
  ...common,
  target: 'kubernetes',
  namespace: 'feature-x',
  services: { api: ['api'], db: ['db'], migrate: ['migrate'] },
};

const issuePaths = (value: unknown) => environmentOutputsSchema.safeParse(value).error?.issues.map((issue) => issue.path.join('.'));

describe('the outputs schema', () => {
  it('reads Docker outputs without a target, unchanged', () => {
    const parsed = environmentOutputsSchema.parse(docker);
    expect(parsed).toEqual(docker);
    expect(isKubernetesOutputs(parsed)).toBe(false);
  });

  it("reads Kubernetes outputs by their target, keeping the namespace", () => {
    const parsed = environmentOutputsSchema.parse(kubernetes);
    expect(isKubernetesOutputs(parsed)).toBe(true);
    expect(parsed).toMatchObject({ namespace: 'feature-x' });
  });

  it('names the field each target misses: networks on Docker, namespace on Kubernetes', () => {
    const { networks: _networks, ...withoutNetworks } = docker;
    const { namespace: _namespace, ...withoutNamespace } = kubernetes;
    expect(issuePaths(withoutNetworks)).toEqual(['networks']);
    expect(issuePaths(withoutNamespace)).toEqual(['namespace']);
    expect(issuePaths({ ...kubernetes, apiUrl: 'not a url' })).toEqual(['apiUrl']);
  });

  it('refuses a target it does not know, and Kubernetes outputs that claim Docker', () => {
    expect(issuePaths({ ...kubernetes, target: 'nomad' })).toEqual(['target']);
    expect(issuePaths({ ...kubernetes, target: 'docker' })).toEqual(['networks']);
  });
});

describe('stackAccessFor', () => {
  const noCluster = { KUBECONFIG: '/nonexistent/suites-kubeconfig' };

  it('lists the containers the Docker outputs name, published one first', async () => {
    const access = stackAccessFor(environmentOutputsSchema.parse(docker), noCluster);
    await expect(access.replicas('api')).resolves.toEqual(['feature-x-api-1', 'feature-x-api-2']);
    await expect(access.replicas('queue')).resolves.toEqual([]);
  });

  it('asks the cluster of KUBECONFIG for Kubernetes outputs, never taking workload names for replicas', async () => {
    const access = stackAccessFor(environmentOutputsSchema.parse(kubernetes), noCluster);
    await expect(access.replicas('api')).rejects.toThrow(/suites-kubeconfig/);
  });
});
