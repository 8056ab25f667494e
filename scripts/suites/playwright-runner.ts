// Runs the Playwright UI suite (tests/env/ui) against the environment. The config sends
// JUnit XML, the HTML report, a JSON report, traces and screenshots of failures to
// artifacts/…/playwright/; the runner reads the JSON for counts and failing tests.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { projectRoot } from '../toolchain/pins.ts';
import { finishSuite } from './finish-suite.ts';
import { parsePlaywrightReport } from './playwright-results.ts';
import { forwardLines, packageCli, suiteProcessEnv } from './suite-process.ts';
import type { SuiteRunner } from './suite-runner.ts';
import type { TestOutcome } from './test-outcome.ts';

export const playwrightConfigFile = 'tests/env/playwright.config.ts';

export function createPlaywrightRunner(): SuiteRunner {
  return {
    name: 'ui',
    async run(context) {
      const startedAt = performance.now();
      // Docker's log timestamps have second resolution at --since: start a little early.
      const since = new Date(Date.now() - 2_000);
      const dir = join(context.artifactsDir, 'playwright');
      mkdirSync(dir, { recursive: true });
      const reportFile = join(dir, 'results.json');
      const log = join(dir, 'playwright.log');
      rmSync(reportFile, { force: true });
      const forward = forwardLines(context.progress, '[ui] ');
      const result = await execa(process.execPath, [packageCli('@playwright/test', 'cli.js'), 'test', '--config', playwrightConfigFile], {
        cwd: projectRoot,
        env: suiteProcessEnv(process.env, context),
        extendEnv: false,
        reject: false,
        cancelSignal: context.signal,
        forceKillAfterDelay: 5_000,
        stdout: [forward, { file: log, append: true }],
        stderr: [forward, { file: log, append: true }],
      });
      if (context.signal.aborted) throw context.signal.reason;
      let outcomes: TestOutcome[];
      if (existsSync(reportFile)) {
        outcomes = parsePlaywrightReport(JSON.parse(readFileSync(reportFile, 'utf8')), projectRoot);
        if (result.exitCode !== 0 && !outcomes.some((outcome) => outcome.status === 'failed')) {
          outcomes.push({ name: `${playwrightConfigFile} > (playwright exited with ${result.exitCode ?? 'a signal'} without a failing test: see ${log})`, status: 'failed', testId: undefined, services: [] });
        }
      } else {
        outcomes = [{ name: `${playwrightConfigFile} > (playwright wrote no report, exit code ${result.exitCode ?? 'none'}: see ${log})`, status: 'failed', testId: undefined, services: [] }];
      }
      return finishSuite('ui', outcomes, context, startedAt, { since });
    },
  };
}
