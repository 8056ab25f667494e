// The lifecycle of `run`, top to bottom: lock, preflight, images, up, ready, seed,
// suites, collect, down, summary. The environment is a disposable value: it is
// destroyed on every way out unless the run keeps it, and artifacts are collected
// before that, whatever failed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Deployment } from '@pulumi/pulumi/automation/index.js';
import { metricsPorts } from '../../infra/docker/program.ts';
import { seedEnvironment } from '../../app/src/seed/seed.ts';
import { type HostSlot, type SlotPool, acquireHostSlot } from '../admission/host-slots.ts';
import { type ArtifactLayout, artifactLayout } from '../artifacts/artifact-layout.ts';
import { type ServiceLogSummary, collectServiceLogs } from '../artifacts/collect-service-logs.ts';
import { type EngineLogFiles, engineLogFiles } from '../artifacts/engine-log.ts';
import { type ResourcePeak, type ResourceSampler, startResourceSampler } from '../artifacts/resource-sampler.ts';
import { scrapeMetrics } from '../artifacts/scrape-metrics.ts';
import { createRedactor, secretsInOutputs, secretsInStackExport } from '../artifacts/redact.ts';
import { redactTree } from '../artifacts/redact-tree.ts';
import type { RunOutcome, RunSummary, SuiteCounts } from '../artifacts/run-summary.ts';
import type { SuiteName } from '../suites/suite-runner.ts';
import { runBootstrap } from '../bootstrap/run-bootstrap.ts';
import type { ToolchainContext } from '../components/component.ts';
import { EphemeralError, ExitCode, describeError } from '../errors.ts';
import { stackLabels } from '../naming/labels.ts';
import { httpHealthProbe } from '../readiness/http-health-probe.ts';
import { waitUntilReady } from '../readiness/wait-until-ready.ts';
import { formatWhyNotReady, whyNotReady } from '../readiness/why-not-ready.ts';
import { dockerProgram, prepareDockerImages } from '../targets/docker-target.ts';
import type { EnvironmentOutputs } from '../targets/environment-outputs.ts';
import type { EnvironmentRecord } from '../environments/environment-record.ts';
import { assertStackOwnedBy } from '../environments/stack-ownership.ts';
import { type ConcurrencyMode, acquireBranchLock } from './branch-lock.ts';
import { checkDrift } from './check-drift.ts';
import { retryTransient } from './retry-transient.ts';
import { runSuites, suiteFailure } from './run-suites.ts';
import { writeSummary } from './write-summary.ts';
import { outcomeExitCode, outcomeOfError, worstOutcome } from './outcome.ts';
import { PhaseClock } from './phase-clock.ts';
import { type EnvironmentHandle, openEnvironment, provisionError } from './provision.ts';
import type { RunPlan } from './run-plan.ts';

export interface CycleDependencies {
  toolchain: ToolchainContext;
  signal: AbortSignal;
  progress: (line: string) => void;
  engineOutput: (text: string) => void;
  artifactsRoot: string;
  concurrency: ConcurrencyMode;
  stepSummaryFile: string | undefined;
  /** A preview after up that shows changes fails the run. */
  strict: boolean;
  suites: SuiteName[];
  /** Runs the host takes at once; a run beyond that queues for a slot. */
  hostRunLimit: number;
  /** Under GitHub Actions: registers secrets with the runner before anything prints them. */
  maskSecrets?: ((values: Iterable<string>) => void) | undefined;
}

export function environmentRecordOf(plan: RunPlan, now: Date): EnvironmentRecord {
  return {
    slug: plan.slug,
    branch: plan.branch,
    runId: plan.runId,
    kept: plan.keep,
    createdAt: now.toISOString(),
    expiresAt: plan.expiresAt ? plan.expiresAt.toISOString() : null,
  };
}

/** Up with live progress, then ready: every health check answers from the host. */
async function provisionReady(deps: CycleDependencies, clock: PhaseClock, environment: EnvironmentHandle, logs: EngineLogFiles) {
  const retry = { retries: 1, signal: deps.signal, progress: deps.progress };
  const { outputs, raw } = await clock.time('up', () =>
    retryTransient('up', () => environment.up(deps.signal, logs.up), retry).catch((error: unknown) => {
      throw deps.signal.aborted ? error : provisionError(environment.slug, error);
    }),
  );
  await clock.time('ready', () =>
    waitUntilReady(
      [
        httpHealthProbe('api', new URL('/health', outputs.apiUrl).href),
        httpHealthProbe('web', new URL('/health', outputs.webUrl).href),
      ],
      { timeoutMs: 60_000, intervalMs: 250, signal: deps.signal },
    ),
  );
  return { outputs, raw };
}

function redactedOutputs(outputs: EnvironmentOutputs | undefined): Record<string, unknown> | undefined {
  return outputs && { ...outputs, adminPassword: '[secret]' };
}

/** After up, a preview must show no changes; returns the warnings, or throws with --strict. */
async function previewShowsNoChanges(deps: CycleDependencies, environment: EnvironmentHandle, logs: EngineLogFiles): Promise<string[]> {
  const drift = await checkDrift(environment.stack, logs.preview, deps.signal);
  if (drift.changes.length === 0) return [];
  const message = `preview after up shows changes: ${drift.changes.map((change) => `${change.resource} (${change.operation})`).join(', ')}`;
  deps.progress(message);
  if (deps.strict) {
    throw new EphemeralError(message, {
      code: 'E_DRIFT',
      exitCode: ExitCode.provisionFailed,
      remedy: 'make the program converge (see pulumi/preview.log), or drop --strict',
    });
  }
  return [message];
}

/** Logs, inspect data, metrics, outputs and the stack export, before teardown: all at once. */
async function collectEvidence(
  plan: RunPlan,
  layout: ArtifactLayout,
  outputs: EnvironmentOutputs | undefined,
  sampler: ResourceSampler | undefined,
  stackExport: Promise<Deployment | undefined>,
  secrets: Set<string>,
): Promise<{ resources: ResourcePeak[]; services: ServiceLogSummary[] }> {
  const [resources, services, exported] = await Promise.all([
    sampler?.stop() ?? [],
    collectServiceLogs(plan.slug, layout.logsDir),
    stackExport,
    outputs && scrapeMetrics(outputs.services, metricsPorts, layout.metricsDir),
  ]);
  writeFileSync(join(layout.metricsDir, 'resource-peaks.json'), JSON.stringify(resources, null, 2));
  if (exported) {
    for (const secret of secretsInStackExport(exported.deployment)) secrets.add(secret);
    writeFileSync(layout.stackExport, JSON.stringify(exported, null, 2));
  }
  writeFileSync(layout.outputsJson, JSON.stringify(redactedOutputs(outputs) ?? {}, null, 2));
  return { resources, services };
}

/** A host slot for this run: one of the run slots, or the one measurement slot. */
export function takeHostSlot(deps: CycleDependencies, plan: RunPlan, pool: SlotPool): Promise<HostSlot> {
  return acquireHostSlot({
    internalLocks: deps.toolchain.paths.internalLocks,
    pool,
    limit: pool === 'runs' ? deps.hostRunLimit : 1,
    owner: { runId: plan.runId, branch: plan.branch },
    signal: deps.signal,
    progress: deps.progress,
  });
}

export interface RunResult {
  summary: RunSummary;
  /** Unredacted, for `up --json --show-secrets`; never written anywhere. */
  outputs: EnvironmentOutputs | undefined;
}

export async function runCycle(plan: RunPlan, deps: CycleDependencies): Promise<RunResult> {
  const startedAt = new Date();
  const clock = new PhaseClock(deps.progress);
  const layout = artifactLayout(deps.artifactsRoot, plan.slug, plan.runId);
  for (const dir of [layout.pulumiDir, layout.logsDir, layout.metricsDir]) mkdirSync(dir, { recursive: true });
  const logs = engineLogFiles(layout, deps.engineOutput);
  const outcomes: RunOutcome[] = [];
  const errors: string[] = [];
  const warnings: string[] = [];
  const secrets = new Set<string>();
  let outputs: EnvironmentOutputs | undefined;
  let services: ServiceLogSummary[] = [];
  let suites: SuiteCounts[] = [];
  let resources: ResourcePeak[] = [];
  let sampler: ResourceSampler | undefined;
  let leftBehind: string[] = [];
  const fail = (error: unknown) => {
    errors.push(describeError(error));
    outcomes.push(outcomeOfError(error, deps.signal.aborted));
  };

  try {
    await using _lock = await clock.time('lock', () =>
      acquireBranchLock({
        locksDir: deps.toolchain.paths.branchLocks,
        slug: plan.slug,
        owner: { runId: plan.runId, branch: plan.branch },
        mode: deps.concurrency,
        signal: deps.signal,
        waitTimeoutMs: 30 * 60_000,
        progress: deps.progress,
      }),
    );
    // Under the lock, nobody else can take the slug between this check and up.
    await assertStackOwnedBy(deps.toolchain.paths.stateDir, plan.slug, plan.branch);
    await using _slot = await clock.time('queue', () => takeHostSlot(deps, plan, 'runs'));
    await clock.time('preflight', () => runBootstrap(deps.toolchain, deps.progress));
    const images = await clock.time('images', () =>
      retryTransient('images', () => prepareDockerImages(deps.toolchain), { retries: 2, signal: deps.signal, progress: deps.progress }),
    );
    if (plan.fault) deps.progress(`fault planted: ${plan.fault}`);
    const program = dockerProgram({ slug: plan.slug, labels: stackLabels(plan, deps.toolchain.backendUrl), images, fault: plan.fault });
    await using environment = await openEnvironment({ toolchain: deps.toolchain, slug: plan.slug, program, record: environmentRecordOf(plan, startedAt) });
    // Taken once up is done (nothing changes the state until teardown), beside the suites.
    let stackExport: Promise<Deployment | undefined> = Promise.resolve(undefined);
    // The drift check runs beside seed and the suites; undefined once it was looked at.
    let driftError: Promise<Error | undefined> | undefined;
    try {
      sampler = startResourceSampler(plan.slug, join(layout.metricsDir, 'resources.jsonl'), 2000);
      const provisioned = await provisionReady(deps, clock, environment, logs);
      outputs = provisioned.outputs;
      stackExport = environment.stack.exportStack().catch(() => undefined);
      for (const secret of secretsInOutputs(provisioned.raw)) secrets.add(secret);
      if (deps.maskSecrets) {
        // Masked before seed and the suites start: the generated passwords in the state
        // too, which services and suites could print.
        const exported = await stackExport;
        if (exported) for (const secret of secretsInStackExport(exported.deployment)) secrets.add(secret);
        deps.maskSecrets(secrets);
      }
      driftError = clock.time('preview', () => previewShowsNoChanges(deps, environment, logs)).then(
        (found) => void warnings.push(...found),
        (error: unknown) => (error instanceof Error ? error : new Error(`the drift check failed: ${String(error)}`)),
      );
      const ready = outputs;
      await clock.time('seed', () =>
        seedEnvironment({ apiUrl: ready.apiUrl, adminEmail: ready.adminEmail, adminPassword: ready.adminPassword, expectedStack: plan.slug, signal: deps.signal }),
      );
      if (deps.suites.length > 0) {
        suites = await runSuites({
          suites: deps.suites,
          outputs: ready,
          artifactsDir: layout.root,
          signal: deps.signal,
          progress: deps.progress,
          clock,
          measurementSlot: () => takeHostSlot(deps, plan, 'measure'),
        });
        const failure = suiteFailure(suites);
        if (failure) throw failure;
      }
      const drift = await driftError;
      driftError = undefined;
      if (drift) throw drift;
    } catch (error) {
      fail(error);
      if (outcomeOfError(error, deps.signal.aborted) === 'provision-failed') {
        const report = `why not ready:\n${formatWhyNotReady(await whyNotReady(plan.slug))}`;
        deps.progress(report);
        errors.push(report);
      }
    } finally {
      // A preview still running when something else failed: it ends before teardown.
      const drift = await driftError;
      if (drift) fail(drift);
      // Evidence first: before teardown, and also when something failed.
      await clock
        .time('collect', async () => {
          ({ resources, services } = await collectEvidence(plan, layout, outputs, sampler, stackExport, secrets));
        })
        .catch((error: unknown) => errors.push(`collect: ${describeError(error)}`));
    }
    if (plan.keep && outcomes.length === 0) {
      environment.keep();
    } else {
      const teardown = await clock.time('down', () => environment.destroy(logs.destroy));
      leftBehind = teardown.leftBehind;
      if (leftBehind.length > 0) outcomes.push('teardown-incomplete');
    }
  } catch (error) {
    fail(error);
  }

  const outcome = worstOutcome(outcomes);
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
    fault: plan.fault,
    outputs: redactedOutputs(outputs),
    services,
    resources,
    errors,
    warnings,
    kept: plan.keep && outcomes.length === 0,
    expiresAt: plan.keep ? plan.expiresAt?.toISOString() : undefined,
    leftBehind,
    artifactsDir: layout.root,
  };
  writeSummary(summary, layout, deps.stepSummaryFile);
  // The last word on secrets: every text artifact goes through the redactor.
  redactTree(layout.root, createRedactor(secrets));
  return { summary, outputs };
}
