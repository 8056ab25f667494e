// What both targets' reference programs take from the tool's context: the slug and
// labels, the images by role, the sizes a caller may override (the bench does) and the
// planted fault, all from `ctx` and its stack config.
import type { ProgramContext } from '../scripts/contract/define-config.ts';
import { type FaultName, isFaultName } from './docker/faults.ts';
import type { StackImages, StackSizing } from './docker/stack-config.ts';

export interface ReferenceStackInputs {
  slug: string;
  labels: Record<string, string>;
  images: StackImages;
  sizing: Partial<StackSizing>;
  fault?: FaultName;
}

function required(map: Record<string, string>, name: string, where: string): string {
  const value = map[name];
  if (!value) throw new Error(`the reference stack needs ${where}.${name}`);
  return value;
}

/** Whole numbers from stack config, for the sizes a caller may override. */
function sizing(config: ProgramContext['config']): Partial<StackSizing> {
  const keys = ['apiReplicas', 'workerReplicas', 'workerConcurrency', 'dbPoolSize'] as const;
  return Object.fromEntries(keys.flatMap((key) => (typeof config[key] === 'number' ? [[key, config[key]]] : [])));
}

export function referenceStackInputs(context: ProgramContext): ReferenceStackInputs {
  const fault = typeof context.config['fault'] === 'string' && isFaultName(context.config['fault']) ? context.config['fault'] : undefined;
  return {
    slug: context.slug,
    labels: context.labels,
    images: {
      postgres: required(context.baseImages, 'postgres', 'baseImages'),
      redis: required(context.baseImages, 'redis', 'baseImages'),
      app: required(context.images, 'app', 'images'),
    },
    sizing: sizing(context.config),
    ...(fault ? { fault } : {}),
  };
}
