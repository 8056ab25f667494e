// Which cases one bench run measures: all by default, `--only LIST` or `--skip LIST`,
// and the yardsticks a chosen case is compared with added back (a ratio needs both
// sides from the same run). Pure.
import { usageError } from '../errors.ts';

/**
 * run (a), upgrade (u), docker-cli (b), compose (c), pg (s: run with a PostgreSQL state
 * backend), kubernetes (k: run --target kubernetes), cluster (the local cluster's own
 * `cluster down`/`cluster up`), parallel (N driver runs at once, then N baselines).
 */
export const benchCases = ['run', 'upgrade', 'docker-cli', 'compose', 'pg', 'kubernetes', 'cluster', 'parallel'] as const;
export type BenchCase = (typeof benchCases)[number];

/** What each case's figures are divided by: those cases run too whenever it runs. */
export const caseYardsticks: Record<BenchCase, BenchCase[]> = {
  run: [],
  upgrade: ['run'],
  'docker-cli': [],
  compose: [],
  pg: ['run'],
  kubernetes: ['run'],
  cluster: [],
  parallel: ['run', 'docker-cli'],
};

export interface CaseSelection {
  only?: string | undefined;
  skip?: string | undefined;
  /** Cases other options turn off, with the option that does (`--upgrade-from none`, `--parallel 0`). */
  off?: Partial<Record<BenchCase, string>>;
}

function parseCaseList(text: string, option: string): BenchCase[] {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(benchCases as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw usageError(`bad ${option} "${text}"${unknown.length > 0 ? `: unknown case ${unknown.join(', ')}` : ''}`, `pass cases, comma-separated, of: ${benchCases.join(', ')} (e.g. ${option} pg,upgrade)`);
  }
  return names as BenchCase[];
}

/** The cases to measure, in report order. */
export function selectBenchCases(selection: CaseSelection): BenchCase[] {
  if (selection.only !== undefined && selection.skip !== undefined) {
    throw usageError('--only and --skip were both given', 'pass one of them: --only names the cases to measure, --skip the ones to leave out');
  }
  const off = selection.off ?? {};
  const skipped = new Set(selection.skip === undefined ? [] : parseCaseList(selection.skip, '--skip'));
  const chosen = new Set(selection.only === undefined ? benchCases.filter((name) => off[name] === undefined) : parseCaseList(selection.only, '--only'));
  for (const name of chosen) {
    const option = off[name];
    if (option !== undefined) throw usageError(`--only ${name} and ${option} contradict each other`, `drop ${option}, or leave ${name} out of --only`);
  }
  for (const name of skipped) chosen.delete(name);
  for (const name of [...chosen]) {
    for (const yardstick of caseYardsticks[name]) {
      if (skipped.has(yardstick)) {
        throw usageError(`--skip ${yardstick} leaves ${name} without its yardstick`, `skip ${name} too (--skip ${[...skipped, name].join(',')}), or keep ${yardstick}`);
      }
      chosen.add(yardstick);
    }
  }
  return benchCases.filter((name) => chosen.has(name));
}
