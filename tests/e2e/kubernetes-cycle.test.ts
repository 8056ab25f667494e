// The kubernetes target for real, through the CLI, on the local cluster (started by the
// run itself when it is down): a full cycle with every suite passes and leaves no
// namespace and no stack; planted faults fail the same suites as on Docker, with the
// service at fault named; `up` labels the namespace as DESIGN says and `down` removes
// it; SIGINT tears down (130), and `kill -9` then one `gc` leaves nothing.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ResultPromise, execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveClusterPaths } from '../../scripts/cluster/cluster-paths.ts';
import { kubeconfigContext } from '../../scripts/cluster/cluster-files.ts';
import { listStackNames } from '../../scripts/environments/list-environments.ts';
import { type ClusterClients, connectToCluster } from '../../scripts/kubernetes/cluster-access.ts';
import { listLabelledNamespaces } from '../../scripts/kubernetes/labelled-namespaces.ts';
import { branchSlug } from '../../scripts/naming/slug.ts';
import { createToolchainContext } from '../../scripts/toolchain/toolchain-context.ts';
import { lastSummary, waitForOutput } from './support/cli-runs.ts';

const toolchain = createToolchainContext(process.env);
const artifactsRoot = join(toolchain.paths.root, 'test-artifacts');
const cluster = resolveClusterPaths(toolchain.paths, toolchain.pins.kubernetes);
let clients: ClusterClients;

function branchName(purpose: string): string {
  return `e2e/k8s-${purpose}-${randomBytes(3).toString('hex')}`;
}

type Child = ResultPromise<{ reject: false; all: true; detached: boolean; env: Record<string, string> }>;

/** The CLI on the kubernetes target; no KUBECONFIG, so the local cluster. */
function cli(args: string[], detached = false): Child {
  const lifecycle = ['run', 'up', 'down', 'test'].includes(args[0]!);
  const extra = lifecycle ? ['--target', 'kubernetes', ...(args[0] === 'down' ? [] : ['--artifacts', artifactsRoot])] : [];
  return execa('node', ['scripts/cli/main.ts', ...args, ...extra], { reject: false, all: true, detached, env: { KUBECONFIG: '', GITHUB_HEAD_REF: '' } });
}

async function namespacesOf(branch: string) {
  return listLabelledNamespaces(clients, branchSlug(branch));
}

async function leftFor(branch: string): Promise<string[]> {
  const slug = branchSlug(branch);
  const namespaces = (await namespacesOf(branch)).map((namespace) => `namespace ${namespace.name}`);
  const stacks = (await listStackNames(toolchain)).filter((stack) => stack === slug).map((stack) => `stack ${stack}`);
  return [...namespaces, ...stacks];
}



describe.skipIf(process.getuid?.() !== 0)('kubernetes target', { timeout: 900_000 }, () => {
  beforeAll(async () => {
    const up = await cli(['cluster', 'up']);
    expect(up.exitCode, up.all).toBe(0);
    clients = await connectToCluster({ kubeconfig: cluster.kubeconfig, context: kubeconfigContext });
  });

  it('runs the full cycle with every suite green on the local cluster, with its evidence, and leaves nothing', async () => {
    const branch = branchName('full');
    const result = await cli(['run', '--branch', branch]);
    expect(result.exitCode, result.all).toBe(0);
    const summary = lastSummary(artifactsRoot, branch);
    expect(summary.outcome).toBe('passed');
    expect(summary.suites.map((suite) => suite.suite)).toEqual(['api', 'queue', 'auth', 'data', 'ui', 'load']);
    for (const suite of summary.suites) {
      expect(suite.failed, suite.suite).toBe(0);
      expect(suite.passed, suite.suite).toBeGreaterThan(0);
    }
    expect(summary.warnings, 'the preview after up must show no changes').toEqual([]);
    // Evidence gathered before teardown: pod logs, events, objects, metrics, resource samples.
    const logs = readdirSync(join(summary.artifactsDir, 'logs'));
    expect(logs).toEqual(expect.arrayContaining(['objects.yaml', 'events.log']));
    expect(logs.filter((file) => /^api-.*\.api\.log$/.test(file)).length).toBeGreaterThanOrEqual(1);
    expect(readFileSync(join(summary.artifactsDir, 'logs', 'objects.yaml'), 'utf8')).toContain('kind: Deployment');
    const metrics = readdirSync(join(summary.artifactsDir, 'metrics'));
    expect(metrics.some((file) => /^worker-.*\.prom$/.test(file)), metrics.join(', ')).toBe(true);
    const samples = readFileSync(join(summary.artifactsDir, 'metrics', 'resources.jsonl'), 'utf8').trim().split('\n');
    expect(samples.length).toBeGreaterThan(3);
    expect(summary.services.length).toBeGreaterThanOrEqual(7);
    // The seed and the suites reached the entry points on 127.0.0.1 (NodePorts served there only).
    expect(JSON.stringify(readFileSync(join(summary.artifactsDir, 'outputs.json'), 'utf8'))).toMatch(/http:\/\/127\.0\.0\.1:\d+/);
    expect(await leftFor(branch)).toEqual([]);
  });

  it.each([
    ['api-leaks-items', 'auth', 'api'],
    ['worker-stopped', 'queue', 'worker'],
  ])('with --fault %s the %s suite fails as on Docker, naming the %s service, exit 1, nothing left', async (fault, suite, service) => {
    const branch = branchName(`fault-${fault}`);
    const result = await cli(['run', '--branch', branch, '--fault', fault, '--suites', suite]);
    expect(result.exitCode, result.all).toBe(1);
    const summary = lastSummary(artifactsRoot, branch);
    expect(summary.outcome).toBe('suite-failed');
    const failing = summary.suites.find((counts) => counts.suite === suite);
    expect(failing?.failed).toBeGreaterThan(0);
    expect(failing?.serviceAtFault).toContain(service);
    expect(await leftFor(branch)).toEqual([]);
  });

  it('up labels the namespace (raw branch and expiry as annotations), list shows it, down removes it', async () => {
    const branch = branchName('Up/Ünïcode');
    const up = await cli(['up', '--branch', branch, '--ttl', '2h', '--json']);
    try {
      expect(up.exitCode, up.all).toBe(0);
      const [namespace] = await namespacesOf(branch);
      expect(namespace?.labels).toMatchObject({ 'ephemeral.stack': branchSlug(branch), 'ephemeral.branch': branch });
      expect(new Date(namespace?.labels['ephemeral.expires'] ?? '').getTime() - Date.now()).toBeGreaterThan(60 * 60_000);
      const list = await cli(['list', '--json']);
      const listed = (JSON.parse(list.stdout) as { environments: { slug: string; state: string; namespaces: string[] }[] }).environments.find((environment) => environment.slug === branchSlug(branch));
      expect(listed, list.all).toMatchObject({ state: 'running', namespaces: [namespace?.name] });
    } finally {
      const down = await cli(['down', '--branch', branch]);
      expect(down.exitCode, down.all).toBe(0);
    }
    expect(await leftFor(branch)).toEqual([]);
  });

  it('tears down on SIGINT in the middle of up and exits 130', async () => {
    const branch = branchName('sigint');
    const child = cli(['run', '--branch', branch, '--suites', 'api']);
    await waitForOutput(child, 'up ...');
    await sleep(4000);
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode, result.all).toBe(130);
    expect(lastSummary(artifactsRoot, branch).outcome).toBe('interrupted');
    expect(await leftFor(branch)).toEqual([]);
  });

  it('after kill -9 of the whole run during the suites, one gc leaves nothing', async () => {
    const branch = branchName('kill');
    const child = cli(['run', '--branch', branch, '--suites', 'api'], true);
    await waitForOutput(child, /\nsuite api \.\.\./);
    process.kill(-child.pid!, 'SIGKILL');
    await child;
    expect((await namespacesOf(branch)).length, 'the killed run left its namespace').toBe(1);
    const gc = await cli(['gc']);
    expect(gc.exitCode, gc.all).toBe(0);
    expect(await leftFor(branch)).toEqual([]);
    expect(existsSync(join(artifactsRoot, branchSlug(branch)))).toBe(true);
  });
});
