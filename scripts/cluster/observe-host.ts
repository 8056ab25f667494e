// Gathers what the host reports about the cluster's traces (processes, mounts, iptables,
// nftables tables, netfilter queues, network namespaces, links, kubepods cgroups) for
// leftovers.ts to judge.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { type HostObservation, parseNftablesTables } from './leftovers.ts';
import { parseBoundQueues } from './network-policy-queue.ts';

const queueFile = '/proc/net/netfilter/nfnetlink_queue';

function processes(): HostObservation['processes'] {
  const found: HostObservation['processes'] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      if (commandLine) found.push({ pid: Number(entry), commandLine });
    } catch {
      // Gone between the listing and the read.
    }
  }
  return found;
}

async function output(command: string, args: string[]): Promise<string> {
  const result = await execa(command, args, { reject: false });
  return result.exitCode === 0 ? result.stdout : '';
}

/** The kubepods folders under each cgroup v1 controller (or the v2 root). */
export function kubepodsCgroups(root = '/sys/fs/cgroup'): string[] {
  if (!existsSync(root)) return [];
  const candidates = [join(root, 'kubepods'), ...readdirSync(root).map((controller) => join(root, controller, 'kubepods'))];
  return [...new Set(candidates)].filter((path) => existsSync(path));
}

export async function observeHost(): Promise<HostObservation> {
  const [ipv4, ipv6, nftables, netns, links] = await Promise.all([
    output('iptables-save', []),
    output('ip6tables-save', []),
    output('nft', ['list', 'tables']),
    output('ip', ['netns', 'list']),
    output('ip', ['-o', 'link', 'show']),
  ]);
  return {
    processes: processes(),
    mountinfo: readFileSync('/proc/self/mountinfo', 'utf8'),
    iptablesSave: `${ipv4}\n${ipv6}`,
    nftablesTables: parseNftablesTables(nftables),
    boundQueues: existsSync(queueFile) ? parseBoundQueues(readFileSync(queueFile, 'utf8')) : [],
    networkNamespaces: netns.split('\n').map((line) => line.split(' ')[0] ?? '').filter(Boolean),
    links: links.split('\n').map((line) => /^\d+: ([^:@]+)/.exec(line)?.[1] ?? '').filter(Boolean),
    kubepodsCgroups: kubepodsCgroups(),
  };
}
