// Reads what readiness judges in a branch's namespace: its Deployments, Jobs and pods.
import type { ClusterClients } from './cluster-access.ts';
import type { NamespaceObjects } from './workload-verdict.ts';

export async function readNamespaceObjects(clients: ClusterClients, namespace: string): Promise<NamespaceObjects> {
  const [deployments, jobs, pods] = await Promise.all([
    clients.apps.listNamespacedDeployment({ namespace }),
    clients.batch.listNamespacedJob({ namespace }),
    clients.core.listNamespacedPod({ namespace }),
  ]);
  return { deployments: deployments.items, jobs: jobs.items, pods: pods.items };
}
