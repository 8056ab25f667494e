// Isolation of a branch's namespace (DESIGN: "Isolation is a NetworkPolicy per
// namespace"): nothing from outside the namespace reaches its pods, except the entry
// points; pods of the namespace reach each other. The database and the queue are
// therefore unreachable from every other branch's namespace, as the private `internal`
// network makes them on Docker.
import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';

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
  const metadata = (name: string) => ({ name, namespace: request.namespace, labels: request.labels });
  const options = request.provider ? { provider: request.provider } : {};
  return [
    new k8s.networking.v1.NetworkPolicy(
      `${request.prefix}-only-own-namespace`,
      {
        metadata: metadata('only-own-namespace'),
        spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] },
      },
      options,
    ),
    new k8s.networking.v1.NetworkPolicy(
      `${request.prefix}-entry-points`,
      {
        metadata: metadata('entry-points'),
        spec: {
          podSelector: { matchExpressions: [{ key: 'ephemeral.service', operator: 'In', values: request.entryPointServices }] },
          policyTypes: ['Ingress'],
          ingress: [{}],
        },
      },
      options,
    ),
  ];
}
