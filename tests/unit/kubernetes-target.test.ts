import { describe, expect, it } from 'vitest';
import { resolveRunOptions } from '../../scripts/config/run-options.ts';
import { EphemeralError } from '../../scripts/errors.ts';
import { chooseCluster, selectionOf } from '../../scripts/kubernetes/cluster-choice.ts';
import { podSamples } from '../../scripts/kubernetes/pod-resources.ts';
import { podState } from '../../scripts/kubernetes/pod-workloads.ts';
import { servicesWithoutLiveContainer } from '../../scripts/suites/service-state.ts';
import { checkRegistry, registryReference } from '../../scripts/kubernetes/registry-push.ts';
import { renameImages } from '../../scripts/targets/stack-source.ts';
import { sweeperOf } from '../../scripts/targets/target-runtime.ts';

const git = { branch: 'feature/x', shortCommit: 'abc1234' };
const local = { kubeconfig: '/cache/cluster/kubeconfig', context: 'ephemeral-local' };
const bothTargets = { targets: { docker: {}, kubernetes: {} } };

function usageError(run: () => unknown): EphemeralError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(EphemeralError);
    return error as EphemeralError;
  }
  throw new Error('expected a usage error');
}

describe('the kubernetes target in the run options', () => {
  it('is accepted when the config declares it, with the cluster the user named', () => {
    const options = resolveRunOptions({ target: 'kubernetes', kubeconfig: 'kube/config', context: 'ci' }, {}, git, bothTargets, '/repo');
    expect(options.target).toBe('kubernetes');
    expect(options.cluster).toEqual({ kubeconfig: expect.stringMatching(/^\/.*kube\/config$/) as unknown, context: 'ci' });
  });

  it('refuses --kubeconfig and --context on the docker target, naming the fix', () => {
    const error = usageError(() => resolveRunOptions({ kubeconfig: '/k', context: 'c' }, {}, git, bothTargets));
    expect(error.exitCode).toBe(64);
    expect(error.message).toMatch(/--kubeconfig and --context only apply to the kubernetes target/);
    expect(error.remedy).toMatch(/--target kubernetes/);
  });

  it('refuses a config without a kubernetes target', () => {
    expect(usageError(() => resolveRunOptions({ target: 'kubernetes' }, {}, git, { targets: { docker: {} } })).message).toMatch(/declares no kubernetes target/);
  });
});

describe('chooseCluster', () => {
  it('takes the local cluster when nobody named one, whatever ~/.kube/config holds', () => {
    expect(chooseCluster({}, {}, local)).toEqual({ kind: 'local', ...local });
  });

  it('takes KUBECONFIG, then --kubeconfig over it, and --context alone with the default file', () => {
    expect(chooseCluster({}, { KUBECONFIG: '/env/config' }, local)).toEqual({ kind: 'given', selection: { kubeconfig: '/env/config', context: undefined } });
    expect(chooseCluster({ kubeconfig: '/flag' }, { KUBECONFIG: '/env/config' }, local)).toEqual({ kind: 'given', selection: { kubeconfig: '/flag', context: undefined } });
    expect(selectionOf(chooseCluster({ context: 'prod-like' }, {}, local))).toEqual({ kubeconfig: undefined, context: 'prod-like' });
  });
});

describe('podSamples', () => {
  it("keeps the branch's namespaces only and counts a busy core as 100 %", () => {
    const summary = {
      pods: [
        { podRef: { name: 'api-1', namespace: 'feature-x' }, containers: [{ name: 'api', cpu: { usageNanoCores: 250_000_000 }, memory: { workingSetBytes: 1024 } }] },
        { podRef: { name: 'coredns-1', namespace: 'kube-system' }, containers: [{ name: 'coredns', cpu: { usageNanoCores: 1 }, memory: { workingSetBytes: 1 } }] },
        { podRef: { name: 'db-1', namespace: 'feature-x' }, containers: [{ name: 'db' }] },
      ],
    };
    expect(podSamples(summary, new Set(['feature-x']))).toEqual([
      { container: 'api-1/api', cpuPercent: 25, memoryBytes: 1024 },
      { container: 'db-1/db', cpuPercent: 0, memoryBytes: 0 },
    ]);
  });
});

describe('sweeperOf', () => {
  it('sweeps every target and reports what each left', async () => {
    const swept: string[] = [];
    const sweeper = sweeperOf([
      { sweep: async (slug) => (swept.push(`docker ${slug}`), []), sweepWorkloads: async () => undefined },
      { sweep: async (slug) => (swept.push(`cluster ${slug}`), [`namespace ${slug}`]), sweepWorkloads: async () => undefined },
    ]);
    expect(await sweeper.sweep('b')).toEqual(['namespace b']);
    expect(swept.sort()).toEqual(['cluster b', 'docker b']);
  });
});

describe('pods judged as containers are (podState, servicesWithoutLiveContainer)', () => {
  it('names a service with no running pod, not one whose pods all completed', () => {
    const running = { status: { phase: 'Running' }, metadata: {} };
    const leaving = { status: { phase: 'Running' }, metadata: { deletionTimestamp: new Date() } };
    const completed = { status: { phase: 'Succeeded' }, metadata: {} };
    const states = new Map([
      ['ns/api-1', podState(running)],
      ['ns/worker-1', podState(leaving)],
      ['ns/migrate-1', podState(completed)],
    ]);
    expect(servicesWithoutLiveContainer({ api: ['ns/api-1'], worker: ['ns/worker-1'], migrate: ['ns/migrate-1'], queue: [] }, states)).toEqual(['queue', 'worker']);
  });
});

describe('images for a cluster that pulls them', () => {
  it('names each image under the registry, whatever prefix it had', () => {
    expect(registryReference('registry.internal:5000/previews/', 'ephemeral-app:abc')).toBe('registry.internal:5000/previews/ephemeral-app:abc');
    expect(registryReference('127.0.0.1:5000', 'old.registry/team/ephemeral-app:abc')).toBe('127.0.0.1:5000/ephemeral-app:abc');
  });

  it('refuses a registry with a scheme, naming the form', () => {
    expect(checkRegistry(' registry.internal:5000/previews/ ')).toBe('registry.internal:5000/previews');
    const error = usageError(() => checkRegistry('https://registry.internal'));
    expect(error.remedy).toMatch(/host\[:port\]\[\/path\] without a scheme/);
  });

  it('gives the program the pushed names of the images and base images it renamed', () => {
    const prepared = { images: { app: 'ephemeral-app:1' }, baseImages: { postgres: 'base-pg:2', redis: 'base-redis:3' }, built: [] };
    expect(renameImages(prepared, { 'ephemeral-app:1': 'r:5000/ephemeral-app:1', 'base-pg:2': 'r:5000/base-pg:2' })).toEqual({
      images: { app: 'r:5000/ephemeral-app:1' },
      baseImages: { postgres: 'r:5000/base-pg:2', redis: 'base-redis:3' },
      built: [],
    });
  });

  it('takes --registry (or EPHEMERAL_REGISTRY) for a named cluster only: the local one imports images', () => {
    const named = resolveRunOptions({ target: 'kubernetes', kubeconfig: '/k', registry: 'r.internal:5000' }, {}, git, bothTargets);
    expect(named.cluster.registry).toBe('r.internal:5000');
    expect(resolveRunOptions({ target: 'kubernetes' }, { KUBECONFIG: '/k', EPHEMERAL_REGISTRY: 'r.internal' }, git, bothTargets).cluster.registry).toBe('r.internal');
    expect(usageError(() => resolveRunOptions({ target: 'kubernetes', registry: 'r.internal' }, {}, git, bothTargets)).message).toMatch(/--registry is for a cluster you name/);
    expect(usageError(() => resolveRunOptions({ registry: 'r.internal' }, {}, git, bothTargets)).message).toMatch(/--registry only applies to the kubernetes target/);
  });
});
