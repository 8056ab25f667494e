// The suites that run against an environment, behind one interface the driver calls: a
// runner takes the outputs file and the run's artifact dir, runs its suite to the end (a
// failing test is a failing suite, never retried) and returns plain counts.
import { usageError } from '../errors.ts';
import { createLoadRunner } from './load-runner.ts';
import { createPlaywrightRunner } from './playwright-runner.ts';
import { type SuiteName, allSuites, suiteStages } from './suite-stages.ts';
import { createVitestRunner } from './vitest-runner.ts';

export { type SuiteName, allSuites, suiteStages } from './suite-stages.ts';

export interface SuiteResult {
  suite: string;
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
  /** "file > test name" of each failing test (a load threshold counts as a test). */
  failures: string[];
  /** The services the failing tests hold to account, when that can be told. */
  serviceAtFault?: string[];
}

export interface SuiteContext {
  /** JSON file (mode 0600) with the unredacted stack outputs; only its path travels. */
  outputsFile: string;
  /** artifacts/<slug>/<run-id>/ */
  artifactsDir: string;
  signal: AbortSignal;
  progress: (line: string) => void;
}

export interface SuiteRunner {
  name: SuiteName;
  /** It measures latency against thresholds: it runs only while it holds the host's measurement slot. */
  measuresLatency?: boolean;
  run(context: SuiteContext): Promise<SuiteResult>;
}

export interface SuiteOptions {
  /** How long the load phase drives traffic; default: tests/env/load/thresholds.json. */
  loadSeconds?: number;
}

/** `--suites api,ui`: the named suites in run order, each once; `all` names every suite. */
export function parseSuiteList(text: string): SuiteName[] {
  const names = text
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  const valid = allSuites.join(', ');
  if (names.length === 0) throw usageError('--suites names no suite', `name one or more of: ${valid} (or all)`);
  if (names.includes('all')) return [...allSuites];
  const unknown = names.filter((name) => !(allSuites as string[]).includes(name));
  if (unknown.length > 0) {
    const listed = unknown.map((name) => `"${name}"`).join(', ');
    throw usageError(`unknown suite${unknown.length > 1 ? 's' : ''} ${listed} in --suites`, `the suites are: ${valid} (or all)`);
  }
  return allSuites.filter((suite) => names.includes(suite));
}

function suiteRunner(suite: SuiteName, options: SuiteOptions): SuiteRunner {
  switch (suite) {
    case 'ui':
      return createPlaywrightRunner();
    case 'load':
      return createLoadRunner(options.loadSeconds === undefined ? {} : { seconds: options.loadSeconds });
    default:
      return createVitestRunner(suite);
  }
}

/** The selected suites' runners, stage by stage (stages with none selected left out). */
export function suiteRunnerStages(selected: SuiteName[], options: SuiteOptions = {}): SuiteRunner[][] {
  return suiteStages
    .map((stage) => stage.filter((suite) => selected.includes(suite)).map((suite) => suiteRunner(suite, options)))
    .filter((stage) => stage.length > 0);
}

/** The selected suites' runners in run order. */
export function suiteRunners(selected: SuiteName[], options: SuiteOptions = {}): SuiteRunner[] {
  return suiteRunnerStages(selected, options).flat();
}
