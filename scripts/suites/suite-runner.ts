// The suites that run against an environment, behind one interface the driver calls: a
// runner takes the outputs file and the run's artifact dir, runs its suite to the end (a
// failing test is a failing suite, never retried) and returns plain counts. Which suites
// exist, their stages and runners come from the project's config.
import type { SuiteDefinition } from '../contract/define-config.ts';
import type { WorkloadView } from '../targets/target-runtime.ts';
import { usageError } from '../errors.ts';
import { createCommandRunner } from './command-runner.ts';
import { createPlaywrightRunner } from './playwright-runner.ts';
import { createVitestRunner } from './vitest-runner.ts';

export interface SuiteResult {
  suite: string;
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
  /** "file > test name" of each failing test. */
  failures: string[];
  /** The services the failing tests hold to account, when that can be told. */
  serviceAtFault?: string[];
  /** Each failing test with its error, its log slice and its trace or screenshot, for the report. */
  failingTests?: FailingTestDetail[];
}

/** One failing test as the report shows it; paths are relative to the run's artifact folder. */
export interface FailingTestDetail {
  name: string;
  testId?: string;
  error?: string;
  /** logs/by-test/<test-id>.log, when a slice was written. */
  logSlice?: string;
  attachments?: { name: string; path: string }[];
}

export interface SuiteContext {
  /** JSON file (mode 0600) with the unredacted stack outputs; only its path travels. */
  outputsFile: string;
  /** EPHEMERAL_OUTPUT_<NAME> variables, one per output. */
  outputEnv: Record<string, string>;
  /** artifacts/<slug>/<run-id>/ */
  artifactsDir: string;
  /** The stack's slug: its containers carry it as a label. */
  slug: string;
  /** The project root: suites run there. */
  projectRoot: string;
  /** The project's declared services (`services` in its config), when it declares them. */
  services?: readonly string[];
  /** Extra variables for every suite (the bench shortens the load phase with one). */
  extraEnv?: Record<string, string>;
  /** The stack's workloads on its target: log slices and services at fault come from them. */
  workloads: WorkloadView;
  signal: AbortSignal;
  progress: (line: string) => void;
}

export interface SuiteRunner {
  name: string;
  /** It measures latency against thresholds: it runs only while it holds the host's measurement slot. */
  measuresLatency?: boolean;
  run(context: SuiteContext): Promise<SuiteResult>;
}

/** `--suites api,ui`: the named suites in the config's order, each once; `all` names every suite. */
export function parseSuiteList(text: string, known: readonly string[]): string[] {
  const names = text
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  const valid = known.length > 0 ? known.join(', ') : '(the config declares none)';
  if (names.length === 0) throw usageError('--suites names no suite', `name one or more of: ${valid} (or all)`);
  if (names.includes('all')) return [...known];
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    const listed = unknown.map((name) => `"${name}"`).join(', ');
    throw usageError(`unknown suite${unknown.length > 1 ? 's' : ''} ${listed} in --suites`, `the suites are: ${valid} (or all)`);
  }
  return known.filter((suite) => names.includes(suite));
}

/** The suites' names in run order: by stage, then as the config lists them. */
export function suiteNames(definitions: readonly SuiteDefinition[]): string[] {
  return suiteStages(definitions).flat().map((suite) => suite.name);
}

/** The definitions grouped by stage, stages ascending. */
export function suiteStages(definitions: readonly SuiteDefinition[]): SuiteDefinition[][] {
  const stages = [...new Set(definitions.map((suite) => suite.stage))].sort((a, b) => a - b);
  return stages.map((stage) => definitions.filter((suite) => suite.stage === stage));
}

export function suiteRunner(definition: SuiteDefinition): SuiteRunner {
  const runner = (() => {
    switch (definition.runner.kind) {
      case 'vitest':
        return createVitestRunner(definition.name, definition.runner);
      case 'playwright':
        return createPlaywrightRunner(definition.name, definition.runner);
      case 'command':
        return createCommandRunner(definition.name, definition.runner);
    }
  })();
  return definition.measuresLatency ? { ...runner, measuresLatency: true } : runner;
}

/** The selected suites' runners, stage by stage (stages with none selected left out). */
export function suiteRunnerStages(definitions: readonly SuiteDefinition[], selected: readonly string[]): SuiteRunner[][] {
  return suiteStages(definitions)
    .map((stage) => stage.filter((suite) => selected.includes(suite.name)).map(suiteRunner))
    .filter((stage) => stage.length > 0);
}
