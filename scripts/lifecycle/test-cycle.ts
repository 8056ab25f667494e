// `test`: the suites against an environment that is already up (after `up`, or a kept
// preview), with the same artifacts and summary as `run`, and no teardown. It holds the
// branch lock like every command that touches an environment, and redacts every secret
// of the state (the generated passwords are in the containers' inspect data).
import { mkdirSync } from 'node:fs';
import { artifactLayout } from '../artifacts/artifact-layout.ts';
import { collectServiceLogs } from '../artifacts/collect-service-logs.ts';
import { createRedactor, secretsInOutputs, secretsInStackExport } from '../artifacts/redact.ts';
import { redactTree } from '../artifacts/redact-tree.ts';
import type { RunSummary, SuiteCounts } from '../artifacts/run-summary.ts';
import { EphemeralError, ExitCode, describeError } from '../errors.ts';
import { selectExistingStack } from '../pulumi/open-stack.ts';
import { parseEnvironmentOutputs } from '../targets/environment-outputs.ts';
import { acquireBranchLock } from './branch-lock.ts';
import { outcomeExitCode, outcomeOfError } from './outcome.ts';
import { PhaseClock } from './phase-clock.ts';
import { type CycleDependencies, takeHostSlot } from './run-cycle.ts';
import { writeSummary } from './write-summary.ts';
import { runSuites, suiteFailure } from './run-suites.ts';
import type { RunPlan } from './run-plan.ts';

export async function testCycle(plan: RunPlan, deps: CycleDependencies): Promise<RunSummary> {
  await using _lock = await acquireBranchLock({
    locksDir: deps.toolchain.paths.branchLocks,
    slug: plan.slug,
    owner: { runId: plan.runId, branch: plan.branch },
    mode: deps.concurrency,
    signal: deps.signal,
    waitTimeoutMs: 30 * 60_000,
    progress: deps.progress,
  });
  const startedAt = new Date();
  const clock = new PhaseClock(deps.progress);
  await using _slot = await clock.time('queue', () => takeHostSlot(deps, plan, 'runs'));
  const layout = artifactLayout(deps.artifactsRoot, plan.slug, plan.runId);
  mkdirSync(layout.logsDir, { recursive: true });
  const stack = await selectExistingStack({ toolchain: deps.toolchain, stackName: plan.slug, program: async () => ({}) });
  if (!stack) {
    throw new EphemeralError(`no environment for ${plan.branch} (${plan.slug})`, {
      code: 'E_NO_ENVIRONMENT',
      exitCode: ExitCode.provisionFailed,
      remedy: `npm run ephemeral -- up --branch ${plan.branch}`,
    });
  }
  const [raw, exported] = await Promise.all([stack.outputs(), stack.exportStack()]);
  const secrets = new Set([...secretsInOutputs(raw), ...secretsInStackExport(exported.deployment)]);
  deps.maskSecrets?.(secrets);
  const outputs = parseEnvironmentOutputs(raw);
  let suites: SuiteCounts[] = [];
  const errors: string[] = [];
  let outcome: RunSummary['outcome'] = 'passed';
  try {
    suites = await runSuites({
      suites: deps.suites,
      outputs,
      artifactsDir: layout.root,
      signal: deps.signal,
      progress: deps.progress,
      clock,
      measurementSlot: () => takeHostSlot(deps, plan, 'measure'),
    });
    const failure = suiteFailure(suites);
    if (failure) throw failure;
  } catch (error) {
    errors.push(describeError(error));
    outcome = outcomeOfError(error, deps.signal.aborted);
  }
  const services = await clock.time('collect', () => collectServiceLogs(plan.slug, layout.logsDir));
  const summary: RunSummary = {
    runId: plan.runId,
    branch: plan.branch,
    slug: plan.slug,
    outcome,
    exitCode: outcomeExitCode[outcome],
    startedAt: startedAt.toISOString(),
    seconds: (Date.now() - startedAt.getTime()) / 1000,
    phases: clock.phases,
    suites,
    fault: undefined,
    outputs: { ...outputs, adminPassword: '[secret]' },
    services,
    resources: [],
    errors,
    warnings: [],
    kept: true,
    expiresAt: undefined,
    leftBehind: [],
    artifactsDir: layout.root,
  };
  writeSummary(summary, layout, deps.stepSummaryFile);
  redactTree(layout.root, createRedactor(secrets));
  return summary;
}
