// Turns the parsed command-line options of run/up/down into a checked RunPlan input:
// each bad value is a usage error (exit 64) that names the fix, before anything exists.
// Suites and faults are checked against the project's config.
import { join, resolve } from 'node:path';
import type { ProjectConfig } from '../contract/define-config.ts';
import { usageError } from '../errors.ts';
import type { ClusterOptions } from '../kubernetes/cluster-choice.ts';
import { type ConcurrencyMode, concurrencyModes } from '../lifecycle/branch-lock.ts';
import { parseSuiteList, suiteNames } from '../suites/suite-runner.ts';
import { projectRoot } from '../toolchain/pins.ts';
import type { Env } from '../toolchain/cache-paths.ts';
import { type GitFacts, resolveBranch } from './branch.ts';
import { parseDuration } from './duration.ts';

export const targets = ['docker', 'kubernetes'] as const;
export type TargetName = (typeof targets)[number];

export interface RawRunOptions {
  branch?: string;
  target?: string;
  keep?: boolean;
  ttl?: string;
  artifacts?: string;
  concurrency?: string;
  strict?: boolean;
  fault?: string;
  suites?: string;
  maxParallel?: string;
  config?: string;
  /** --default-branch: the branch whose runs are the yardstick for slow phases. */
  defaultBranch?: string;
  /** `--upgrade-from [ref]`: true when given without a ref (the default branch). */
  upgradeFrom?: string | true;
  /** --kubeconfig and --context: the cluster of the kubernetes target (else KUBECONFIG, else the local one). */
  kubeconfig?: string;
  context?: string;
}

export interface RunOptions {
  branch: string;
  target: TargetName;
  keep: boolean;
  ttlMs: number;
  artifactsRoot: string;
  concurrency: ConcurrencyMode;
  strict: boolean;
  fault: string | undefined;
  suites: string[];
  /** --max-parallel: runs this host takes at once; undefined = computed from its cores and memory. */
  maxParallel: number | undefined;
  /** The git ref to upgrade from (`true`: the repository's default branch); resolved against git by the command. */
  upgradeFrom: string | true | undefined;
  /** The cluster the user named for the kubernetes target; empty: KUBECONFIG, else the local cluster. */
  cluster: ClusterOptions;
}

export const defaultTtl = '24h';

/** What of the project's config the options are checked against. */
export type ProjectChoices = Pick<ProjectConfig, 'suites' | 'faults' | 'targets'>;

const noProject: ProjectChoices = { targets: { docker: {} } };

function resolveFault(fault: string | undefined, faults: ProjectChoices['faults']): string | undefined {
  if (fault === undefined) return undefined;
  const names = Object.keys(faults ?? {});
  if (!names.includes(fault)) {
    throw usageError(`unknown fault "${fault}"`, names.length > 0 ? `use --fault ${names.join(', --fault ')}` : 'the config declares no faults: add them under `faults` in ephemeral.config.ts');
  }
  return fault;
}

function resolveUpgradeFrom(ref: string | true | undefined): string | true | undefined {
  if (ref === undefined || ref === true) return ref;
  if (ref.trim() === '' || ref.startsWith('-')) throw usageError(`--upgrade-from: "${ref}" is not a git ref`, 'give a branch, tag or commit, e.g. --upgrade-from main (or the flag alone for the default branch)');
  return ref;
}

function resolveClusterOptions(raw: Pick<RawRunOptions, 'kubeconfig' | 'context'>, target: TargetName): ClusterOptions {
  const given = [raw.kubeconfig === undefined ? [] : ['--kubeconfig'], raw.context === undefined ? [] : ['--context']].flat();
  if (target !== 'kubernetes' && given.length > 0) throw usageError(`${given.join(' and ')} only apply to the kubernetes target`, `add --target kubernetes, or drop ${given.join(' and ')}`);
  if (raw.kubeconfig !== undefined && raw.kubeconfig.trim() === '') throw usageError('--kubeconfig is empty', 'give the path of a kubeconfig file, or drop it for the local cluster');
  if (raw.context !== undefined && raw.context.trim() === '') throw usageError('--context is empty', 'give a context of the kubeconfig, or drop it for its current one');
  return {
    ...(raw.kubeconfig === undefined ? {} : { kubeconfig: resolve(raw.kubeconfig) }),
    ...(raw.context === undefined ? {} : { context: raw.context }),
  };
}

function resolveMaxParallel(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw usageError(`bad --max-parallel "${text}"`, 'give a whole number of runs of at least 1, e.g. --max-parallel 2');
  return value;
}

export function resolveRunOptions(raw: RawRunOptions, env: Env, git: GitFacts, project: ProjectChoices = noProject, projectDir: string = projectRoot): RunOptions {
  const branch = resolveBranch(raw.branch, env, git);
  if (branch === undefined) {
    throw usageError('no branch: this is not a git checkout and no CI branch variable is set', 'pass --branch NAME');
  }
  if (branch.trim() === '') throw usageError('the branch name is empty', 'pass a non-empty --branch NAME');
  const target = raw.target ?? 'docker';
  if (!targets.includes(target as TargetName)) {
    throw usageError(`unknown target "${target}"`, `use --target ${targets.join(' or --target ')}`);
  }
  const cluster = resolveClusterOptions(raw, target as TargetName);
  if (!project.targets[target as TargetName]) {
    throw usageError(`the project's config declares no ${target} target`, `add targets.${target} to ephemeral.config.ts, or use --target ${Object.keys(project.targets).join(' or --target ')}`);
  }
  const ttlText = raw.ttl ?? defaultTtl;
  const ttlMs = parseDuration(ttlText);
  if (ttlMs === undefined) {
    throw usageError(`bad --ttl "${ttlText}"`, 'give a duration such as 90m, 24h or 7d');
  }
  const concurrency = raw.concurrency ?? 'wait';
  if (!concurrencyModes.includes(concurrency as ConcurrencyMode)) {
    throw usageError(`unknown --concurrency "${concurrency}"`, `use ${concurrencyModes.map((mode) => `--concurrency ${mode}`).join(', ')}`);
  }
  return {
    branch,
    target: target as TargetName,
    keep: raw.keep ?? false,
    ttlMs,
    artifactsRoot: resolve(raw.artifacts ?? join(projectDir, 'artifacts')),
    concurrency: concurrency as ConcurrencyMode,
    strict: raw.strict ?? false,
    fault: resolveFault(raw.fault, project.faults),
    suites: raw.suites === undefined ? suiteNames(project.suites ?? []) : parseSuiteList(raw.suites, suiteNames(project.suites ?? [])),
    maxParallel: resolveMaxParallel(raw.maxParallel),
    upgradeFrom: resolveUpgradeFrom(raw.upgradeFrom),
    cluster,
  };
}
