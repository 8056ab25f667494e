// Doctor's look at the local cluster: running (every process by its recorded pid), its
// node Ready and NetworkPolicies enforced. Nothing to install: `cluster up` starts it
// (and adds a missing NetworkPolicy controller to a running cluster).
import { resolveClusterPaths } from '../cluster/cluster-paths.ts';
import { readClusterStatus } from '../cluster/cluster-status.ts';
import type { Component } from './component.ts';

export const clusterUpFix = 'npm run ephemeral -- cluster up';

export const localCluster: Component = {
  name: 'local cluster',
  async inspect(ctx) {
    const status = await readClusterStatus(resolveClusterPaths(ctx.paths, ctx.pins.kubernetes));
    if (status.state === 'up' && status.networkPolicy.enforced) {
      return { ok: true, detail: `up, node Ready, NetworkPolicies enforced (KUBECONFIG=${status.kubeconfig})` };
    }
    if (status.state === 'up') return { ok: false, detail: `up, but NetworkPolicies not enforced: ${status.networkPolicy.detail}`, fix: clusterUpFix };
    const stopped = status.processes.filter((process) => process.pid === undefined).map((process) => process.name);
    const detail = status.state === 'down' ? 'not running' : `degraded: ${stopped.length > 0 ? `${stopped.join(', ')} not running` : 'node not Ready'}`;
    return { ok: false, detail, fix: clusterUpFix };
  },
};
