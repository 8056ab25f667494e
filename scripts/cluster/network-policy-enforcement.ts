// The NetworkPolicy controller on the local cluster: started with its queue diversion (on
// a fresh cluster, or alone on a running one that lacks it), and whether policies are
// enforced: the controller runs, the diversion is in place and the controller holds the
// queue. It opens the queue only once its caches of pods, namespaces and policies are
// synced, so a held queue means verdicts follow the policies.
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { EphemeralError, ExitCode } from '../errors.ts';
import { clusterNetwork } from './cluster-network.ts';
import type { ClusterPaths } from './cluster-paths.ts';
import { logFile, runningPid, startProcess } from './cluster-processes.ts';
import { installNetworkPolicyQueue, networkPolicyChain, parseBoundQueues } from './network-policy-queue.ts';
import type { ClusterProcess } from './process-plan.ts';

export interface NetworkPolicyEnforcement {
  enforced: boolean;
  /** What is missing when not enforced, for status and doctor. */
  detail: string;
  metricsUrl: string;
}

const queueFile = '/proc/net/netfilter/nfnetlink_queue';

function isQueueHeld(queue: number): boolean {
  return existsSync(queueFile) && parseBoundQueues(readFileSync(queueFile, 'utf8')).some((bound) => bound.queue === queue);
}

/** Only root may read iptables: for anyone else (status without sudo) the diversion is taken as there. */
async function isDiverted(): Promise<boolean> {
  if (process.getuid?.() !== 0) return true;
  return (await execa('iptables', ['-t', 'mangle', '-C', 'POSTROUTING', '-j', networkPolicyChain], { reject: false })).exitCode === 0;
}

export async function readNetworkPolicyEnforcement(paths: ClusterPaths): Promise<NetworkPolicyEnforcement> {
  const metricsUrl = `http://${clusterNetwork.networkPolicyMetricsAddress}/metrics`;
  const pid = runningPid(paths, 'kube-network-policies');
  const missing = [
    ...(pid === undefined ? ['kube-network-policies not running'] : []),
    ...((await isDiverted()) ? [] : [`no jump to ${networkPolicyChain} in mangle POSTROUTING`]),
    ...(isQueueHeld(clusterNetwork.networkPolicyQueue) ? [] : [`nfqueue ${clusterNetwork.networkPolicyQueue} not held`]),
  ];
  if (missing.length > 0) return { enforced: false, detail: missing.join(', '), metricsUrl };
  return { enforced: true, detail: `kube-network-policies ${pid}, nfqueue ${clusterNetwork.networkPolicyQueue}`, metricsUrl };
}

/** The diversion first (it lets packets through until the controller listens), then the process. */
export async function startNetworkPolicyController(paths: ClusterPaths, controller: ClusterProcess): Promise<void> {
  await installNetworkPolicyQueue();
  startProcess(paths, controller);
}

export async function waitUntilEnforced(paths: ClusterPaths, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: NetworkPolicyEnforcement | undefined;
  while (Date.now() < deadline) {
    last = await readNetworkPolicyEnforcement(paths);
    if (last.enforced || runningPid(paths, 'kube-network-policies') === undefined) break;
    await sleep(200);
  }
  if (last?.enforced) return;
  const log = logFile(paths, 'kube-network-policies');
  const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-5).join('\n') : '';
  throw new EphemeralError(`the local cluster's NetworkPolicy controller is not enforcing: ${last?.detail ?? 'not started'}\n${tail}`, {
    code: 'E_CLUSTER_START',
    exitCode: ExitCode.provisionFailed,
    remedy: `read ${log}, then run \`npm run ephemeral -- cluster up\` again`,
  });
}
