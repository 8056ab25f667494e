// The Kubernetes target: a branch's stack in namespaces that carry its label, on the
// cluster the user names or on the local one (started here when it is down, as the
// bootstrap starts the Docker engine). Readiness comes from the objects' status, evidence
// from pod logs, events and the objects themselves, teardown deletes the namespaces.
import { EphemeralError, ExitCode } from '../errors.ts';
import { startSampling } from '../artifacts/resource-sampler.ts';
import type { ToolchainContext } from '../components/component.ts';
import { resolveClusterPaths } from '../cluster/cluster-paths.ts';
import { kubeconfigContext } from '../cluster/cluster-files.ts';
import { importMissingImages } from '../cluster/import-image.ts';
import { isNodeUp, startCluster } from '../cluster/start-cluster.ts';
import type { Env } from '../toolchain/cache-paths.ts';
import type { TargetRuntime } from '../targets/target-runtime.ts';
import { type ClusterClients, connectToCluster } from './cluster-access.ts';
import { type ClusterChoice, type ClusterOptions, chooseCluster, selectionOf } from './cluster-choice.ts';
import { deleteNamespace, listLabelledNamespaces } from './labelled-namespaces.ts';
import { collectNamespaceEvidence } from './namespace-evidence.ts';
import { readPodResources } from './pod-resources.ts';
import { pushImages } from './registry-push.ts';
import { podWorkloads } from './pod-workloads.ts';
import { scrapePodMetrics } from './pod-metrics.ts';
import { waitForNamespace } from './wait-for-namespace.ts';
import { whyNamespaceNotReady } from './why-not-ready.ts';

/** How long teardown waits for a namespace to be gone (its pods are deleted without grace). */
const namespaceGoneTimeoutMs = 60_000;

export function localClusterOf(toolchain: Pick<ToolchainContext, 'paths' | 'pins'>) {
  const paths = resolveClusterPaths(toolchain.paths, toolchain.pins.kubernetes);
  return { paths, kubeconfig: paths.kubeconfig, context: kubeconfigContext };
}

export function chooseRunCluster(toolchain: Pick<ToolchainContext, 'paths' | 'pins'>, options: Pick<ClusterOptions, 'kubeconfig' | 'context'>, env: Env): ClusterChoice {
  return chooseCluster(options, env, localClusterOf(toolchain));
}

async function namespacesOf(clients: ClusterClients, slug: string): Promise<string[]> {
  return (await listLabelledNamespaces(clients, slug)).map((namespace) => namespace.name);
}

/** Deletes the pods of the namespaces at once (no grace period, as `docker rm --force`). */
async function deletePodsAtOnce(clients: ClusterClients, namespaces: readonly string[]): Promise<void> {
  await Promise.all(namespaces.map((namespace) => clients.core.deleteCollectionNamespacedPod({ namespace, gracePeriodSeconds: 0 }).catch(() => undefined)));
}

/** Whether the cluster answers a request (a list of at most one namespace). */
async function answers(clients: ClusterClients): Promise<void> {
  await clients.core.listNamespace({ limit: 1 });
}

/** `registry`: where images are pushed for the cluster to pull (none: imported into the local cluster). */
export function kubernetesRuntime(toolchain: Pick<ToolchainContext, 'paths' | 'pins'>, choice: ClusterChoice, registry?: string): TargetRuntime {
  const selection = selectionOf(choice);
  let connected: Promise<ClusterClients> | undefined;
  const clients = () => (connected ??= connectToCluster(selection));
  const local = choice.kind === 'local' ? localClusterOf(toolchain) : undefined;
  return {
    name: 'kubernetes',
    workloads: podWorkloads(clients, async (slug) => namespacesOf(await clients(), slug)),
    where: choice.kind === 'local' ? 'the local cluster' : `the cluster of context ${selection.context ?? '(current)'} in ${selection.kubeconfig ?? 'the default kubeconfig'}`,
    bootstrapTargets: local ? ['kubernetes'] : ['kubernetes-provider'],
    providerConfig: {
      ...(selection.kubeconfig ? { 'kubernetes:kubeconfig': selection.kubeconfig } : {}),
      ...(selection.context ? { 'kubernetes:context': selection.context } : {}),
    },
    suiteEnv: {
      ...(selection.kubeconfig ? { KUBECONFIG: selection.kubeconfig } : {}),
      ...(selection.context ? { EPHEMERAL_KUBE_CONTEXT: selection.context } : {}),
    },
    async prepare(progress) {
      if (local && !(await isNodeUp(local.paths))) {
        progress('cluster: the local cluster is down: starting it');
        await startCluster(local.paths, toolchain.pins.kubernetes, progress);
      }
      const client = await clients();
      await answers(client).catch((error: unknown) => {
        throw new EphemeralError(`the cluster of context ${client.contextName} does not answer: ${(error as Error).message}`, {
          code: 'E_CLUSTER_UNREACHABLE',
          exitCode: ExitCode.provisionFailed,
          remedy: local ? 'npm run ephemeral -- cluster up (or cluster status for what is not running)' : 'check --kubeconfig/--context, or KUBECONFIG, and that the cluster answers `kubectl get ns`',
        });
      });
    },
    async deliverImages(images, progress) {
      if (registry) return pushImages(registry, images, progress);
      // A cluster of the user's without a registry pulls images by their own names.
      if (!local) return {};
      const imported = await importMissingImages(local.paths, [...images]);
      if (imported.length > 0) progress(`images: imported into the local cluster: ${imported.join(', ')}`);
      return {};
    },
    async waitUntilHealthy(slug, wait) {
      const client = await clients();
      const namespaces = await namespacesOf(client, slug);
      if (namespaces.length === 0) throw new Error(`no namespace carries the label of ${slug}`);
      const results = await Promise.all(namespaces.map((namespace) => waitForNamespace(client, { namespace, timeoutMs: wait.timeoutMs, signal: wait.signal })));
      wait.signal.throwIfAborted();
      const unready = results.flatMap((result, index) => (result.verdict.kind === 'ready' ? [] : [`${namespaces[index] ?? '?'}: ${result.verdict.kind === 'waiting' ? `still waiting after ${Math.round(result.waitedMs / 1000)} s: ` : ''}${result.verdict.reason}`]));
      if (unready.length > 0) {
        throw new EphemeralError(`not every workload became ready:\n${unready.map((line) => `  ${line}`).join('\n')}`, {
          code: 'E_NOT_READY',
          exitCode: ExitCode.provisionFailed,
          remedy: 'the "why not ready" report and logs/ (pod logs, events.log, objects.yaml) in the artifacts show each pod’s state, failed probe and log tail',
        });
      }
    },
    async whyNotReady(slug) {
      const client = await clients();
      return (await Promise.all((await namespacesOf(client, slug)).map((namespace) => whyNamespaceNotReady(client, namespace)))).flat();
    },
    async collectLogs(slug, logsDir) {
      const client = await clients();
      return (await Promise.all((await namespacesOf(client, slug)).map((namespace) => collectNamespaceEvidence(client, namespace, logsDir)))).flat();
    },
    async collectMetrics(slug, metricsDir) {
      const client = await clients();
      return scrapePodMetrics(client, await namespacesOf(client, slug), metricsDir);
    },
    startSampler(slug, file, intervalMs) {
      return startSampling(async () => {
        const client = await clients();
        return readPodResources(client, await namespacesOf(client, slug));
      }, file, intervalMs);
    },
    async reachable() {
      if (local && !(await isNodeUp(local.paths))) return false;
      return answers(await clients()).then(
        () => true,
        () => false,
      );
    },
    async listLabelled(slug) {
      return (await listLabelledNamespaces(await clients(), slug)).map((namespace) => ({ kind: 'namespace', name: namespace.name, labels: namespace.labels }));
    },
    // Pods get the CPU their requests ask for, whoever measures.
    favourWorkloads: async () => async () => undefined,
    async sweepWorkloads(slug) {
      // Beside the destroy: the namespaces go too, without waiting for them to be gone.
      const client = await clients();
      const namespaces = await namespacesOf(client, slug);
      await Promise.all([
        deletePodsAtOnce(client, namespaces),
        ...namespaces.map((name) => client.core.deleteNamespace({ name, propagationPolicy: 'Background' }).catch(() => undefined)),
      ]);
    },
    async sweep(slug) {
      const client = await clients();
      const namespaces = await namespacesOf(client, slug);
      await deletePodsAtOnce(client, namespaces);
      const waited = await Promise.all(namespaces.map((namespace) => deleteNamespace(client, namespace, namespaceGoneTimeoutMs)));
      return namespaces.filter((_, index) => !waited[index]?.gone).map((namespace) => `namespace ${namespace} (still terminating after ${namespaceGoneTimeoutMs / 1000} s)`);
    },
  };
}
