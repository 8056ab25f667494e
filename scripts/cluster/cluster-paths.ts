// Where the local cluster lives: its binaries (a Go build cached like the Pulumi CLI) and
// its state, pids, logs, certificates and kubeconfig under <cache>/cluster. Pure.
import { join } from 'node:path';
import type { CachePaths } from '../toolchain/cache-paths.ts';
import type { KubernetesPins } from '../toolchain/pins.ts';

export interface ClusterPaths {
  /** The Go wrapper build: kube-apiserver, kubelet, ... under `<binDir>`. */
  buildName: string;
  binDir: string;
  /** The NetworkPolicy controller, a Go build of its own (scripts/toolchain/kube-network-policies). */
  networkPolicyBuildName: string;
  networkPolicyBinary: string;
  root: string;
  pki: string;
  config: string;
  pids: string;
  logs: string;
  etcdData: string;
  containerdRoot: string;
  containerdState: string;
  containerdSocket: string;
  kubeletRoot: string;
  cniConfDir: string;
  cniDataDir: string;
  /** The admin kubeconfig: what `cluster status` prints and KUBECONFIG may name. */
  kubeconfig: string;
}

export function kubernetesBuildName(): string {
  return 'kubernetes';
}

const networkPolicyBuildName = 'kube-network-policies';

export function resolveClusterPaths(paths: Pick<CachePaths, 'root' | 'builds'>, pins: KubernetesPins): ClusterPaths {
  const root = join(paths.root, 'cluster');
  const state = join(root, 'state');
  return {
    buildName: kubernetesBuildName(),
    binDir: join(paths.builds, `${kubernetesBuildName()}-${pins.version}`, 'bin'),
    networkPolicyBuildName: networkPolicyBuildName,
    networkPolicyBinary: join(paths.builds, `${networkPolicyBuildName}-${pins.networkPolicy.version}`, 'bin', networkPolicyBuildName),
    root,
    pki: join(root, 'pki'),
    config: join(root, 'config'),
    pids: join(root, 'pids'),
    logs: join(root, 'logs'),
    etcdData: join(state, 'etcd'),
    containerdRoot: join(state, 'containerd-root'),
    // containerd's state holds its socket: a short path, since a unix socket path is
    // limited to 108 bytes.
    containerdState: '/run/ephemeral-containerd',
    containerdSocket: '/run/ephemeral-containerd/containerd.sock',
    kubeletRoot: join(state, 'kubelet'),
    cniConfDir: join(root, 'cni', 'net.d'),
    cniDataDir: join(state, 'cni'),
    kubeconfig: join(root, 'kubeconfig'),
  };
}
