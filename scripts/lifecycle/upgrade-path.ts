// The upgrade path's steps inside `run` and `up`: deploy the old version (its images, its
// program, its seed and its `upgrade.before`) on the run's stack, then roll the same stack
// out to the current checkout with a probe on every entry point, then `upgrade.after`.
// Target-agnostic: the old version goes through the same stack source and provisioning
// seams as the current one.
import { join } from 'node:path';
import type { EngineEvent } from '@pulumi/pulumi/automation/index.js';
import type { EngineLogFiles } from '../artifacts/engine-log.ts';
import type { UpgradeStepDefinition } from '../contract/define-config.ts';
import { describeError, EphemeralError, ExitCode } from '../errors.ts';
import { resolveArgv, runProjectCommand } from '../suites/suite-process.ts';
import type { SuiteContext } from '../suites/suite-runner.ts';
import { prepareImages, programContext, stackSource } from '../targets/stack-source.ts';
import { downtimeOverLimit, entryPointDowntime } from '../upgrade/probe-stats.ts';
import type { PreviousVersion } from '../upgrade/ref-checkout.ts';
import { previousVersionError } from '../upgrade/ref-checkout.ts';
import { startRolloutProbe } from '../upgrade/rollout-probe.ts';
import { engineErrorLines, rolloutPlanOf } from '../upgrade/rollout-plan.ts';
import type { UpgradeReport } from '../upgrade/upgrade-report.ts';
import type { CycleDependencies, CycleRecord } from './cycle-skeleton.ts';
import { handOverOutputs } from './outputs-handoff.ts';
import { provisionReady } from './provision-ready.ts';
import { type EnvironmentHandle, openEnvironment } from './provision.ts';
import type { RunPlan } from './run-plan.ts';
import { runSeed } from './run-seed.ts';
import { suiteContextFor } from './suite-context.ts';

/** Probe pace: often enough to see a short gap, rare enough to load nothing. */
const probeIntervalMs = 75;
const probeTimeoutMs = 1_000;
const defaultStepSeconds = 300;

export interface UpgradeStepRequest {
  which: 'before' | 'after';
  step: UpgradeStepDefinition;
  context: SuiteContext;
}

/** `upgrade.before` failing means the old version could not take the data (exit 2); `upgrade.after` failing means the new one lost it (exit 1). */
export async function runUpgradeStep({ which, step, context }: UpgradeStepRequest): Promise<void> {
  const [program, args] = resolveArgv(step.command);
  const log = join(context.artifactsDir, `upgrade-${which}.log`);
  const result = await runProjectCommand({ program, args, prefix: `[upgrade.${which}] `, log, timeoutMs: (step.timeoutSeconds ?? defaultStepSeconds) * 1000 }, context);
  if (context.signal.aborted) throw context.signal.reason;
  if (result.exitCode === 0) return;
  const how = result.timedOut ? 'timed out' : `exited with ${result.exitCode ?? 'a signal'}`;
  throw new EphemeralError(`upgrade.${which} (${step.command.join(' ')}) ${how}${which === 'before' ? ' against the old version' : ': the new version does not serve what the old one wrote'}`, {
    code: which === 'before' ? 'E_UPGRADE_BEFORE' : 'E_UPGRADE_AFTER',
    exitCode: which === 'before' ? ExitCode.provisionFailed : ExitCode.suiteFailed,
    remedy: `read upgrade-${which}.log in the artifacts`,
  });
}

export interface PreviousDeployRequest {
  deps: CycleDependencies;
  plan: RunPlan;
  record: CycleRecord;
  previous: PreviousVersion;
  labels: Record<string, string>;
  logs: EngineLogFiles;
  slug: string;
}

/** The old version on the run's stack: its images, its program, ready, its seed, its `upgrade.before`. Returns its entry points' health URLs. */
export async function deployPreviousVersion(request: PreviousDeployRequest): Promise<Record<string, string>> {
  const { deps, plan, record, previous } = request;
  const { clock } = record;
  const project = previous.project;
  const images = await clock.time('old images', () => prepareImages(project, deps.toolchain)).catch((error: unknown) => {
    throw previousVersionError(previous.source, `its images cannot be built: ${describeError(error).split('\n')[0]}`, error);
  });
  const context = programContext(project.config, { identity: plan, target: deps.target, labels: request.labels, images, fault: undefined, ...(deps.stackConfig ? { overrides: deps.stackConfig } : {}) });
  // Not disposed: the run's own environment (the same stack) tears it down.
  const old: EnvironmentHandle = await openEnvironment({ toolchain: deps.toolchain, runtime: deps.runtime, slug: request.slug, source: stackSource(project, context) });
  const ready = await provisionReady(deps, record, old, request.logs, {
    project,
    phases: { up: 'old up', ready: 'old ready' },
    failure: (error) => previousVersionError(previous.source, describeError(error).split('\n').slice(0, 12).join('\n'), error),
  });
  using handoff = handOverOutputs(ready.outputs);
  const suiteContext = suiteContextFor(project, handoff, { artifactsDir: record.layout.root, slug: request.slug, signal: deps.signal, progress: deps.progress, extraEnv: deps.suiteEnv, workloads: deps.runtime.workloads });
  const seed = project.config.seed;
  if (seed) await clock.time('old seed', () => runSeed(seed, suiteContext));
  const before = project.config.upgrade?.before;
  if (before) await clock.time('before', () => runUpgradeStep({ which: 'before', step: before, context: suiteContext }));
  else {
    const warning = `${previous.source.ref} declares no upgrade.before: only its seed's data meets the rollout`;
    deps.progress(`upgrade: ${warning}`);
    record.warnings.push(warning);
  }
  return ready.healthUrls;
}

export interface RolloutRequest {
  deps: CycleDependencies;
  record: CycleRecord;
  environment: EnvironmentHandle;
  logs: EngineLogFiles;
  previous: PreviousVersion;
  oldHealthUrls: Record<string, string>;
}

function rolloutError(previous: PreviousVersion, cause: unknown, events: readonly EngineEvent[]): EphemeralError {
  // The engine's own error lines name the failing resource or job; the CLI's text follows.
  const named = engineErrorLines(events);
  const detail = [...named, ...describeError(cause).split('\n').slice(0, 12)].join('\n');
  return new EphemeralError(`the rollout from ${previous.source.ref} to the current checkout failed: ${detail}`, {
    code: 'E_ROLLOUT',
    exitCode: ExitCode.provisionFailed,
    remedy: 'read pulumi/up.log and logs/ in the artifacts (a migration over the old data, a service that does not start)',
    cause,
  });
}

/** `pulumi up` of the current checkout over the old stack, probed; fills `record.upgrade` also when it fails. */
export async function rollOut(request: RolloutRequest) {
  const { deps, record, environment, logs, previous } = request;
  const events: EngineEvent[] = [];
  const upLogs = { ...logs.up, onEvent: (event: EngineEvent) => (logs.up.onEvent?.(event), events.push(event)) };
  const report: UpgradeReport = {
    from: { ref: previous.source.ref, commit: previous.source.commit },
    dependencies: previous.dependencies,
    rolloutSeconds: undefined,
    plan: undefined,
    downtime: [],
    maxDowntimeMs: deps.project.config.upgrade?.maxDowntimeMs,
  };
  record.upgrade = report;
  const probe = startRolloutProbe(request.oldHealthUrls, { intervalMs: probeIntervalMs, timeoutMs: probeTimeoutMs });
  const start = performance.now();
  try {
    const ready = await provisionReady(deps, record, environment, logs, {
      phases: { up: 'rollout', ready: 'ready' },
      logs: upLogs,
      // A rollout that failed half-way is the finding, not a hiccup to retry.
      retries: 0,
      failure: (error) => rolloutError(previous, error, events),
      onHealthUrls: (urls) => {
        for (const [name, url] of Object.entries(urls)) probe.moveTo(name, url);
      },
    });
    report.rolloutSeconds = (performance.now() - start) / 1000;
    return ready;
  } finally {
    const end = performance.now();
    const samples = await probe.stop();
    report.downtime = Object.entries(samples).map(([name, seen]) => entryPointDowntime(name, seen, { start, end }));
    report.plan = rolloutPlanOf(events);
  }
}

/** The entry points down longer than `upgrade.maxDowntimeMs` fail the run (exit 1), each named. */
export function downtimeError(report: UpgradeReport): EphemeralError | undefined {
  const over = downtimeOverLimit(report.downtime, report.maxDowntimeMs);
  if (over.length === 0) return undefined;
  const names = over.map((downtime) => `${downtime.entryPoint} ${downtime.longestGapMs} ms`).join(', ');
  return new EphemeralError(`downtime during the rollout over upgrade.maxDowntimeMs (${report.maxDowntimeMs} ms): ${names}`, {
    code: 'E_DOWNTIME',
    exitCode: ExitCode.suiteFailed,
    remedy: 'make the rollout keep the entry points up (start the new container before the old one stops), or raise upgrade.maxDowntimeMs',
  });
}
