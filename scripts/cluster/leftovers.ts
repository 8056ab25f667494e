// What a stopped cluster may have left on the host, found in what the host reports:
// processes, mounts, iptables chains, nftables tables, netfilter queues, network
// namespaces, the bridge and the kubepods cgroups. Pure: observe-host.ts gathers the reports, `cluster down` checks that this
// list is empty (exit 3 naming what is left otherwise).
import { ownedChains } from './iptables-cleanup.ts';

export interface HostObservation {
  /** Every process as `pid` and its command line (arguments joined by spaces). */
  processes: { pid: number; commandLine: string }[];
  /** /proc/self/mountinfo. */
  mountinfo: string;
  /** `iptables-save` and `ip6tables-save` output. */
  iptablesSave: string;
  /** `nft list tables` as `family name` (iptables-nft's own tables among them). */
  nftablesTables: string[];
  /** The netfilter queues a process holds (/proc/net/netfilter/nfnetlink_queue). */
  boundQueues: { queue: number; portId: number }[];
  /** `ip netns list` names. */
  networkNamespaces: string[];
  /** Network interface names. */
  links: string[];
  /** cgroup folders named kubepods, as paths. */
  kubepodsCgroups: string[];
}

export interface LeftoverRules {
  /** A process whose command line holds one of these is the cluster's (its binaries, config, socket). */
  processMarkers: string[];
  /** Mount points under these belong to the cluster. */
  mountPrefixes: string[];
  bridge: string;
  /** The NetworkPolicy controller's nftables tables, as `family name`. */
  nftablesTables: string[];
  /** The netfilter queue the NetworkPolicy controller holds. */
  queues: number[];
}

/** `nft list tables` → `family name` per table. */
export function parseNftablesTables(text: string): string[] {
  return text
    .split('\n')
    .map((line) => /^table (\S+) (\S+)/.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => `${match[1]} ${match[2]}`);
}

/** The mount points in mountinfo (field 5), octal escapes decoded. */
export function mountPoints(mountinfo: string): string[] {
  return mountinfo
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((point): point is string => Boolean(point))
    .map((point) => point.replace(/\\(\d{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8))));
}

/** Mount points at or under a folder prefix; a prefix ending in `-` matches names (`/run/netns/cni-`). */
export function ownedMounts(mountinfo: string, prefixes: string[]): string[] {
  const under = (point: string, prefix: string) => (prefix.endsWith('-') ? point.startsWith(prefix) : point === prefix || point.startsWith(`${prefix}/`));
  return mountPoints(mountinfo).filter((point) => prefixes.some((prefix) => under(point, prefix)));
}

/** The CRI names every pod's network namespace cni-<uuid>; Docker keeps its own elsewhere. */
export function ownedNetworkNamespaces(names: string[]): string[] {
  return names.filter((name) => name.startsWith('cni-'));
}

export function findLeftovers(observation: HostObservation, rules: LeftoverRules): string[] {
  const processes = observation.processes.filter(({ commandLine }) => rules.processMarkers.some((marker) => commandLine.includes(marker)));
  const mounts = ownedMounts(observation.mountinfo, rules.mountPrefixes);
  const chains = ownedChains(observation.iptablesSave);
  const namespaces = ownedNetworkNamespaces(observation.networkNamespaces);
  const tables = observation.nftablesTables.filter((table) => rules.nftablesTables.includes(table));
  const queues = observation.boundQueues.filter(({ queue }) => rules.queues.includes(queue));
  const found: string[] = [];
  if (processes.length > 0) found.push(`processes: ${processes.map(({ pid, commandLine }) => `${pid} (${commandLine.split(' ')[0]})`).join(', ')}`);
  if (mounts.length > 0) found.push(`mounts: ${mounts.join(', ')}`);
  if (chains.length > 0) found.push(`iptables chains: ${chains.join(', ')}`);
  if (tables.length > 0) found.push(`nftables tables: ${tables.join(', ')}`);
  if (queues.length > 0) found.push(`netfilter queues: ${queues.map(({ queue, portId }) => `${queue} (held by netlink port ${portId})`).join(', ')}`);
  if (namespaces.length > 0) found.push(`network namespaces: ${namespaces.join(', ')}`);
  if (observation.links.includes(rules.bridge)) found.push(`bridge: ${rules.bridge}`);
  if (observation.kubepodsCgroups.length > 0) found.push(`cgroups: ${observation.kubepodsCgroups.join(', ')}`);
  return found;
}
