// `test`: the suites against an environment that is already up (after `up`, or a kept
// preview), on the same skeleton as `run` (branch lock, layout, summary, redaction of every
// secret of the outputs and the state), with the same evidence, and no teardown.
import { secretsInStackExport } from '../artifacts/redact.ts';
import type { RunSummary } from '../artifacts/run-summary.ts';
import { EphemeralError, ExitCode } from '../errors.ts';
import { outputsOfDeployment } from '../pulumi/deployment-outputs.ts';
import { selectExistingStack } from '../pulumi/open-stack.ts';
import { outputValues, secretOutputNames } from '../targets/environment-outputs.ts';
import { collectEvidence } from './collect-evidence.ts';
import { type CycleDependencies, runWithSkeleton, takeMeasurementSlot } from './cycle-skeleton.ts';
import { handOverOutputs } from './outputs-handoff.ts';
import { runSuites, suiteFailure } from './run-suites.ts';
import { suiteContextFor } from './suite-context.ts';
import type { RunPlan } from './run-plan.ts';

export async function testCycle(plan: RunPlan, deps: CycleDependencies): Promise<RunSummary> {
  const { summary } = await runWithSkeleton(plan, deps, async (record) => {
    record.kept = true;
    const stack = await selectExistingStack({ toolchain: deps.toolchain, stackName: plan.slug, program: async () => ({}) });
    if (!stack) {
      throw new EphemeralError(`no environment for ${plan.branch} (${plan.slug})`, {
        code: 'E_NO_ENVIRONMENT',
        exitCode: ExitCode.provisionFailed,
        remedy: `npm run ephemeral -- up --branch ${plan.branch}`,
      });
    }
    // One export holds the outputs and every secret of the state (`outputs()` takes two CLI calls more).
    const exported = await stack.exportStack();
    const raw = outputsOfDeployment(exported.deployment);
    // The export's secrets include the secret outputs' values, read from the same resource.
    for (const secret of secretsInStackExport(exported.deployment)) record.secrets.add(secret);
    record.secretOutputNames = secretOutputNames(raw);
    deps.maskSecrets?.(record.secrets);
    record.outputs = outputValues(raw);
    try {
      using handoff = handOverOutputs(record.outputs);
      const context = suiteContextFor(deps.project, handoff, { artifactsDir: record.layout.root, slug: plan.slug, signal: deps.signal, progress: deps.progress, extraEnv: deps.suiteEnv, workloads: deps.runtime.workloads });
      record.suites = await runSuites({ definitions: deps.project.config.suites ?? [], selected: deps.suites, context, clock: record.clock, measurementSlot: () => takeMeasurementSlot(deps, plan, record) });
      const failure = suiteFailure(record.suites);
      if (failure) throw failure;
    } catch (error) {
      record.fail(error);
    } finally {
      const evidence = await record.clock.time('collect', () =>
        collectEvidence({ slug: plan.slug, runtime: deps.runtime, layout: record.layout, outputs: record.outputs, secretOutputNames: record.secretOutputNames, sampler: undefined, stackExport: Promise.resolve(exported), secrets: record.secrets }),
      );
      record.services = evidence.services;
    }
  });
  return summary;
}
