// Runs the load phase (tests/env/load/run-load.ts) in its own process and turns each
// threshold of tests/env/load/thresholds.json into a test: met is passed, breached failed.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import type { LoadResults } from '../../tests/env/load/measurements.ts';
import { loadTestIds } from '../../tests/env/load/load-test-ids.ts';
import { projectRoot } from '../toolchain/pins.ts';
import { finishSuite } from './finish-suite.ts';
import { writeLogSlices } from './log-slices.ts';
import { readOutputsFile } from './read-outputs.ts';
import { forwardLines, suiteProcessEnv } from './suite-process.ts';
import type { SuiteRunner } from './suite-runner.ts';
import type { TestOutcome } from './test-outcome.ts';

export const loadScript = 'tests/env/load/run-load.ts';
export const thresholdsFile = 'tests/env/load/thresholds.json';

export function outcomesOfLoad(results: Pick<LoadResults, 'thresholds'>): TestOutcome[] {
  return results.thresholds.map((verdict) => ({
    name: `${thresholdsFile} > ${verdict.name} ${verdict.limit} (measured ${verdict.measured})`,
    status: verdict.passed ? 'passed' : 'failed',
    testId: undefined,
    services: [verdict.service],
  }));
}

/** Under load every request carries the phase's id: slice only the lines that show trouble. */
export function isProblemLine(line: string): boolean {
  return /"level":"(warn|error|fatal)"|"level":(40|50|60)\b|"statusCode":5\d\d/.test(line);
}

export function createLoadRunner(options: { seconds?: number } = {}): SuiteRunner {
  return {
    name: 'load',
    measuresLatency: true,
    async run(context) {
      const startedAt = performance.now();
      // Docker's log timestamps have second resolution at --since: start a little early.
      const since = new Date(Date.now() - 2_000);
      const dir = join(context.artifactsDir, 'load');
      mkdirSync(dir, { recursive: true });
      const resultsFile = join(dir, 'results.json');
      const log = join(dir, 'load.log');
      rmSync(resultsFile, { force: true });
      const forward = forwardLines(context.progress, '[load] ');
      const extra: Record<string, string> = options.seconds === undefined ? {} : { EPHEMERAL_LOAD_SECONDS: String(options.seconds) };
      const result = await execa(process.execPath, [loadScript], {
        cwd: projectRoot,
        env: suiteProcessEnv(process.env, context, extra),
        extendEnv: false,
        reject: false,
        cancelSignal: context.signal,
        forceKillAfterDelay: 5_000,
        stdout: [forward, { file: log, append: true }],
        stderr: [forward, { file: log, append: true }],
      });
      if (context.signal.aborted) throw context.signal.reason;
      const outcomes: TestOutcome[] =
        existsSync(resultsFile) && result.exitCode === 0
          ? outcomesOfLoad(JSON.parse(readFileSync(resultsFile, 'utf8')) as LoadResults)
          : [{ name: `${loadScript} > (the load phase did not finish, exit code ${result.exitCode ?? 'none'}: see ${log})`, status: 'failed', testId: undefined, services: [] }];
      const suiteResult = await finishSuite('load', outcomes, context, startedAt, { since });
      if (suiteResult.failed > 0) {
        const { services } = readOutputsFile(context.outputsFile);
        const phases = [
          { name: 'load > virtual users through web', testId: loadTestIds.web },
          { name: 'load > virtual users at the api', testId: loadTestIds.api },
          { name: 'load > job audit', testId: loadTestIds.audit },
        ];
        await writeLogSlices(services, context.artifactsDir, phases, since, isProblemLine);
      }
      return suiteResult;
    },
  };
}
