// `ephemeral cluster up|down|status`: the local single-node Kubernetes cluster the
// kubernetes target uses where no kubeconfig is given. `up` first installs what the
// cluster needs (the bootstrap's kubernetes pieces); `down` exits 3 naming whatever it
// could not remove.
import { installComponents } from '../bootstrap/run-bootstrap.ts';
import { clusterComponents } from '../components/all-components.ts';
import { dockerEngine } from '../components/docker-engine.ts';
import { resolveClusterPaths } from '../cluster/cluster-paths.ts';
import { readClusterStatus } from '../cluster/cluster-status.ts';
import { startCluster } from '../cluster/start-cluster.ts';
import { stopCluster } from '../cluster/stop-cluster.ts';
import { EphemeralError, ExitCode } from '../errors.ts';
import type { Env } from '../toolchain/cache-paths.ts';
import { createToolchainContext } from '../toolchain/toolchain-context.ts';
import type { CommandResult } from './command-result.ts';

function requireRoot(): void {
  if (process.getuid?.() !== 0) {
    throw new EphemeralError('the local cluster needs root (it runs containerd, kubelet and kube-proxy)', {
      code: 'E_USAGE',
      exitCode: ExitCode.usage,
      remedy: 'run `npm run ephemeral -- cluster up` as root, or point --kubeconfig at a cluster you have',
    });
  }
}

export async function clusterUpCommand(env: Env, progress: (line: string) => void): Promise<CommandResult> {
  requireRoot();
  const ctx = createToolchainContext(env);
  await installComponents(ctx, [dockerEngine, ...clusterComponents()], progress);
  const paths = resolveClusterPaths(ctx.paths, ctx.pins.kubernetes);
  const result = await startCluster(paths, ctx.pins.kubernetes, progress);
  const added = result.addedToRunningCluster.length > 0 ? `; started ${result.addedToRunningCluster.join(', ')}, NetworkPolicies enforced` : '';
  const lines = result.alreadyUp
    ? [`cluster: already up, node Ready${added}`]
    : [`cluster: up, node Ready in ${result.nodeReadySeconds.toFixed(1)}s, CoreDNS available in ${result.dnsReadySeconds.toFixed(1)}s`];
  return { exitCode: ExitCode.ok, lines: [...lines, `kubeconfig: ${result.kubeconfig} (context ${result.context})`], json: { ok: true, ...result } };
}

export async function clusterDownCommand(env: Env, progress: (line: string) => void): Promise<CommandResult> {
  requireRoot();
  const ctx = createToolchainContext(env);
  const paths = resolveClusterPaths(ctx.paths, ctx.pins.kubernetes);
  const started = performance.now();
  const leftovers = await stopCluster(paths, progress);
  const seconds = (performance.now() - started) / 1000;
  if (leftovers.length > 0) {
    return {
      exitCode: ExitCode.teardownIncomplete,
      lines: ['cluster: down did not remove everything:', ...leftovers.map((line) => `  ${line}`), 'fix: run `npm run ephemeral -- cluster down` again; remove what stays by hand'],
      json: { ok: false, seconds, leftovers },
    };
  }
  return { exitCode: ExitCode.ok, lines: [`cluster: down in ${seconds.toFixed(1)}s, nothing left`], json: { ok: true, seconds, leftovers } };
}

export async function clusterStatusCommand(env: Env): Promise<CommandResult> {
  const ctx = createToolchainContext(env);
  const status = await readClusterStatus(resolveClusterPaths(ctx.paths, ctx.pins.kubernetes));
  const running = status.processes.filter((process) => process.pid !== undefined).map((process) => `${process.name} ${process.pid}`);
  return {
    exitCode: ExitCode.ok,
    lines: [
      `cluster: ${status.state}, node ${status.nodeReady ? 'Ready' : 'not Ready'}`,
      ...(running.length > 0 ? [`processes: ${running.join(', ')}`] : []),
      status.networkPolicy.enforced
        ? `network policies: enforced (${status.networkPolicy.detail}; metrics ${status.networkPolicy.metricsUrl})`
        : `network policies: not enforced (${status.networkPolicy.detail})${status.state === 'down' ? '' : '; fix: npm run ephemeral -- cluster up'}`,
      `kubeconfig: ${status.kubeconfig} (context ${status.context})`,
    ],
    json: status,
  };
}
