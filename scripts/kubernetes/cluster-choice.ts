// Which cluster the kubernetes target deploys to: one the user names (`--kubeconfig`,
// `KUBECONFIG`, `--context`), else the local single-node cluster the bootstrap builds and
// `cluster up` starts. A kubeconfig the user merely has (~/.kube/config) is never used
// unasked: a branch must not land on a cluster nobody named for it. Pure.
import type { Env } from '../toolchain/cache-paths.ts';
import type { ClusterSelection } from './cluster-access.ts';

export interface ClusterOptions {
  kubeconfig?: string | undefined;
  context?: string | undefined;
}

export type ClusterChoice = { kind: 'local'; kubeconfig: string; context: string } | { kind: 'given'; selection: ClusterSelection };

/** The local cluster's admin kubeconfig and its one context (scripts/cluster). */
export interface LocalCluster {
  kubeconfig: string;
  context: string;
}

export function chooseCluster(options: ClusterOptions, env: Env, local: LocalCluster): ClusterChoice {
  const kubeconfig = options.kubeconfig ?? (env['KUBECONFIG'] || undefined);
  if (kubeconfig === undefined && options.context === undefined) return { kind: 'local', ...local };
  return { kind: 'given', selection: { kubeconfig, context: options.context } };
}

/** The choice as a selection the client library opens. */
export function selectionOf(choice: ClusterChoice): ClusterSelection {
  return choice.kind === 'local' ? { kubeconfig: choice.kubeconfig, context: choice.context } : choice.selection;
}
