// Variant (a): one `ephemeral run` on a fresh branch, as a user starts it (its own Node
// process), timed from spawn to exit; its phases from the summary it prints with --json,
// its memory sampled through /proc, its provision timeline from the engine's event log.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import type { RunSummary } from '../artifacts/run-summary.ts';
import { listLabelledObjects } from '../docker/labelled-objects.ts';
import { describeError } from '../errors.ts';
import { labelKeys } from '../naming/labels.ts';
import { branchSlug } from '../naming/slug.ts';
import { projectRoot } from '../toolchain/pins.ts';
import type { CycleMeasurement, TimelineEntry } from './bench-types.ts';
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
}

export function driverRunArgs(request: Pick<DriverCycleRequest, 'branch' | 'suites' | 'loadSeconds' | 'artifactsRoot' | 'upgradeFrom'>): string[] {
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
  });
  if (child.pid !== undefined) request.onSpawn?.(child.pid);
  const sampler = request.sampleMemory ? sampleProcessTrees(() => (child.pid === undefined ? [] : [child.pid])) : undefined;
  const result = await child;
  const wallSeconds = (performance.now() - started) / 1000;
  const peakMemory = await sampler?.stop();
  const leftover = (await listLabelledObjects(`${labelKeys.stack}=${slug}`)).map((object) => `${object.kind} ${object.name}`);
  const base = { variant: request.upgradeFrom === undefined ? ('driver' as const) : ('upgrade' as const), round: request.round, slug, wallSeconds, ...(peakMemory ? { peakMemory } : {}) };
  let summary: RunSummary;
  try {
    summary = JSON.parse(result.stdout) as RunSummary;
    if (!Array.isArray(summary.phases)) throw new Error('no phases in its --json output');
  } catch (error) {
    return {
      ...base,
      ok: false,
      phases: { 'full cycle': wallSeconds },
      suites: [],
      timeline: [],
      leftBehind: leftover,
      error: `the driver exited with ${result.exitCode ?? result.signal ?? 'nothing'} without a summary (${describeError(error)}); see ${request.logFile}`,
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
