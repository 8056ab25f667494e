// Variant (a): one `ephemeral run` on a fresh branch, as a user starts it (its own Node
// process), timed from spawn to exit; its phases from the summary it prints with --json,
// its memory sampled through /proc, its provision timeline from the engine's event log.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import type { RunSummary } from '../artifacts/run-summary.ts';
import { listLabelledObjects } from '../docker/labelled-objects.ts';
import { labelKeys } from '../naming/labels.ts';
import { branchSlug } from '../naming/slug.ts';
import { projectRoot } from '../toolchain/pins.ts';
import type { CycleMeasurement, TimelineEntry, VariantName } from './bench-types.ts';
import { driverPhases } from './phase-names.ts';
import { sampleProcessTrees } from './process-tree-sampler.ts';
import { type ContainerInspect, containerTimeline, engineTimeline, mergeTimelines, parseEventLines } from './provision-timeline.ts';

export const cliScript = 'scripts/cli/main.ts';

export interface DriverCycleRequest {
  round: number;
  branch: string;
  suites: string[];
  /** Passed on only when the driver's `run` takes --load-seconds. */
  loadSeconds: number | undefined;
  artifactsRoot: string;
  /** Where the driver's stderr goes. */
  logFile: string;
  signal: AbortSignal;
  /** Sample this run's process tree for its peak memory (off when a caller samples several at once). */
  sampleMemory: boolean;
  onSpawn?: (pid: number) => void;
  /** (u): `run --upgrade-from REF` (`true`: the flag alone); measured as the variant `upgrade`. */
  upgradeFrom?: string | true | undefined;
  /** (k): `run --target kubernetes`; default: the driver's default target (docker). */
  target?: 'kubernetes' | undefined;
  /** Settings on top of the bench's environment; (s) gets its PULUMI_BACKEND_URL and passphrase here. */
  env?: Record<string, string> | undefined;
  /** The variant this cycle is measured as; default (a), or (u) with upgradeFrom. */
  variant?: DriverVariant | undefined;
  /** What of the run's slug is still there afterwards; default: Docker objects labelled with it. */
  findLeftovers?: ((slug: string) => Promise<string[]>) | undefined;
}

export type DriverVariant = Extract<VariantName, 'driver' | 'upgrade' | 'postgres' | 'kubernetes'>;

export async function labelledDockerObjects(slug: string): Promise<string[]> {
  return (await listLabelledObjects(`${labelKeys.stack}=${slug}`)).map((object) => `${object.kind} ${object.name}`);
}

/** Why a run that printed no summary failed: its `{ ok: false, error }` answer, or what is known. Pure. */
export function failedRunReason(stdout: string, exitCode: number | string, logFile: string): string {
  try {
    const answer = JSON.parse(stdout) as { error?: unknown };
    if (typeof answer.error === 'string') return `exit ${exitCode}: ${answer.error.split('\n')[0]}`;
  } catch {
    // Not JSON: the process died before its answer.
  }
  return `the driver exited with ${exitCode} without a summary; see ${logFile}`;
}

export function driverRunArgs(request: Pick<DriverCycleRequest, 'branch' | 'suites' | 'loadSeconds' | 'artifactsRoot' | 'upgradeFrom' | 'target'>): string[] {
  return [
    cliScript,
    'run',
    '--branch',
    request.branch,
    '--json',
    '--artifacts',
    request.artifactsRoot,
    '--suites',
    request.suites.join(','),
    ...(request.loadSeconds === undefined ? [] : ['--load-seconds', String(request.loadSeconds)]),
    ...(request.target === undefined ? [] : ['--target', request.target]),
    ...(request.upgradeFrom === undefined ? [] : request.upgradeFrom === true ? ['--upgrade-from'] : ['--upgrade-from', request.upgradeFrom]),
  ];
}

/** Whether the driver's `run` takes an option (its --help lists it). */
export async function driverRunTakes(option: string): Promise<boolean> {
  const help = await execa(process.execPath, [cliScript, 'run', '--help'], { cwd: projectRoot, reject: false });
  return help.stdout.includes(option);
}

function provisionTimeline(summary: RunSummary): TimelineEntry[] {
  const up = summary.phases.find((phase) => phase.name === 'up');
  const ready = summary.phases.find((phase) => phase.name === 'ready');
  if (!up) return [];
  const originMs = Date.parse(up.startedAt);
  const eventsFile = join(summary.artifactsDir, 'pulumi', 'events.jsonl');
  const events = existsSync(eventsFile) ? engineTimeline(parseEventLines(readFileSync(eventsFile, 'utf8')), originMs, summary.slug) : [];
  const logsDir = join(summary.artifactsDir, 'logs');
  const inspects = existsSync(logsDir)
    ? readdirSync(logsDir)
        .filter((file) => file.endsWith('.inspect.json'))
        .flatMap((file) => JSON.parse(readFileSync(join(logsDir, file), 'utf8')) as ContainerInspect[])
    : [];
  const marks: TimelineEntry[] = [{ name: 'up returned', kind: 'engine', done: Math.round(up.seconds * 1000) / 1000 }];
  if (ready) marks.push({ name: 'ready', kind: 'ready', done: Math.round((up.seconds + ready.seconds) * 1000) / 1000 });
  return mergeTimelines(events, containerTimeline(inspects, originMs, summary.slug), marks);
}

export async function runDriverCycle(request: DriverCycleRequest): Promise<CycleMeasurement> {
  const slug = branchSlug(request.branch);
  const started = performance.now();
  const child = execa(process.execPath, driverRunArgs(request), {
    cwd: projectRoot,
    reject: false,
    // SIGTERM makes the driver tear down; give it the time to.
    cancelSignal: request.signal,
    forceKillAfterDelay: 120_000,
    stderr: { file: request.logFile, append: true },
    ...(request.env ? { env: request.env } : {}),
  });
  if (child.pid !== undefined) request.onSpawn?.(child.pid);
  const sampler = request.sampleMemory ? sampleProcessTrees(() => (child.pid === undefined ? [] : [child.pid])) : undefined;
  const result = await child;
  const wallSeconds = (performance.now() - started) / 1000;
  const peakMemory = await sampler?.stop();
  const leftover = await (request.findLeftovers ?? labelledDockerObjects)(slug);
  const variant = request.variant ?? (request.upgradeFrom === undefined ? 'driver' : 'upgrade');
  const base = { variant, round: request.round, slug, wallSeconds, ...(peakMemory ? { peakMemory } : {}), ...(result.exitCode === undefined ? {} : { exitCode: result.exitCode }) };
  let summary: RunSummary | undefined;
  try {
    summary = JSON.parse(result.stdout) as RunSummary;
  } catch {
    summary = undefined;
  }
  if (!summary || !Array.isArray(summary.phases)) {
    return {
      ...base,
      ok: false,
      phases: { 'full cycle': wallSeconds },
      suites: [],
      timeline: [],
      leftBehind: leftover,
      error: failedRunReason(result.stdout, result.exitCode ?? result.signal ?? 'nothing', request.logFile),
      artifactsDir: request.artifactsRoot,
    };
  }
  const leftBehind = [...new Set([...summary.leftBehind, ...leftover])];
  return {
    ...base,
    ok: summary.exitCode === 0 && leftBehind.length === 0,
    phases: driverPhases(summary.phases, wallSeconds),
    suites: summary.suites.map(({ suite, passed, failed, skipped }) => ({ suite, passed, failed, skipped })),
    timeline: provisionTimeline(summary),
    leftBehind,
    ...(summary.exitCode === 0 ? {} : { error: `exit ${summary.exitCode} (${summary.outcome}): ${summary.errors.join('; ')}` }),
    artifactsDir: summary.artifactsDir,
  };
}
