// The processes of the local cluster, in start order, each with its command line. Pure:
// start-cluster.ts starts them detached and records their pids; stop-cluster.ts stops
// them by those pids in the reverse order. The NetworkPolicy controller is an add-on: a
// running cluster without it gets it started alone, without a restart.
import { join } from 'node:path';
import type { ClusterPaths } from './cluster-paths.ts';
import { clusterNetwork } from './cluster-network.ts';
import { kubeconfigPath } from './cluster-files.ts';

export type ClusterProcessName =
  | 'containerd'
  | 'etcd'
  | 'kube-apiserver'
  | 'kube-controller-manager'
  | 'kube-scheduler'
  | 'kubelet'
  | 'kube-proxy'
  | 'kube-network-policies';

export interface ClusterProcess {
  name: ClusterProcessName;
  command: string;
  args: string[];
  /** Started only once the apiserver answers: they would only retry before. */
  needsApiServer: boolean;
}

/** Without any of these the cluster is restarted from clean. */
export const coreProcessNames: readonly ClusterProcessName[] = ['containerd', 'etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubelet', 'kube-proxy'];
/** Started on a running cluster that lacks them (a cluster started before they existed). */
export const addOnProcessNames: readonly ClusterProcessName[] = ['kube-network-policies'];
export const clusterProcessNames: readonly ClusterProcessName[] = [...coreProcessNames, ...addOnProcessNames];

export function planClusterProcesses(paths: ClusterPaths, nodeIp: string): ClusterProcess[] {
  const pki = (file: string) => join(paths.pki, file);
  const bin = (name: string) => join(paths.binDir, name);
  const kubeconfig = (client: Parameters<typeof kubeconfigPath>[1]) => kubeconfigPath(paths, client);
  return [
    { name: 'containerd', command: 'containerd', args: ['--config', join(paths.config, 'containerd.toml')], needsApiServer: false },
    {
      name: 'etcd',
      command: 'etcd',
      args: [
        '--name=ephemeral',
        `--data-dir=${paths.etcdData}`,
        `--listen-client-urls=${clusterNetwork.etcdClientUrl}`,
        `--advertise-client-urls=${clusterNetwork.etcdClientUrl}`,
        `--listen-peer-urls=${clusterNetwork.etcdPeerUrl}`,
        `--initial-advertise-peer-urls=${clusterNetwork.etcdPeerUrl}`,
        `--initial-cluster=ephemeral=${clusterNetwork.etcdPeerUrl}`,
      ],
      needsApiServer: false,
    },
    {
      name: 'kube-apiserver',
      command: bin('kube-apiserver'),
      args: [
        `--etcd-servers=${clusterNetwork.etcdClientUrl}`,
        `--secure-port=${clusterNetwork.apiServerPort}`,
        `--advertise-address=${nodeIp}`,
        `--service-cluster-ip-range=${clusterNetwork.serviceCidr}`,
        `--client-ca-file=${pki('ca.crt')}`,
        `--tls-cert-file=${pki('apiserver.crt')}`,
        `--tls-private-key-file=${pki('apiserver.key')}`,
        `--kubelet-client-certificate=${pki('apiserver-kubelet-client.crt')}`,
        `--kubelet-client-key=${pki('apiserver-kubelet-client.key')}`,
        `--service-account-key-file=${pki('service-account.pub')}`,
        `--service-account-signing-key-file=${pki('service-account.key')}`,
        `--service-account-issuer=https://kubernetes.default.svc.${clusterNetwork.clusterDomain}`,
        '--authorization-mode=Node,RBAC',
        // The node's name is not in the host's DNS: reach kubelets by their address.
        '--kubelet-preferred-address-types=InternalIP',
        '--allow-privileged=true',
        '--profiling=false',
        '--enable-priority-and-fairness=false',
      ],
      needsApiServer: false,
    },
    {
      name: 'kube-controller-manager',
      command: bin('kube-controller-manager'),
      args: [
        `--kubeconfig=${kubeconfig('controller-manager')}`,
        `--authentication-kubeconfig=${kubeconfig('controller-manager')}`,
        `--authorization-kubeconfig=${kubeconfig('controller-manager')}`,
        '--bind-address=127.0.0.1',
        `--cluster-signing-cert-file=${pki('ca.crt')}`,
        `--cluster-signing-key-file=${pki('ca.key')}`,
        `--root-ca-file=${pki('ca.crt')}`,
        `--service-account-private-key-file=${pki('service-account.key')}`,
        `--service-cluster-ip-range=${clusterNetwork.serviceCidr}`,
        '--use-service-account-credentials=true',
        '--leader-elect=false',
      ],
      needsApiServer: true,
    },
    {
      name: 'kube-scheduler',
      command: bin('kube-scheduler'),
      args: [
        `--kubeconfig=${kubeconfig('scheduler')}`,
        `--authentication-kubeconfig=${kubeconfig('scheduler')}`,
        `--authorization-kubeconfig=${kubeconfig('scheduler')}`,
        '--bind-address=127.0.0.1',
        '--leader-elect=false',
      ],
      needsApiServer: true,
    },
    {
      name: 'kubelet',
      command: bin('kubelet'),
      args: [
        `--config=${join(paths.config, 'kubelet.yaml')}`,
        `--kubeconfig=${kubeconfig('kubelet')}`,
        `--root-dir=${paths.kubeletRoot}`,
        `--hostname-override=${clusterNetwork.nodeName}`,
        `--node-ip=${nodeIp}`,
      ],
      needsApiServer: true,
    },
    { name: 'kube-proxy', command: bin('kube-proxy'), args: [`--config=${join(paths.config, 'kube-proxy.yaml')}`], needsApiServer: true },
    {
      name: 'kube-network-policies',
      command: paths.networkPolicyBinary,
      args: [
        // The admin kubeconfig: the controller watches pods, namespaces and policies cluster-wide.
        `--kubeconfig=${paths.kubeconfig}`,
        `--hostname-override=${clusterNetwork.nodeName}`,
        `--metrics-bind-address=${clusterNetwork.networkPolicyMetricsAddress}`,
        `--nfqueue-id=${clusterNetwork.networkPolicyQueue}`,
      ],
      needsApiServer: true,
    },
  ];
}
