// `cluster down`: stops every process of the local cluster by its recorded pid, removes
// what they left on the host (containers and their shims, network namespaces, the
// bridge, KUBE-/CNI-/EPHEMERAL- iptables chains, the NetworkPolicy controller's nftables
// tables, mounts, kubepods cgroups, kubelet's folders), then looks again and reports
// whatever is still there.
import { existsSync, readFileSync, readdirSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { clusterNetwork } from './cluster-network.ts';
import type { ClusterPaths } from './cluster-paths.ts';
import { runningPid, stopProcess } from './cluster-processes.ts';
import { restoreHostSettings } from './host-settings.ts';
import { planIptablesCleanup } from './iptables-cleanup.ts';
import { findLeftovers, ownedMounts, ownedNetworkNamespaces, parseNftablesTables, type LeftoverRules } from './leftovers.ts';
import { kubepodsCgroups, observeHost } from './observe-host.ts';

/** Where kubelet writes whatever its root dir says, and what the CRI mounts pods' netns on. */
const kubeletHostDirs = ['/var/lib/kubelet', '/var/log/pods', '/var/log/containers'];
const netnsDir = '/run/netns';

export function leftoverRules(paths: ClusterPaths): LeftoverRules {
  return {
    processMarkers: [paths.binDir, paths.networkPolicyBinary, paths.root, paths.containerdSocket],
    mountPrefixes: [paths.root, paths.containerdState, '/var/lib/kubelet', '/run/netns/cni-', '/var/run/netns/cni-'],
    bridge: clusterNetwork.bridge,
    // kube-network-policies' table (its DNS cache table comes only with admin network policies, never turned on here).
    nftablesTables: ['inet kube-network-policies', 'inet kube-network-policies-dnscache'],
    queues: [clusterNetwork.networkPolicyQueue],
  };
}

async function quiet(command: string, args: string[]): Promise<void> {
  await execa(command, args, { reject: false, timeout: 30_000 });
}

/** Kills and deletes every container of the cluster's containerd, so their shims exit. */
async function removeContainers(paths: ClusterPaths): Promise<void> {
  const ctr = (args: string[]) => execa('ctr', ['--address', paths.containerdSocket, '--namespace', 'k8s.io', ...args], { reject: false, timeout: 30_000 });
  const containers = (await ctr(['containers', 'list', '--quiet'])).stdout.split('\n').filter(Boolean);
  await Promise.all(
    containers.map(async (id) => {
      await ctr(['tasks', 'kill', '--signal', 'SIGKILL', id]);
      for (let attempt = 0; attempt < 20; attempt += 1) {
        if ((await ctr(['tasks', 'delete', id])).exitCode === 0) break;
        if (!(await ctr(['tasks', 'list', '--quiet'])).stdout.split('\n').includes(id)) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await ctr(['containers', 'delete', id]);
    }),
  );
}

async function removeIptablesChains(): Promise<void> {
  for (const [save, tool] of [['iptables-save', 'iptables'], ['ip6tables-save', 'ip6tables']] as const) {
    const text = (await execa(save, [], { reject: false })).stdout;
    for (const args of planIptablesCleanup(String(text))) await quiet(tool, ['-w', ...args]);
  }
}

/** The controller removes its table when it stops; one killed, or a kernel refusing part of it, may leave it. */
async function removeNftablesTables(rules: LeftoverRules): Promise<void> {
  const present = parseNftablesTables((await execa('nft', ['list', 'tables'], { reject: false })).stdout);
  for (const table of present.filter((name) => rules.nftablesTables.includes(name))) await quiet('nft', ['delete', 'table', ...table.split(' ')]);
}

async function unmountOwned(rules: LeftoverRules): Promise<void> {
  const mounts = ownedMounts(readFileSync('/proc/self/mountinfo', 'utf8'), rules.mountPrefixes).sort((a, b) => b.length - a.length);
  for (const mount of mounts) await quiet('umount', ['-l', mount]);
}

function removeCgroupTree(dir: string): void {
  for (const entry of readdirSync(dir)) {
    const child = join(dir, entry);
    if (statSync(child).isDirectory()) removeCgroupTree(child);
  }
  rmdirSync(dir);
}

export async function stopCluster(paths: ClusterPaths, progress: (line: string) => void): Promise<string[]> {
  const rules = leftoverRules(paths);
  // The NetworkPolicy controller first (it removes its own table), kubelet next, so it
  // restarts nothing; containerd last, once its containers are gone.
  for (const name of ['kube-network-policies', 'kubelet', 'kube-proxy', 'kube-scheduler', 'kube-controller-manager', 'kube-apiserver', 'etcd'] as const) {
    await stopProcess(paths, name, 5_000);
  }
  if (runningPid(paths, 'containerd') !== undefined) await removeContainers(paths);
  await stopProcess(paths, 'containerd', 5_000);

  const kubeProxy = join(paths.binDir, 'kube-proxy');
  if (existsSync(kubeProxy)) await quiet(kubeProxy, ['--cleanup']);
  await removeIptablesChains();
  await removeNftablesTables(rules);
  const netns = ownedNetworkNamespaces((await execa('ip', ['netns', 'list'], { reject: false })).stdout.split('\n').map((line) => line.split(' ')[0] ?? ''));
  for (const name of netns) await quiet('ip', ['netns', 'delete', name]);
  for (const name of netns) rmSync(join(netnsDir, name), { force: true });
  await quiet('ip', ['link', 'delete', clusterNetwork.bridge]);
  await unmountOwned(rules);
  for (const dir of kubepodsCgroups()) {
    try {
      removeCgroupTree(dir);
    } catch {
      // A cgroup with a process left in it stays; the check below names it.
    }
  }
  for (const dir of [...kubeletHostDirs, paths.kubeletRoot, paths.containerdState, paths.cniDataDir, join(paths.root, 'pod-logs')]) rmSync(dir, { recursive: true, force: true });
  await restoreHostSettings(paths);

  const leftovers = findLeftovers(await observeHost(), rules);
  if (leftovers.length === 0) progress('cluster: stopped, nothing left');
  return leftovers;
}
