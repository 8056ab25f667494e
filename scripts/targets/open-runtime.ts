// The runtime of the target a run asked for. The Kubernetes one (and its client library)
// is loaded only when that target is used: a Docker run never pays for it.
import { existsSync } from 'node:fs';
import type { ToolchainContext } from '../components/component.ts';
import { usageError } from '../errors.ts';
import type { TargetName } from '../contract/define-config.ts';
import { dockerRuntime } from '../docker/docker-runtime.ts';
import type { ClusterOptions } from '../kubernetes/cluster-choice.ts';
import type { Env } from '../toolchain/cache-paths.ts';
import type { TargetRuntime } from './target-runtime.ts';

export async function openTargetRuntime(target: TargetName, toolchain: Pick<ToolchainContext, 'paths' | 'pins'>, cluster: ClusterOptions, env: Env): Promise<TargetRuntime> {
  if (target === 'docker') return dockerRuntime;
  // Before the branch lock and the artifacts: a kubeconfig that is not there is bad input.
  if (cluster.kubeconfig !== undefined && !existsSync(cluster.kubeconfig)) {
    throw usageError(`no kubeconfig at ${cluster.kubeconfig}`, 'give --kubeconfig the path of an existing file, or drop it (KUBECONFIG, else the local cluster)');
  }
  const { chooseRunCluster, kubernetesRuntime } = await import('../kubernetes/kubernetes-runtime.ts');
  return kubernetesRuntime(toolchain, chooseRunCluster(toolchain, cluster, env), cluster.registry);
}
