// CPU and memory of a branch's pods, from the kubelet's summary API of each node they run
// on (through the API server's node proxy): what `docker stats` gives on the Docker target,
// with no metrics server needed.
import type { ResourceSample } from '../artifacts/resource-sampler.ts';
import type { ClusterClients } from './cluster-access.ts';

interface SummaryContainer {
  name: string;
  cpu?: { usageNanoCores?: number };
  memory?: { workingSetBytes?: number };
}

interface StatsSummary {
  pods?: { podRef: { name: string; namespace: string }; containers?: SummaryContainer[] }[];
}

/** The samples of the pods in `namespaces`, from one node's summary. Pure. */
export function podSamples(summary: StatsSummary, namespaces: ReadonlySet<string>): ResourceSample[] {
  return (summary.pods ?? [])
    .filter((pod) => namespaces.has(pod.podRef.namespace))
    .flatMap((pod) =>
      (pod.containers ?? []).map((container) => ({
        container: `${pod.podRef.name}/${container.name}`,
        // A core is 1e9 nano-cores; docker stats counts a busy core as 100 %.
        cpuPercent: (container.cpu?.usageNanoCores ?? 0) / 1e7,
        memoryBytes: container.memory?.workingSetBytes ?? 0,
      })),
    );
}

export async function readPodResources(clients: ClusterClients, namespaces: readonly string[]): Promise<ResourceSample[]> {
  const pods = await Promise.all(namespaces.map((namespace) => clients.core.listNamespacedPod({ namespace })));
  const nodes = new Set(pods.flatMap((list) => list.items.flatMap((pod) => pod.spec?.nodeName ?? [])));
  const wanted = new Set(namespaces);
  const summaries = await Promise.all(
    [...nodes].map(async (name) => {
      // Declared a string, but the client parses a JSON answer.
      const answer: unknown = await clients.core.connectGetNodeProxyWithPath({ name, path: 'stats/summary' });
      return (typeof answer === 'string' ? JSON.parse(answer) : answer) as StatsSummary;
    }),
  );
  return summaries.flatMap((summary) => podSamples(summary, wanted));
}
