// Hits every entry point's health path, one request after another per entry point, through
// the rollout; an entry point's URL can be moved on once the new outputs are known.
import type { ProbeSample } from './probe-stats.ts';

export interface RolloutProbe {
  /** The entry point's URL from now on (the rollout may publish it on a new port). */
  moveTo(entryPoint: string, healthUrl: string): void;
  /** Stops probing; the samples by entry point. */
  stop(): Promise<Record<string, ProbeSample[]>>;
}

export interface RolloutProbeOptions {
  intervalMs: number;
  /** A request that takes longer counts as failed. */
  timeoutMs: number;
  now?: () => number;
}

export function startRolloutProbe(healthUrls: Record<string, string>, options: RolloutProbeOptions): RolloutProbe {
  const now = options.now ?? (() => performance.now());
  const stopped = new AbortController();
  const urls = new Map(Object.entries(healthUrls));
  const samples: Record<string, ProbeSample[]> = Object.fromEntries(Object.keys(healthUrls).map((name) => [name, []]));
  const probeOne = async (name: string) => {
    while (!stopped.signal.aborted) {
      const url = urls.get(name) ?? '';
      const at = now();
      let ok = false;
      try {
        const response = await fetch(url, { signal: AbortSignal.any([AbortSignal.timeout(options.timeoutMs), stopped.signal]) });
        ok = response.ok;
        await response.body?.cancel();
      } catch {
        ok = false;
      }
      // A request cut short by stop() says nothing about the entry point.
      if (!stopped.signal.aborted) samples[name]?.push({ at, ok, url });
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, options.intervalMs - (now() - at))));
    }
  };
  const loops = Object.keys(healthUrls).map(probeOne);
  return {
    moveTo(entryPoint, healthUrl) {
      urls.set(entryPoint, healthUrl);
    },
    async stop() {
      stopped.abort();
      await Promise.all(loops);
      return samples;
    },
  };
}
