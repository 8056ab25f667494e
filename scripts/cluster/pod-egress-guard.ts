// Pods of the local cluster reach each other and this host, and nothing beyond it: a
// packet forwarded from the pod range to any address outside it is refused. Without
// this, a pod's request to a Service address no Service holds (or to any outside
// address) leaves through the host's default route, as Docker's `internal` networks
// never let a container's do. Services still work: kube-proxy rewrites their addresses
// to pod addresses before forwarding, and the apiserver and NodePorts are this host's
// own (input and output, not forwarding). The chain is removed with the KUBE-/CNI-
// chains at `cluster down` (iptables-cleanup.ts).
import { execa } from 'execa';
import { clusterNetwork } from './cluster-network.ts';
import { ensureChain, ensureFirstJump } from './iptables-chain.ts';

export const podEgressChain = 'EPHEMERAL-POD-EGRESS';
/**
 * The CNI firewall plugin puts its CNI-FORWARD chain first in FORWARD at each pod's
 * start and accepts the pod's traffic there, after the rules of its admin chain: the
 * guard is reached from that chain (created here, before the plugin would).
 */
export const podAdminChain = 'CNI-ADMIN';

/** The iptables argument lists, after the chain was created or flushed. Pure. */
export function planPodEgressGuard(podCidr: string = clusterNetwork.podCidr): string[][] {
  return [
    ['-t', 'filter', '-A', podEgressChain, '-s', podCidr, '-d', podCidr, '-j', 'RETURN'],
    ['-t', 'filter', '-A', podEgressChain, '-s', podCidr, '-j', 'REJECT', '--reject-with', 'icmp-admin-prohibited'],
  ];
}

export async function installPodEgressGuard(): Promise<void> {
  await ensureChain('filter', podEgressChain, true);
  for (const rule of planPodEgressGuard()) await execa('iptables', rule);
  await ensureChain('filter', podAdminChain, false);
  await ensureFirstJump('filter', podAdminChain, podEgressChain);
  // Also first in FORWARD itself, for a packet before the plugin set up its chain.
  await ensureFirstJump('filter', 'FORWARD', podEgressChain);
}
