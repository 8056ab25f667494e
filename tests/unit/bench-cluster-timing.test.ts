// The cluster case's plumbing, against a fake cluster (the real one is shared: its live
// down/up is left to a run on a machine nobody else uses): what it runs in which state,
// what it reads from the CLI's --json answers, and when it refuses to take the cluster down.
import { describe, expect, it } from 'vitest';
import { finishClusterCase, startClusterCase } from '../../scripts/bench/case-setup.ts';
import type { CaseFailure } from '../../scripts/bench/bench-types.ts';
import { type ClusterControl, type ClusterState, type ClusterStep, foreignNamespaces, planClusterTiming, readClusterStep } from '../../scripts/bench/cluster-timing.ts';

const upAnswer = JSON.stringify({ ok: true, alreadyUp: false, nodeReadySeconds: 6.2, dnsReadySeconds: 8.9, kubeconfig: '/k', context: 'ephemeral-local' });
const downAnswer = JSON.stringify({ ok: true, seconds: 3.4, leftovers: [] });

/** A cluster that answers as the CLI does and records what it was asked. */
function fakeCluster(state: ClusterState, namespaces: string[] | undefined, answers: Partial<Record<ClusterStep, { exitCode: number; stdout: string }>> = {}) {
  const ran: ClusterStep[] = [];
  const control: ClusterControl = {
    state: async () => state,
    namespaces: async () => namespaces,
    run: async (step) => {
      ran.push(step);
      const answer = answers[step] ?? { exitCode: 0, stdout: step === 'up' ? upAnswer : downAnswer };
      return { ...answer, wallSeconds: step === 'up' ? 9.5 : 3.6 };
    },
  };
  return { control, ran };
}

const quiet = () => {};
const none = () => false;

describe('planClusterTiming', () => {
  it('takes an up cluster down and starts it again, and leaves a down one down after starting it for the rounds', () => {
    expect(planClusterTiming('up')).toEqual({ before: ['down', 'up'], after: [] });
    expect(planClusterTiming('down')).toEqual({ before: ['up'], after: ['down'] });
    expect(planClusterTiming('degraded')).toEqual({ before: ['down', 'up'], after: [] });
  });

  it('counts every namespace but the system ones and the bench’s own as somebody’s', () => {
    expect(foreignNamespaces(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'netpol-a', 'bench-k-1-abc'], (name) => name === 'bench-k-1-abc')).toEqual(['netpol-a']);
  });
});

describe('readClusterStep', () => {
  it('reads start to node Ready and to CoreDNS from cluster up --json, and the wall time', () => {
    expect(readClusterStep('up', { exitCode: 0, stdout: upAnswer, wallSeconds: 9.5 })).toEqual({ upWallSeconds: 9.5, nodeReadySeconds: 6.2, dnsReadySeconds: 8.9 });
  });

  it('reads cluster down --json’s own seconds beside the wall time', () => {
    expect(readClusterStep('down', { exitCode: 0, stdout: downAnswer, wallSeconds: 3.6 })).toEqual({ downWallSeconds: 3.6, downSeconds: 3.4 });
  });

  it('names the error of a refused or incomplete step, and a start that measured nothing', () => {
    const refused = JSON.stringify({ ok: false, error: 'the local cluster needs root (it runs containerd, kubelet and kube-proxy)\n  fix: run as root' });
    expect(readClusterStep('up', { exitCode: 64, stdout: refused, wallSeconds: 1 }).error).toBe('cluster up exited with 64: the local cluster needs root (it runs containerd, kubelet and kube-proxy)');
    const incomplete = JSON.stringify({ ok: false, seconds: 4, leftovers: ['mount /var/lib/kubelet/pods/x'] });
    expect(readClusterStep('down', { exitCode: 3, stdout: incomplete, wallSeconds: 4 }).error).toBe('cluster down exited with 3: left behind: mount /var/lib/kubelet/pods/x');
    expect(readClusterStep('down', { exitCode: undefined, stdout: '', wallSeconds: 4 }).error).toBe('cluster down exited with a signal: no answer on stdout');
    expect(readClusterStep('up', { exitCode: 0, stdout: JSON.stringify({ ok: true, alreadyUp: true }), wallSeconds: 1 }).error).toMatch(/already up: start to Ready was not measured/);
  });
});

describe('the cluster case', () => {
  it('times down then up of a cluster that only the system uses, and runs nothing after the rounds', async () => {
    const { control, ran } = fakeCluster('up', ['default', 'kube-system']);
    const failures: CaseFailure[] = [];
    const started = await startClusterCase(control, quiet, none, failures);
    const timing = await finishClusterCase(control, started, quiet, none, failures);
    expect(ran).toEqual(['down', 'up']);
    expect(timing).toEqual({ ok: true, steps: ['down', 'up'], downSeconds: 3.4, downWallSeconds: 3.6, nodeReadySeconds: 6.2, dnsReadySeconds: 8.9, upWallSeconds: 9.5 });
    expect(failures).toEqual([]);
  });

  it('starts a down cluster for the rounds and takes it down after them, the bench’s namespaces allowed', async () => {
    const { control, ran } = fakeCluster('down', undefined);
    const started = await startClusterCase(control, quiet, none, []);
    expect(ran).toEqual(['up']);
    const after = fakeCluster('up', ['default', 'bench-k-1-abc']);
    const failures: CaseFailure[] = [];
    const timing = await finishClusterCase({ ...after.control, run: (step) => control.run(step) }, started, quiet, (name) => name.startsWith('bench-k-'), failures);
    expect(ran).toEqual(['up', 'down']);
    expect(timing).toMatchObject({ ok: true, steps: ['up', 'down'], nodeReadySeconds: 6.2, downSeconds: 3.4 });
    expect(failures).toEqual([]);
  });

  it('refuses to take down a cluster that holds somebody’s namespace, and says so as the case’s failure', async () => {
    const { control, ran } = fakeCluster('up', ['default', 'netpol-demo']);
    const failures: CaseFailure[] = [];
    const started = await startClusterCase(control, quiet, none, failures);
    expect(ran).toEqual([]);
    expect(started.timing.ok).toBe(false);
    expect(failures.map((failure) => failure.case)).toEqual(['cluster']);
    expect(failures[0]?.reason).toContain('the cluster holds namespaces of others (netpol-demo): taking it down would break them');
  });

  it('checks again before the down after the rounds: somebody may have started using it', async () => {
    const { control } = fakeCluster('down', undefined);
    const started = await startClusterCase(control, quiet, none, []);
    const meanwhile = fakeCluster('up', ['default', 'netpol-demo']);
    const failures: CaseFailure[] = [];
    const timing = await finishClusterCase(meanwhile.control, started, quiet, none, failures);
    expect(meanwhile.ran).toEqual([]);
    expect(timing).toMatchObject({ ok: false, steps: ['up'], nodeReadySeconds: 6.2 });
    expect(failures.map((failure) => failure.case)).toEqual(['cluster']);
  });

  it('stops at the first failed step and reports it; a status it cannot read is a failure, not a down', async () => {
    const failing = fakeCluster('up', [], { up: { exitCode: 2, stdout: JSON.stringify({ ok: false, error: 'the local cluster did not get ready: the node never reported Ready after 120 s' }) } });
    const failures: CaseFailure[] = [];
    const started = await startClusterCase(failing.control, quiet, none, failures);
    expect(started).toMatchObject({ timing: { ok: false, steps: ['down', 'up'], downSeconds: 3.4 }, after: [] });
    expect(failures[0]?.reason).toBe('cluster up exited with 2: the local cluster did not get ready: the node never reported Ready after 120 s');
    const unreadable: ClusterControl = { ...failing.control, state: async () => Promise.reject(new Error('cluster status exited with 1: no answer')) };
    const unreadableFailures: CaseFailure[] = [];
    expect((await startClusterCase(unreadable, quiet, none, unreadableFailures)).timing).toEqual({ ok: false, steps: [], error: 'cluster status exited with 1: no answer' });
    expect(unreadableFailures).toHaveLength(1);
  });
});
