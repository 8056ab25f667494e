// The local Kubernetes cluster through the real CLI: up from cold (node Ready, timed),
// up again (already up), CoreDNS resolving a Service by name from a pod, a pod of an
// image imported with docker save answering on a NodePort on 127.0.0.1 only, then down
// leaving no process, mount, iptables chain, network namespace, bridge or cgroup.
import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { clusterNetwork } from '../../scripts/cluster/cluster-network.ts';
import { resolveClusterPaths } from '../../scripts/cluster/cluster-paths.ts';
import { importImages } from '../../scripts/cluster/import-image.ts';
import { findLeftovers } from '../../scripts/cluster/leftovers.ts';
import { observeHost } from '../../scripts/cluster/observe-host.ts';
import { clusterProcessNames } from '../../scripts/cluster/process-plan.ts';
import { leftoverRules } from '../../scripts/cluster/stop-cluster.ts';
import { createToolchainContext } from '../../scripts/toolchain/toolchain-context.ts';

const cli = (args: string[]) => execa('node', ['scripts/cli/main.ts', ...args], { reject: false, env: { GITHUB_HEAD_REF: '' } });
const ctx = createToolchainContext(process.env);
const paths = resolveClusterPaths(ctx.paths, ctx.pins.kubernetes);
const kubectl = (args: string[], input?: string) =>
  execa(`${paths.binDir}/kubectl`, ['--kubeconfig', paths.kubeconfig, ...args], { reject: false, ...(input === undefined ? {} : { input }) });
const namespace = 'local-cluster-e2e';
const webImage = `ephemeral-e2e-web:${process.pid}`;

/** Running: there and not a zombie (an exited process this machine's init has not reaped yet). */
function isRunning(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

async function retry<T>(what: string, timeoutMs: number, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} within ${timeoutMs / 1000} s (${String(last)})`);
}

describe.skipIf(process.getuid?.() !== 0)('local cluster', { timeout: 900_000 }, () => {
  afterAll(async () => {
    await execa('docker', ['rmi', webImage], { reject: false });
    // Whatever a failed step left: the cluster down (idempotent).
    await cli(['cluster', 'down']);
  });

  it('starts from cold and reports the node Ready with the time it took', async () => {
    await cli(['cluster', 'down']);
    const started = performance.now();
    const up = await cli(['cluster', 'up', '--json']);
    const wall = (performance.now() - started) / 1000;
    expect(up.exitCode, up.stderr).toBe(0);
    const result = JSON.parse(up.stdout) as { alreadyUp: boolean; nodeReadySeconds: number; dnsReadySeconds: number; kubeconfig: string };
    console.log(`cluster up: node Ready ${result.nodeReadySeconds.toFixed(1)}s after start, CoreDNS ${result.dnsReadySeconds.toFixed(1)}s, command ${wall.toFixed(1)}s`);
    expect(result.alreadyUp).toBe(false);
    expect(result.kubeconfig).toBe(paths.kubeconfig);
    const node = await kubectl(['get', 'node', clusterNetwork.nodeName, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}']);
    expect(node.stdout).toBe('True');
  });

  it('is already up the second time, quickly, and status says so', async () => {
    const started = performance.now();
    const again = await cli(['cluster', 'up', '--json']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as { alreadyUp: boolean }).alreadyUp).toBe(true);
    console.log(`cluster up when up: ${((performance.now() - started) / 1000).toFixed(1)}s`);
    const status = await cli(['cluster', 'status']);
    expect(status.stdout).toContain('cluster: up, node Ready');
    expect(status.stdout).toContain(`kubeconfig: ${paths.kubeconfig}`);
  });

  it('runs a pod of an imported image, reached by Service name through CoreDNS and on a NodePort of 127.0.0.1 only', async () => {
    await execa('docker', ['tag', ctx.pins.kubernetes.busyboxImage, webImage]);
    await importImages(paths, [webImage]);
    expect((await kubectl(['create', 'namespace', namespace])).exitCode).toBe(0);
    await retry('the default service account', 30_000, async () => ((await kubectl(['-n', namespace, 'get', 'serviceaccount', 'default'])).exitCode === 0 ? true : undefined));
    const objects = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'web', namespace, labels: { app: 'web' } },
          spec: {
            containers: [
              {
                name: 'web',
                image: webImage,
                imagePullPolicy: 'Never',
                command: ['sh', '-c', 'mkdir -p /www && echo imported-image-answers > /www/index.html && exec httpd -f -p 8080 -h /www'],
                readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1 },
              },
            ],
          },
        },
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace }, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 8080, targetPort: 8080 }] } },
      ],
    };
    const applied = await kubectl(['apply', '-f', '-'], JSON.stringify(objects));
    expect(applied.exitCode, applied.stderr).toBe(0);
    const ready = await kubectl(['-n', namespace, 'wait', '--for=condition=Ready', 'pod/web', '--timeout=120s']);
    expect(ready.exitCode, ready.stderr).toBe(0);

    // By its Service name from another pod through CoreDNS, then to the Service address it
    // gives (busybox-static's wget crashes on its name lookups, static glibc: nc by address).
    const lookup = `ip=$(nslookup web.${namespace}.svc.cluster.local | awk '/^Address: /{print $2}' | tail -1) && echo "resolved $ip" && printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 "$ip" 8080`;
    const client = await kubectl([
      '-n', namespace, 'run', 'client', '--image', ctx.pins.kubernetes.busyboxImage, '--image-pull-policy=Never', '--restart=Never',
      '--command', '--', 'sh', '-c', `for i in 1 2 3 4 5 6 7 8 9 10; do ${lookup} && exit 0; sleep 1; done; exit 1`,
    ]);
    expect(client.exitCode, client.stderr).toBe(0);
    const finished = await kubectl(['-n', namespace, 'wait', '--for=jsonpath={.status.phase}=Succeeded', 'pod/client', '--timeout=120s']);
    const logs = await kubectl(['-n', namespace, 'logs', 'client']);
    expect(finished.exitCode, `${finished.stderr}\n${logs.stdout}`).toBe(0);
    const serviceIp = (await kubectl(['-n', namespace, 'get', 'service', 'web', '-o', 'jsonpath={.spec.clusterIP}'])).stdout;
    expect(logs.stdout).toContain(`resolved ${serviceIp}`);
    expect(logs.stdout).toContain('imported-image-answers');

    const nodePort = Number((await kubectl(['-n', namespace, 'get', 'service', 'web', '-o', 'jsonpath={.spec.ports[0].nodePort}'])).stdout);
    expect(nodePort).toBeGreaterThan(0);
    // The first call may race kube-proxy's first sync of the new Service.
    const body = await retry('the NodePort answering on 127.0.0.1', 30_000, async () => {
      const response = await fetch(`http://127.0.0.1:${nodePort}/`, { signal: AbortSignal.timeout(2_000) });
      return response.ok ? response.text() : undefined;
    });
    expect(body).toContain('imported-image-answers');
    const nodeIp = (await kubectl(['get', 'node', clusterNetwork.nodeName, '-o', 'jsonpath={.status.addresses[?(@.type=="InternalIP")].address}'])).stdout;
    await expect(fetch(`http://${nodeIp}:${nodePort}/`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
  });

  it('lets no pod packet leave the pod range: a Docker container on this host, which the host reaches, is refused to a pod', async () => {
    const started = await execa('docker', ['run', '-d', '--rm', '--label', `ephemeral.e2e=local-cluster-${process.pid}`, '--entrypoint', '/bin/sh', ctx.pins.kubernetes.busyboxImage, '-c', 'mkdir -p /www && echo outside-the-cluster > /www/index.html && exec httpd -f -p 8080 -h /www']);
    const container = started.stdout.trim();
    try {
      const address = (await execa('docker', ['inspect', '--format', '{{.NetworkSettings.IPAddress}}', container])).stdout.trim();
      expect(address).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      // The control: the address answers from the host, so a refusal below is the guard's.
      const fromHost = await retry('the container answering the host', 30_000, async () => {
        const response = await fetch(`http://${address}:8080/`, { signal: AbortSignal.timeout(2_000) });
        return response.ok ? response.text() : undefined;
      });
      expect(fromHost).toContain('outside-the-cluster');
      const probe = await kubectl([
        '-n', namespace, 'run', 'egress', '--image', ctx.pins.kubernetes.busyboxImage, '--image-pull-policy=Never', '--restart=Never',
        '--command', '--', 'sh', '-c', `printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 ${address} 8080; echo "nc exit $?"`,
      ]);
      expect(probe.exitCode, probe.stderr).toBe(0);
      const finished = await kubectl(['-n', namespace, 'wait', '--for=jsonpath={.status.phase}=Succeeded', 'pod/egress', '--timeout=120s']);
      const logs = await kubectl(['-n', namespace, 'logs', 'egress']);
      expect(finished.exitCode, `${finished.stderr}\n${logs.stdout}`).toBe(0);
      expect(logs.stdout).toMatch(/nc exit [1-9]/);
      expect(logs.stdout).not.toContain('outside-the-cluster');
    } finally {
      await execa('docker', ['rm', '-f', container], { reject: false });
    }
  });

  it('goes down leaving no process, mount, iptables chain, nftables table, netfilter queue, network namespace, bridge or cgroup', async () => {
    const status = JSON.parse((await cli(['cluster', 'status', '--json'])).stdout) as { processes: { pid?: number }[] };
    const pids = status.processes.flatMap((process) => (process.pid === undefined ? [] : [process.pid]));
    expect(pids.length).toBe(clusterProcessNames.length);
    const started = performance.now();
    const down = await cli(['cluster', 'down', '--json']);
    console.log(`cluster down: ${((performance.now() - started) / 1000).toFixed(1)}s`);
    expect(down.exitCode, down.stdout).toBe(0);
    for (const pid of pids) expect(isRunning(pid), `pid ${pid}`).toBe(false);
    expect(findLeftovers(await observeHost(), leftoverRules(paths))).toEqual([]);
    expect((await execa('ip', ['link', 'show', clusterNetwork.bridge], { reject: false })).exitCode).not.toBe(0);
    expect((await execa('iptables-save')).stdout).not.toMatch(/^:(KUBE|CNI|EPHEMERAL)-/m);
    expect((await cli(['cluster', 'status'])).stdout).toContain('cluster: down');
  });
});
