// Runs one vitest project of the project's config against the environment: JUnit XML and
// JSON to artifacts/…/vitest/, counts and failing tests from the JSON, log slices for each
// failing test, and the services at fault.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { VitestRunnerDefinition } from '../contract/define-config.ts';
import { finishSuite } from './finish-suite.ts';
import { packageCli, runProjectCommand } from './suite-process.ts';
import type { SuiteRunner } from './suite-runner.ts';
import type { TestOutcome } from './test-outcome.ts';
import { parseVitestReport } from './vitest-results.ts';

export interface VitestReportFiles {
  dir: string;
  junit: string;
  json: string;
  log: string;
}

export function vitestReportFiles(artifactsDir: string, suite: string): VitestReportFiles {
  const dir = join(artifactsDir, 'vitest');
  return { dir, junit: join(dir, `${suite}.junit.xml`), json: join(dir, `${suite}.json`), log: join(dir, `${suite}.log`) };
}

export function vitestArgs(definition: Pick<VitestRunnerDefinition, 'config' | 'project'>, files: VitestReportFiles): string[] {
  return [
    'run',
    '--config',
    definition.config,
    '--project',
    definition.project,
    '--reporter=default',
    '--reporter=junit',
    '--reporter=json',
    `--outputFile.junit=${files.junit}`,
    `--outputFile.json=${files.json}`,
  ];
}

/** Outcomes from the report, plus one failing entry when vitest failed without naming a test. */
export function outcomesOfRun(report: unknown, exitCode: number | undefined, files: VitestReportFiles, root: string, vitestConfigFile: string): TestOutcome[] {
  const where = `see ${files.log}`;
  if (report === undefined) {
    return [{ name: `${vitestConfigFile} > (vitest wrote no report, exit code ${exitCode ?? 'none'}: ${where})`, status: 'failed', testId: undefined, services: [] }];
  }
  const outcomes = parseVitestReport(report, root);
  if (exitCode !== 0 && !outcomes.some((outcome) => outcome.status === 'failed')) {
    outcomes.push({ name: `${vitestConfigFile} > (vitest exited with ${exitCode ?? 'a signal'} without a failing test, e.g. an unhandled error: ${where})`, status: 'failed', testId: undefined, services: [] });
  }
  return outcomes;
}

export function createVitestRunner(suite: string, definition: Pick<VitestRunnerDefinition, 'config' | 'project'>): SuiteRunner {
  return {
    name: suite,
    async run(context) {
      const startedAt = performance.now();
      // Docker's log timestamps have second resolution at --since: start a little early.
      const since = new Date(Date.now() - 2_000);
      const files = vitestReportFiles(context.artifactsDir, suite);
      mkdirSync(files.dir, { recursive: true });
      // A report left by an earlier run in this directory must not pass for this one.
      rmSync(files.json, { force: true });
      const args = [packageCli('vitest', 'vitest.mjs'), ...vitestArgs(definition, files)];
      const result = await runProjectCommand({ program: process.execPath, args, prefix: `[${suite}] `, log: files.log, env: { NO_COLOR: '1' } }, context);
      if (context.signal.aborted) throw context.signal.reason;
      const report: unknown = existsSync(files.json) ? JSON.parse(readFileSync(files.json, 'utf8')) : undefined;
      return finishSuite(suite, outcomesOfRun(report, result.exitCode, files, context.projectRoot, definition.config), context, startedAt, { since });
    },
  };
}
