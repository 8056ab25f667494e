// The configuration files of the local cluster, as text: containerd, the CNI network,
// kubelet, kube-proxy and one kubeconfig per client. Pure: paths and addresses in, file
// contents out; start-cluster.ts writes them.
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ClusterPaths } from './cluster-paths.ts';
import { clusterNetwork } from './cluster-network.ts';
import { podAdminChain } from './pod-egress-guard.ts';

export interface ClusterFileInputs {
  paths: ClusterPaths;
  nodeIp: string;
  pauseImage: string;
}

export interface PlannedFile {
  path: string;
  contents: string;
}

/** The clients that get a kubeconfig, each with the certificate of the same name. */
export const kubeconfigClients = ['admin', 'controller-manager', 'scheduler', 'kube-proxy', 'kubelet'] as const;
export type KubeconfigClient = (typeof kubeconfigClients)[number];

export function kubeconfigPath(paths: ClusterPaths, client: KubeconfigClient): string {
  return client === 'admin' ? paths.kubeconfig : join(paths.config, `${client}.kubeconfig`);
}

export const kubeconfigContext = 'ephemeral-local';

export function kubeconfigFile(paths: ClusterPaths, client: KubeconfigClient): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: kubeconfigContext,
        cluster: { server: `https://127.0.0.1:${clusterNetwork.apiServerPort}`, 'certificate-authority': join(paths.pki, 'ca.crt') },
      },
    ],
    users: [{ name: client, user: { 'client-certificate': join(paths.pki, `${client}.crt`), 'client-key': join(paths.pki, `${client}.key`) } }],
    contexts: [{ name: kubeconfigContext, context: { cluster: kubeconfigContext, user: client } }],
    'current-context': kubeconfigContext,
  });
}

export function containerdConfig(inputs: ClusterFileInputs): string {
  const { paths, pauseImage } = inputs;
  const cri = 'plugins."io.containerd.grpc.v1.cri"';
  // A containerd of its own beside Docker's: own socket, root and state. Without
  // restrict_oom_score_adj every sandbox fails here (no CAP_SYS_RESOURCE to lower it).
  return [
    'version = 2',
    `root = ${JSON.stringify(paths.containerdRoot)}`,
    `state = ${JSON.stringify(paths.containerdState)}`,
    '',
    '[grpc]',
    `  address = ${JSON.stringify(paths.containerdSocket)}`,
    '',
    '[ttrpc]',
    `  address = ${JSON.stringify(`${paths.containerdSocket}.ttrpc`)}`,
    '',
    `[${cri}]`,
    `  sandbox_image = ${JSON.stringify(pauseImage)}`,
    '  restrict_oom_score_adj = true',
    '  enable_selinux = false',
    '',
    `[${cri}.containerd]`,
    '  snapshotter = "overlayfs"',
    '  default_runtime_name = "runc"',
    '',
    `[${cri}.containerd.runtimes.runc]`,
    '  runtime_type = "io.containerd.runc.v2"',
    '',
    `[${cri}.containerd.runtimes.runc.options]`,
    '  SystemdCgroup = false',
    '',
    `[${cri}.cni]`,
    '  bin_dir = "/usr/lib/cni"',
    `  conf_dir = ${JSON.stringify(paths.cniConfDir)}`,
    '',
    '[plugins."io.containerd.internal.v1.opt"]',
    `  path = ${JSON.stringify(join(paths.containerdRoot, 'opt'))}`,
    '',
  ].join('\n');
}

export function cniConfigList(paths: ClusterPaths): string {
  return `${JSON.stringify(
    {
      cniVersion: '0.4.0',
      name: 'ephemeral',
      plugins: [
        {
          type: 'bridge',
          bridge: clusterNetwork.bridge,
          isGateway: true,
          ipMasq: true,
          hairpinMode: true,
          ipam: { type: 'host-local', ranges: [[{ subnet: clusterNetwork.podCidr }]], routes: [{ dst: '0.0.0.0/0' }], dataDir: paths.cniDataDir },
        },
        { type: 'portmap', capabilities: { portMappings: true } },
        // Docker sets the FORWARD policy to DROP: the firewall plugin lets the pods'
        // traffic through (its own CNI-FORWARD chain, removed at down like the others).
        // Its admin chain comes first in CNI-FORWARD: the tool's pod egress guard sits there.
        { type: 'firewall', backend: 'iptables', iptablesAdminChainName: podAdminChain },
      ],
    },
    null,
    2,
  )}\n`;
}

export function kubeletConfig(inputs: ClusterFileInputs): string {
  const { paths, nodeIp } = inputs;
  return stringify({
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    address: nodeIp,
    readOnlyPort: 0,
    authentication: { anonymous: { enabled: false }, webhook: { enabled: true }, x509: { clientCAFile: join(paths.pki, 'ca.crt') } },
    authorization: { mode: 'Webhook' },
    tlsCertFile: join(paths.pki, 'kubelet.crt'),
    tlsPrivateKeyFile: join(paths.pki, 'kubelet.key'),
    containerRuntimeEndpoint: `unix://${paths.containerdSocket}`,
    cgroupDriver: 'cgroupfs',
    // This host has swap and cgroup v1; 1.37 refuses cgroup v1 unless told.
    failSwapOn: false,
    failCgroupV1: false,
    clusterDNS: [clusterNetwork.dnsServiceIp],
    clusterDomain: clusterNetwork.clusterDomain,
    // A shared development host: evict only when nearly full, and never collect the
    // imported images (they cannot be pulled back).
    evictionHard: { 'memory.available': '50Mi', 'nodefs.available': '1%', 'imagefs.available': '1%', 'nodefs.inodesFree': '1%' },
    imageGCHighThresholdPercent: 100,
    imageGCLowThresholdPercent: 99,
    // Status reaches the apiserver promptly, so Ready is seen soon after it holds.
    nodeStatusUpdateFrequency: '2s',
    syncFrequency: '10s',
    serializeImagePulls: false,
    podLogsDir: join(paths.root, 'pod-logs'),
  });
}

export function kubeProxyConfig(paths: ClusterPaths): string {
  return stringify({
    apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
    kind: 'KubeProxyConfiguration',
    clientConnection: { kubeconfig: kubeconfigPath(paths, 'kube-proxy') },
    mode: 'iptables',
    hostnameOverride: clusterNetwork.nodeName,
    clusterCIDR: clusterNetwork.podCidr,
    nodePortAddresses: [...clusterNetwork.nodePortAddresses],
    // It may not write the conntrack sysctls on this host.
    conntrack: { maxPerCore: 0 },
    healthzBindAddress: '127.0.0.1:10256',
    metricsBindAddress: '127.0.0.1:10249',
  });
}

export function planClusterFiles(inputs: ClusterFileInputs): PlannedFile[] {
  const { paths } = inputs;
  return [
    { path: join(paths.config, 'containerd.toml'), contents: containerdConfig(inputs) },
    { path: join(paths.cniConfDir, '10-ephemeral.conflist'), contents: cniConfigList(paths) },
    { path: join(paths.config, 'kubelet.yaml'), contents: kubeletConfig(inputs) },
    { path: join(paths.config, 'kube-proxy.yaml'), contents: kubeProxyConfig(paths) },
    ...kubeconfigClients.map((client) => ({ path: kubeconfigPath(paths, client), contents: kubeconfigFile(paths, client) })),
  ];
}
