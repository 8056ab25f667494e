// NetworkPolicy enforcement on the local cluster, through the real CLI and kubectl: the
// reference stack's isolation policies (infra/kubernetes/isolation-rules.ts, the data its
// program declares) applied to a namespace that holds a server labelled like its
// database and one labelled like an entry point. Before the policies a client pod of
// another namespace reaches the database (the control); after them it cannot, while a
// client inside the namespace still can and the entry point still answers everyone.
// Then the controller is stopped and `cluster up` adds it back without a restart. The
// cluster is shared: this file only brings it up, never down.
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryPointServices, isolationPolicies, serviceLabel } from '../../infra/kubernetes/isolation-rules.ts';
import { clusterNetwork } from '../../scripts/cluster/cluster-network.ts';
import { resolveClusterPaths } from '../../scripts/cluster/cluster-paths.ts';
import { runningPid, stopProcess } from '../../scripts/cluster/cluster-processes.ts';
import { createToolchainContext } from '../../scripts/toolchain/toolchain-context.ts';

const cli = (args: string[]) => execa('node', ['scripts/cli/main.ts', ...args], { reject: false, env: { GITHUB_HEAD_REF: '' } });
const ctx = createToolchainContext(process.env);
const paths = resolveClusterPaths(ctx.paths, ctx.pins.kubernetes);
const kubectl = (args: string[], input?: string) =>
  execa(`${paths.binDir}/kubectl`, ['--kubeconfig', paths.kubeconfig, ...args], { reject: false, timeout: 60_000, ...(input === undefined ? {} : { input }) });

const guarded = `netpol-db-${process.pid}`;
const other = `netpol-other-${process.pid}`;
const ports = { db: 5432, web: 8080 };

function serverPod(service: 'db' | 'web') {
  const port = ports[service];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: service, namespace: guarded, labels: { 'ephemeral.stack': guarded, [serviceLabel]: service } },
    spec: {
      containers: [
        {
          name: service,
          image: ctx.pins.kubernetes.busyboxImage,
          imagePullPolicy: 'Never',
          command: ['sh', '-c', `mkdir -p /www && echo ${service}-answers > /www/index.html && exec httpd -f -p ${port} -h /www`],
        },
      ],
    },
  };
}

function clientPod(namespace: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'client', namespace, labels: { [serviceLabel]: 'client' } },
    spec: {
      terminationGracePeriodSeconds: 0,
      containers: [{ name: 'client', image: ctx.pins.kubernetes.busyboxImage, imagePullPolicy: 'Never', command: ['sh', '-c', 'exec sleep 3600'] }],
    },
  };
}

const service = (name: 'db' | 'web') => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: guarded },
  spec: { selector: { [serviceLabel]: name }, ports: [{ port: ports[name], targetPort: ports[name] }] },
});

/** One TCP connection from the client pod of `namespace`: what the server answered, or undefined when it could not connect. */
async function connect(namespace: string, address: string, port: number): Promise<string | undefined> {
  const script = `printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 ${address} ${port}; echo "nc exit $?"`;
  const result = await kubectl(['-n', namespace, 'exec', 'client', '--', 'sh', '-c', script]);
  const exit = /nc exit (\d+)/.exec(result.stdout)?.[1];
  if (exit === undefined) throw new Error(`kubectl exec failed: ${result.stderr}`);
  return exit === '0' && result.stdout.includes('-answers') ? result.stdout : undefined;
}

async function until<T>(what: string, timeoutMs: number, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await attempt();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what} within ${timeoutMs / 1000} s`);
}

const reaches = (namespace: string, address: string, port: number) => until(`${namespace} reaching ${address}:${port}`, 30_000, () => connect(namespace, address, port));
const isBlocked = (namespace: string, address: string, port: number) =>
  until(`${namespace} blocked from ${address}:${port}`, 30_000, async () => ((await connect(namespace, address, port)) === undefined ? true : undefined));

describe.skipIf(process.getuid?.() !== 0)('NetworkPolicy enforcement on the local cluster', { timeout: 600_000 }, () => {
  const addresses = { dbService: '', dbPod: '', webService: '' };

  beforeAll(async () => {
    const up = await cli(['cluster', 'up', '--json']);
    expect(up.exitCode, up.stderr).toBe(0);
    for (const namespace of [guarded, other]) {
      expect((await kubectl(['create', 'namespace', namespace])).exitCode).toBe(0);
      await until(`the default service account of ${namespace}`, 30_000, async () => ((await kubectl(['-n', namespace, 'get', 'serviceaccount', 'default'])).exitCode === 0 ? true : undefined));
    }
    const objects = { apiVersion: 'v1', kind: 'List', items: [serverPod('db'), serverPod('web'), service('db'), service('web'), clientPod(guarded), clientPod(other)] };
    const applied = await kubectl(['apply', '-f', '-'], JSON.stringify(objects));
    expect(applied.exitCode, applied.stderr).toBe(0);
    for (const [namespace, pods] of [[guarded, ['db', 'web', 'client']], [other, ['client']]] as const) {
      const ready = await kubectl(['-n', namespace, 'wait', '--for=condition=Ready', ...pods.map((pod) => `pod/${pod}`), '--timeout=120s']);
      expect(ready.exitCode, ready.stderr).toBe(0);
    }
    const field = async (kind: string, name: string, path: string) => (await kubectl(['-n', guarded, 'get', kind, name, '-o', `jsonpath=${path}`])).stdout;
    addresses.dbService = await field('service', 'db', '{.spec.clusterIP}');
    addresses.webService = await field('service', 'web', '{.spec.clusterIP}');
    addresses.dbPod = await field('pod', 'db', '{.status.podIP}');
  });

  afterAll(async () => {
    await kubectl(['delete', 'namespace', guarded, other, '--ignore-not-found', '--wait=true', '--timeout=120s']);
  });

  it('lets another namespace reach the database before any policy exists (the control)', async () => {
    expect(await reaches(other, addresses.dbService, ports.db)).toContain('db-answers');
    expect(await reaches(other, addresses.dbPod, ports.db)).toContain('db-answers');
  });

  it('applies the isolation policies the reference program declares, and the controller reports enforcing', async () => {
    const policies = isolationPolicies(entryPointServices).map(({ name, spec }) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name, namespace: guarded },
      spec,
    }));
    expect(policies.map((policy) => policy.metadata.name)).toEqual(['only-own-namespace', 'entry-points']);
    const applied = await kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: policies }));
    expect(applied.exitCode, applied.stderr).toBe(0);
    const status = JSON.parse((await cli(['cluster', 'status', '--json'])).stdout) as { networkPolicy: { enforced: boolean; detail: string } };
    expect(status.networkPolicy.enforced, status.networkPolicy.detail).toBe(true);
  });

  it('refuses another namespace\'s connection to the database, by Service and by pod address', async () => {
    const started = performance.now();
    await isBlocked(other, addresses.dbService, ports.db);
    console.log(`policy in force ${((performance.now() - started) / 1000).toFixed(1)}s after the first check`);
    expect(await connect(other, addresses.dbPod, ports.db)).toBeUndefined();
    expect(await connect(other, addresses.dbService, ports.db)).toBeUndefined();
    const metrics = await (await fetch(`http://${clusterNetwork.networkPolicyMetricsAddress}/metrics`)).text();
    expect(metrics).toMatch(/kube_network_policies_packet_count\{[^}]*verdict="drop"\} [1-9]/);
  });

  it('still lets a pod of the same namespace reach the database', async () => {
    expect(await reaches(guarded, addresses.dbService, ports.db)).toContain('db-answers');
    expect(await reaches(guarded, addresses.dbPod, ports.db)).toContain('db-answers');
  });

  it('still lets another namespace reach an entry point', async () => {
    expect(await reaches(other, addresses.webService, ports.web)).toContain('web-answers');
  });

  it('adds a stopped controller back on `cluster up` without restarting the cluster, and enforces again', async () => {
    const apiserver = runningPid(paths, 'kube-apiserver');
    expect(runningPid(paths, 'kube-network-policies')).toBeDefined();
    await stopProcess(paths, 'kube-network-policies', 10_000);
    const degraded = await cli(['cluster', 'status']);
    expect(degraded.stdout).toContain('network policies: not enforced (kube-network-policies not running');
    const up = await cli(['cluster', 'up', '--json']);
    expect(up.exitCode, up.stderr).toBe(0);
    const result = JSON.parse(up.stdout) as { alreadyUp: boolean; addedToRunningCluster: string[] };
    expect(result).toMatchObject({ alreadyUp: true, addedToRunningCluster: ['kube-network-policies'] });
    expect(runningPid(paths, 'kube-apiserver')).toBe(apiserver);
    await isBlocked(other, addresses.dbService, ports.db);
    expect(await reaches(guarded, addresses.dbService, ports.db)).toContain('db-answers');
  });
});
