// Judges a branch's namespace from the objects' status, the Kubernetes form of
// scripts/readiness/container-state.ts: ready when every Deployment has all its replicas
// ready and up to date and every Job completed (a one-shot that succeeded is done, not
// failed); failed at once when a pod can never get there (its image cannot be had, it
// crash-loops, a Job failed), so a broken branch fails in seconds, not at the timeout.
// Pure: the objects in, the verdicts out.
import type { V1Deployment, V1Job, V1Pod } from '@kubernetes/client-node';

export type WorkloadVerdict = { kind: 'ready' } | { kind: 'waiting'; reason: string } | { kind: 'failed'; reason: string };

export interface JudgedWorkload {
  /** `Deployment/api`, `Job/migrate`, `Pod/api-5d8…`. */
  name: string;
  /** Its `ephemeral.service` label, when it has one. */
  service: string | undefined;
  verdict: WorkloadVerdict;
}

export interface NamespaceObjects {
  deployments: V1Deployment[];
  jobs: V1Job[];
  pods: V1Pod[];
}

/** Container waiting reasons that never clear by themselves. */
const hopelessWaits = new Set([
  'CrashLoopBackOff',
  'ErrImagePull',
  'ImagePullBackOff',
  'ErrImageNeverPull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

const serviceOf = (labels: Record<string, string> | undefined) => labels?.['ephemeral.service'];

export function judgeDeployment(deployment: V1Deployment): WorkloadVerdict {
  const wanted = deployment.spec?.replicas ?? 1;
  const status = deployment.status ?? {};
  if ((status.observedGeneration ?? 0) < (deployment.metadata?.generation ?? 0)) return { kind: 'waiting', reason: 'its controller has not seen the latest spec yet' };
  const updated = status.updatedReplicas ?? 0;
  const ready = status.readyReplicas ?? 0;
  const stalled = status.conditions?.find((condition) => condition.type === 'Progressing' && condition.status === 'False');
  if (stalled) return { kind: 'failed', reason: `rollout stalled: ${stalled.reason ?? ''} ${stalled.message ?? ''}`.trim() };
  if (wanted === 0) return { kind: 'ready' };
  if (updated >= wanted && ready >= wanted && (status.replicas ?? 0) <= wanted) return { kind: 'ready' };
  return { kind: 'waiting', reason: `${ready} of ${wanted} replicas ready, ${updated} up to date` };
}

export function judgeJob(job: V1Job): WorkloadVerdict {
  const conditions = job.status?.conditions ?? [];
  const holds = (type: string) => conditions.find((condition) => condition.type === type && condition.status === 'True');
  if (holds('Complete')) return { kind: 'ready' };
  const failed = holds('Failed');
  if (failed) return { kind: 'failed', reason: `failed: ${failed.reason ?? ''}${failed.message ? ` (${failed.message})` : ''}` };
  return { kind: 'waiting', reason: job.status?.active ? 'running' : 'not started' };
}

/** A pod is judged only for what dooms it; whether it is ready is its owner's to say. */
export function judgePod(pod: V1Pod): WorkloadVerdict {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  for (const status of statuses) {
    const waiting = status.state?.waiting;
    if (waiting?.reason && hopelessWaits.has(waiting.reason)) {
      const last = status.lastState?.terminated;
      const lastRun = last ? `; last run ${last.reason ?? 'ended'} with exit ${last.exitCode}` : '';
      return { kind: 'failed', reason: `${status.name}: ${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}${lastRun}` };
    }
  }
  if (pod.status?.phase === 'Failed' && !isJobPod(pod)) return { kind: 'failed', reason: `pod failed: ${pod.status.reason ?? ''} ${pod.status.message ?? ''}`.trim() };
  const unschedulable = pod.status?.conditions?.find((condition) => condition.type === 'PodScheduled' && condition.status === 'False');
  if (unschedulable) return { kind: 'waiting', reason: `not scheduled: ${unschedulable.message ?? unschedulable.reason ?? ''}` };
  const ready = pod.status?.conditions?.find((condition) => condition.type === 'Ready');
  if (ready?.status === 'True' || pod.status?.phase === 'Succeeded') return { kind: 'ready' };
  return { kind: 'waiting', reason: ready?.message ?? pod.status?.phase ?? 'pending' };
}

function isJobPod(pod: V1Pod): boolean {
  return (pod.metadata?.ownerReferences ?? []).some((owner) => owner.kind === 'Job');
}

/** Every Deployment and Job, and every doomed pod (a Job's failed pods are the Job's verdict). */
export function judgeNamespace(objects: NamespaceObjects): JudgedWorkload[] {
  const judged: JudgedWorkload[] = [
    ...objects.deployments.map((deployment) => ({
      name: `Deployment/${deployment.metadata?.name ?? '?'}`,
      service: serviceOf(deployment.metadata?.labels),
      verdict: judgeDeployment(deployment),
    })),
    ...objects.jobs.map((job) => ({ name: `Job/${job.metadata?.name ?? '?'}`, service: serviceOf(job.metadata?.labels), verdict: judgeJob(job) })),
  ];
  for (const pod of objects.pods) {
    const verdict = judgePod(pod);
    if (verdict.kind === 'failed') judged.push({ name: `Pod/${pod.metadata?.name ?? '?'}`, service: serviceOf(pod.metadata?.labels), verdict });
  }
  return judged;
}

/** Ready when nothing failed, nothing waits, and there was something to judge. */
export function namespaceVerdict(judged: JudgedWorkload[]): WorkloadVerdict {
  const failed = judged.filter((workload) => workload.verdict.kind === 'failed');
  if (failed.length > 0) return { kind: 'failed', reason: failed.map(describe).join('; ') };
  const waiting = judged.filter((workload) => workload.verdict.kind === 'waiting');
  if (waiting.length > 0) return { kind: 'waiting', reason: waiting.map(describe).join('; ') };
  return judged.length === 0 ? { kind: 'waiting', reason: 'no Deployment or Job in the namespace yet' } : { kind: 'ready' };
}

function describe(workload: JudgedWorkload): string {
  return workload.verdict.kind === 'ready' ? workload.name : `${workload.name} ${workload.verdict.reason}`;
}
