// Samples each workload's CPU and memory through the run (here `docker stats`; the
// Kubernetes target reads the kubelet's summary with the same loop), so a leak, a spike or
// an OOM shows up in the artifacts and the summary, tied to the run.
import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { stackContainers } from './collect-service-logs.ts';

export interface ResourcePeak {
  container: string;
  samples: number;
  cpuMaxPercent: number;
  memoryMaxBytes: number;
}

interface StatsLine {
  Name: string;
  CPUPerc: string;
  MemUsage: string;
}

const units: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, kB: 1000, MB: 1000 ** 2, GB: 1000 ** 3 };

export function parseMemory(usage: string): number {
  const match = /^([\d.]+)\s*([A-Za-z]+)/.exec(usage.trim());
  return match ? Number(match[1]) * (units[match[2] ?? 'B'] ?? 1) : 0;
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

/** `docker stats` of the stack's containers. */
async function readDockerStats(slug: string, signal: AbortSignal): Promise<ResourceSample[]> {
  const names = await stackContainers(slug);
  if (names.length === 0) return [];
  // `docker stats --no-stream` takes 1.5-2 s to sample: stopping cancels the one in flight.
  const stats = await execa('docker', ['stats', '--no-stream', '--format', '{{json .}}', ...names], { reject: false, cancelSignal: signal });
  return stats.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const sample = JSON.parse(line) as StatsLine;
      return { container: sample.Name, cpuPercent: Number.parseFloat(sample.CPUPerc) || 0, memoryBytes: parseMemory(sample.MemUsage.split('/')[0] ?? '') };
    });
}

export function startResourceSampler(slug: string, file: string, intervalMs: number): ResourceSampler {
  return startSampling((signal) => readDockerStats(slug, signal), file, intervalMs);
}
