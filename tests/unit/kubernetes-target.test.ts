import { describe, expect, it } from 'vitest';
import { resolveRunOptions } from '../../scripts/config/run-options.ts';
import { EphemeralError } from '../../scripts/errors.ts';
import { chooseCluster, selectionOf } from '../../scripts/kubernetes/cluster-choice.ts';
import { podSamples } from '../../scripts/kubernetes/pod-resources.ts';
import { podState, servicesWithoutLivePod } from '../../scripts/kubernetes/pod-workloads.ts';
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

describe('servicesWithoutLivePod', () => {
  it('names a service with no running pod, not one whose pods all completed', () => {
    const running = { status: { phase: 'Running' }, metadata: {} };
    const leaving = { status: { phase: 'Running' }, metadata: { deletionTimestamp: new Date() } };
    const completed = { status: { phase: 'Succeeded' }, metadata: {} };
    const states = new Map([
      ['ns/api-1', podState(running)],
      ['ns/worker-1', podState(leaving)],
      ['ns/migrate-1', podState(completed)],
    ]);
    expect(servicesWithoutLivePod({ api: ['ns/api-1'], worker: ['ns/worker-1'], migrate: ['ns/migrate-1'], queue: [] }, states)).toEqual(['queue', 'worker']);
  });
});
