#!/usr/bin/env node
// `npm run bench [-- --rounds N --suites LIST --parallel N --load-seconds S --only|--skip CASES --output DIR]`:
// the driver's `run` against the same stack built with plain docker CLI commands and with
// docker-compose, beside the upgrade path, a PostgreSQL state backend and the Kubernetes
// target, round after round, the local cluster's start and stop, then N driver runs at once. Writes results.json,
// results.md and results.svg under bench/ (committed: the latest figures); each cycle's
// artifacts go to bench/results-artifacts/ (git-ignored). Exit 0 when every cycle passed
// and nothing was left behind, 1 when a cycle or a whole case failed (results are written either way).
import { Command, CommanderError } from 'commander';
import { EphemeralError, ExitCode, describeError } from '../errors.ts';
import { loadProjectConfig } from '../contract/load-config.ts';
import { benchCases } from './bench-cases.ts';
import { type RawBenchOptions, defaultBenchOptions, resolveBenchOptions } from './bench-options.ts';
import { runBenchmark } from './run-benchmark.ts';
import { writeResults } from './write-results.ts';

function parseArguments(argv: string[]): RawBenchOptions {
  const program = new Command('bench')
    .description('ephemeral run against plain docker CLI and docker-compose, phase by phase')
    .option('--rounds <n>', `rounds of the cases (a), (u), (s), (k), (b), (c) (default ${defaultBenchOptions.rounds})`)
    .option('--suites <list>', 'suites per cycle, comma-separated, as the config names them (default: all)')
    .option('--config <path>', 'the project to bench (default: ephemeral.config.ts in the current directory)')
    .option('--parallel <n>', `driver runs at once for "N branches against one"; 0 skips (default ${defaultBenchOptions.parallel})`)
    .option('--load-seconds <s>', 'duration of the load phase, passed to suites as EPHEMERAL_LOAD_SECONDS (default: the suite\'s own)')
    .option('--upgrade-from <ref>', 'the REF of the upgrade-path cycle (u) measured beside (a) each round; `none` skips it (default: the default branch)')
    .option('--only <cases>', `measure only these cases, comma-separated, of: ${benchCases.join(', ')}; a case's yardstick comes along (run for upgrade, pg, kubernetes; run and docker-cli for parallel)`)
    .option('--skip <cases>', 'measure every case but these (e.g. --skip kubernetes,cluster for Docker alone); cluster takes the local cluster down and up, and refuses while it holds namespaces of others')
    .option('--output <dir>', `where results.* go (default ${defaultBenchOptions.output}/)`)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  program.parse(argv, { from: 'user' });
  return program.opts<RawBenchOptions>();
}

async function main(argv: string[]): Promise<number> {
  let raw: RawBenchOptions;
  try {
    raw = parseArguments(argv);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    throw error;
  }
  const project = await loadProjectConfig(raw.config);
  const options = resolveBenchOptions(raw, project.root, project.config.suites);
  const controller = new AbortController();
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  const onSignal = (signal: NodeJS.Signals) => {
    progress(`bench: ${signal}: stopping after cleanup`);
    controller.abort(new Error(`interrupted by ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const results = await runBenchmark(options, { project, signal: controller.signal, progress });
  const files = writeResults(results, options.outputDir);
  progress(`bench: wrote ${files.json}, ${files.markdown}, ${files.chart}`);
  for (const failure of results.caseFailures ?? []) progress(`bench: case ${failure.case} failed: ${failure.reason}`);
  const allPassed = results.cycles.every((cycle) => cycle.ok) && (results.concurrency?.ok ?? true) && (results.caseFailures ?? []).length === 0;
  return allPassed ? ExitCode.ok : ExitCode.suiteFailed;
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`bench: ${describeError(error)}\n`);
  return error instanceof EphemeralError ? error.exitCode : 1;
});
