// Isolation of a branch's namespace (DESIGN: "Isolation is a NetworkPolicy per
// namespace"): nothing from outside the namespace reaches its pods, except the entry
// points; pods of the namespace reach each other. The database and the queue are
// therefore unreachable from every other branch's namespace, as the private `internal`
// network makes them on Docker. The rules themselves are data (isolation-rules.ts).
import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { isolationPolicies } from './isolation-rules.ts';

export interface IsolationRequest {
  namespace: pulumi.Input<string>;
  labels: Record<string, string>;
  /** The `ephemeral.service` values whose pods take traffic from anywhere. */
  entryPointServices: string[];
  /** Logical-name prefix (the slug), so two stacks' resources never share a Pulumi name. */
  prefix: string;
  provider?: pulumi.ProviderResource;
}

export function isolateNamespace(request: IsolationRequest): k8s.networking.v1.NetworkPolicy[] {
  const options = request.provider ? { provider: request.provider } : {};
  return isolationPolicies(request.entryPointServices).map(
    ({ name, spec }) =>
      new k8s.networking.v1.NetworkPolicy(`${request.prefix}-${name}`, { metadata: { name, namespace: request.namespace, labels: request.labels }, spec }, options),
  );
}
