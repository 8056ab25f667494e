// The local cluster as the bench's cluster case reaches it: `cluster status|up|down --json`
// spawned as a user runs them (the timing includes what the command itself does), and
// its namespaces through the cluster's own kubectl.
import { execa } from 'execa';
import { resolveClusterPaths } from '../cluster/cluster-paths.ts';
import { kubectl } from '../cluster/kubectl.ts';
import { openTargetRuntime } from '../targets/open-runtime.ts';
import type { TargetRuntime } from '../targets/target-runtime.ts';
import type { Env } from '../toolchain/cache-paths.ts';
import type { ToolchainContext } from '../components/component.ts';
import { projectRoot } from '../toolchain/pins.ts';
import { cliScript } from './driver-cycle.ts';
import type { ClusterControl, ClusterState } from './cluster-timing.ts';

export function localClusterControl(toolchain: Pick<ToolchainContext, 'paths' | 'pins'>, signal: AbortSignal): ClusterControl {
  const paths = resolveClusterPaths(toolchain.paths, toolchain.pins.kubernetes);
  // `cluster down` waits for its processes at most 5 s each; beyond 10 minutes it hangs.
  const cli = (args: string[]) => execa(process.execPath, [cliScript, 'cluster', ...args, '--json'], { cwd: projectRoot, reject: false, cancelSignal: signal, timeout: 600_000 });
  return {
    async state() {
      const status = await cli(['status']);
      let answer: { state?: ClusterState; error?: string } = {};
      try {
        answer = JSON.parse(status.stdout) as typeof answer;
      } catch {
        // Named below.
      }
      // Unknown is not "degraded": the bench takes down only a cluster it has seen.
      if (!answer.state) throw new Error(`cluster status exited with ${status.exitCode ?? 'a signal'}: ${answer.error ?? (String(status.stderr) || 'no answer')}`);
      return answer.state;
    },
    async namespaces() {
      const listed = await kubectl(paths, ['get', 'namespaces', '-o', 'jsonpath={.items[*].metadata.name}']);
      return listed.ok ? listed.stdout.split(/\s+/).filter(Boolean) : undefined;
    },
    async run(step) {
      const started = performance.now();
      const result = await cli([step]);
      return { exitCode: result.exitCode, stdout: String(result.stdout), wallSeconds: (performance.now() - started) / 1000 };
    },
  };
}

/**
 * What of a (k) run is still on the cluster afterwards, found as the driver finds it: the
 * same cluster choice (KUBECONFIG, else the local cluster) and the same stack label.
 * Nothing when the cluster does not answer (the run's own error says why).
 */
export function kubernetesLeftovers(toolchain: Pick<ToolchainContext, 'paths' | 'pins'>, env: Env): (slug: string) => Promise<string[]> {
  let runtime: Promise<TargetRuntime> | undefined;
  return async (slug) => {
    runtime ??= openTargetRuntime('kubernetes', toolchain, {}, env);
    const opened = await runtime;
    if (!(await opened.reachable())) return [];
    return (await opened.listLabelled(slug)).map((object) => `${object.kind} ${object.name}`);
  };
}
