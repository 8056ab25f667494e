import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { extensionsOf, planCertificates, subjectOf } from '../../scripts/cluster/cert-plan.ts';
import { containerdConfig, kubeconfigPath, kubeletConfig, kubeProxyConfig, planClusterFiles } from '../../scripts/cluster/cluster-files.ts';
import { clusterNetwork, parseDefaultRouteDevice, parseFirstAddress } from '../../scripts/cluster/cluster-network.ts';
import { resolveClusterPaths } from '../../scripts/cluster/cluster-paths.ts';
import { clusterState } from '../../scripts/cluster/cluster-status.ts';
import { corednsManifest, corefile } from '../../scripts/cluster/coredns-manifest.ts';
import { holdsImage } from '../../scripts/cluster/import-image.ts';
import { addOnProcessNames, clusterProcessNames, coreProcessNames, planClusterProcesses } from '../../scripts/cluster/process-plan.ts';
import { parseBoundQueues, planNetworkPolicyQueue } from '../../scripts/cluster/network-policy-queue.ts';
import { planPodEgressGuard } from '../../scripts/cluster/pod-egress-guard.ts';
import { ownedChains, planIptablesCleanup } from '../../scripts/cluster/iptables-cleanup.ts';
import { loadPins } from '../../scripts/toolchain/pins.ts';

const pins = loadPins().kubernetes;
const paths = resolveClusterPaths({ root: '/cache', builds: '/cache/build' }, pins);
const inputs = { paths, nodeIp: '192.0.2.2', pauseImage: pins.pauseImage };

describe('cluster paths', () => {
  it('keeps everything of the cluster under <cache>/cluster, the binaries in the versioned build', () => {
    expect(paths.kubeconfig).toBe('/cache/cluster/kubeconfig');
    expect(paths.binDir).toBe(`/cache/build/kubernetes-${pins.version}/bin`);
    // A unix socket path must stay under 108 bytes whatever the cache folder is.
    expect(paths.containerdSocket.length).toBeLessThan(108);
  });
});

describe('node address', () => {
  it('takes the interface of the default route and its first IPv4 address', () => {
    expect(parseDefaultRouteDevice('default via 192.0.2.1 dev eth0 \n172.17.0.0/16 dev docker0')).toBe('eth0');
    expect(parseFirstAddress('2: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0')).toBe('192.0.2.2');
  });

  it('finds nothing without a default route', () => {
    expect(parseDefaultRouteDevice('172.17.0.0/16 dev docker0 proto kernel')).toBeUndefined();
  });
});

describe('certificate plan', () => {
  const plan = planCertificates('192.0.2.2');
  const byName = Object.fromEntries(plan.certificates.map((spec) => [spec.name, spec]));

  it('serves the apiserver under every name pods and the host use', () => {
    expect(byName['apiserver']?.ipAddresses).toEqual(expect.arrayContaining(['127.0.0.1', clusterNetwork.apiServiceIp, '192.0.2.2']));
    expect(byName['apiserver']?.dnsNames).toContain('kubernetes.default.svc.cluster.local');
    expect(extensionsOf(byName['apiserver']!)).toContain('extendedKeyUsage=serverAuth\n');
  });

  it('names the kubelet as the Node authorizer expects', () => {
    expect(subjectOf(byName['kubelet']!)).toBe(`/O=system:nodes/CN=system:node:${clusterNetwork.nodeName}`);
    expect(byName['kubelet']?.usages).toEqual(['serverAuth', 'clientAuth']);
  });

  it('gives each control-plane client the user its default RBAC binding names', () => {
    expect(byName['controller-manager']?.commonName).toBe('system:kube-controller-manager');
    expect(byName['scheduler']?.commonName).toBe('system:kube-scheduler');
    expect(byName['kube-proxy']?.commonName).toBe('system:kube-proxy');
    expect(subjectOf(byName['admin']!)).toMatch(/^\/O=system:masters\//);
  });

  it('has one kubeconfig per client certificate', () => {
    for (const file of planClusterFiles(inputs).filter((planned) => planned.path.endsWith('kubeconfig'))) {
      const config = parse(file.contents) as { users: { user: { 'client-certificate': string } }[] };
      const certificate = config.users[0]?.user['client-certificate'] ?? '';
      const name = certificate.split('/').pop()?.replace('.crt', '');
      expect(name === 'admin' || byName[name ?? '']).toBeTruthy();
    }
  });
});

describe('configuration files', () => {
  it('gives containerd its own socket, root and state, the pause tag and restrict_oom_score_adj', () => {
    const toml = containerdConfig(inputs);
    expect(toml).toContain(`address = "${paths.containerdSocket}"`);
    expect(toml).toContain(`root = "${paths.containerdRoot}"`);
    expect(toml).toContain(`sandbox_image = "${pins.pauseImage}"`);
    expect(toml).toContain('restrict_oom_score_adj = true');
    expect(toml).toContain('SystemdCgroup = false');
    expect(toml).not.toContain('/run/containerd/containerd.sock');
  });

  it('runs the kubelet on cgroupfs and cgroup v1, DNS at the kube-dns Service', () => {
    const config = parse(kubeletConfig(inputs)) as Record<string, unknown>;
    expect(config).toMatchObject({ cgroupDriver: 'cgroupfs', failSwapOn: false, failCgroupV1: false, clusterDNS: [clusterNetwork.dnsServiceIp] });
    expect(config['containerRuntimeEndpoint']).toBe(`unix://${paths.containerdSocket}`);
    expect(config['imageGCHighThresholdPercent']).toBe(100);
  });

  it('limits NodePorts to 127.0.0.1 and keeps kube-proxy off the conntrack sysctl', () => {
    const config = parse(kubeProxyConfig(paths)) as Record<string, unknown>;
    expect(config).toMatchObject({ mode: 'iptables', nodePortAddresses: ['127.0.0.1/32'], conntrack: { maxPerCore: 0 } });
    expect(config['clientConnection']).toEqual({ kubeconfig: kubeconfigPath(paths, 'kube-proxy') });
  });

  it('points every kubeconfig at the apiserver on 127.0.0.1', () => {
    for (const file of planClusterFiles(inputs).filter((planned) => planned.path.endsWith('kubeconfig'))) {
      expect(file.contents).toContain(`server: https://127.0.0.1:${clusterNetwork.apiServerPort}`);
    }
  });
});

describe('processes', () => {
  const processes = planClusterProcesses(paths, '192.0.2.2');

  it('starts the runtime, etcd and the apiserver first, the rest once the apiserver answers', () => {
    expect(processes.filter((process) => !process.needsApiServer).map((process) => process.name)).toEqual(['containerd', 'etcd', 'kube-apiserver']);
    expect(processes.filter((process) => process.needsApiServer).map((process) => process.name)).toEqual(['kube-controller-manager', 'kube-scheduler', 'kubelet', 'kube-proxy', 'kube-network-policies']);
  });

  it('treats only the NetworkPolicy controller as an add-on a running cluster gets without a restart', () => {
    expect(addOnProcessNames).toEqual(['kube-network-policies']);
    expect(clusterProcessNames).toEqual([...coreProcessNames, ...addOnProcessNames]);
    expect(processes.map((process) => process.name)).toEqual(clusterProcessNames);
  });

  it('runs the NetworkPolicy controller from its own cached build with the admin kubeconfig, metrics on 127.0.0.1 only', () => {
    const controller = processes.find((process) => process.name === 'kube-network-policies');
    expect(controller?.command).toBe(`/cache/build/kube-network-policies-${pins.networkPolicy.version}/bin/kube-network-policies`);
    expect(controller?.args).toEqual([
      '--kubeconfig=/cache/cluster/kubeconfig',
      `--hostname-override=${clusterNetwork.nodeName}`,
      '--metrics-bind-address=127.0.0.1:10269',
      '--nfqueue-id=100',
    ]);
  });

  it('runs the Kubernetes binaries from the cached build and binds the controllers to 127.0.0.1', () => {
    for (const process of processes.filter((each) => each.name.startsWith('kube') && each.name !== 'kube-network-policies')) {
      expect(process.command.startsWith(paths.binDir)).toBe(true);
    }
    for (const name of ['kube-controller-manager', 'kube-scheduler']) {
      expect(processes.find((process) => process.name === name)?.args).toContain('--bind-address=127.0.0.1');
    }
  });

  it('gives the apiserver the same service range the DNS Service address lies in', () => {
    const apiserver = processes.find((process) => process.name === 'kube-apiserver');
    expect(apiserver?.args).toContain(`--service-cluster-ip-range=${clusterNetwork.serviceCidr}`);
    expect(clusterNetwork.dnsServiceIp.startsWith('10.96.')).toBe(true);
  });
});

describe('NetworkPolicy queue', () => {
  it('sends the first packet of each connection from or to the pod range to the controller\'s queue, and lets packets through while none listens', () => {
    expect(planNetworkPolicyQueue('10.244.0.0/24', 100).map((rule) => rule.join(' '))).toEqual([
      '-t mangle -A EPHEMERAL-NETWORK-POLICY -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN',
      '-t mangle -A EPHEMERAL-NETWORK-POLICY -s 10.244.0.0/24 -j NFQUEUE --queue-num 100 --queue-bypass',
      '-t mangle -A EPHEMERAL-NETWORK-POLICY -d 10.244.0.0/24 -j NFQUEUE --queue-num 100 --queue-bypass',
    ]);
  });

  it('names its chain so that cluster down removes it with the other owned chains', () => {
    const save = '*mangle\n:POSTROUTING ACCEPT [0:0]\n:EPHEMERAL-NETWORK-POLICY - [0:0]\n-A POSTROUTING -j EPHEMERAL-NETWORK-POLICY\nCOMMIT\n';
    expect(planIptablesCleanup(save).map((call) => call.join(' '))).toEqual([
      '-t mangle -D POSTROUTING -j EPHEMERAL-NETWORK-POLICY',
      '-t mangle -F EPHEMERAL-NETWORK-POLICY',
      '-t mangle -X EPHEMERAL-NETWORK-POLICY',
    ]);
  });

  it('reads which queues are held, and by which netlink port', () => {
    const proc = '  100  10924     0 2   128     0     0        0  1\n    7    881     3 2 65531     0     0       12  1\n';
    expect(parseBoundQueues(proc)).toEqual([{ queue: 100, portId: 10924 }, { queue: 7, portId: 881 }]);
    expect(parseBoundQueues('')).toEqual([]);
  });
});

describe('CoreDNS', () => {
  const manifest = corednsManifest(pins.coredns.image);
  const kinds = manifest.items.map((item) => (item as { kind: string }).kind);

  it('runs the imported image, never pulled, behind the kube-dns Service at the kubelet DNS address', () => {
    expect(kinds).toEqual(['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'Deployment', 'Service']);
    const text = JSON.stringify(manifest);
    expect(text).toContain(`"image":"${pins.coredns.image}","imagePullPolicy":"Never"`);
    expect(text).toContain(`"clusterIP":"${clusterNetwork.dnsServiceIp}"`);
  });

  it('answers for the cluster domain and forwards nothing off the machine', () => {
    expect(corefile()).toContain('kubernetes cluster.local');
    expect(corefile()).not.toMatch(/forward|loop/);
  });
});

describe('images in the cluster', () => {
  it('finds a Docker short name under containerd\'s full name', () => {
    expect(holdsImage(['example.test/library/ephemeral-pause:3.10'], 'ephemeral-pause:3.10')).toBe(true);
    expect(holdsImage(['example.test/library/ephemeral-pause:3.9'], 'ephemeral-pause:3.10')).toBe(false);
    expect(holdsImage(['example.test/library/other-ephemeral-pause:3.10'], 'ephemeral-pause:3.10')).toBe(false);
  });
});

describe('cluster state', () => {
  it('is up only with every process running and the node Ready', () => {
    expect(clusterState(7, 7, true)).toBe('up');
    expect(clusterState(7, 7, false)).toBe('degraded');
    expect(clusterState(3, 7, true)).toBe('degraded');
    expect(clusterState(0, 7, false)).toBe('down');
  });
});

describe('pod egress guard', () => {
  it('lets pods reach pods and refuses every other forwarded destination', () => {
    expect(planPodEgressGuard('10.244.0.0/24')).toEqual([
      ['-t', 'filter', '-A', 'EPHEMERAL-POD-EGRESS', '-s', '10.244.0.0/24', '-d', '10.244.0.0/24', '-j', 'RETURN'],
      ['-t', 'filter', '-A', 'EPHEMERAL-POD-EGRESS', '-s', '10.244.0.0/24', '-j', 'REJECT', '--reject-with', 'icmp-admin-prohibited'],
    ]);
  });

  it('is removed at down with the cluster chains', () => {
    const saved = ['*filter', ':FORWARD DROP [0:0]', ':EPHEMERAL-POD-EGRESS - [0:0]', '-A FORWARD -j EPHEMERAL-POD-EGRESS', 'COMMIT'].join('\n');
    expect(ownedChains(saved)).toEqual(['filter/EPHEMERAL-POD-EGRESS']);
    expect(planIptablesCleanup(saved)).toEqual([
      ['-t', 'filter', '-D', 'FORWARD', '-j', 'EPHEMERAL-POD-EGRESS'],
      ['-t', 'filter', '-F', 'EPHEMERAL-POD-EGRESS'],
      ['-t', 'filter', '-X', 'EPHEMERAL-POD-EGRESS'],
    ]);
  });
});
