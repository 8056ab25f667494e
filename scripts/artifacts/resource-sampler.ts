// Samples each container's CPU and memory through the run (docker stats), so a leak,
// a spike or an OOM shows up in the artifacts and the summary, tied to the run.
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

export function startResourceSampler(slug: string, file: string, intervalMs: number): ResourceSampler {
  const peaks = new Map<string, ResourcePeak>();
  // `docker stats --no-stream` takes 1.5-2 s to sample: stopping cancels the one in flight.
  const stopping = new AbortController();
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      const names = await stackContainers(slug).catch(() => []);
      if (names.length > 0) {
        const stats = await execa('docker', ['stats', '--no-stream', '--format', '{{json .}}', ...names], {
          reject: false,
          cancelSignal: stopping.signal,
        });
        if (stopping.signal.aborted) break;
        const at = new Date().toISOString();
        for (const line of stats.stdout.split('\n').filter(Boolean)) {
          const sample = JSON.parse(line) as StatsLine;
          const cpu = Number.parseFloat(sample.CPUPerc) || 0;
          const memory = parseMemory(sample.MemUsage.split('/')[0] ?? '');
          appendFileSync(file, `${JSON.stringify({ at, container: sample.Name, cpuPercent: cpu, memoryBytes: memory })}\n`);
          const peak = peaks.get(sample.Name) ?? { container: sample.Name, samples: 0, cpuMaxPercent: 0, memoryMaxBytes: 0 };
          peaks.set(sample.Name, {
            container: sample.Name,
            samples: peak.samples + 1,
            cpuMaxPercent: Math.max(peak.cpuMaxPercent, cpu),
            memoryMaxBytes: Math.max(peak.memoryMaxBytes, memory),
          });
        }
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
