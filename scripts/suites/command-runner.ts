// Runs a `command` suite: any program, from the project root, with the outputs in its
// environment; it writes JUnit XML (`junit`, under the artifacts dir) that gives the
// counts. A run that ends badly without a failing test counts as one failing test.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CommandRunnerDefinition } from '../contract/define-config.ts';
import { finishSuite } from './finish-suite.ts';
import { parseJunitXml } from './junit-results.ts';
import { resolveArgv, runProjectCommand } from './suite-process.ts';
import type { SuiteRunner } from './suite-runner.ts';
import type { TestOutcome } from './test-outcome.ts';

/** Outcomes from the JUnit file, plus one failing entry when the command failed without naming a test. */
export function outcomesOfCommand(suite: string, junitText: string | undefined, exitCode: number | undefined, log: string): TestOutcome[] {
  const failed = (why: string): TestOutcome => ({ name: `${suite} > (${why}: see ${log})`, status: 'failed', testId: undefined, services: [] });
  if (junitText === undefined) return [failed(`the command wrote no JUnit XML, exit code ${exitCode ?? 'none'}`)];
  let outcomes: TestOutcome[];
  try {
    outcomes = parseJunitXml(junitText);
  } catch (error) {
    return [failed(`its JUnit XML cannot be read (${error instanceof Error ? error.message : String(error)})`)];
  }
  if (exitCode !== 0 && !outcomes.some((outcome) => outcome.status === 'failed')) outcomes.push(failed(`the command exited with ${exitCode ?? 'a signal'} without a failing test`));
  return outcomes;
}

export function createCommandRunner(suite: string, definition: Pick<CommandRunnerDefinition, 'argv' | 'junit'>): SuiteRunner {
  return {
    name: suite,
    async run(context) {
      const startedAt = performance.now();
      // Docker's log timestamps have second resolution at --since: start a little early.
      const since = new Date(Date.now() - 2_000);
      const junitFile = join(context.artifactsDir, definition.junit);
      mkdirSync(dirname(junitFile), { recursive: true });
      const log = join(dirname(junitFile), `${suite}.log`);
      // A report left by an earlier run in this directory must not pass for this one.
      rmSync(junitFile, { force: true });
      const [program, args] = resolveArgv(definition.argv);
      const result = await runProjectCommand({ program, args, prefix: `[${suite}] `, log }, context);
      if (context.signal.aborted) throw context.signal.reason;
      const junitText = existsSync(junitFile) ? readFileSync(junitFile, 'utf8') : undefined;
      return finishSuite(suite, outcomesOfCommand(suite, junitText, result.exitCode, log), context, startedAt, { since });
    },
  };
}
