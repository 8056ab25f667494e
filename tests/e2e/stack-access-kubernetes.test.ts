// The suites' way inside a Kubernetes environment (tests/env/support/kubernetes-access.ts)
// against the local cluster, started if down as a run starts it: a busybox Deployment of
// two replicas in a namespace of its own stands for a service. Commands get stdin and its
// end, stdout arrives while they run, a failure carries its exit code and stderr, and a
// restarted replica is a new ready pod.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { V1Deployment } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubernetesOutputs } from '../../infra/outputs-schema.ts';
import { type ClusterClients, connectToCluster } from '../../scripts/kubernetes/cluster-access.ts';
import { selectionOf } from '../../scripts/kubernetes/cluster-choice.ts';
import { chooseRunCluster, kubernetesRuntime } from '../../scripts/kubernetes/kubernetes-runtime.ts';
import { createToolchainContext } from '../../scripts/toolchain/toolchain-context.ts';
import { type StackAccess, stackAccessFor } from '../../tests/env/support/stack-access.ts';

const toolchain = createToolchainContext(process.env);
const choice = chooseRunCluster(toolchain, {}, {});
const selection = selectionOf(choice);
const suiteEnv = { KUBECONFIG: selection.kubeconfig, EPHEMERAL_KUBE_CONTEXT: selection.context };
const namespace = `suites-access-${randomBytes(3).toString('hex')}`;
const service = 'shell';

const outputs: KubernetesOutputs = {
  target: 'kubernetes',
  stackName: namespace,
  namespace,
  webUrl: 'http://127.0.0.1:1',
  apiUrl: 'http://127.0.0.1:1',
  adminEmail: 'admin@example.test',
  adminPassword: 'unused',
  services: { [service]: [service] },
};

function shellDeployment(image: string): V1Deployment {
  const labels = { 'ephemeral.service': service };
  return {
    metadata: { name: service, labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          // busybox's sh runs a trap only after its sleep ends: a short grace is plenty.
          terminationGracePeriodSeconds: 2,
          containers: [
            {
              name: 'shell',
              image,
              imagePullPolicy: 'Never',
              command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'],
              readinessProbe: { exec: { command: ['true'] }, periodSeconds: 1 },
            },
          ],
        },
      },
    },
  };
}

let clients: ClusterClients;
let access: StackAccess;

beforeAll(async () => {
  await kubernetesRuntime(toolchain, choice).prepare(() => undefined);
  clients = await connectToCluster(selection);
  await clients.core.createNamespace({ body: { metadata: { name: namespace, labels: { 'ephemeral.e2e': 'stack-access' } } } });
  await clients.apps.createNamespacedDeployment({ namespace, body: shellDeployment(toolchain.pins.kubernetes.busyboxImage) });
  access = stackAccessFor(outputs, suiteEnv);
  const deadline = Date.now() + 90_000;
  while ((await access.replicas(service)).length < 2) {
    if (Date.now() > deadline) throw new Error(`the ${service} Deployment in ${namespace} has no two ready pods after 90 s`);
    await sleep(500);
  }
});

afterAll(async () => {
  if (!clients) return;
  await clients.core.deleteCollectionNamespacedPod({ namespace, gracePeriodSeconds: 0 }).catch(() => undefined);
  await clients.core.deleteNamespace({ name: namespace }).catch(() => undefined);
});

describe('kubernetes access for the suites', () => {
  it('lists the ready pods of a service in the same order every time, and none of a service that has none', async () => {
    const replicas = await access.replicas(service);
    expect(replicas).toHaveLength(2);
    for (const replica of replicas) expect(replica.startsWith(`${service}-`), replica).toBe(true);
    expect(await access.replicas(service)).toEqual(replicas);
    expect(await access.replicas('nothing')).toEqual([]);
  });

  it('feeds the input on stdin and then closes it, so a command that reads to the end returns', async () => {
    const [replica] = await access.replicas(service);
    const input = 'line one\nline two with $HOME and "quotes"\n';
    expect(await access.exec(replica!, { argv: ['cat'], input, timeoutMs: 20_000 })).toBe(input);
  });

  it('hands stdout over while the command still runs', async () => {
    const [replica] = await access.replicas(service);
    const flag = `/tmp/go-${randomBytes(3).toString('hex')}`;
    // The command (busybox has no /tmp of its own) waits for a file that only this test's second exec creates, and this
    // test creates it only once the first line arrived: without streaming, no end.
    let released: Promise<string> | undefined;
    const output = await access.exec(replica!, {
      argv: ['sh', '-c', `mkdir -p /tmp && echo waiting; while [ ! -f ${flag} ]; do sleep 0.2; done; echo released`],
      input: '',
      timeoutMs: 30_000,
      onStdout: (text) => {
        if (text.includes('waiting')) released ??= access.exec(replica!, { argv: ['touch', flag], input: '', timeoutMs: 20_000 });
      },
    });
    expect(output).toBe('waiting\nreleased\n');
    await expect(released).resolves.toBe('');
  });

  it('rejects a failing command with its exit code and its stderr', async () => {
    const [replica] = await access.replicas(service);
    await expect(access.exec(replica!, { argv: ['sh', '-c', 'echo no such table >&2; exit 3'], input: '', timeoutMs: 20_000 })).rejects.toThrow(
      /exit code 3\): no such table/,
    );
  });

  it('restarts a replica as a new ready pod, which the replicas then list instead of the old one', async () => {
    const before = await access.replicas(service);
    const [kept, restarted] = before;
    const replacement = await access.restartReplica(service, restarted!, 90_000);
    expect(before).not.toContain(replacement);
    const after = await access.replicas(service);
    expect(after).toContain(kept);
    expect(after).toContain(replacement);
    expect(after).not.toContain(restarted);
    expect(await access.exec(replacement, { argv: ['cat'], input: 'answers', timeoutMs: 20_000 })).toBe('answers');
  });

  it('names a context the kubeconfig does not have', async () => {
    const elsewhere = stackAccessFor(outputs, { ...suiteEnv, EPHEMERAL_KUBE_CONTEXT: 'no-such-context' });
    await expect(elsewhere.replicas(service)).rejects.toThrow(/has no context no-such-context \(EPHEMERAL_KUBE_CONTEXT\)/);
  });
});
