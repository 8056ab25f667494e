// The reference Kubernetes program as the stack contract calls it, the twin of
// infra/docker/context-program.ts: images from the tool, sizes, the planted fault and
// the cluster's settings (`imagePullPolicy`, `storageClass`, `entryPointAccess`) from
// stack config.
import type { ProgramContext } from '../../scripts/contract/define-config.ts';
import { referenceStackInputs } from '../reference-stack-inputs.ts';
import { kubernetesStackProgram } from './program.ts';
import { type KubernetesStackRequest, kubernetesStackConfig } from './stack-config.ts';

function clusterSettings(config: ProgramContext['config']): Pick<KubernetesStackRequest, 'imagePullPolicy' | 'storageClass' | 'entryPointAccess'> {
  const pull = config['imagePullPolicy'];
  const storageClass = config['storageClass'];
  const access = config['entryPointAccess'];
  return {
    ...(pull === 'Never' || pull === 'IfNotPresent' ? { imagePullPolicy: pull } : {}),
    ...(typeof storageClass === 'string' && storageClass !== '' ? { storageClass } : {}),
    ...(access === 'node-port' || access === 'cluster-ip' ? { entryPointAccess: access } : {}),
  };
}

export function referenceKubernetesProgram(context: ProgramContext) {
  return kubernetesStackProgram(kubernetesStackConfig({ ...referenceStackInputs(context), ...clusterSettings(context.config) }));
}
