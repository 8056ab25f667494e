// The project's seed: one command, run once after ready from the project root, with the
// outputs in its environment (as the suites get them). Its output goes to the artifacts.
import { join } from 'node:path';
import type { SeedDefinition } from '../contract/define-config.ts';
import { EphemeralError, ExitCode } from '../errors.ts';
import { resolveArgv, runProjectCommand } from '../suites/suite-process.ts';
import type { SuiteContext } from '../suites/suite-runner.ts';

/** Seeding an empty stack is quick; a command that hangs must not hold the run. */
const defaultSeedSeconds = 120;

export async function runSeed(seed: SeedDefinition, context: Omit<SuiteContext, 'extraEnv'>): Promise<void> {
  const log = join(context.artifactsDir, 'seed.log');
  const [program, args] = resolveArgv(seed.command);
  const timeoutMs = (seed.timeoutSeconds ?? defaultSeedSeconds) * 1000;
  const result = await runProjectCommand({ program, args, prefix: '[seed] ', log, timeoutMs }, context);
  if (context.signal.aborted) throw context.signal.reason;
  if (result.exitCode !== 0) {
    throw new EphemeralError(`the seed command ${seed.command.join(' ')} ${result.timedOut ? 'timed out' : `exited with ${result.exitCode ?? 'a signal'}`}`, {
      code: 'E_SEED',
      exitCode: ExitCode.provisionFailed,
      remedy: `read seed.log in the artifacts; the command runs from the project root with EPHEMERAL_OUTPUTS set`,
    });
  }
}
