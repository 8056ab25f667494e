// Brings an environment up and hands it back as a value that destroys itself: `await
// using environment = await provisionEnvironment(...)` tears down on every path. A
// failed or partial `up` is destroyed before the error is raised.
import type { OutputMap, PulumiFn, Stack } from '@pulumi/pulumi/automation/index.js';
import type { ToolchainContext } from '../components/component.ts';
import { EphemeralError, ExitCode } from '../errors.ts';
import { openStack } from '../pulumi/open-stack.ts';
import { type EnvironmentOutputs, parseEnvironmentOutputs } from '../targets/environment-outputs.ts';

export interface ProvisionRequest {
  toolchain: ToolchainContext;
  slug: string;
  program: PulumiFn;
  signal?: AbortSignal;
  /** The engine's live progress, line by line. */
  onOutput?: (line: string) => void;
}

export interface TeardownResult {
  seconds: number;
}

export interface ProvisionedEnvironment extends AsyncDisposable {
  slug: string;
  stack: Stack;
  outputs: EnvironmentOutputs;
  rawOutputs: OutputMap;
  upSeconds: number;
  destroy(): Promise<TeardownResult>;
}

export async function destroyStack(stack: Stack, request: Pick<ProvisionRequest, 'signal' | 'onOutput'>): Promise<TeardownResult> {
  const started = performance.now();
  await stack.destroy({ onOutput: request.onOutput, signal: request.signal, color: 'never' });
  await stack.workspace.removeStack(stack.name);
  return { seconds: (performance.now() - started) / 1000 };
}

export async function provisionEnvironment(request: ProvisionRequest): Promise<ProvisionedEnvironment> {
  const stack = await openStack({ toolchain: request.toolchain, stackName: request.slug, program: request.program });
  const started = performance.now();
  let rawOutputs: OutputMap;
  let outputs: EnvironmentOutputs;
  try {
    const result = await stack.up({ onOutput: request.onOutput, signal: request.signal, color: 'never' });
    rawOutputs = result.outputs;
    outputs = parseEnvironmentOutputs(rawOutputs);
  } catch (error) {
    await destroyStack(stack, { onOutput: request.onOutput }).catch(() => undefined);
    throw new EphemeralError(`the environment ${request.slug} could not be provisioned; what was created is destroyed`, {
      code: 'E_PROVISION',
      exitCode: ExitCode.provisionFailed,
      remedy: 'read the up log above (or artifacts/.../pulumi/up.log); `npm run ephemeral -- doctor` checks the prerequisites',
      cause: error,
    });
  }
  const upSeconds = (performance.now() - started) / 1000;
  let destroyed: Promise<TeardownResult> | undefined;
  const destroy = () => (destroyed ??= destroyStack(stack, { onOutput: request.onOutput }));
  return {
    slug: request.slug,
    stack,
    outputs,
    rawOutputs,
    upSeconds,
    destroy,
    [Symbol.asyncDispose]: async () => {
      await destroy();
    },
  };
}
