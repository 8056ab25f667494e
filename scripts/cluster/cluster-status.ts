// `cluster status`: which of the cluster's processes run (by recorded pid), whether the
// node is Ready and NetworkPolicies are enforced; the kubeconfig and context to reach it.
import type { ClusterPaths } from './cluster-paths.ts';
import { runningPid } from './cluster-processes.ts';
import { kubeconfigContext } from './cluster-files.ts';
import { type NetworkPolicyEnforcement, readNetworkPolicyEnforcement } from './network-policy-enforcement.ts';
import { clusterProcessNames, type ClusterProcessName } from './process-plan.ts';
import { isNodeUp } from './start-cluster.ts';

export interface ClusterStatus {
  state: 'up' | 'down' | 'degraded';
  nodeReady: boolean;
  processes: { name: ClusterProcessName; pid?: number }[];
  networkPolicy: NetworkPolicyEnforcement;
  kubeconfig: string;
  context: string;
}

/** Up: every process runs and the node is Ready; down: none runs; else degraded. */
export function clusterState(running: number, total: number, nodeReady: boolean): ClusterStatus['state'] {
  if (running === 0) return 'down';
  return running === total && nodeReady ? 'up' : 'degraded';
}

export async function readClusterStatus(paths: ClusterPaths): Promise<ClusterStatus> {
  const processes = clusterProcessNames.map((name) => {
    const pid = runningPid(paths, name);
    return pid === undefined ? { name } : { name, pid };
  });
  const running = processes.filter((process) => process.pid !== undefined).length;
  const nodeReady = running > 0 && (await isNodeUp(paths));
  const networkPolicy = await readNetworkPolicyEnforcement(paths);
  return { state: clusterState(running, processes.length, nodeReady), nodeReady, processes, networkPolicy, kubeconfig: paths.kubeconfig, context: kubeconfigContext };
}
