// Makes every prerequisite present, one step per component, one progress line per step
// with its time. Idempotent: a step whose component is already there only looks.
import { installableComponents } from '../components/all-components.ts';
import type { ComponentStatus, ToolchainContext } from '../components/component.ts';
import { EphemeralError, ExitCode, describeError } from '../errors.ts';

export interface BootstrapStep {
  name: string;
  action: 'present' | 'installed';
  detail: string;
  seconds: number;
}

export async function runBootstrap(ctx: ToolchainContext, progress: (line: string) => void): Promise<BootstrapStep[]> {
  const steps: BootstrapStep[] = [];
  for (const component of installableComponents(ctx.pins)) {
    const started = performance.now();
    let status: ComponentStatus = await component.inspect(ctx);
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
