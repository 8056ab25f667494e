// Runs a Playwright suite of the project's config against the environment. Its config
// sends its reports (at least a JSON report, at `report` under the artifacts dir), traces
// and screenshots of failures to the artifacts; the runner reads the JSON for counts.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PlaywrightRunnerDefinition } from '../contract/define-config.ts';
import { finishSuite } from './finish-suite.ts';
import { parsePlaywrightReport } from './playwright-results.ts';
import { packageCli, runProjectCommand } from './suite-process.ts';
import type { SuiteRunner } from './suite-runner.ts';
import type { TestOutcome } from './test-outcome.ts';

export const defaultPlaywrightReport = 'playwright/results.json';

export function createPlaywrightRunner(suite: string, definition: Pick<PlaywrightRunnerDefinition, 'config' | 'report'>): SuiteRunner {
  const playwrightConfigFile = definition.config;
  return {
    name: suite,
    async run(context) {
      const startedAt = performance.now();
      // Docker's log timestamps have second resolution at --since: start a little early.
      const since = new Date(Date.now() - 2_000);
      const reportFile = join(context.artifactsDir, definition.report ?? defaultPlaywrightReport);
      const dir = dirname(reportFile);
      mkdirSync(dir, { recursive: true });
      const log = join(dir, `${suite}.log`);
      rmSync(reportFile, { force: true });
      const args = [packageCli('@playwright/test', 'cli.js'), 'test', '--config', playwrightConfigFile];
      const result = await runProjectCommand({ program: process.execPath, args, prefix: `[${suite}] `, log }, context);
      if (context.signal.aborted) throw context.signal.reason;
      let outcomes: TestOutcome[];
      if (existsSync(reportFile)) {
        outcomes = parsePlaywrightReport(JSON.parse(readFileSync(reportFile, 'utf8')), context.projectRoot, playwrightConfigFile);
        if (result.exitCode !== 0 && !outcomes.some((outcome) => outcome.status === 'failed')) {
          outcomes.push({ name: `${playwrightConfigFile} > (playwright exited with ${result.exitCode ?? 'a signal'} without a failing test: see ${log})`, status: 'failed', testId: undefined, services: [] });
        }
      } else {
        outcomes = [{ name: `${playwrightConfigFile} > (playwright wrote no report, exit code ${result.exitCode ?? 'none'}: see ${log})`, status: 'failed', testId: undefined, services: [] }];
      }
      return finishSuite(suite, outcomes, context, startedAt, { since });
    },
  };
}
