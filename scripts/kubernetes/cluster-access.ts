// Which cluster the Kubernetes target talks to: `--kubeconfig` (else KUBECONFIG, else
// ~/.kube/config) and `--context` (else the file's current one). The client library is
// loaded here, on first use, so a Docker run never pays for it.
import type { AppsV1Api, BatchV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { usageError } from '../errors.ts';

export interface ClusterSelection {
  /** A kubeconfig file; undefined: the client's default (KUBECONFIG, then ~/.kube/config). */
  kubeconfig: string | undefined;
  /** A context of that file; undefined: its current context. */
  context: string | undefined;
}

export interface ClusterClients {
  config: KubeConfig;
  core: CoreV1Api;
  apps: AppsV1Api;
  batch: BatchV1Api;
  /** The context in use, for messages. */
  contextName: string;
}

export async function connectToCluster(selection: ClusterSelection): Promise<ClusterClients> {
  const client = await import('@kubernetes/client-node');
  const config = new client.KubeConfig();
  try {
    if (selection.kubeconfig) config.loadFromFile(selection.kubeconfig);
    else config.loadFromDefault();
  } catch (error) {
    throw usageError(
      `cannot read the kubeconfig ${selection.kubeconfig ?? '(KUBECONFIG or ~/.kube/config)'}: ${(error as Error).message}`,
      'give --kubeconfig PATH, or run `ephemeral cluster up` for the local cluster',
    );
  }
  if (selection.context) {
    if (!config.getContexts().some((context) => context.name === selection.context)) {
      const known = config.getContexts().map((context) => context.name);
      throw usageError(`the kubeconfig has no context ${selection.context}`, `use one of: ${known.join(', ') || '(none)'}`);
    }
    config.setCurrentContext(selection.context);
  }
  if (!config.getCurrentCluster()) {
    throw usageError('the kubeconfig names no current cluster', 'give --context NAME, or run `ephemeral cluster up` for the local cluster');
  }
  return {
    config,
    core: config.makeApiClient(client.CoreV1Api),
    apps: config.makeApiClient(client.AppsV1Api),
    batch: config.makeApiClient(client.BatchV1Api),
    contextName: config.getCurrentContext(),
  };
}
