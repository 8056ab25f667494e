// What every lifecycle command gets: the toolchain, the run options, one AbortController
// that SIGINT, SIGTERM abort (a second signal ends the process at once), and writers.
import { availableParallelism, totalmem } from 'node:os';
import { hostRunLimit, hostStartLimit } from '../admission/host-capacity.ts';
import type { ToolchainContext } from '../components/component.ts';
import { readGitFacts } from '../config/branch.ts';
import { loadProjectConfig } from '../contract/load-config.ts';
import { type RawRunOptions, type RunOptions, resolveRunOptions } from '../config/run-options.ts';
import type { CycleDependencies } from '../lifecycle/run-cycle.ts';
import type { Env } from '../toolchain/cache-paths.ts';
import { openTargetRuntime } from '../targets/open-runtime.ts';
import { createToolchainContext } from '../toolchain/toolchain-context.ts';
import { githubSecretMasker } from './github-masks.ts';
import type { HistoryHook } from '../history/compare-with-history.ts';
import { chooseDefaultBranch, readDefaultBranchFacts } from '../history/default-branch.ts';
import { fileRunHistory, historyDir } from '../history/run-history.ts';
import { chooseWriter } from './progress-writers.ts';

export interface RunContext extends CycleDependencies {
  options: RunOptions;
  toolchain: ToolchainContext;
  controller: AbortController;
}

export function abortOnSignals(controller: AbortController, progress: (line: string) => void): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      progress(`${signal} again: stopping now, without cleanup`);
      process.exit(130);
    }
    progress(`${signal}: tearing down (press Ctrl-C again to stop at once)`);
    controller.abort(new Error(`interrupted by ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

/** The history the run is compared with and appended to, and the default branch it is compared against. */
export async function runHistoryHook(cliDefaultBranch: string | undefined, env: Env, projectRoot: string, cacheRoot: string): Promise<HistoryHook> {
  const override = cliDefaultBranch ?? env['EPHEMERAL_DEFAULT_BRANCH'];
  const defaultBranch = chooseDefaultBranch(override, override ? { originHead: undefined, localBranches: [] } : await readDefaultBranchFacts(projectRoot));
  return { history: fileRunHistory(historyDir(cacheRoot)), defaultBranch };
}

export async function createRunContext(raw: RawRunOptions, json: boolean, env: Env): Promise<RunContext> {
  const project = await loadProjectConfig(raw.config);
  const options = resolveRunOptions(raw, env, await readGitFacts(project.root), project.config, project.root);
  const writer = chooseWriter(json, env);
  const controller = new AbortController();
  const toolchain = createToolchainContext(env);
  // Before anything is created: the team's database answers and the passphrase is the team's.
  await toolchain.coordination.preflight();
  const runtime = await openTargetRuntime(options.target, toolchain, options.cluster, env);
  return {
    options,
    toolchain,
    project,
    target: options.target,
    runtime,
    controller,
    signal: controller.signal,
    progress: writer.progress,
    engineOutput: writer.engineOutput,
    artifactsRoot: options.artifactsRoot,
    concurrency: options.concurrency,
    stepSummaryFile: env['GITHUB_STEP_SUMMARY'],
    strict: options.strict,
    suites: options.suites,
    // How the seed and the suites reach the target themselves (the cluster's kubeconfig).
    ...(Object.keys(runtime.suiteEnv).length > 0 ? { suiteEnv: runtime.suiteEnv } : {}),
    maskSecrets: githubSecretMasker(env, json),
    history: await runHistoryHook(raw.defaultBranch, env, project.root, toolchain.paths.root),
    hostRunLimit: hostRunLimit({ cores: availableParallelism(), memoryBytes: totalmem() }, options.maxParallel),
    hostStartLimit: hostStartLimit(availableParallelism()),
  };
}
