// Makes every prerequisite present, one step per component, one progress line per step
// with its time. Idempotent: a step whose component is already there only looks, and
// all of them look at once; what is missing installs beside the rest, after what it needs.
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

/** Makes one component present: looked at again if it was missing, installed if it still is. */
async function ensure(ctx: ToolchainContext, component: Component, looked: { value: ComponentStatus; seconds: number }, progress: (line: string) => void): Promise<BootstrapStep> {
  let started = performance.now();
  let status: ComponentStatus;
  if (looked.value.ok) {
    status = looked.value;
    started -= looked.seconds * 1000;
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
  progress(`bootstrap: ${component.name} ${action === 'installed' ? 'installed' : 'ok'}: ${status.detail} (${seconds.toFixed(1)}s)`);
  return { name: component.name, action, detail: status.detail, seconds };
}

/**
 * Looks at the given components (listed so that each comes after those it needs) and
 * installs those that are missing: each as soon as the ones it names in `after` are
 * present, beside the others. On a new machine the Go builds of the CLI and its plugins
 * take the cores while the base images' and the browser's downloads wait on the network.
 * A failure stops what depends on it; what runs beside it finishes, then the first
 * failure is thrown.
 */
export async function installComponents(ctx: ToolchainContext, components: Component[], progress: (line: string) => void): Promise<BootstrapStep[]> {
  const looked = await Promise.all(components.map((component) => timed(() => component.inspect(ctx))));
  const present = new Map<string, Promise<BootstrapStep>>();
  for (const [index, component] of components.entries()) {
    const needed = (component.after ?? []).flatMap((name) => present.get(name) ?? []);
    present.set(
      component.name,
      Promise.all(needed).then(() => ensure(ctx, component, looked[index]!, progress)),
    );
  }
  const settled = await Promise.allSettled(present.values());
  const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) throw failure.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<BootstrapStep>).value);
}
