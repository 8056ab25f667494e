// Makes the cluster's CA, certificates and service-account key pair with openssl, from
// the plan of cert-plan.ts (EC P-256 keys: quick to make, accepted by every component).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { type CertificatePlan, extensionsOf, subjectOf } from './cert-plan.ts';

const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
const days = '3650';

export async function makeCertificates(pki: string, plan: CertificatePlan): Promise<void> {
  rmSync(pki, { recursive: true, force: true });
  mkdirSync(pki, { recursive: true, mode: 0o700 });
  const file = (name: string) => join(pki, name);
  await execa('openssl', ['req', '-x509', ...ecKey, '-keyout', file('ca.key'), '-out', file('ca.crt'), '-days', days, '-subj', `/CN=${plan.caCommonName}`]);
  await Promise.all([
    ...plan.certificates.map(async (spec) => {
      writeFileSync(file(`${spec.name}.ext`), extensionsOf(spec));
      await execa('openssl', ['req', '-new', ...ecKey, '-keyout', file(`${spec.name}.key`), '-out', file(`${spec.name}.csr`), '-subj', subjectOf(spec)]);
      await execa('openssl', ['x509', '-req', '-in', file(`${spec.name}.csr`), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-set_serial', `0x${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`, '-days', days, '-extfile', file(`${spec.name}.ext`), '-out', file(`${spec.name}.crt`)]);
      rmSync(file(`${spec.name}.csr`));
      rmSync(file(`${spec.name}.ext`));
    }),
    (async () => {
      await execa('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file('service-account.key')]);
      await execa('openssl', ['pkey', '-in', file('service-account.key'), '-pubout', '-out', file('service-account.pub')]);
    })(),
  ]);
}
