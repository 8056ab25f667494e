// Runs chosen suites of a project against an environment that is up, outside the driver:
// for working on the suites themselves. `node scripts/suites/run-suites-cli.ts --outputs FILE
// --artifacts DIR --stack SLUG [--config PATH] [--suites a,b]`; prints one line per suite and
// each SuiteResult as JSON on stdout; exit 1 when a suite failed, 64 for bad usage.
import { dockerWorkloads } from '../docker/docker-runtime.ts';
import { mkdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadProjectConfig } from '../contract/load-config.ts';
import { describeError, EphemeralError } from '../errors.ts';
import { outputVariables } from './suite-process.ts';
import { parseSuiteList, type SuiteResult, suiteNames, suiteRunnerStages } from './suite-runner.ts';

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      outputs: { type: 'string' },
      artifacts: { type: 'string' },
      stack: { type: 'string' },
      config: { type: 'string' },
      suites: { type: 'string', default: 'all' },
    },
  });
  if (!values.outputs || !values.artifacts || !values.stack) {
    process.stderr.write('usage: run-suites-cli.ts --outputs FILE --artifacts DIR --stack SLUG [--config PATH] [--suites a,b|all]\n');
    return 64;
  }
  const project = await loadProjectConfig(values.config);
  const definitions = project.config.suites ?? [];
  const selected = parseSuiteList(values.suites, suiteNames(definitions));
  mkdirSync(values.artifacts, { recursive: true });
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('interrupted')));
  const outputs = JSON.parse(readFileSync(values.outputs, 'utf8')) as Record<string, unknown>;
  const results: SuiteResult[] = [];
  for (const runner of suiteRunnerStages(definitions, selected).flat()) {
    const result = await runner.run({
      outputsFile: values.outputs,
      outputEnv: outputVariables(outputs),
      artifactsDir: values.artifacts,
      slug: values.stack,
      workloads: dockerWorkloads,
      projectRoot: project.root,
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
