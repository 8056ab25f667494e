// The NetworkPolicies that isolate a branch's namespace, as plain data (isolation.ts makes
// them Pulumi resources; the network-policy e2e test applies the same data with kubectl):
// ingress from the namespace's own pods to every pod, and from anywhere to the entry points.
export interface NetworkPolicyRule {
  name: string;
  spec: {
    podSelector: { matchExpressions?: { key: string; operator: 'In'; values: string[] }[] };
    policyTypes: 'Ingress'[];
    ingress: { from?: { podSelector: Record<string, never> }[] }[];
  };
}

/** The pod label that names a pod's service, the one the entry-point policy selects on. */
export const serviceLabel = 'ephemeral.service';

/** The reference stack's entry points: the services that take traffic from outside the namespace. */
export const entryPointServices = ['web', 'api'];

export function isolationPolicies(entryPointServices: string[]): NetworkPolicyRule[] {
  return [
    { name: 'only-own-namespace', spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] } },
    {
      name: 'entry-points',
      spec: {
        podSelector: { matchExpressions: [{ key: serviceLabel, operator: 'In', values: entryPointServices }] },
        policyTypes: ['Ingress'],
        ingress: [{}],
      },
    },
  ];
}
