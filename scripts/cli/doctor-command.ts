// `ephemeral doctor`: every prerequisite, ok or missing with the exact fix.
import { formatDoctorLine, runDoctor } from '../doctor/run-doctor.ts';
import { ExitCode } from '../errors.ts';
import type { Env } from '../toolchain/cache-paths.ts';
import { createToolchainContext } from '../toolchain/toolchain-context.ts';
import type { CommandResult } from './command-result.ts';

export async function doctorCommand(env: Env): Promise<CommandResult> {
  const checks = await runDoctor(createToolchainContext(env));
  const ok = checks.every((check) => check.ok);
  return {
    exitCode: ok ? ExitCode.ok : ExitCode.provisionFailed,
    lines: [...checks.map(formatDoctorLine), ok ? 'doctor: all prerequisites ok' : 'doctor: some prerequisites are missing'],
    json: { ok, checks },
  };
}
