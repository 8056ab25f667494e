// A branch's pods as the suites' end sees workloads (the Kubernetes form of
// scripts/docker/stack-services.ts): grouped by their `ephemeral.service` label as
// `namespace/pod`, their logs since the suite started, and the services with no live pod,
// judged by scripts/suites/service-state.ts as containers are (a Job's pod that succeeded
// is done, not down).
import type { V1Pod } from '@kubernetes/client-node';
import { containerLabelKeys } from '../naming/labels.ts';
import { type ContainerState, servicesWithoutLiveContainer } from '../suites/service-state.ts';
import type { WorkloadView } from '../targets/target-runtime.ts';
import type { ClusterClients } from './cluster-access.ts';

/** A pod as service-state.ts judges a container: running (and not being deleted), or done (ran to completion). Pure. */
export function podState(pod: V1Pod): ContainerState {
  return {
    running: pod.status?.phase === 'Running' && !pod.metadata?.deletionTimestamp,
    done: pod.status?.phase === 'Succeeded',
  };
}

function idOf(pod: V1Pod): string {
  return `${pod.metadata?.namespace ?? '?'}/${pod.metadata?.name ?? '?'}`;
}

export function podWorkloads(clients: () => Promise<ClusterClients>, namespacesOf: (slug: string) => Promise<string[]>): WorkloadView {
  const podsOf = async (namespaces: Iterable<string>) => {
    const client = await clients();
    return (await Promise.all([...namespaces].map((namespace) => client.core.listNamespacedPod({ namespace })))).flatMap((list) => list.items);
  };
  const namespacesIn = (ids: readonly string[]) => new Set(ids.map((id) => id.split('/')[0] ?? ''));
  return {
    async services(slug) {
      const grouped: Record<string, string[]> = {};
      for (const pod of await podsOf(await namespacesOf(slug))) {
        const service = pod.metadata?.labels?.[containerLabelKeys.service];
        if (service) (grouped[service] ??= []).push(idOf(pod));
      }
      return grouped;
    },
    async logsSince(workloads, since) {
      const client = await clients();
      const sinceSeconds = Math.max(1, Math.ceil((Date.now() - since.getTime()) / 1000));
      const logs = await Promise.all(
        workloads.map(async (id) => {
          const [namespace = '', name = ''] = id.split('/');
          const text = await client.core.readNamespacedPodLog({ namespace, name, timestamps: true, sinceSeconds }).catch((error: unknown) => `(the pod's log could not be read: ${(error as Error).message})`);
          return [id, text] as const;
        }),
      );
      return new Map(logs);
    },
    async servicesDown(services) {
      const ids = Object.values(services).flat();
      const pods = await podsOf(namespacesIn(ids));
      const states = new Map(pods.map((pod) => [idOf(pod), podState(pod)]));
      return servicesWithoutLiveContainer(services, states);
    },
  };
}
