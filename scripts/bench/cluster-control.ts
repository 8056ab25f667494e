// The local cluster as the bench's cluster case reaches it: `cluster status|up|down --json`
// spawned as a user runs them (the timing includes what the command itself does), and
// its namespaces through the cluster's own kubectl.
import { execa } from 'execa';
import { resolveClusterPaths } from '../cluster/cluster-paths.ts';
import { kubectl } from '../cluster/kubectl.ts';
import { labelKeys } from '../naming/labels.ts';
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

/** A run's namespaces still on the local cluster (found by its stack label); none when it does not answer. */
export function localClusterLeftovers(toolchain: Pick<ToolchainContext, 'paths' | 'pins'>): (slug: string) => Promise<string[]> {
  const paths = resolveClusterPaths(toolchain.paths, toolchain.pins.kubernetes);
  return async (slug) => {
    const listed = await kubectl(paths, ['get', 'namespaces', '--selector', `${labelKeys.stack}=${slug}`, '--output', 'name']);
    return listed.ok ? listed.stdout.split('\n').filter(Boolean) : [];
  };
}
