// The Docker target: base images from the bootstrap, the app image built once per
// content, and the stack program of infra/docker.
import { join } from 'node:path';
import type { PulumiFn } from '@pulumi/pulumi/automation/index.js';
import type { FaultName } from '../../infra/docker/faults.ts';
import { dockerStackProgram } from '../../infra/docker/program.ts';
import { ephemeralStackConfig, type StackImages, type StackSizing } from '../../infra/docker/stack-config.ts';
import { readBaseImageRefs } from '../components/base-images.ts';
import type { ToolchainContext } from '../components/component.ts';
import { ensureAppImage } from '../images/app-image.ts';

export interface StackRequest {
  slug: string;
  labels: Record<string, string>;
  images: StackImages;
  sizing?: Partial<StackSizing>;
  fault?: FaultName | undefined;
}

export async function prepareDockerImages(toolchain: ToolchainContext): Promise<StackImages & { appBuilt: boolean }> {
  const base = readBaseImageRefs(toolchain);
  const app = await ensureAppImage(base.node, toolchain.paths.root, toolchain.paths.internalLocks, join(toolchain.logDir, 'app-image.log'));
  return { postgres: base.postgres, redis: base.redis, app: app.ref, appBuilt: app.built };
}

export function dockerProgram(request: StackRequest): PulumiFn {
  const { fault, ...rest } = request;
  return dockerStackProgram(ephemeralStackConfig(fault ? { ...rest, fault } : rest));
}
