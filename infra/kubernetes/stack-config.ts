// What the reference stack on Kubernetes is made of, as data: the same services, images,
// sizes and faults as on Docker (infra/docker/stack-config.ts), plus what only a cluster
// has: how images reach the nodes, where PostgreSQL keeps its data, and how the entry
// points reach the host.
import type { FaultName } from '../docker/faults.ts';
import { type StackImages, type StackSizing, stackSizing } from '../docker/stack-config.ts';

/**
 * `node-port`: Services of type NodePort; the local cluster's kube-proxy serves NodePorts
 * on 127.0.0.1 only, so the URL is http://127.0.0.1:<nodePort>. `cluster-ip`: the entry
 * points stay inside the cluster and the tool port-forwards to them on 127.0.0.1.
 */
export type EntryPointAccess = 'node-port' | 'cluster-ip';

export interface KubernetesStackConfig extends StackSizing {
  slug: string;
  /** ephemeral.* labels; those a label cannot hold become annotations (metadata.ts). */
  labels: Record<string, string>;
  images: StackImages;
  /** `Never` on the local cluster (images are imported into its runtime), else `IfNotPresent`. */
  imagePullPolicy: 'Never' | 'IfNotPresent';
  /** A StorageClass for PostgreSQL's volume claim; none: an emptyDir (the local cluster has no provisioner). */
  storageClass: string | undefined;
  entryPointAccess: EntryPointAccess;
  durableStorage: boolean;
  adminEmail: string;
  fault: FaultName | undefined;
}

export interface KubernetesStackRequest {
  slug: string;
  labels: Record<string, string>;
  images: StackImages;
  sizing?: Partial<StackSizing>;
  imagePullPolicy?: KubernetesStackConfig['imagePullPolicy'];
  storageClass?: string;
  entryPointAccess?: EntryPointAccess;
  durableStorage?: boolean;
  fault?: FaultName;
}

export function kubernetesStackConfig(request: KubernetesStackRequest): KubernetesStackConfig {
  return {
    slug: request.slug,
    labels: request.labels,
    images: request.images,
    ...stackSizing(request.sizing, request.fault),
    imagePullPolicy: request.imagePullPolicy ?? 'Never',
    storageClass: request.storageClass,
    entryPointAccess: request.entryPointAccess ?? 'node-port',
    durableStorage: request.durableStorage ?? false,
    adminEmail: 'admin@example.test',
    fault: request.fault,
  };
}
