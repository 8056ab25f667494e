// The runtime of the target a run asked for. The Kubernetes one (and its client library)
// is loaded only when that target is used: a Docker run never pays for it.
import type { ToolchainContext } from '../components/component.ts';
import type { TargetName } from '../contract/define-config.ts';
import { dockerRuntime } from '../docker/docker-runtime.ts';
import type { ClusterOptions } from '../kubernetes/cluster-choice.ts';
import type { Env } from '../toolchain/cache-paths.ts';
import type { TargetRuntime } from './target-runtime.ts';

export async function openTargetRuntime(target: TargetName, toolchain: Pick<ToolchainContext, 'paths' | 'pins'>, cluster: ClusterOptions, env: Env): Promise<TargetRuntime> {
  if (target === 'docker') return dockerRuntime;
  const { chooseRunCluster, kubernetesRuntime } = await import('../kubernetes/kubernetes-runtime.ts');
  return kubernetesRuntime(toolchain, chooseRunCluster(toolchain, cluster, env));
}
