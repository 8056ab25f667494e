// `npm run bench` options, checked before anything runs: each bad value is a usage
// error that says what to pass instead. Pure.
import { resolve } from 'node:path';
import { usageError } from '../errors.ts';
import type { SuiteDefinition } from '../contract/define-config.ts';
import { parseSuiteList, suiteNames, suiteStages } from '../suites/suite-runner.ts';
import { type BenchCase, selectBenchCases } from './bench-cases.ts';
import type { BenchOptions } from './bench-types.ts';

export interface RawBenchOptions {
  rounds?: string;
  suites?: string;
  parallel?: string;
  loadSeconds?: string;
  output?: string;
  config?: string;
  /** `--upgrade-from REF` for (u); `none` skips it; default: the default branch. */
  upgradeFrom?: string;
  /** `--only LIST` / `--skip LIST`: the cases to measure or to leave out (bench-cases.ts). */
  only?: string;
  skip?: string;
}

export const defaultBenchOptions = { rounds: 3, parallel: 4, output: 'bench' };

function wholeNumber(text: string | undefined, fallback: number, option: string, minimum: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum) throw usageError(`bad ${option} "${text}"`, `pass a whole number of at least ${minimum}, e.g. ${option} ${Math.max(minimum, 1)}`);
  return value;
}

function resolveBenchUpgrade(ref: string | undefined): { upgradeFrom?: string | true } {
  if (ref === undefined) return { upgradeFrom: true };
  if (ref === 'none') return {};
  if (ref.trim() === '' || ref.startsWith('-')) throw usageError(`bad --upgrade-from "${ref}"`, 'pass a git ref (e.g. --upgrade-from main), or --upgrade-from none to skip the upgrade-path cycle');
  return { upgradeFrom: ref };
}

/** `definitions`: the suites of the project the bench runs (its ephemeral.config.ts). */
export function resolveBenchOptions(raw: RawBenchOptions, projectRoot: string, definitions: readonly SuiteDefinition[] = []): BenchOptions {
  const known = suiteNames(definitions);
  const suites = raw.suites === undefined ? known : parseSuiteList(raw.suites, known);
  let loadSeconds: number | undefined;
  if (raw.loadSeconds !== undefined) {
    loadSeconds = Number(raw.loadSeconds);
    if (!Number.isFinite(loadSeconds) || loadSeconds <= 0) throw usageError(`bad --load-seconds "${raw.loadSeconds}"`, 'pass a positive number of seconds, e.g. --load-seconds 5');
  }
  const parallel = wholeNumber(raw.parallel, defaultBenchOptions.parallel, '--parallel', 0);
  const upgrade = resolveBenchUpgrade(raw.upgradeFrom);
  const off: Partial<Record<BenchCase, string>> = {
    ...(upgrade.upgradeFrom === undefined ? { upgrade: '--upgrade-from none' } : {}),
    ...(parallel === 0 ? { parallel: '--parallel 0' } : {}),
  };
  const cases = selectBenchCases({ only: raw.only, skip: raw.skip, off });
  return {
    cases,
    rounds: wholeNumber(raw.rounds, defaultBenchOptions.rounds, '--rounds', 1),
    suites,
    suiteStages: suiteStages(definitions)
      .map((stage) => stage.map((suite) => suite.name).filter((name) => suites.includes(name)))
      .filter((stage) => stage.length > 0),
    parallel: cases.includes('parallel') ? parallel : 0,
    loadSeconds,
    ...(cases.includes('upgrade') ? upgrade : {}),
    outputDir: resolve(projectRoot, raw.output ?? defaultBenchOptions.output),
  };
}
