// Runs chosen suites against an environment that is up, outside the driver: for working on
// the suites themselves. `node scripts/suites/run-suites-cli.ts --outputs FILE --artifacts DIR
// [--suites api,ui] [--load-seconds N]`; prints one line per suite and each SuiteResult as
// JSON on stdout; exit 1 when a suite failed, 64 for bad usage.
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { describeError, EphemeralError } from '../errors.ts';
import { allSuites, parseSuiteList, type SuiteResult, suiteRunners } from './suite-runner.ts';

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      outputs: { type: 'string' },
      artifacts: { type: 'string' },
      suites: { type: 'string', default: allSuites.join(',') },
      'load-seconds': { type: 'string' },
    },
  });
  if (!values.outputs || !values.artifacts) {
    process.stderr.write('usage: run-suites-cli.ts --outputs FILE --artifacts DIR [--suites api,queue,auth,data,ui,load] [--load-seconds N]\n');
    return 64;
  }
  const selected = parseSuiteList(values.suites);
  mkdirSync(values.artifacts, { recursive: true });
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('interrupted')));
  const loadSeconds = values['load-seconds'] === undefined ? undefined : Number(values['load-seconds']);
  const results: SuiteResult[] = [];
  for (const runner of suiteRunners(selected, loadSeconds === undefined ? {} : { loadSeconds })) {
    const result = await runner.run({
      outputsFile: values.outputs,
      artifactsDir: values.artifacts,
      signal: controller.signal,
      progress: (line) => process.stderr.write(`${line}\n`),
    });
    results.push(result);
    const fault = result.serviceAtFault ? `, service at fault: ${result.serviceAtFault.join(', ')}` : '';
    process.stderr.write(`suite ${result.suite}: ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped in ${result.seconds.toFixed(1)} s${fault}\n`);
    for (const failure of result.failures) process.stderr.write(`  failed: ${failure}\n`);
  }
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  return results.some((result) => result.failed > 0) ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`run-suites: ${describeError(error)}\n`);
  return error instanceof EphemeralError ? error.exitCode : 1;
});
