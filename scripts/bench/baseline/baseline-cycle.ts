// One cycle of a baseline, phase for phase like the driver's run: provision to ready
// (every container ready, then the same health probes from the host), seed, the suites,
// collect (each container's log and inspect data), teardown and the label check. The
// stack is removed on every way out, by the baseline and then by label.
import { dockerWorkloads } from '../../docker/docker-runtime.ts';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { artifactLayout } from '../../artifacts/artifact-layout.ts';
import { collectServiceLogs } from '../../artifacts/collect-service-logs.ts';
import { createRedactor } from '../../artifacts/redact.ts';
import { redactTree } from '../../artifacts/redact-tree.ts';
import { listLabelledObjects } from '../../docker/labelled-objects.ts';
import { removeLabelledObjects } from '../../docker/remove-labelled-objects.ts';
import { describeError } from '../../errors.ts';
import type { CoordinationStore } from '../../coordination/coordination-store.ts';
import { acquireBranchLock } from '../../lifecycle/branch-lock.ts';
import { PhaseClock } from '../../lifecycle/phase-clock.ts';
import type { LoadedProject } from '../../contract/load-config.ts';
import { handOverOutputs } from '../../lifecycle/outputs-handoff.ts';
import { runSeed } from '../../lifecycle/run-seed.ts';
import { runSuites } from '../../lifecycle/run-suites.ts';
import { suiteContextFor } from '../../lifecycle/suite-context.ts';
import { newRunId } from '../../lifecycle/run-plan.ts';
import { labelKeys, stackLabels } from '../../naming/labels.ts';
import { branchSlug } from '../../naming/slug.ts';
import { httpHealthProbe } from '../../readiness/http-health-probe.ts';
import { waitUntilReady } from '../../readiness/wait-until-ready.ts';
import type { SuiteResult } from '../../suites/suite-runner.ts';
import { entryPointUrls } from '../../targets/environment-outputs.ts';
import { usageError } from '../../errors.ts';
import type { CycleMeasurement, TimelineEntry } from '../bench-types.ts';
import { canonicalPhases, suitesCovered, withTotals } from '../phase-names.ts';
import { type ContainerInspect, containerTimeline, mergeTimelines, shortName } from '../provision-timeline.ts';
import type { BaselineContext, BaselineStack } from './baseline-stack.ts';
import { secretEnvironment } from './stack-plan.ts';

export interface BaselineCycleRequest {
  round: number;
  branch: string;
  /** The project whose entry points, seed and suites the baseline uses, as the driver does. */
  project: LoadedProject;
  /** The config's image tags and the base images, by name. */
  images: Record<string, string>;
  suites: string[];
  loadSeconds: number | undefined;
  artifactsRoot: string;
  coordination: CoordinationStore;
  /** The state backend whose gc removes what a broken baseline leaves (it has no stack of its own). */
  backendUrl: string;
  signal: AbortSignal;
  progress: (line: string) => void;
}

/** `docker port` prints `127.0.0.1:49153` (one line per binding). */
export function publishedUrl(dockerPortOutput: string): string {
  const [first] = dockerPortOutput.split('\n').filter(Boolean);
  if (!first) throw new Error('the container publishes no port');
  return `http://${first.trim()}`;
}

async function dockerPublishedUrl(container: string, containerPort: number): Promise<string> {
  return publishedUrl((await execa('docker', ['port', container, `${containerPort}/tcp`])).stdout);
}

function readInspects(logsDir: string): ContainerInspect[] {
  return readdirSync(logsDir)
    .filter((file) => file.endsWith('.inspect.json'))
    .flatMap((file) => {
      try {
        return JSON.parse(readFileSync(join(logsDir, file), 'utf8')) as ContainerInspect[];
      } catch {
        return [];
      }
    });
}

export async function runBaselineCycle(stack: BaselineStack, request: BaselineCycleRequest): Promise<CycleMeasurement> {
  const now = new Date();
  const slug = branchSlug(request.branch);
  const runId = newRunId(now);
  // Expires soon: a bench that died leaves objects `gc` reaps.
  const labels = stackLabels({ slug, branch: request.branch, runId, expiresAt: new Date(now.getTime() + 60 * 60_000) }, request.backendUrl);
  const layout = artifactLayout(request.artifactsRoot, slug, runId);
  mkdirSync(layout.logsDir, { recursive: true });
  const bench = request.project.config.bench;
  if (!bench) throw usageError(`${request.project.file} has no bench.baseline`, 'give the stack as plain data under bench.baseline (README, "Your own stack") to compare it with the docker CLI and docker-compose');
  const baseline = bench.baseline({ slug, labels, images: request.images });
  const { plan } = baseline;
  const clock = new PhaseClock(request.progress);
  const marks = new Map<string, TimelineEntry>();
  let origin = performance.now();
  const context: BaselineContext = {
    secretEnv: secretEnvironment(plan),
    signal: request.signal,
    logFile: join(layout.root, `${stack.variant}.log`),
    record(name, kind, field) {
      const key = shortName(name, slug);
      const entry = marks.get(key) ?? { name: key, kind };
      entry[field] = Math.round(performance.now() - origin) / 1000;
      marks.set(key, entry);
    },
  };
  let suites: SuiteResult[] = [];
  const errors: string[] = [];
  let leftBehind: string[] = [];

  // The branch lock keeps a concurrent `gc` off these labelled objects while they live.
  await using _lock = await acquireBranchLock({
    store: request.coordination,
    slug,
    owner: { runId },
    mode: 'fail',
    signal: request.signal,
    waitTimeoutMs: 0,
    progress: request.progress,
  });
  const started = performance.now();
  try {
    const outputs = await clock.time('provision', async () => {
      origin = performance.now();
      await stack.provision(plan, context);
      const ready = (await baseline.outputs(dockerPublishedUrl)) as Record<string, unknown>;
      const entryPoints = request.project.config.entryPoints;
      const urls = entryPointUrls(entryPoints, ready);
      const probes = Object.entries(entryPoints).flatMap(([name, entry]) => (entry.health && urls[name] ? [httpHealthProbe(name, new URL(entry.health, urls[name]).href)] : []));
      await waitUntilReady(probes, { timeoutMs: 60_000, intervalMs: 250, signal: request.signal });
      context.record('ready', 'ready', 'done');
      return ready;
    });
    using handoff = handOverOutputs(outputs);
    const { config } = request.project;
    const extraEnv: Record<string, string> = request.loadSeconds === undefined ? {} : { EPHEMERAL_LOAD_SECONDS: String(request.loadSeconds) };
    const suiteContext = suiteContextFor(request.project, handoff, { artifactsDir: layout.root, slug, signal: request.signal, progress: request.progress, extraEnv, workloads: dockerWorkloads });
    const seed = config.seed;
    if (seed) await clock.time('seed', () => runSeed(seed, suiteContext));
    suites = await runSuites({ definitions: config.suites ?? [], selected: request.suites, context: suiteContext, clock });
    const failing = suites.filter((suite) => suite.failed > 0);
    if (failing.length > 0) errors.push(`failing suites: ${failing.map((suite) => `${suite.suite} (${suite.failures.join('; ')})`).join(', ')}`);
  } catch (error) {
    errors.push(describeError(error));
  } finally {
    await clock.time('collect', () => collectServiceLogs(slug, layout.logsDir)).catch((error: unknown) => errors.push(`collect: ${describeError(error)}`));
    await clock
      .time('teardown', async () => {
        await stack.teardown(plan, context);
        leftBehind = (await listLabelledObjects(`${labelKeys.stack}=${slug}`)).map((object) => `${object.kind} ${object.name}`);
      })
      .catch((error: unknown) => errors.push(`teardown: ${describeError(error)}`));
  }
  const wallSeconds = (performance.now() - started) / 1000;
  // Outside the clock: whatever the baseline's own teardown missed goes by label.
  const remaining = await removeLabelledObjects(`${labelKeys.stack}=${slug}`);
  if (remaining.length > 0) errors.push(`still left after the label sweep: ${remaining.join(', ')}`);
  redactTree(layout.root, createRedactor(new Set(baseline.secrets)));

  return {
    variant: stack.variant,
    round: request.round,
    slug,
    ok: errors.length === 0 && leftBehind.length === 0,
    wallSeconds,
    phases: withTotals(canonicalPhases(clock.phases), wallSeconds, suitesCovered(clock.phases)),
    suites: suites.map(({ suite, passed, failed, skipped }) => ({ suite, passed, failed, skipped })),
    timeline: mergeTimelines([...marks.values()], containerTimeline(readInspects(layout.logsDir), performance.timeOrigin + origin, slug)),
    leftBehind,
    ...(errors.length > 0 ? { error: errors.join('\n') } : {}),
    artifactsDir: layout.root,
  };
}
