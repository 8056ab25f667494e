// The /metrics of each pod whose program labelled it with `ephemeral.metrics-port`,
// scraped before teardown from inside the pod's container on its own loopback (a private
// port is not reachable from outside, by design, as on Docker), written as
// metrics/<pod>.prom: the Kubernetes form of scripts/artifacts/scrape-metrics.ts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { metricsBody, metricsRequestScript } from '../artifacts/scrape-metrics.ts';
import { containerLabelKeys } from '../naming/labels.ts';
import type { ClusterClients } from './cluster-access.ts';
import { execInPod } from './pod-exec.ts';

export async function scrapePodMetrics(clients: ClusterClients, namespaces: readonly string[], dir: string): Promise<string[]> {
  const lists = await Promise.all(namespaces.map((namespace) => clients.core.listNamespacedPod({ namespace, labelSelector: containerLabelKeys.metricsPort })));
  const pods = lists.flatMap((list) => list.items).filter((pod) => pod.status?.phase === 'Running');
  const scraped = await Promise.all(
    pods.map(async (pod) => {
      const name = pod.metadata?.name ?? '?';
      const port = Number(pod.metadata?.labels?.[containerLabelKeys.metricsPort]);
      const container = pod.spec?.containers[0]?.name;
      if (!container || !Number.isInteger(port)) return undefined;
      const result = await execInPod(clients, {
        namespace: pod.metadata?.namespace ?? '',
        pod: name,
        container,
        command: ['bash', '-c', metricsRequestScript(port)],
        timeoutMs: 10_000,
      }).catch(() => undefined);
      const body = result?.exitOk ? metricsBody(result.stdout) : undefined;
      if (body === undefined) return undefined;
      writeFileSync(join(dir, `${name}.prom`), body);
      return name;
    }),
  );
  return scraped.filter((pod): pod is string => pod !== undefined);
}
