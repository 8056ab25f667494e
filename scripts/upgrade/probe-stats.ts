// What the probe saw of one entry point through the rollout: requests, failed requests,
// and the longest time without a good answer (the downtime). Pure: samples in, figures out.

export interface ProbeSample {
  /** When the request was sent, in ms (any clock, the same for the window). */
  at: number;
  ok: boolean;
  /** The URL probed: an entry point may move when its container is replaced. */
  url: string;
}

export interface EntryPointDowntime {
  entryPoint: string;
  requests: number;
  failed: number;
  /** The longest span of the window with no good answer, in ms. */
  longestGapMs: number;
  /** Every URL the entry point answered on, in order (more than one: it moved). */
  urls: string[];
}

/**
 * The longest gap: from the window's start, between good answers, and to the window's end.
 * A good answer at `at` proves the entry point up at that instant, nothing more.
 */
export function longestGapMs(samples: readonly ProbeSample[], window: { start: number; end: number }): number {
  let last = window.start;
  let longest = 0;
  for (const sample of [...samples].sort((a, b) => a.at - b.at)) {
    if (!sample.ok) continue;
    longest = Math.max(longest, sample.at - last);
    last = sample.at;
  }
  return Math.round(Math.max(longest, window.end - last));
}

export function entryPointDowntime(entryPoint: string, samples: readonly ProbeSample[], window: { start: number; end: number }): EntryPointDowntime {
  return {
    entryPoint,
    requests: samples.length,
    failed: samples.filter((sample) => !sample.ok).length,
    longestGapMs: longestGapMs(samples, window),
    urls: [...new Set(samples.map((sample) => sample.url))],
  };
}

/** The entry points down longer than the limit, worst first. */
export function downtimeOverLimit(downtimes: readonly EntryPointDowntime[], maxDowntimeMs: number | undefined): EntryPointDowntime[] {
  if (maxDowntimeMs === undefined) return [];
  return downtimes.filter((downtime) => downtime.longestGapMs > maxDowntimeMs).sort((a, b) => b.longestGapMs - a.longestGapMs);
}
