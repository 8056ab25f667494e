// The local cluster's addresses: fixed ranges that stay inside this machine, and the
// node address (the host's own address on its default route). Pure.

export const clusterNetwork = {
  nodeName: 'ephemeral-node',
  /** One node: the bridge plugin's host-local range is the whole pod range. */
  podCidr: '10.244.0.0/24',
  serviceCidr: '10.96.0.0/16',
  /** The first address of the service range: the `kubernetes` Service. */
  apiServiceIp: '10.96.0.1',
  dnsServiceIp: '10.96.0.10',
  clusterDomain: 'cluster.local',
  apiServerPort: 6443,
  etcdClientUrl: 'http://127.0.0.1:2379',
  etcdPeerUrl: 'http://127.0.0.1:2380',
  /** NodePorts answer on 127.0.0.1 only, never on the host's other addresses. */
  nodePortAddresses: ['127.0.0.1/32'],
  bridge: 'cni0',
  /** The NetworkPolicy controller's /metrics and /healthz: on 127.0.0.1 only. */
  networkPolicyMetricsAddress: '127.0.0.1:10269',
  /** The netfilter queue the first packet of each pod connection waits in for the controller's verdict. */
  networkPolicyQueue: 100,
} as const;

/** `ip -4 route show default` → the interface, e.g. `default via A dev eth0` → eth0. */
export function parseDefaultRouteDevice(routes: string): string | undefined {
  return /^default\b.*\bdev (\S+)/m.exec(routes)?.[1];
}

/** `ip -4 -o addr show dev X` → its first address without the prefix length. */
export function parseFirstAddress(addresses: string): string | undefined {
  return /\binet (\d+\.\d+\.\d+\.\d+)\//.exec(addresses)?.[1];
}
