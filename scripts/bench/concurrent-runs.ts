// "Four branches at once against one": N driver runs on fresh branches started together,
// the wall time until the last one ends, and the memory of all their trees at its peak.
import { join } from 'node:path';
import { type BaselineCycleRequest, runBaselineCycle } from './baseline/baseline-cycle.ts';
import { dockerCliStack } from './baseline/docker-cli-stack.ts';
import type { ConcurrencyMeasurement } from './bench-types.ts';
import { type DriverCycleRequest, runDriverCycle } from './driver-cycle.ts';
import { sampleProcessTrees } from './process-tree-sampler.ts';

export interface ConcurrentRunsRequest extends Omit<DriverCycleRequest, 'round' | 'branch' | 'logFile' | 'sampleMemory' | 'onSpawn'> {
  runs: number;
  branch: (index: number) => string;
  logDir: string;
  /** Median full cycle of one run alone, to compare with. */
  singleSeconds: number | undefined;
}

export async function runConcurrentDrivers(request: ConcurrentRunsRequest): Promise<ConcurrencyMeasurement> {
  const pids: number[] = [];
  const sampler = sampleProcessTrees(() => pids);
  const started = performance.now();
  const cycles = await Promise.all(
    Array.from({ length: request.runs }, (_, index) =>
      runDriverCycle({
        ...request,
        round: 0,
        branch: request.branch(index),
        logFile: join(request.logDir, `concurrent-${index + 1}.stderr.log`),
        sampleMemory: false,
        onSpawn: (pid) => pids.push(pid),
      }),
    ),
  );
  const wallSeconds = (performance.now() - started) / 1000;
  const peakMemory = await sampler.stop();
  return {
    runs: request.runs,
    wallSeconds,
    singleSeconds: request.singleSeconds,
    ratio: request.singleSeconds ? wallSeconds / request.singleSeconds : undefined,
    ok: cycles.every((cycle) => cycle.ok),
    ...(peakMemory ? { peakMemory } : {}),
    cycles,
  };
}

export interface ConcurrentBaselinesRequest extends Omit<BaselineCycleRequest, 'round' | 'branch'> {
  runs: number;
  branch: (index: number) => string;
  singleSeconds: number | undefined;
}

/** N docker-CLI baselines at once: how much of the driver's slowdown is the machine's. */
export async function runConcurrentBaselines(request: ConcurrentBaselinesRequest): Promise<NonNullable<ConcurrencyMeasurement['baseline']>> {
  const started = performance.now();
  const cycles = await Promise.all(
    Array.from({ length: request.runs }, (_, index) => runBaselineCycle(dockerCliStack(), { ...request, round: 0, branch: request.branch(index) })),
  );
  const wallSeconds = (performance.now() - started) / 1000;
  return {
    wallSeconds,
    singleSeconds: request.singleSeconds,
    ratio: request.singleSeconds ? wallSeconds / request.singleSeconds : undefined,
    ok: cycles.every((cycle) => cycle.ok),
    cycles,
  };
}
