// `report` and `history`: a finished run as a pull-request comment (or its report.html
// rendered again), and the project's history of runs. Both read; neither deploys anything.
import { join, resolve } from 'node:path';
import type { RunSummary } from '../artifacts/run-summary.ts';
import { readGitFacts, resolveBranch } from '../config/branch.ts';
import type { ProjectConfig } from '../contract/define-config.ts';
import { loadProjectConfig } from '../contract/load-config.ts';
import { ExitCode, usageError } from '../errors.ts';
import { fileRunHistory, historyDir } from '../history/run-history.ts';
import { branchSlug } from '../naming/slug.ts';
import { latestRunDir, readRunSummary } from '../report/find-run.ts';
import { githubRunUrl, renderDestroyedComment, renderGithubComment } from '../report/github-comment.ts';
import { writeRunReport } from '../report/write-report.ts';
import type { Env } from '../toolchain/cache-paths.ts';
import { createToolchainContext } from '../toolchain/toolchain-context.ts';
import type { CommandResult } from './command-result.ts';

export const reportFormats = ['github-comment', 'html'] as const;

export interface ReportOptions {
  format?: string;
  run?: string;
  branch?: string;
  artifacts?: string;
  destroyed?: boolean;
  config?: string;
}

/** Each entry point's URL from the run's (redacted) outputs, as the config maps them. */
export function entryPointsOf(summary: RunSummary, config: Pick<ProjectConfig, 'entryPoints'>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(config.entryPoints).flatMap(([name, entry]) => {
      const value = summary.outputs?.[entry.output];
      return typeof value === 'string' ? [[name, value]] : [];
    }),
  );
}

export async function reportCommand(options: ReportOptions, env: Env): Promise<CommandResult> {
  const format = options.format ?? 'github-comment';
  if (!(reportFormats as readonly string[]).includes(format)) throw usageError(`unknown --format "${format}"`, `use --format ${reportFormats.join(' or --format ')}`);
  const project = await loadProjectConfig(options.config);
  const branch = options.run ? undefined : resolveBranch(options.branch, env, await readGitFacts(project.root));
  if (!options.run && !branch) throw usageError('no branch: this is not a git checkout and no CI branch variable is set', 'pass --branch NAME or --run DIR');
  const artifactsRoot = resolve(options.artifacts ?? join(project.root, 'artifacts'));
  const runDir = options.run ?? latestRunDir(artifactsRoot, branchSlug(branch as string));
  const summary = runDir ? readRunSummary(runDir) : undefined;
  if (format === 'html') {
    if (!summary || !runDir) throw usageError(`no run of ${branch} under ${artifactsRoot}`, 'give --run DIR, or --artifacts where the runs are');
    const file = writeRunReport({ ...summary, artifactsDir: resolve(runDir) });
    return { exitCode: ExitCode.ok, lines: [file], json: { format, reportFile: file } };
  }
  const runUrl = githubRunUrl(env);
  let body: string;
  if (options.destroyed) {
    const slug = summary?.slug ?? branchSlug(branch as string);
    body = renderDestroyedComment(slug, summary?.branch ?? (branch as string), summary, { runUrl, at: new Date() });
  } else {
    if (!summary) throw usageError(`no run of ${branch} under ${artifactsRoot}`, 'run `npm run ephemeral -- run` first, or give --run DIR');
    body = renderGithubComment(summary, { runUrl, entryPoints: summary.kept ? entryPointsOf(summary, project.config) : {} });
  }
  return { exitCode: ExitCode.ok, lines: [body.trimEnd()], json: { format, runDir, body } };
}

export interface HistoryOptions {
  branch?: string;
  limit?: string;
  config?: string;
}

export async function historyCommand(options: HistoryOptions, env: Env): Promise<CommandResult> {
  const limit = options.limit === undefined ? 20 : Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1) throw usageError(`bad --limit "${options.limit}"`, 'give a whole number of runs of at least 1, e.g. --limit 10');
  const project = await loadProjectConfig(options.config);
  const history = fileRunHistory(historyDir(createToolchainContext(env).paths.root));
  const entries = (await history.read(project.config.name, options.branch === undefined ? {} : { branch: options.branch })).slice(-limit);
  const lines = entries.length
    ? entries.map((entry) => {
        const phases = Object.entries(entry.phases).map(([name, seconds]) => `${name} ${seconds.toFixed(1)}s${entry.failedPhases.includes(name) ? '!' : ''}`);
        return `${entry.startedAt.slice(0, 19)}Z  ${entry.branch}  ${entry.outcome} (exit ${entry.exitCode})  ${entry.seconds.toFixed(1)}s  ${phases.join(' · ')}`;
      })
    : [`no runs of ${project.config.name}${options.branch === undefined ? '' : ` on ${options.branch}`} yet`];
  return { exitCode: ExitCode.ok, lines, json: { project: project.config.name, branch: options.branch ?? null, runs: entries } };
}
