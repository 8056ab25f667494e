// `run`, `up` and `down`: thin wrappers that build the run context, call the lifecycle
// and describe the outcome. Only the CLI shell prints and sets the exit code.
import { seedEnvironment } from '../../app/src/seed/seed.ts';
import type { RawRunOptions } from '../config/run-options.ts';
import { EphemeralError, ExitCode } from '../errors.ts';
import { PhaseClock, type PhaseRecord } from '../lifecycle/phase-clock.ts';
import { destroyStack } from '../lifecycle/provision.ts';
import { provisionAndWait, runCycle } from '../lifecycle/run-cycle.ts';
import { planRun } from '../lifecycle/run-plan.ts';
import { branchSlug } from '../naming/slug.ts';
import { selectExistingStack } from '../pulumi/open-stack.ts';
import type { EnvironmentOutputs } from '../targets/environment-outputs.ts';
import type { CommandResult } from './command-result.ts';
import { type RunContext, abortOnSignals, createRunContext } from './run-context.ts';

function phaseLines(phases: PhaseRecord[]): string[] {
  return phases.map((phase) => `  ${phase.name.padEnd(10)} ${phase.seconds.toFixed(1).padStart(6)}s${phase.ok ? '' : '  FAILED'}`);
}

export function redactOutputs(outputs: EnvironmentOutputs, showSecrets: boolean): Record<string, unknown> {
  return showSecrets ? { ...outputs } : { ...outputs, adminPassword: '[secret]' };
}

async function withSignals<T>(context: RunContext, work: () => Promise<T>): Promise<T> {
  const release = abortOnSignals(context.controller, context.progress);
  try {
    return await work();
  } catch (error) {
    if (!context.signal.aborted) throw error;
    throw new EphemeralError(`interrupted; cleanup ran before exit`, {
      code: 'E_INTERRUPTED',
      exitCode: ExitCode.interrupted,
      remedy: '`npm run ephemeral -- gc` removes anything a second interrupt left behind',
      cause: error,
    });
  } finally {
    release();
  }
}

export async function runCommand(raw: RawRunOptions, json: boolean): Promise<CommandResult> {
  const context = await createRunContext(raw, json);
  const { branch, keep, ttlMs } = context.options;
  const plan = planRun(branch, { keep, ttlMs, now: new Date() });
  context.progress(`run ${plan.runId}: branch ${plan.branch} → stack ${plan.slug}`);
  const report = await withSignals(context, () => runCycle(plan, context));
  const urls = report.kept && report.outputs ? [`  web: ${report.outputs.webUrl}`, `  api: ${report.outputs.apiUrl}`] : [];
  return {
    exitCode: ExitCode.ok,
    lines: [`run ${plan.runId} passed; environment ${report.kept ? 'kept' : 'destroyed'}`, ...phaseLines(report.phases), ...urls],
    json: {
      ok: true,
      runId: plan.runId,
      branch: plan.branch,
      slug: plan.slug,
      kept: report.kept,
      phases: report.phases,
      outputs: report.outputs && redactOutputs(report.outputs, false),
    },
  };
}

export async function upCommand(raw: RawRunOptions, json: boolean, showSecrets: boolean): Promise<CommandResult> {
  const context = await createRunContext(raw, json);
  const plan = planRun(context.options.branch, { keep: true, ttlMs: context.options.ttlMs, now: new Date() });
  const clock = new PhaseClock(context.progress);
  const outputs = await withSignals(context, async () => {
    const environment = await provisionAndWait(plan, context, clock);
    try {
      const { outputs } = environment;
      await clock.time('seed', () =>
        seedEnvironment({ apiUrl: outputs.apiUrl, adminEmail: outputs.adminEmail, adminPassword: outputs.adminPassword, expectedStack: plan.slug, signal: context.signal }),
      );
      return outputs;
    } catch (error) {
      await environment.destroy();
      throw error;
    }
  });
  return {
    exitCode: ExitCode.ok,
    lines: [`up: ${plan.slug} is ready`, ...phaseLines(clock.phases), `  web: ${outputs.webUrl}`, `  api: ${outputs.apiUrl}`, `  admin: ${outputs.adminEmail}`],
    json: { ok: true, branch: plan.branch, slug: plan.slug, runId: plan.runId, outputs: redactOutputs(outputs, showSecrets) },
  };
}

export async function downCommand(raw: RawRunOptions, json: boolean): Promise<CommandResult> {
  const context = await createRunContext(raw, json);
  const slug = branchSlug(context.options.branch);
  const stack = await selectExistingStack({ toolchain: context.toolchain, stackName: slug, program: async () => ({}) });
  if (!stack) {
    return { exitCode: ExitCode.ok, lines: [`down: no environment for ${context.options.branch} (${slug})`], json: { ok: true, slug, existed: false } };
  }
  const teardown = await withSignals(context, () => destroyStack(stack, { onOutput: context.engineOutput }));
  return {
    exitCode: ExitCode.ok,
    lines: [`down: ${slug} destroyed and removed (${teardown.seconds.toFixed(1)}s)`],
    json: { ok: true, slug, existed: true, seconds: teardown.seconds },
  };
}
