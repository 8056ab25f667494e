// When a namespace does not become ready, says why, per pod container that is not: its
// state, its last failed probe (from the namespace's events), its restarts and OOM kills,
// and the tail of its log; the same report as scripts/readiness/why-not-ready.ts gives
// on Docker, so the summary and `formatWhyNotReady` serve both targets.
import type { CoreV1Event, V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import type { NotReadyService } from '../readiness/why-not-ready.ts';
import type { ClusterClients } from './cluster-access.ts';

/** A container is fine when ready, or when it ran to completion (a Job's). */
function isFine(status: V1ContainerStatus): boolean {
  return status.ready || status.state?.terminated?.exitCode === 0;
}

function describeState(status: V1ContainerStatus): string {
  const { waiting, running, terminated } = status.state ?? {};
  if (waiting) return `waiting (${waiting.reason ?? 'unknown'}${waiting.message ? `: ${waiting.message}` : ''})`;
  if (terminated) return `terminated (${terminated.reason ?? 'exit'} ${terminated.exitCode})`;
  return running ? 'running, not ready' : 'unknown';
}

/** The newest Unhealthy event of the pod: the kubelet's probe output. Pure. */
export function lastProbeFailure(events: CoreV1Event[], pod: string): string | undefined {
  const failures = events.filter((event) => event.involvedObject.name === pod && event.reason === 'Unhealthy');
  const time = (event: CoreV1Event) => new Date(event.lastTimestamp ?? event.eventTime ?? 0).getTime();
  return failures.sort((a, b) => time(a) - time(b)).at(-1)?.message?.slice(0, 300);
}

/** The pod containers that are not fine, as the Docker target reports containers. Pure. */
export function notReadyContainers(pods: V1Pod[], events: CoreV1Event[]): Array<Omit<NotReadyService, 'logTail'> & { pod: string; name: string }> {
  return pods.flatMap((pod) => {
    const podName = pod.metadata?.name ?? '?';
    return (pod.status?.containerStatuses ?? [])
      .filter((status) => !isFine(status))
      .map((status) => ({
        pod: podName,
        name: status.name,
        container: `${podName}/${status.name}`,
        status: describeState(status),
        lastHealthOutput: lastProbeFailure(events, podName),
        restarts: status.restartCount,
        oomKilled: status.lastState?.terminated?.reason === 'OOMKilled' || status.state?.terminated?.reason === 'OOMKilled',
      }));
  });
}

export async function whyNamespaceNotReady(clients: ClusterClients, namespace: string, tailLines = 15): Promise<NotReadyService[]> {
  const [pods, events] = await Promise.all([clients.core.listNamespacedPod({ namespace }), clients.core.listNamespacedEvent({ namespace })]);
  return Promise.all(
    notReadyContainers(pods.items, events.items).map(async ({ pod, name, ...service }) => {
      const log = await clients.core.readNamespacedPodLog({ namespace, name: pod, container: name, tailLines }).catch(() => '');
      return { ...service, logTail: log.split('\n').filter(Boolean) };
    }),
  );
}
