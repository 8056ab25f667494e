// The lifecycle of `run`, top to bottom: lock, preflight, images, up, ready, seed, suites,
// collect, down, summary. The environment is a disposable value: it is destroyed on every
// way out unless the run keeps it, and artifacts are collected before that, whatever
// failed. The project (program, images, entry points, seed, suites) comes from its config.
import { join } from 'node:path';
import type { Deployment } from '@pulumi/pulumi/automation/index.js';
import type { ResourceSampler } from '../artifacts/resource-sampler.ts';
import { secretsInStackExport } from '../artifacts/redact.ts';
import type { RunSummary } from '../artifacts/run-summary.ts';
import { runBootstrap } from '../bootstrap/run-bootstrap.ts';
import { type EngineLogFiles, engineLogFiles } from '../artifacts/engine-log.ts';
import type { TargetName } from '../contract/define-config.ts';
import type { EnvironmentRecord } from '../environments/environment-record.ts';
import { EphemeralError, ExitCode } from '../errors.ts';
import { stackLabels } from '../naming/labels.ts';
import { formatWhyNotReady } from '../readiness/why-not-ready.ts';
import type { EnvironmentOutputs } from '../targets/environment-outputs.ts';
import { imagesForTarget, programContext, stackSource } from '../targets/stack-source.ts';
import { checkDrift } from './check-drift.ts';
import { collectEvidence } from './collect-evidence.ts';
import { type CycleDependencies, runWithSkeleton, startAlone, takeMeasurementSlot } from './cycle-skeleton.ts';
import { handOverOutputs } from './outputs-handoff.ts';
import { outcomeOfError } from './outcome.ts';
import { provisionReady } from './provision-ready.ts';
import { type EnvironmentHandle, openEnvironment } from './provision.ts';
import { retryTransient } from './retry-transient.ts';
import { checkoutPreviousVersion } from '../upgrade/ref-checkout.ts';
import { deployPreviousVersion, downtimeError, rollOut, runUpgradeStep } from './upgrade-path.ts';
import type { RunPlan } from './run-plan.ts';
import { runSeed } from './run-seed.ts';
import { runSuites, suiteFailure } from './run-suites.ts';
import { suiteContextFor } from './suite-context.ts';

export type { CycleDependencies } from './cycle-skeleton.ts';
export { takeHostSlot } from './cycle-skeleton.ts';

export function environmentRecordOf(plan: RunPlan, target: TargetName, now: Date, entryPoints?: Record<string, string>): EnvironmentRecord {
  return {
    slug: plan.slug,
    branch: plan.branch,
    runId: plan.runId,
    target,
    kept: plan.keep,
    createdAt: now.toISOString(),
    expiresAt: plan.expiresAt ? plan.expiresAt.toISOString() : null,
    ...(entryPoints ? { entryPoints } : {}),
  };
}

/** After up, a preview must show no changes; returns the warnings, or throws with --strict. */
async function previewShowsNoChanges(deps: CycleDependencies, environment: EnvironmentHandle, logs: EngineLogFiles): Promise<string[]> {
  const drift = await checkDrift(environment.stack, logs.preview, deps.signal);
  if (drift.changes.length === 0) return [];
  const message = `preview after up shows changes: ${drift.changes.map((change) => `${change.resource} (${change.operation})`).join(', ')}`;
  deps.progress(message);
  if (deps.strict) {
    throw new EphemeralError(message, { code: 'E_DRIFT', exitCode: ExitCode.provisionFailed, remedy: 'make the program converge (see pulumi/preview.log), or drop --strict' });
  }
  return [message];
}

export interface RunResult {
  summary: RunSummary;
  /** Unredacted, for `up --json --show-secrets`; never written anywhere. */
  outputs: EnvironmentOutputs | undefined;
  /** Each entry point's URL, by its name in the config. */
  entryPoints: Record<string, string>;
  secretOutputNames: string[];
}

export async function runCycle(plan: RunPlan, deps: CycleDependencies): Promise<RunResult> {
  const startedAt = new Date();
  const { config } = deps.project;
  let entryPoints: Record<string, string> = {};
  const { summary, record } = await runWithSkeleton(plan, deps, async (record) => {
    const { clock, layout } = record;
    const logs = engineLogFiles(layout, deps.engineOutput);
    await clock.time('preflight', async () => {
      await runBootstrap(deps.toolchain, deps.progress, deps.runtime.bootstrapTargets);
      await deps.runtime.prepare(deps.progress);
    });
    const images = await clock.time('images', () =>
      retryTransient('images', () => imagesForTarget(deps.project, deps.toolchain, deps.runtime, deps.progress), { retries: 2, signal: deps.signal, progress: deps.progress }),
    );
    if (plan.fault) deps.progress(`fault planted: ${plan.fault}`);
    const upgradeFrom = plan.upgradeFrom;
    // The version before, checked out and loaded before anything is deployed: a REF that
    // cannot be is the run's failure (exit 2), never a clean-slate run instead.
    await using previous = upgradeFrom
      ? await clock.time('checkout', () =>
          checkoutPreviousVersion({ source: upgradeFrom, current: deps.project, target: deps.target, folder: join(deps.toolchain.paths.root, 'upgrade-from', plan.runId) }),
        )
      : undefined;
    const labels = stackLabels(plan, deps.toolchain.backendUrl);
    const context = programContext(config, { identity: plan, target: deps.target, labels, images, fault: plan.fault, ...(deps.stackConfig ? { overrides: deps.stackConfig } : {}) });
    await using environment = await openEnvironment({ toolchain: deps.toolchain, runtime: deps.runtime, slug: plan.slug, source: stackSource(deps.project, context), record: environmentRecordOf(plan, deps.target, startedAt) });
    // The state as up left it (nothing changes it until teardown): the export up read the outputs from.
    let stackExport: Promise<Deployment | undefined> = Promise.resolve(undefined);
    // The drift check runs beside seed and the suites; undefined once it was looked at.
    let driftError: Promise<Error | undefined> | undefined;
    let sampler: ResourceSampler | undefined;
    try {
      // Every 5 s: a sample costs the engine and the driver little (one stats call per
      // container), but it is paid for the whole run by every run on the host, and a spike
      // or a leak still shows within seconds.
      sampler = deps.runtime.startSampler(plan.slug, join(layout.metricsDir, 'resources.jsonl'), 5000);
      const ready = await startAlone(deps, plan, record, async () => {
        const oldHealthUrls = previous ? await deployPreviousVersion({ deps, plan, record, previous, labels, logs, slug: plan.slug }) : undefined;
        return previous && oldHealthUrls ? await rollOut({ deps, record, environment, logs, previous, oldHealthUrls }) : await provisionReady(deps, record, environment, logs);
      });
      entryPoints = ready.urls;
      await environment.record(environmentRecordOf(plan, deps.target, startedAt, ready.urls));
      stackExport = environment.exported().catch(() => undefined);
      if (deps.maskSecrets) {
        // Masked before seed and the suites start: the generated secrets in the state too,
        // which services and suites could print.
        const exported = await stackExport;
        if (exported) for (const secret of secretsInStackExport(exported.deployment)) record.secrets.add(secret);
        deps.maskSecrets(record.secrets);
      }
      driftError = clock.time('preview', () => previewShowsNoChanges(deps, environment, logs)).then(
        (found) => void record.warnings.push(...found),
        (error: unknown) => (error instanceof Error ? error : new Error(`the drift check failed: ${String(error)}`)),
      );
      using handoff = handOverOutputs(ready.outputs);
      const suiteContext = suiteContextFor(deps.project, handoff, { artifactsDir: layout.root, slug: plan.slug, signal: deps.signal, progress: deps.progress, extraEnv: deps.suiteEnv, workloads: deps.runtime.workloads });
      if (config.seed) {
        const seed = config.seed;
        await clock.time('seed', () => runSeed(seed, suiteContext));
      }
      const after = config.upgrade?.after;
      // `after` reads what the old version's `before` wrote: without one, it has nothing to read.
      if (previous && after && previous.project.config.upgrade?.before) await clock.time('after', () => runUpgradeStep({ which: 'after', step: after, context: suiteContext }));
      else if (previous && after) record.warnings.push(`upgrade.after skipped: ${previous.source.ref} declares no upgrade.before to write what it reads`);
      if (deps.suites.length > 0) {
        record.suites = await runSuites({ definitions: config.suites ?? [], selected: deps.suites, context: suiteContext, clock, measurementSlot: () => takeMeasurementSlot(deps, plan, record) });
        const failure = suiteFailure(record.suites);
        if (failure) throw failure;
      }
      const drift = await driftError;
      driftError = undefined;
      if (drift) throw drift;
      const downtime = record.upgrade && downtimeError(record.upgrade);
      if (downtime) throw downtime;
    } catch (error) {
      record.fail(error);
      if (outcomeOfError(error, deps.signal.aborted) === 'provision-failed') {
        const report = `why not ready:\n${formatWhyNotReady(await deps.runtime.whyNotReady(plan.slug).catch(() => []))}`;
        deps.progress(report);
        record.errors.push(report);
      }
    } finally {
      // A preview still running when something else failed: it ends before teardown.
      const drift = await driftError;
      if (drift) record.fail(drift);
      // Evidence first: before teardown, and also when something failed.
      await clock
        .time('collect', async () => {
          ({ resources: record.resources, services: record.services } = await collectEvidence({
            slug: plan.slug,
            runtime: deps.runtime,
            layout,
            outputs: record.outputs,
            secretOutputNames: record.secretOutputNames,
            sampler,
            stackExport,
            secrets: record.secrets,
          }));
        })
        .catch((error: unknown) => record.errors.push(`collect: ${String(error)}`));
    }
    if (plan.keep && record.outcomes.length === 0) {
      await environment.keep();
      record.kept = true;
    } else {
      const teardown = await clock.time('down', () => environment.destroy(logs.destroy));
      record.leftBehind = teardown.leftBehind;
      if (record.leftBehind.length > 0) record.outcomes.push('teardown-incomplete');
    }
  });
  return { summary, outputs: record.outputs, entryPoints, secretOutputNames: record.secretOutputNames };
}
