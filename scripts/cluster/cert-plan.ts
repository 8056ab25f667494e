// Which certificates the cluster needs and what each says: pure data that
// make-certificates.ts hands to openssl. One CA signs them all.
import { clusterNetwork } from './cluster-network.ts';

export interface CertificateSpec {
  /** File stem under the pki folder: `<name>.crt`, `<name>.key`. */
  name: string;
  commonName: string;
  organization?: string;
  usages: ('serverAuth' | 'clientAuth')[];
  dnsNames: string[];
  ipAddresses: string[];
}

export interface CertificatePlan {
  caCommonName: string;
  certificates: CertificateSpec[];
}

const client = (name: string, commonName: string, organization?: string): CertificateSpec => ({
  name,
  commonName,
  ...(organization ? { organization } : {}),
  usages: ['clientAuth'],
  dnsNames: [],
  ipAddresses: [],
});

export function planCertificates(nodeIp: string): CertificatePlan {
  const { nodeName, apiServiceIp, clusterDomain } = clusterNetwork;
  return {
    caCommonName: 'ephemeral-local-cluster-ca',
    certificates: [
      {
        name: 'apiserver',
        commonName: 'kube-apiserver',
        usages: ['serverAuth'],
        dnsNames: ['kubernetes', 'kubernetes.default', 'kubernetes.default.svc', `kubernetes.default.svc.${clusterDomain}`, 'localhost'],
        ipAddresses: ['127.0.0.1', apiServiceIp, nodeIp],
      },
      // The apiserver's client identity towards kubelets (logs, exec, port-forward).
      client('apiserver-kubelet-client', 'kube-apiserver-kubelet-client', 'system:masters'),
      client('admin', 'ephemeral-admin', 'system:masters'),
      client('controller-manager', 'system:kube-controller-manager'),
      client('scheduler', 'system:kube-scheduler'),
      client('kube-proxy', 'system:kube-proxy'),
      // The kubelet serves (for the apiserver) and is a client (the Node authorizer
      // knows it by system:node:<name> in system:nodes).
      {
        name: 'kubelet',
        commonName: `system:node:${nodeName}`,
        organization: 'system:nodes',
        usages: ['serverAuth', 'clientAuth'],
        dnsNames: [nodeName, 'localhost'],
        ipAddresses: ['127.0.0.1', nodeIp],
      },
    ],
  };
}

/** The `-subj` argument of openssl. */
export function subjectOf(spec: Pick<CertificateSpec, 'commonName' | 'organization'>): string {
  return `${spec.organization ? `/O=${spec.organization}` : ''}/CN=${spec.commonName}`;
}

/** The v3 extensions file openssl signs the certificate with. */
export function extensionsOf(spec: CertificateSpec): string {
  const names = [...spec.dnsNames.map((name) => `DNS:${name}`), ...spec.ipAddresses.map((ip) => `IP:${ip}`)];
  return [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    `extendedKeyUsage=${spec.usages.join(',')}`,
    ...(names.length > 0 ? [`subjectAltName=${names.join(',')}`] : []),
  ].join('\n') + '\n';
}
