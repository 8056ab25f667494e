// Readiness on the Kubernetes target from the objects' status: Deployments ready and up
// to date, Jobs complete, and doomed pods failing the wait at once.
import type { V1Deployment, V1Job, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { lastProbeFailure, notReadyContainers } from '../../scripts/kubernetes/why-not-ready.ts';
import { judgeDeployment, judgeJob, judgeNamespace, judgePod, namespaceVerdict } from '../../scripts/kubernetes/workload-verdict.ts';

function deployment(name: string, replicas: number, status: V1Deployment['status'], generation = 1): V1Deployment {
  return { metadata: { name, generation, labels: { 'ephemeral.service': name } }, spec: { replicas, selector: {}, template: {} }, status: { observedGeneration: generation, ...status } };
}

function job(name: string, conditions: Array<{ type: string; status: string; reason?: string; message?: string }>, active = 0): V1Job {
  return { metadata: { name, labels: { 'ephemeral.service': name } }, status: { conditions, active } };
}

function pod(name: string, status: V1Pod['status'], ownerKind = 'ReplicaSet'): V1Pod {
  return { metadata: { name, labels: { 'ephemeral.service': name.split('-')[0] ?? name }, ownerReferences: [{ kind: ownerKind, name: 'owner', uid: 'u', apiVersion: 'v1' }] }, status };
}

describe('judgeDeployment', () => {
  it('is ready when every replica is ready and up to date', () => {
    expect(judgeDeployment(deployment('api', 2, { replicas: 2, readyReplicas: 2, updatedReplicas: 2 }))).toEqual({ kind: 'ready' });
  });

  it('waits while a rollout still has old or unready replicas', () => {
    expect(judgeDeployment(deployment('api', 2, { replicas: 3, readyReplicas: 2, updatedReplicas: 2 })).kind).toBe('waiting');
    expect(judgeDeployment(deployment('api', 2, { replicas: 2, readyReplicas: 1, updatedReplicas: 2 }))).toEqual({
      kind: 'waiting',
      reason: '1 of 2 replicas ready, 2 up to date',
    });
  });

  it('waits until the controller has seen the latest spec', () => {
    expect(judgeDeployment(deployment('api', 1, { replicas: 1, readyReplicas: 1, updatedReplicas: 1, observedGeneration: 1 }, 2)).kind).toBe('waiting');
  });

  it('takes zero replicas as ready (a fault may stop a service)', () => {
    expect(judgeDeployment(deployment('worker', 0, {}))).toEqual({ kind: 'ready' });
  });

  it('fails a rollout whose progress deadline passed', () => {
    const verdict = judgeDeployment(
      deployment('api', 1, { conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'took too long' }] }),
    );
    expect(verdict).toEqual({ kind: 'failed', reason: 'rollout stalled: ProgressDeadlineExceeded took too long' });
  });
});

describe('judgeJob', () => {
  it('is done once complete, failed with its reason, else waiting', () => {
    expect(judgeJob(job('migrate', [{ type: 'Complete', status: 'True' }]))).toEqual({ kind: 'ready' });
    expect(judgeJob(job('migrate', [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }]))).toEqual({
      kind: 'failed',
      reason: 'failed: BackoffLimitExceeded (Job has reached the specified backoff limit)',
    });
    expect(judgeJob(job('migrate', [], 1))).toEqual({ kind: 'waiting', reason: 'running' });
  });
});

describe('judgePod', () => {
  it('fails a pod whose image can never be had, naming the container', () => {
    const verdict = judgePod(pod('api-1', { containerStatuses: [{ name: 'api', image: 'x', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ErrImageNeverPull', message: 'image not present' } } }] }));
    expect(verdict).toEqual({ kind: 'failed', reason: 'api: ErrImageNeverPull: image not present' });
  });

  it('fails a crash-looping pod with how its last run ended', () => {
    const verdict = judgePod(
      pod('api-1', {
        containerStatuses: [
          { name: 'api', image: 'x', imageID: '', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 137, reason: 'OOMKilled' } } },
        ],
      }),
    );
    expect(verdict).toEqual({ kind: 'failed', reason: 'api: CrashLoopBackOff; last run OOMKilled with exit 137' });
  });

  it('waits for a pod not yet scheduled or not yet ready', () => {
    expect(judgePod(pod('db-1', { conditions: [{ type: 'PodScheduled', status: 'False', message: '0/1 nodes are available' }] }))).toEqual({
      kind: 'waiting',
      reason: 'not scheduled: 0/1 nodes are available',
    });
    expect(judgePod(pod('db-1', { phase: 'Running', conditions: [{ type: 'Ready', status: 'False', message: 'containers with unready status: [db]' }] })).kind).toBe('waiting');
  });

  it('leaves a failed Job pod to its Job', () => {
    expect(judgePod(pod('migrate-x', { phase: 'Failed' }, 'Job')).kind).not.toBe('failed');
    expect(judgePod(pod('api-x', { phase: 'Failed', reason: 'Evicted' })).kind).toBe('failed');
  });
});

describe('namespaceVerdict', () => {
  const ready = {
    deployments: [deployment('api', 1, { replicas: 1, readyReplicas: 1, updatedReplicas: 1 })],
    jobs: [job('migrate', [{ type: 'Complete', status: 'True' }])],
    pods: [],
  };

  it('is ready when every Deployment and Job is', () => {
    expect(namespaceVerdict(judgeNamespace(ready))).toEqual({ kind: 'ready' });
  });

  it('is not ready while the namespace is still empty', () => {
    expect(namespaceVerdict(judgeNamespace({ deployments: [], jobs: [], pods: [] })).kind).toBe('waiting');
  });

  it('fails when one pod is doomed, naming it, even while others are fine', () => {
    const objects = {
      ...ready,
      pods: [pod('web-1', { containerStatuses: [{ name: 'web', image: 'x', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } }] })],
    };
    const judged = judgeNamespace(objects);
    expect(judged.find((workload) => workload.name === 'Pod/web-1')?.service).toBe('web');
    expect(namespaceVerdict(judged)).toEqual({ kind: 'failed', reason: 'Pod/web-1 web: ImagePullBackOff' });
  });
});

describe('why a namespace is not ready', () => {
  const crashing = pod('api-1', {
    containerStatuses: [
      { name: 'api', image: 'x', imageID: '', ready: false, restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 20s' } }, lastState: { terminated: { exitCode: 137, reason: 'OOMKilled' } } },
    ],
  });
  const done = pod('migrate-1', { containerStatuses: [{ name: 'migrate', image: 'x', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 0 } } }] }, 'Job');
  const probing = pod('web-1', { containerStatuses: [{ name: 'web', image: 'x', imageID: '', ready: false, restartCount: 0, state: { running: {} } }] });
  const event = (name: string, message: string, at: string) => ({ metadata: {}, involvedObject: { name }, reason: 'Unhealthy', message, lastTimestamp: new Date(at) });

  it('reports each container that is not fine, with its state, restarts and OOM kills; a finished Job container is fine', () => {
    const report = notReadyContainers([crashing, done], []);
    expect(report).toEqual([
      { pod: 'api-1', name: 'api', container: 'api-1/api', status: 'waiting (CrashLoopBackOff: back-off 20s)', lastHealthOutput: undefined, restarts: 2, oomKilled: true },
    ]);
  });

  it('gives the newest failed probe of the pod from the events', () => {
    const events = [
      event('web-1', 'Readiness probe failed: HTTP probe failed with statuscode: 503', '2026-12-03T10:00:02Z'),
      event('web-1', 'Readiness probe failed: connection refused', '2026-12-03T10:00:00Z'),
      event('api-1', 'Liveness probe failed', '2026-12-03T10:00:05Z'),
    ];
    expect(lastProbeFailure(events, 'web-1')).toBe('Readiness probe failed: HTTP probe failed with statuscode: 503');
    expect(notReadyContainers([probing], events)[0]?.status).toBe('running, not ready');
  });
});
