// The reference Kubernetes program as the stack contract calls it, the twin of
// infra/docker/context-program.ts: images from the tool, sizes, the planted fault and
// the cluster's settings (`imagePullPolicy`, `storageClass`, `entryPointAccess`) from
// stack config.
import type { ProgramContext } from '../../scripts/contract/define-config.ts';
import { isFaultName } from '../docker/faults.ts';
import type { StackSizing } from '../docker/stack-config.ts';
import { kubernetesStackProgram } from './program.ts';
import { type KubernetesStackRequest, kubernetesStackConfig } from './stack-config.ts';

function required(map: Record<string, string>, name: string, where: string): string {
  const value = map[name];
  if (!value) throw new Error(`the reference stack needs ${where}.${name}`);
  return value;
}

function sizing(config: ProgramContext['config']): Partial<StackSizing> {
  const keys = ['apiReplicas', 'workerReplicas', 'workerConcurrency', 'dbPoolSize'] as const;
  return Object.fromEntries(keys.flatMap((key) => (typeof config[key] === 'number' ? [[key, config[key]]] : [])));
}

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
  const fault = typeof context.config['fault'] === 'string' && isFaultName(context.config['fault']) ? context.config['fault'] : undefined;
  return kubernetesStackProgram(
    kubernetesStackConfig({
      slug: context.slug,
      labels: context.labels,
      images: {
        postgres: required(context.baseImages, 'postgres', 'baseImages'),
        redis: required(context.baseImages, 'redis', 'baseImages'),
        app: required(context.images, 'app', 'images'),
      },
      sizing: sizing(context.config),
      ...clusterSettings(context.config),
      ...(fault ? { fault } : {}),
    }),
  );
}
