// The targets `list`, `gc` and `down` look at: this host's Docker engine always, and the
// Kubernetes cluster (the one named by --kubeconfig/--context or KUBECONFIG, else the
// local one) when it answers. A cluster that does not is reported, never a failure: its
// namespaces wait for the next gc that reaches it.
import type { ToolchainContext } from '../components/component.ts';
import type { ClusterOptions } from '../kubernetes/cluster-choice.ts';
import type { Env } from '../toolchain/cache-paths.ts';
import { openTargetRuntime } from './open-runtime.ts';
import type { TargetRuntime } from './target-runtime.ts';

export async function reachableRuntimes(toolchain: Pick<ToolchainContext, 'paths' | 'pins'>, cluster: ClusterOptions, env: Env, progress: (line: string) => void): Promise<TargetRuntime[]> {
  const docker = await openTargetRuntime('docker', toolchain, {}, env);
  const kubernetes = await openTargetRuntime('kubernetes', toolchain, cluster, env);
  if (await kubernetes.reachable()) return [docker, kubernetes];
  // Only a cluster someone named is worth a line: a local cluster that is down holds nothing running.
  if (cluster.kubeconfig || cluster.context || env['KUBECONFIG']) progress(`${kubernetes.where} does not answer: its namespaces are not looked at`);
  return [docker];
}
