// Which pods stand for a service's replicas on Kubernetes, as pure functions of the pod
// list: those running, ready and not being deleted, oldest first; after a restart, the
// replacement is a ready pod that was not there before.
import type { V1Pod } from '@kubernetes/client-node';

export interface PodView {
  name: string;
  /** Milliseconds since the epoch; 0 when the API has not said. */
  createdAt: number;
  deleting: boolean;
  running: boolean;
  ready: boolean;
  /** What keeps it from serving, for messages: waiting reasons of its containers. */
  waiting: string[];
}

export function podView(pod: V1Pod): PodView {
  const statuses = pod.status?.containerStatuses ?? [];
  return {
    name: pod.metadata?.name ?? '',
    createdAt: pod.metadata?.creationTimestamp ? new Date(pod.metadata.creationTimestamp).getTime() : 0,
    deleting: pod.metadata?.deletionTimestamp !== undefined,
    running: pod.status?.phase === 'Running',
    ready: (pod.status?.conditions ?? []).some((condition) => condition.type === 'Ready' && condition.status === 'True'),
    waiting: statuses.flatMap((status) => (status.state?.waiting?.reason ? [`${status.name}: ${status.state.waiting.reason}`] : [])),
  };
}

function serving(pod: PodView): boolean {
  return pod.name !== '' && pod.running && pod.ready && !pod.deleting;
}

const oldestFirst = (a: PodView, b: PodView) => a.createdAt - b.createdAt || a.name.localeCompare(b.name);

/** The replicas that serve now, oldest first (ties by name), so the order is stable between calls. */
export function servingReplicas(pods: readonly PodView[]): string[] {
  return pods.filter(serving).sort(oldestFirst).map((pod) => pod.name);
}

/** The newest serving pod that is none of `before`, or undefined while none is. */
export function replacementReplica(before: readonly string[], pods: readonly PodView[]): string | undefined {
  const known = new Set(before);
  return pods
    .filter((pod) => serving(pod) && !known.has(pod.name))
    .sort(oldestFirst)
    .at(-1)?.name;
}

/** One line on the pods that are not serving yet, for a timeout's message. */
export function notServingSummary(pods: readonly PodView[]): string {
  const waiting = pods.filter((pod) => !serving(pod));
  if (waiting.length === 0) return 'no pod is waiting';
  return waiting
    .map((pod) => `${pod.name} (${pod.deleting ? 'deleting' : pod.running ? (pod.ready ? 'ready' : 'not ready') : 'not running'}${pod.waiting.length ? `; ${pod.waiting.join(', ')}` : ''})`)
    .join(', ');
}
