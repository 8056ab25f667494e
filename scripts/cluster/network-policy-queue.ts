// What makes the NetworkPolicy controller see pod traffic: the first packet of each new
// connection from or to the pod range waits in a netfilter queue until the controller
// (kube-network-policies, which judges the policies of both ends) accepts or drops it.
// Upstream diverts packets itself with the nftables queue expression, which a kernel
// built without CONFIG_NFT_QUEUE refuses (this kind of machine: "No such file or
// directory"); iptables' NFQUEUE target, xt_NFQUEUE through nft_compat, works there, so
// the cluster installs the diversion itself, in mangle POSTROUTING as upstream's
// postrouting chain: after Service addresses were rewritten to pod addresses, before
// masquerading. `--queue-bypass` lets packets through while no controller listens, so a
// stopped controller leaves policies unenforced (status says so) rather than cutting
// every pod of a shared cluster off. `cluster down` removes the chain with the other
// EPHEMERAL- chains (iptables-cleanup.ts).
import { execa } from 'execa';
import { clusterNetwork } from './cluster-network.ts';
import { ensureChain, ensureFirstJump } from './iptables-chain.ts';

export const networkPolicyChain = 'EPHEMERAL-NETWORK-POLICY';

/** The iptables argument lists, after the chain was created or flushed. Pure. */
export function planNetworkPolicyQueue(podCidr: string = clusterNetwork.podCidr, queue: number = clusterNetwork.networkPolicyQueue): string[][] {
  const toQueue = ['-j', 'NFQUEUE', '--queue-num', String(queue), '--queue-bypass'];
  return [
    // Only a connection's first packet is judged; its replies and later packets follow it.
    ['-t', 'mangle', '-A', networkPolicyChain, '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'RETURN'],
    ['-t', 'mangle', '-A', networkPolicyChain, '-s', podCidr, ...toQueue],
    ['-t', 'mangle', '-A', networkPolicyChain, '-d', podCidr, ...toQueue],
  ];
}

export async function installNetworkPolicyQueue(): Promise<void> {
  await ensureChain('mangle', networkPolicyChain, true);
  for (const rule of planNetworkPolicyQueue()) await execa('iptables', rule);
  await ensureFirstJump('mangle', 'POSTROUTING', networkPolicyChain);
}

/** `/proc/net/netfilter/nfnetlink_queue` → each bound queue and the netlink port (usually the pid) holding it. Pure. */
export function parseBoundQueues(text: string): { queue: number; portId: number }[] {
  return text
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length >= 2 && /^\d+$/.test(fields[0] ?? '') && /^\d+$/.test(fields[1] ?? ''))
    .map((fields) => ({ queue: Number(fields[0]), portId: Number(fields[1]) }));
}
