// `ephemeral doctor`: every prerequisite, ok or missing with the exact fix; with
// --target kubernetes the local cluster's pieces count too.
import { formatDoctorLine, runDoctor } from '../doctor/run-doctor.ts';
import type { ToolchainTarget } from '../components/all-components.ts';
import { ExitCode } from '../errors.ts';
import type { Env } from '../toolchain/cache-paths.ts';
import { createToolchainContext } from '../toolchain/toolchain-context.ts';
import type { CommandResult } from './command-result.ts';

export async function doctorCommand(env: Env, targets: readonly ToolchainTarget[] = ['docker']): Promise<CommandResult> {
  const checks = await runDoctor(createToolchainContext(env), targets);
  const ok = checks.every((check) => check.ok || !check.required);
  return {
    exitCode: ok ? ExitCode.ok : ExitCode.provisionFailed,
    lines: [...checks.map(formatDoctorLine), ok ? 'doctor: all prerequisites ok' : 'doctor: some prerequisites are missing'],
    json: { ok, checks },
  };
}
