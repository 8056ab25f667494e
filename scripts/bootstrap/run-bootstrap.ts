// Makes every prerequisite present, one step per component, one progress line per step
// with its time. Idempotent: a step whose component is already there only looks, and
// all of them look at once.
import { type ToolchainTarget, installableComponents } from '../components/all-components.ts';
import type { Component } from '../components/component.ts';
import type { ComponentStatus, ToolchainContext } from '../components/component.ts';
import { EphemeralError, ExitCode, describeError } from '../errors.ts';

export interface BootstrapStep {
  name: string;
  action: 'present' | 'installed';
  detail: string;
  seconds: number;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - started) / 1000 };
}

export async function runBootstrap(
  ctx: ToolchainContext,
  progress: (line: string) => void,
  targets: readonly ToolchainTarget[] = ['docker'],
): Promise<BootstrapStep[]> {
  return installComponents(ctx, installableComponents(ctx.pins, targets), progress);
}

/** Looks at the given components and installs, in order, those that are missing. */
export async function installComponents(ctx: ToolchainContext, components: Component[], progress: (line: string) => void): Promise<BootstrapStep[]> {
  const steps: BootstrapStep[] = [];
  // Looking costs nothing to the others: all at once. Installing goes in order, since a
  // component may need the one before it (the engine before the base images).
  const looked = await Promise.all(components.map((component) => timed(() => component.inspect(ctx))));
  for (const [index, component] of components.entries()) {
    const first = looked[index];
    let started = performance.now();
    let status: ComponentStatus;
    if (first?.value.ok) {
      status = first.value;
      started -= first.seconds * 1000;
    } else {
      // Looked at again: an earlier install (the engine, apt) may have changed the answer.
      status = await component.inspect(ctx);
    }
    let action: BootstrapStep['action'] = 'present';
    if (!status.ok) {
      if (!component.install) {
        throw new EphemeralError(`${component.name}: ${status.detail}`, {
          code: 'E_PREREQUISITE',
          exitCode: ExitCode.provisionFailed,
          remedy: status.fix,
        });
      }
      progress(`bootstrap: ${component.name} ... installing (${status.detail})`);
      try {
        status = await component.install(ctx);
      } catch (error) {
        throw new EphemeralError(`bootstrap: ${component.name} could not be installed: ${describeError(error)}`, {
          code: 'E_PREREQUISITE',
          exitCode: ExitCode.provisionFailed,
          remedy: error instanceof EphemeralError ? error.remedy : `see the logs in ${ctx.logDir}`,
          cause: error,
        });
      }
      action = 'installed';
    }
    const seconds = (performance.now() - started) / 1000;
    steps.push({ name: component.name, action, detail: status.detail, seconds });
    progress(`bootstrap: ${component.name} ${action === 'installed' ? 'installed' : 'ok'}: ${status.detail} (${seconds.toFixed(1)}s)`);
  }
  return steps;
}
