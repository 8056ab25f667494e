// `cluster up`: the local single-node cluster, started fresh unless it already runs
// (then it only checks that the node is Ready). Containerd, etcd and the apiserver start
// first; the controllers, kubelet, kube-proxy and the NetworkPolicy controller once the
// apiserver answers; CoreDNS is applied last. Each process runs detached with its pid
// recorded, logs under the cache. A running cluster that lacks an add-on process (the
// NetworkPolicy controller) gets it started alone, without a restart.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { EphemeralError, ExitCode } from '../errors.ts';
import type { KubernetesPins } from '../toolchain/pins.ts';
import { planCertificates } from './cert-plan.ts';
import { planClusterFiles } from './cluster-files.ts';
import { clusterNetwork, parseDefaultRouteDevice, parseFirstAddress } from './cluster-network.ts';
import type { ClusterPaths } from './cluster-paths.ts';
import { logFile, runningPid, startProcess } from './cluster-processes.ts';
import { corednsManifest, corednsName, corednsNamespace } from './coredns-manifest.ts';
import { importMissingImages } from './import-image.ts';
import { makeCertificates } from './make-certificates.ts';
import { isNodeReady, kubectl } from './kubectl.ts';
import { startNetworkPolicyController, waitUntilEnforced } from './network-policy-enforcement.ts';
import { addOnProcessNames, type ClusterProcess, type ClusterProcessName, coreProcessNames, planClusterProcesses } from './process-plan.ts';
import { saveHostSettings } from './host-settings.ts';
import { installPodEgressGuard } from './pod-egress-guard.ts';
import { stopCluster } from './stop-cluster.ts';

export interface ClusterUpResult {
  alreadyUp: boolean;
  /** Add-on processes started on a cluster that was already up. */
  addedToRunningCluster: ClusterProcessName[];
  /** From the first process started to the node reporting Ready. */
  nodeReadySeconds: number;
  /** From the first process started to CoreDNS available. */
  dnsReadySeconds: number;
  kubeconfig: string;
  context: string;
}

async function nodeIp(): Promise<string> {
  const routes = (await execa('ip', ['-4', 'route', 'show', 'default'])).stdout;
  const device = parseDefaultRouteDevice(routes);
  const address = device ? parseFirstAddress((await execa('ip', ['-4', '-o', 'addr', 'show', 'dev', device])).stdout) : undefined;
  if (!address) {
    throw new EphemeralError('the host has no IPv4 address on a default route for the node', {
      code: 'E_CLUSTER_NETWORK',
      exitCode: ExitCode.provisionFailed,
      remedy: 'give the host a default route (ip -4 route show default)',
    });
  }
  return address;
}

async function waitFor(what: string, paths: ClusterPaths, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(200);
  }
  throw new EphemeralError(`the local cluster did not get ready: ${what} after ${timeoutMs / 1000} s`, {
    code: 'E_CLUSTER_START',
    exitCode: ExitCode.provisionFailed,
    remedy: `read the logs in ${paths.logs}, then run \`npm run ephemeral -- cluster down\` and \`cluster up\` again`,
  });
}

export async function isNodeUp(paths: ClusterPaths): Promise<boolean> {
  const node = await kubectl(paths, ['get', 'node', clusterNetwork.nodeName, '-o', 'json']);
  return node.ok && isNodeReady(node.stdout);
}

function coreRunning(paths: ClusterPaths): boolean {
  return coreProcessNames.every((name) => runningPid(paths, name) !== undefined);
}

const isAddOn = (process: ClusterProcess) => addOnProcessNames.includes(process.name);

/** Starts the add-ons that do not run; only the NetworkPolicy controller is one. */
async function startMissingAddOns(paths: ClusterPaths, processes: ClusterProcess[]): Promise<ClusterProcessName[]> {
  const missing = processes.filter((process) => isAddOn(process) && runningPid(paths, process.name) === undefined);
  for (const process of missing) await startNetworkPolicyController(paths, process);
  return missing.map((process) => process.name);
}

/** How long the NetworkPolicy controller may take to sync its caches and hold its queue. */
const enforcementTimeoutMs = 30_000;

function writePlannedFiles(files: { path: string; contents: string }[]): void {
  for (const file of files) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.contents, { mode: 0o600 });
  }
}

function logTail(paths: ClusterPaths, name: ClusterProcess['name']): string {
  try {
    return readFileSync(logFile(paths, name), 'utf8').split('\n').slice(-5).join('\n');
  } catch {
    return '';
  }
}

export async function startCluster(paths: ClusterPaths, pins: KubernetesPins, progress: (line: string) => void): Promise<ClusterUpResult> {
  const base = { kubeconfig: paths.kubeconfig, context: 'ephemeral-local' };
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  if (coreRunning(paths) && (await isNodeUp(paths))) {
    const added = await startMissingAddOns(paths, planClusterProcesses(paths, await nodeIp()));
    if (added.length > 0) {
      await waitUntilEnforced(paths, enforcementTimeoutMs);
      progress(`cluster: already up; started ${added.join(', ')} (${elapsed().toFixed(1)}s)`);
    }
    return { ...base, alreadyUp: true, addedToRunningCluster: added, nodeReadySeconds: 0, dnsReadySeconds: 0 };
  }
  // A cluster half up (a process died, a host reboot): start clean rather than patch it.
  await stopCluster(paths, progress);

  const ip = await nodeIp();
  // Each start is a fresh cluster; only containerd's images are kept between starts.
  for (const dir of [paths.etcdData, paths.kubeletRoot, paths.cniDataDir, paths.config]) rmSync(dir, { recursive: true, force: true });
  await saveHostSettings(paths);
  // Before any pod exists: no packet of theirs may leave this machine.
  await installPodEgressGuard();
  await makeCertificates(paths.pki, planCertificates(ip));
  writePlannedFiles(planClusterFiles({ paths, nodeIp: ip, pauseImage: pins.pauseImage }));
  mkdirSync(paths.etcdData, { recursive: true, mode: 0o700 });
  progress(`cluster: certificates and configuration written (${elapsed().toFixed(1)}s)`);

  const processes = planClusterProcesses(paths, ip);
  const startAll = (list: ClusterProcess[]) => list.forEach((process) => startProcess(paths, process));
  const startedAt = performance.now();
  const sinceStart = () => (performance.now() - startedAt) / 1000;
  startAll(processes.filter((process) => !process.needsApiServer && !isAddOn(process)));

  const ensureRunning = async (names: ClusterProcess['name'][]) => {
    for (const name of names) {
      if (runningPid(paths, name) === undefined) {
        throw new EphemeralError(`the local cluster's ${name} exited at start:\n${logTail(paths, name)}`, {
          code: 'E_CLUSTER_START',
          exitCode: ExitCode.provisionFailed,
          remedy: `read ${logFile(paths, name)}`,
        });
      }
    }
  };
  const imported = (async () => {
    await waitFor('containerd never answered', paths, 30_000, async () => {
      await ensureRunning(['containerd']);
      return (await execa('ctr', ['--address', paths.containerdSocket, 'version'], { reject: false })).exitCode === 0;
    });
    return importMissingImages(paths, [pins.pauseImage, pins.coredns.image, pins.busyboxImage]);
  })();
  await waitFor('the apiserver never answered /readyz', paths, 60_000, async () => {
    await ensureRunning(['etcd', 'kube-apiserver']);
    return (await kubectl(paths, ['get', '--raw', '/readyz'])).ok;
  });
  progress(`cluster: apiserver ready (${sinceStart().toFixed(1)}s)`);
  startAll(processes.filter((process) => process.needsApiServer && !isAddOn(process)));
  await startMissingAddOns(paths, processes);
  const images = await imported;
  if (images.length > 0) progress(`cluster: imported ${images.join(', ')} (${sinceStart().toFixed(1)}s)`);

  const applied = await kubectl(paths, ['apply', '-f', '-'], JSON.stringify(corednsManifest(pins.coredns.image)));
  if (!applied.ok) throw new EphemeralError(`CoreDNS could not be applied: ${applied.stderr}`, { code: 'E_CLUSTER_START', exitCode: ExitCode.provisionFailed });
  await waitFor('the node never reported Ready', paths, 120_000, async () => {
    await ensureRunning(['containerd', 'kubelet', 'kube-proxy', 'kube-network-policies']);
    return isNodeUp(paths);
  });
  const nodeReadySeconds = sinceStart();
  progress(`cluster: node ${clusterNetwork.nodeName} Ready (${nodeReadySeconds.toFixed(1)}s)`);
  await waitFor('CoreDNS never became available', paths, 120_000, async () => {
    const deployment = await kubectl(paths, ['-n', corednsNamespace, 'get', 'deployment', corednsName, '-o', 'jsonpath={.status.availableReplicas}']);
    return deployment.ok && Number(deployment.stdout) >= 1;
  });
  const dnsReadySeconds = sinceStart();
  progress(`cluster: CoreDNS available (${dnsReadySeconds.toFixed(1)}s)`);
  await waitUntilEnforced(paths, enforcementTimeoutMs);
  progress(`cluster: NetworkPolicies enforced (${sinceStart().toFixed(1)}s)`);
  return { ...base, alreadyUp: false, addedToRunningCluster: [], nodeReadySeconds, dnsReadySeconds };
}
