// The skeleton `run` and `test` share: the branch lock (and the check that the slug is the
// branch's), the artifact layout, a host slot, the work itself, then the summary and the
// last word on secrets, whatever failed. The work fills in a CycleRecord as it goes.
import { mkdirSync } from 'node:fs';
import { type HostSlot, type SlotPool, acquireHostSlot } from '../admission/host-slots.ts';
import { yieldToEarlierRuns } from '../admission/run-priority.ts';
import { type ArtifactLayout, artifactLayout } from '../artifacts/artifact-layout.ts';
import type { ServiceLogSummary } from '../artifacts/collect-service-logs.ts';
import { createRedactor } from '../artifacts/redact.ts';
import { redactTree } from '../artifacts/redact-tree.ts';
import type { ResourcePeak } from '../artifacts/resource-sampler.ts';
import type { RunOutcome, RunSummary, SuiteCounts } from '../artifacts/run-summary.ts';
import type { ToolchainContext } from '../components/component.ts';
import type { LoadedProject } from '../contract/load-config.ts';
import type { TargetName } from '../contract/define-config.ts';
import { assertStackOwnedBy } from '../environments/stack-ownership.ts';
import { describeError } from '../errors.ts';
import { type EnvironmentOutputs, redactOutputs } from '../targets/environment-outputs.ts';
import type { TargetRuntime } from '../targets/target-runtime.ts';
import { type ConcurrencyMode, acquireBranchLock } from './branch-lock.ts';
import { outcomeExitCode, outcomeOfError, worstOutcome } from './outcome.ts';
import { type PhaseRecord, PhaseClock } from './phase-clock.ts';
import { type HistoryHook, compareWithHistory, recordInHistory } from '../history/compare-with-history.ts';
import { writeRunReport } from '../report/write-report.ts';
import type { RunPlan } from './run-plan.ts';
import { writeSummary } from './write-summary.ts';
import type { UpgradeReport } from '../upgrade/upgrade-report.ts';

export interface CycleDependencies {
  toolchain: ToolchainContext;
  project: LoadedProject;
  target: TargetName;
  /** The target's engine or cluster: readiness, evidence and teardown go through it. */
  runtime: TargetRuntime;
  signal: AbortSignal;
  progress: (line: string) => void;
  engineOutput: (text: string) => void;
  artifactsRoot: string;
  concurrency: ConcurrencyMode;
  stepSummaryFile: string | undefined;
  /** A preview after up that shows changes fails the run. */
  strict: boolean;
  suites: string[];
  /** Runs the host takes at once; a run beyond that queues for a slot. */
  hostRunLimit: number;
  /** Stacks that start (up and ready) at once on the host. */
  hostStartLimit: number;
  /** Under GitHub Actions: registers secrets with the runner before anything prints them. */
  maskSecrets?: ((values: Iterable<string>) => void) | undefined;
  /** Extra variables for every suite (the bench shortens the load phase with one). */
  suiteEnv?: Record<string, string>;
  /** Stack config over the project's own (the bench sizes the stack with it). */
  stackConfig?: Record<string, string | number | boolean>;
  /** The project's run history: slow phases flagged against the default branch, this run appended. */
  history?: HistoryHook | undefined;
}

/** What the work of a cycle found, for the summary. */
export interface CycleRecord {
  layout: ArtifactLayout;
  clock: PhaseClock;
  /** Every value Pulumi marks secret, from the outputs and the state. */
  secrets: Set<string>;
  secretOutputNames: string[];
  outputs: EnvironmentOutputs | undefined;
  suites: SuiteCounts[];
  services: ServiceLogSummary[];
  resources: ResourcePeak[];
  errors: string[];
  warnings: string[];
  outcomes: RunOutcome[];
  leftBehind: string[];
  kept: boolean;
  /** When the run asked the host for admission: its place in line for the start and measurement slots. */
  admittedSince: string | undefined;
  /** With --upgrade-from: the rollout's plan, duration and downtime. */
  upgrade?: UpgradeReport;
  fail(error: unknown): void;
}

/** A host slot for this run: one of the run slots, a start slot, or the one measurement slot; `since`: its place in line. */
export function takeHostSlot(deps: CycleDependencies, plan: RunPlan, pool: SlotPool, since?: string): Promise<HostSlot> {
  return acquireHostSlot({
    since,
    internalLocks: deps.toolchain.paths.internalLocks,
    pool,
    limit: pool === 'runs' ? deps.hostRunLimit : pool === 'provision' ? deps.hostStartLimit : 1,
    owner: { runId: plan.runId, branch: plan.branch },
    signal: deps.signal,
    progress: deps.progress,
  });
}

/**
 * The measurement slot, with the stack's workloads first on the host's CPU while it is
 * held: the latency measured is the stack's, not its neighbours'. Not being able to
 * favour them is a warning, never the run's failure.
 */
export async function takeMeasurementSlot(deps: CycleDependencies, plan: RunPlan, record: CycleRecord): Promise<AsyncDisposable> {
  const slot = await takeHostSlot(deps, plan, 'measure', record.admittedSince);
  const warn = (error: unknown) => void record.warnings.push(`CPU priority of the stack while its latency is measured: ${describeError(error)}`);
  const giveBack = await deps.runtime.favourWorkloads(plan.slug).catch((error: unknown) => (warn(error), async () => undefined));
  return {
    async [Symbol.asyncDispose]() {
      await giveBack().catch(warn);
      await slot.release();
    },
  };
}

/**
 * Runs `start` (up and ready) while holding the host's slot for starting a stack: stacks
 * start one at a time (or one per two cores), in the order their runs were admitted.
 */
export async function startAlone<T>(deps: CycleDependencies, plan: RunPlan, record: CycleRecord, start: () => Promise<T>): Promise<T> {
  await using _slot = await record.clock.time('start slot', () => takeHostSlot(deps, plan, 'provision', record.admittedSince));
  return await start();
}

/** report.html from the summary, timed as the phase `report` (the bench counts it); a failure is a warning. */
function writeReportTimed(summary: RunSummary): { phase: PhaseRecord } {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  try {
    summary.reportFile = writeRunReport(summary);
  } catch (error) {
    summary.warnings.push(`report.html: ${describeError(error)}`);
  }
  return { phase: { name: 'report', startedAt, seconds: (performance.now() - started) / 1000, ok: summary.reportFile !== undefined } };
}

export async function runWithSkeleton(plan: RunPlan, deps: CycleDependencies, work: (record: CycleRecord) => Promise<void>): Promise<{ summary: RunSummary; record: CycleRecord }> {
  const startedAt = new Date();
  const layout = artifactLayout(deps.artifactsRoot, plan.slug, plan.runId);
  for (const dir of [layout.pulumiDir, layout.logsDir, layout.metricsDir]) mkdirSync(dir, { recursive: true });
  const record: CycleRecord = {
    layout,
    clock: new PhaseClock(deps.progress),
    secrets: new Set(),
    secretOutputNames: [],
    outputs: undefined,
    suites: [],
    services: [],
    resources: [],
    errors: [],
    warnings: [],
    outcomes: [],
    leftBehind: [],
    kept: false,
    admittedSince: undefined,
    fail(error) {
      record.errors.push(describeError(error));
      record.outcomes.push(outcomeOfError(error, deps.signal.aborted));
    },
  };
  try {
    await using _lock = await record.clock.time('lock', () =>
      acquireBranchLock({
        store: deps.toolchain.coordination,
        slug: plan.slug,
        owner: { runId: plan.runId, branch: plan.branch },
        mode: deps.concurrency,
        signal: deps.signal,
        waitTimeoutMs: 30 * 60_000,
        progress: deps.progress,
      }),
    );
    // Under the lock, nobody else can take the slug between this check and the work.
    await assertStackOwnedBy(deps.toolchain.coordination, plan.slug, plan.branch);
    await using slot = await record.clock.time('admission', () => takeHostSlot(deps, plan, 'runs'));
    record.admittedSince = slot.since;
    yieldToEarlierRuns(slot.ahead, deps.progress);
    await work(record);
  } catch (error) {
    record.fail(error);
  }
  const outcome = worstOutcome(record.outcomes);
  const summary: RunSummary = {
    runId: plan.runId,
    branch: plan.branch,
    slug: plan.slug,
    project: deps.project.config.name,
    outcome,
    exitCode: outcomeExitCode[outcome],
    startedAt: startedAt.toISOString(),
    seconds: (Date.now() - startedAt.getTime()) / 1000,
    phases: record.clock.phases,
    suites: record.suites,
    fault: plan.fault,
    outputs: record.outputs && redactOutputs(record.outputs, record.secretOutputNames),
    services: record.services,
    resources: record.resources,
    errors: record.errors,
    warnings: record.warnings,
    kept: record.kept,
    expiresAt: record.kept ? plan.expiresAt?.toISOString() : undefined,
    leftBehind: record.leftBehind,
    artifactsDir: layout.root,
    ...(record.upgrade ? { upgrade: record.upgrade } : {}),
  };
  if (deps.history) {
    const warning = await compareWithHistory(summary, deps.history);
    if (warning) summary.warnings.push(warning);
  }
  const report = writeReportTimed(summary);
  summary.phases = [...summary.phases, report.phase];
  writeSummary(summary, layout, deps.stepSummaryFile);
  if (deps.history) {
    const warning = await recordInHistory(summary, deps.history);
    if (warning) deps.progress(warning);
  }
  // The last word on secrets: every text artifact (report.html too) goes through the redactor.
  redactTree(layout.root, createRedactor(record.secrets));
  if (summary.reportFile) deps.progress(`report: ${summary.reportFile}`);
  return { summary, record };
}
