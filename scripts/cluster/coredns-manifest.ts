// Cluster DNS as in production: CoreDNS (built from source, imported as an image) as a
// Deployment and the kube-dns Service in kube-system. Pure: the objects as data, applied
// with kubectl. It answers for the cluster's names only: nothing is forwarded off this
// machine (no upstream resolver), so a lookup never leaves it.
import { clusterNetwork } from './cluster-network.ts';

export const corednsNamespace = 'kube-system';
export const corednsName = 'coredns';

export function corefile(): string {
  const domain = clusterNetwork.clusterDomain;
  return [
    '.:53 {',
    '    errors',
    '    health {',
    '        lameduck 1s',
    '    }',
    '    ready',
    `    kubernetes ${domain} in-addr.arpa ip6.arpa {`,
    '        pods insecure',
    '        ttl 5',
    '    }',
    '    cache 5',
    '}',
    '',
  ].join('\n');
}

export function corednsManifest(image: string): { apiVersion: 'v1'; kind: 'List'; items: object[] } {
  const labels = { 'k8s-app': 'kube-dns' };
  const metadata = (name: string) => ({ name, namespace: corednsNamespace, labels });
  return {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: metadata(corednsName) },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'system:coredns' },
        rules: [
          { apiGroups: [''], resources: ['endpoints', 'services', 'pods', 'namespaces'], verbs: ['list', 'watch'] },
          { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
        ],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'system:coredns' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:coredns' },
        subjects: [{ kind: 'ServiceAccount', name: corednsName, namespace: corednsNamespace }],
      },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: metadata(corednsName), data: { Corefile: corefile() } },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: metadata(corednsName),
        spec: {
          replicas: 1,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              serviceAccountName: corednsName,
              // Its own resolver is the host's, not itself.
              dnsPolicy: 'Default',
              containers: [
                {
                  name: 'coredns',
                  image,
                  // Images reach this cluster by import only: nothing can be pulled.
                  imagePullPolicy: 'Never',
                  args: ['-conf', '/etc/coredns/Corefile'],
                  ports: [
                    { name: 'dns', containerPort: 53, protocol: 'UDP' },
                    { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
                  ],
                  readinessProbe: { httpGet: { path: '/ready', port: 8181 }, periodSeconds: 1 },
                  livenessProbe: { httpGet: { path: '/health', port: 8080 }, periodSeconds: 10 },
                  volumeMounts: [{ name: 'config', mountPath: '/etc/coredns', readOnly: true }],
                },
              ],
              volumes: [{ name: 'config', configMap: { name: corednsName } }],
            },
          },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: metadata('kube-dns'),
        spec: {
          selector: labels,
          clusterIP: clusterNetwork.dnsServiceIp,
          ports: [
            { name: 'dns', port: 53, protocol: 'UDP' },
            { name: 'dns-tcp', port: 53, protocol: 'TCP' },
          ],
        },
      },
    ],
  };
}
