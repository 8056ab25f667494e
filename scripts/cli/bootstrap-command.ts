// `ephemeral bootstrap`: install whatever is missing (engine, Pulumi, plugins, browser,
// base images); `run` and `up` do the same before they start. `--target kubernetes` adds
// the local cluster's pieces and the kubernetes plugin.
import { runBootstrap } from '../bootstrap/run-bootstrap.ts';
import type { ToolchainTarget } from '../components/all-components.ts';
import { ExitCode } from '../errors.ts';
import type { Env } from '../toolchain/cache-paths.ts';
import { createToolchainContext } from '../toolchain/toolchain-context.ts';
import type { CommandResult } from './command-result.ts';

export async function bootstrapCommand(env: Env, progress: (line: string) => void, targets: readonly ToolchainTarget[] = ['docker']): Promise<CommandResult> {
  const started = performance.now();
  const steps = await runBootstrap(createToolchainContext(env), progress, targets);
  const seconds = (performance.now() - started) / 1000;
  return {
    exitCode: ExitCode.ok,
    lines: [`bootstrap: done in ${seconds.toFixed(1)}s`],
    json: { ok: true, seconds, steps },
  };
}
