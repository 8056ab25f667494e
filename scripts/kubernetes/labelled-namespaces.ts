// The namespaces of branch stacks on a cluster, found by the `ephemeral.stack` label:
// what `list`, `gc` and the leak checks see on the Kubernetes target. Values a label
// cannot hold (the raw branch, the ISO expiry) come back from annotations of the same
// key, so callers see one map of stack labels on both targets.
import { setTimeout as sleep } from 'node:timers/promises';
import type { V1Namespace } from '@kubernetes/client-node';
import { labelKeys } from '../naming/labels.ts';
import type { ClusterClients } from './cluster-access.ts';

export interface LabelledNamespace {
  name: string;
  /** ephemeral.* labels, with annotations of the same keys folded in. */
  labels: Record<string, string>;
  /** Being deleted already (its finalizers still run). */
  terminating: boolean;
}

export function stackLabelsOf(namespace: V1Namespace): Record<string, string> {
  const picked = (map: Record<string, string> | undefined) => Object.entries(map ?? {}).filter(([key]) => key.startsWith('ephemeral.'));
  return Object.fromEntries([...picked(namespace.metadata?.annotations), ...picked(namespace.metadata?.labels)]);
}

export async function listLabelledNamespaces(clients: ClusterClients, slug?: string): Promise<LabelledNamespace[]> {
  const labelSelector = slug ? `${labelKeys.stack}=${slug}` : labelKeys.stack;
  const { items } = await clients.core.listNamespace({ labelSelector });
  return items.map((namespace) => ({
    name: namespace.metadata?.name ?? '?',
    labels: stackLabelsOf(namespace),
    terminating: namespace.status?.phase === 'Terminating',
  }));
}

/** Deletes a namespace and waits until the API server no longer has it (its pods are gone with it). */
export async function deleteNamespace(clients: ClusterClients, name: string, timeoutMs = 120_000): Promise<{ gone: boolean; waitedMs: number }> {
  const started = performance.now();
  try {
    await clients.core.deleteNamespace({ name, propagationPolicy: 'Foreground' });
  } catch (error) {
    if ((error as { code?: number }).code !== 404) throw error;
  }
  for (;;) {
    const left = await listNamespaceNamed(clients, name);
    const waitedMs = performance.now() - started;
    if (!left || waitedMs >= timeoutMs) return { gone: !left, waitedMs };
    await sleep(200);
  }
}

async function listNamespaceNamed(clients: ClusterClients, name: string): Promise<boolean> {
  const { items } = await clients.core.listNamespace({ fieldSelector: `metadata.name=${name}` });
  return items.length > 0;
}
