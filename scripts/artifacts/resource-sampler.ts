// Samples each workload's CPU and memory through the run (here the engine's stats; the
// Kubernetes target reads the kubelet's summary with the same loop), so a leak, a spike or
// an OOM shows up in the artifacts and the summary, tied to the run.
import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { engineJson } from '../docker/engine-api.ts';
import { stackContainers } from './collect-service-logs.ts';

export interface ResourcePeak {
  container: string;
  samples: number;
  cpuMaxPercent: number;
  memoryMaxBytes: number;
}

/** The part of the engine's stats of a container that a sample reads. */
export interface EngineStats {
  cpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage?: number; online_cpus?: number };
  memory_stats: { usage?: number; stats?: Record<string, number> };
}

/**
 * Memory in use as `docker stats` shows it: the usage less the inactive page cache
 * (total_inactive_file under cgroup v1, inactive_file under v2). Pure.
 */
export function memoryInUse(memory: EngineStats['memory_stats']): number {
  const usage = memory.usage ?? 0;
  const inactive = memory.stats?.['total_inactive_file'] ?? memory.stats?.['inactive_file'] ?? 0;
  return inactive < usage ? usage - inactive : usage;
}

/** CPU between two stats of one container, in percent of one core (as `docker stats`, over the whole gap). Pure. */
export function cpuPercentBetween(before: EngineStats['cpu_stats'], after: EngineStats['cpu_stats']): number {
  const used = after.cpu_usage.total_usage - before.cpu_usage.total_usage;
  const system = (after.system_cpu_usage ?? 0) - (before.system_cpu_usage ?? 0);
  if (used <= 0 || system <= 0) return 0;
  return (used / system) * (after.online_cpus ?? 1) * 100;
}

export interface ResourceSampler {
  stop(): Promise<ResourcePeak[]>;
}

/** One look at each workload: its CPU (percent of one core) and memory in use. */
export interface ResourceSample {
  container: string;
  cpuPercent: number;
  memoryBytes: number;
}

/** Reads one sample of every workload; cancelled by `signal` when the sampler stops. */
export type SampleReader = (signal: AbortSignal) => Promise<ResourceSample[]>;

/** Samples with `read` every `intervalMs` into `file` (JSON lines) until stopped; returns each workload's peaks. */
export function startSampling(read: SampleReader, file: string, intervalMs: number): ResourceSampler {
  const peaks = new Map<string, ResourcePeak>();
  const stopping = new AbortController();
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      const samples = await read(stopping.signal).catch(() => []);
      if (stopping.signal.aborted) break;
      const at = new Date().toISOString();
      for (const sample of samples) {
        appendFileSync(file, `${JSON.stringify({ at, ...sample })}\n`);
        const peak = peaks.get(sample.container) ?? { container: sample.container, samples: 0, cpuMaxPercent: 0, memoryMaxBytes: 0 };
        peaks.set(sample.container, {
          container: sample.container,
          samples: peak.samples + 1,
          cpuMaxPercent: Math.max(peak.cpuMaxPercent, sample.cpuPercent),
          memoryMaxBytes: Math.max(peak.memoryMaxBytes, sample.memoryBytes),
        });
      }
      await sleep(intervalMs, undefined, { signal: stopping.signal }).catch(() => undefined);
    }
  })();
  return {
    async stop() {
      stopping.abort();
      await loop;
      return [...peaks.values()].sort((a, b) => a.container.localeCompare(b.container));
    },
  };
}

/**
 * The engine's stats of the stack's containers, one call each without its own wait
 * (one-shot): CPU is measured between this sample and the last, so the first sample of a
 * container has none.
 */
function dockerStatsReader(slug: string): SampleReader {
  const last = new Map<string, EngineStats['cpu_stats']>();
  return async (signal) => {
    const names = await stackContainers(slug);
    const read = await Promise.all(
      names.map((name) => engineJson<EngineStats>('GET', `/containers/${encodeURIComponent(name)}/stats?stream=false&one-shot=true`, { signal }).catch(() => undefined)),
    );
    return names.flatMap((name, index) => {
      const stats = read[index];
      // Stopped or gone: the engine has no counters for it.
      if (!stats?.memory_stats.usage) return [];
      const before = last.get(name);
      last.set(name, stats.cpu_stats);
      return [{ container: name, cpuPercent: before ? cpuPercentBetween(before, stats.cpu_stats) : 0, memoryBytes: memoryInUse(stats.memory_stats) }];
    });
  };
}

export function startResourceSampler(slug: string, file: string, intervalMs: number): ResourceSampler {
  return startSampling(dockerStatsReader(slug), file, intervalMs);
}
