// `run`, `up` and `down`: thin wrappers that build the run context, call the lifecycle
// and describe the outcome. Only the CLI shell prints and sets the exit code.
import type { RunSummary } from '../artifacts/run-summary.ts';
import type { RawRunOptions } from '../config/run-options.ts';
import { EphemeralError, ExitCode } from '../errors.ts';
import { acquireBranchLock } from '../lifecycle/branch-lock.ts';
import { reclaimEnvironment } from '../environments/reclaim-environment.ts';
import { runCycle } from '../lifecycle/run-cycle.ts';
import { testCycle } from '../lifecycle/test-cycle.ts';
import { planRun } from '../lifecycle/run-plan.ts';
import { assertStackOwnedBy } from '../environments/stack-ownership.ts';
import { branchSlug } from '../naming/slug.ts';
import { resolveUpgradeSource } from '../upgrade/upgrade-ref.ts';
import { redactOutputs } from '../targets/environment-outputs.ts';
import { reachableRuntimes } from '../targets/reachable-runtimes.ts';
import { sweeperOf } from '../targets/target-runtime.ts';
import type { Env } from '../toolchain/cache-paths.ts';
import type { CommandResult } from './command-result.ts';
import { type RunContext, abortOnSignals, createRunContext } from './run-context.ts';

function summaryLines(summary: RunSummary): string[] {
  const phases = summary.phases.map((phase) => `  ${phase.name.padEnd(10)} ${phase.seconds.toFixed(1).padStart(6)}s${phase.ok ? '' : '  FAILED'}`);
  const errors = summary.errors.map((error) => `  error: ${error}`);
  const left = summary.leftBehind.map((item) => `  left behind: ${item} (npm run ephemeral -- gc removes it)`);
  return [
    `${summary.outcome === 'passed' ? 'passed' : `FAILED (${summary.outcome})`}: ${summary.slug} run ${summary.runId}, exit ${summary.exitCode}`,
    ...phases,
    ...errors,
    ...left,
    `  artifacts: ${summary.artifactsDir}`,
    ...(summary.slowPhases ?? []).map((slow) => `  slower than usual: ${slow.name} ${slow.seconds.toFixed(1)}s, median ${slow.medianSeconds.toFixed(1)}s on ${summary.defaultBranch ?? 'the default branch'}`),
    // The page a person opens first: the last line.
    ...(summary.reportFile ? [`  report: ${summary.reportFile}`] : []),
  ];
}

/** One line per entry point, named as the config names it. */
export function entryPointLines(entryPoints: Record<string, string>): string[] {
  const width = Math.max(0, ...Object.keys(entryPoints).map((name) => name.length)) + 1;
  return Object.entries(entryPoints).map(([name, url]) => `  ${`${name}:`.padEnd(width)} ${url}`);
}

async function withSignals<T>(context: RunContext, work: () => Promise<T>): Promise<T> {
  const release = abortOnSignals(context.controller, context.progress);
  try {
    return await work();
  } catch (error) {
    if (!context.signal.aborted) throw error;
    throw new EphemeralError('interrupted; cleanup ran before exit', {
      code: 'E_INTERRUPTED',
      exitCode: ExitCode.interrupted,
      remedy: '`npm run ephemeral -- gc` removes anything a second interrupt left behind',
      cause: error,
    });
  } finally {
    release();
  }
}

async function cycle(raw: RawRunOptions, json: boolean, env: Env, keep: boolean, withSuites: boolean) {
  const created = await createRunContext(raw, json, env);
  // `up` stops after seed: the suites are `run`'s and `test`'s.
  const context = withSuites ? created : { ...created, suites: [] };
  const { branch, ttlMs } = context.options;
  // A ref git cannot resolve is bad input: exit 64 naming it, before anything exists.
  const upgradeFrom = context.options.upgradeFrom === undefined ? undefined : await resolveUpgradeSource(context.options.upgradeFrom, context.project.root);
  const plan = planRun(branch, { keep, ttlMs, now: new Date(), fault: context.options.fault, upgradeFrom });
  // Refused before anything is created; runCycle checks again under the branch lock.
  await assertStackOwnedBy(context.toolchain.coordination, plan.slug, plan.branch);
  context.progress(`run ${plan.runId}: branch ${plan.branch} → stack ${plan.slug}${upgradeFrom ? `, upgrading from ${upgradeFrom.ref} (${upgradeFrom.commit.slice(0, 12)})` : ''}`);
  return { plan, ...(await withSignals(context, () => runCycle(plan, context))) };
}

export async function runCommand(raw: RawRunOptions, json: boolean, env: Env): Promise<CommandResult> {
  const { summary, entryPoints } = await cycle(raw, json, env, raw.keep ?? false, true);
  const urls = summary.kept ? entryPointLines(entryPoints) : [];
  return { exitCode: summary.exitCode as ExitCode, lines: [...summaryLines(summary), ...urls], json: summary };
}

export async function upCommand(raw: RawRunOptions, json: boolean, showSecrets: boolean, env: Env): Promise<CommandResult> {
  const { summary, outputs, entryPoints, secretOutputNames } = await cycle(raw, json, env, true, false);
  if (summary.exitCode !== ExitCode.ok || !outputs) return { exitCode: summary.exitCode as ExitCode, lines: summaryLines(summary), json: summary };
  const secrets = secretOutputNames.length > 0 ? [`  secret outputs: ${secretOutputNames.join(', ')} (npm run ephemeral -- up --json --show-secrets)`] : [];
  return {
    exitCode: ExitCode.ok,
    lines: [`up: ${summary.slug} is ready until ${summary.expiresAt ?? 'never'}`, ...entryPointLines(entryPoints), ...secrets],
    json: { ...summary, entryPoints, outputs: redactOutputs(outputs, secretOutputNames, showSecrets) },
  };
}

export async function testCommand(raw: RawRunOptions, json: boolean, env: Env): Promise<CommandResult> {
  const context = await createRunContext(raw, json, env);
  const plan = planRun(context.options.branch, { keep: true, ttlMs: context.options.ttlMs, now: new Date() });
  await assertStackOwnedBy(context.toolchain.coordination, plan.slug, plan.branch);
  const summary = await withSignals(context, () => testCycle(plan, context));
  return { exitCode: summary.exitCode as ExitCode, lines: summaryLines(summary), json: summary };
}

export async function downCommand(raw: RawRunOptions, json: boolean, env: Env): Promise<CommandResult> {
  const context = await createRunContext(raw, json, env);
  const { branch } = context.options;
  const slug = branchSlug(branch);
  await assertStackOwnedBy(context.toolchain.coordination, slug, branch);
  // Under the branch lock, as runs: a live run is waited for (or replaced, or refused,
  // by --concurrency); a killed one's leftovers are reclaimed as gc does.
  const teardown = await withSignals(context, async () => {
    await using _lock = await acquireBranchLock({
      store: context.toolchain.coordination,
      slug,
      owner: { runId: `down-${process.pid}`, branch, command: 'down' },
      mode: context.concurrency,
      signal: context.signal,
      waitTimeoutMs: 30 * 60_000,
      progress: context.progress,
    });
    await assertStackOwnedBy(context.toolchain.coordination, slug, branch);
    // Wherever it lives: the record's target may differ from this command's --target.
    const runtimes = await reachableRuntimes(context.toolchain, context.options.cluster, env, context.progress);
    return reclaimEnvironment(context.toolchain, slug, sweeperOf(runtimes), { progress: (line) => context.progress(`down: ${line}`), logs: { onOutput: context.engineOutput } });
  });
  const exitCode = teardown.leftBehind.length > 0 ? ExitCode.teardownIncomplete : ExitCode.ok;
  return {
    exitCode,
    lines: [
      teardown.hadStack ? `down: ${slug} destroyed and removed (${teardown.seconds.toFixed(1)}s)` : `down: no stack for ${branch} (${slug})`,
      ...teardown.leftBehind.map((item) => `  left behind: ${item}`),
    ],
    json: { ok: exitCode === ExitCode.ok, slug, existed: teardown.hadStack, seconds: teardown.seconds, leftBehind: teardown.leftBehind },
  };
}
