// Doctor's look at the local cluster: running (every process by its recorded pid) and
// its node Ready. Nothing to install: `cluster up` starts it.
import { resolveClusterPaths } from '../cluster/cluster-paths.ts';
import { readClusterStatus } from '../cluster/cluster-status.ts';
import type { Component } from './component.ts';

export const clusterUpFix = 'npm run ephemeral -- cluster up';

export const localCluster: Component = {
  name: 'local cluster',
  async inspect(ctx) {
    const status = await readClusterStatus(resolveClusterPaths(ctx.paths, ctx.pins.kubernetes));
    if (status.state === 'up') return { ok: true, detail: `up, node Ready (KUBECONFIG=${status.kubeconfig})` };
    const stopped = status.processes.filter((process) => process.pid === undefined).map((process) => process.name);
    const detail = status.state === 'down' ? 'not running' : `degraded: ${stopped.length > 0 ? `${stopped.join(', ')} not running` : 'node not Ready'}`;
    return { ok: false, detail, fix: clusterUpFix };
  },
};
