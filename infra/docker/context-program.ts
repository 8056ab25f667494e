// The reference Docker program as the stack contract calls it: `(ctx) => async () => outputs`.
// Images and base images come from the tool, sizes and the planted fault from stack config.
import type { ProgramContext } from '../../scripts/contract/define-config.ts';
import { isFaultName } from './faults.ts';
import { dockerStackProgram } from './program.ts';
import { type StackSizing, ephemeralStackConfig } from './stack-config.ts';

function required(map: Record<string, string>, name: string, where: string): string {
  const value = map[name];
  if (!value) throw new Error(`the reference stack needs ${where}.${name}`);
  return value;
}

/** Whole numbers from stack config, for the sizes a caller may override (the bench does). */
function sizing(config: ProgramContext['config']): Partial<StackSizing> {
  const keys = ['apiReplicas', 'workerReplicas', 'workerConcurrency', 'dbPoolSize'] as const;
  return Object.fromEntries(keys.flatMap((key) => (typeof config[key] === 'number' ? [[key, config[key]]] : [])));
}

export function referenceDockerProgram(context: ProgramContext) {
  const fault = typeof context.config['fault'] === 'string' && isFaultName(context.config['fault']) ? context.config['fault'] : undefined;
  return dockerStackProgram(
    ephemeralStackConfig({
      slug: context.slug,
      labels: context.labels,
      images: {
        postgres: required(context.baseImages, 'postgres', 'baseImages'),
        redis: required(context.baseImages, 'redis', 'baseImages'),
        app: required(context.images, 'app', 'images'),
      },
      sizing: sizing(context.config),
      ...(fault ? { fault } : {}),
    }),
  );
}
