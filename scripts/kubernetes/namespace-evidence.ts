// The evidence of a branch's namespace, gathered before teardown, the Kubernetes form of
// scripts/artifacts/collect-service-logs.ts: each pod container's log (and the previous
// run's, when it restarted), the namespace's events, and the objects as YAML, under
// logs/. The same ServiceLogSummary per container feeds the summary on both targets.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { countLogProblems, type ServiceLogSummary } from '../artifacts/collect-service-logs.ts';
import type { ClusterClients } from './cluster-access.ts';

async function containerLog(clients: ClusterClients, namespace: string, pod: string, container: string, previous: boolean): Promise<string> {
  try {
    return await clients.core.readNamespacedPodLog({ namespace, name: pod, container, timestamps: true, previous });
  } catch {
    // No log yet (never started), or no previous run: nothing to keep.
    return '';
  }
}

function summaryOf(pod: V1Pod, container: string, log: string): ServiceLogSummary {
  const status = pod.status?.containerStatuses?.find((candidate) => candidate.name === container);
  const terminated = status?.state?.terminated;
  return {
    container: `${pod.metadata?.name ?? '?'}/${container}`,
    ...countLogProblems(log),
    exitCode: terminated?.exitCode,
    health: status ? (status.ready ? 'ready' : 'not ready') : undefined,
    restarts: status?.restartCount ?? 0,
    oomKilled: status?.lastState?.terminated?.reason === 'OOMKilled' || terminated?.reason === 'OOMKilled',
  };
}

export async function collectNamespaceEvidence(clients: ClusterClients, namespace: string, logsDir: string): Promise<ServiceLogSummary[]> {
  const [pods, events, deployments, jobs, services] = await Promise.all([
    clients.core.listNamespacedPod({ namespace }),
    clients.core.listNamespacedEvent({ namespace }),
    clients.apps.listNamespacedDeployment({ namespace }),
    clients.batch.listNamespacedJob({ namespace }),
    clients.core.listNamespacedService({ namespace }),
  ]);
  // Items of a list carry no kind: each gets its own back, so the file reads as manifests.
  const withKind = (apiVersion: string, kind: string) => (item: object) => ({ apiVersion, kind, ...item });
  const objects = [
    ...deployments.items.map(withKind('apps/v1', 'Deployment')),
    ...jobs.items.map(withKind('batch/v1', 'Job')),
    ...services.items.map(withKind('v1', 'Service')),
    ...pods.items.map(withKind('v1', 'Pod')),
  ];
  writeFileSync(join(logsDir, 'objects.yaml'), objects.map((object) => stringify(object)).join('---\n'));
  writeFileSync(
    join(logsDir, 'events.log'),
    events.items
      .map((event) => `${String(event.lastTimestamp ?? event.eventTime ?? '')} ${event.type ?? ''} ${event.involvedObject.kind ?? ''}/${event.involvedObject.name ?? ''} ${event.reason ?? ''}: ${event.message ?? ''}`)
      .join('\n'),
  );
  const summaries: ServiceLogSummary[] = [];
  for (const pod of pods.items) {
    const name = pod.metadata?.name ?? '?';
    for (const container of pod.spec?.containers ?? []) {
      const log = await containerLog(clients, namespace, name, container.name, false);
      writeFileSync(join(logsDir, `${name}.${container.name}.log`), log);
      const restarted = (pod.status?.containerStatuses?.find((status) => status.name === container.name)?.restartCount ?? 0) > 0;
      if (restarted) writeFileSync(join(logsDir, `${name}.${container.name}.previous.log`), await containerLog(clients, namespace, name, container.name, true));
      summaries.push(summaryOf(pod, container.name, log));
    }
  }
  return summaries;
}
