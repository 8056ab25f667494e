// The load phase's arithmetic, pure: percentiles of the latencies, the threshold verdicts,
// and the short summary.md.
import type { LoadConfig } from './load-config.ts';

export interface TrafficFigures {
  requests: number;
  errors: number;
  /** Non-2xx answers, connection errors and timeouts, over all requests. */
  errorRate: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
}

export interface JobFigures {
  created: number;
  done: number;
  lost: number;
  doneTwice: number;
  /** Seconds from the end of the traffic until the last job was done. */
  drainSeconds: number;
  lostItemIds: string[];
  doneTwiceItemIds: string[];
}

export interface ThresholdVerdict {
  name: string;
  limit: string;
  measured: string;
  passed: boolean;
  /** The service a breach holds to account. */
  service: string;
}

export interface LoadResults {
  startedAt: string;
  durationSeconds: number;
  virtualUsers: { web: number; api: number };
  /** What the virtual users offered together, in requests per second. */
  offeredRequestsPerSecond: number;
  traffic: TrafficFigures & { byEntry: Record<string, TrafficFigures> };
  jobs: JobFigures;
  thresholds: ThresholdVerdict[];
}

/** Nearest-rank percentile of unsorted samples; 0 for none. */
export function percentile(samples: readonly number[], fraction: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((left, right) => left - right);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(fraction * sorted.length)));
  return sorted[rank - 1]!;
}

export function trafficFigures(latenciesMs: readonly number[], errors: number, seconds: number, attempts = latenciesMs.length): TrafficFigures {
  const requests = Math.max(attempts, latenciesMs.length);
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    requests,
    errors,
    errorRate: requests === 0 ? 0 : errors / requests,
    requestsPerSecond: seconds > 0 ? round(requests / seconds) : 0,
    latencyMs: {
      p50: round(percentile(latenciesMs, 0.5)),
      p95: round(percentile(latenciesMs, 0.95)),
      p99: round(percentile(latenciesMs, 0.99)),
      max: round(percentile(latenciesMs, 1)),
    },
  };
}

export function evaluateThresholds(traffic: TrafficFigures, jobs: JobFigures, thresholds: LoadConfig['thresholds'], offeredRequestsPerSecond: number): ThresholdVerdict[] {
  const percent = (value: number) => `${(value * 100).toFixed(2)} %`;
  const sustained = Math.round(offeredRequestsPerSecond * thresholds.minSustainedShare * 10) / 10;
  return [
    {
      // Paced users wait for each answer: a stack that answers slowly serves fewer requests
      // than were offered, which the latency of the answers alone would not show.
      name: 'sustained rate',
      limit: `≥ ${sustained} req/s (${percent(thresholds.minSustainedShare)} of ${offeredRequestsPerSecond})`,
      measured: `${traffic.requestsPerSecond} req/s`,
      passed: traffic.requests > 0 && traffic.requestsPerSecond >= sustained,
      service: 'api',
    },
    {
      name: 'p95 latency',
      limit: `≤ ${thresholds.p95LatencyMs} ms`,
      measured: `${traffic.latencyMs.p95} ms`,
      passed: traffic.requests > 0 && traffic.latencyMs.p95 <= thresholds.p95LatencyMs,
      service: 'api',
    },
    {
      name: 'error rate',
      limit: `≤ ${percent(thresholds.maxErrorRate)}`,
      measured: `${percent(traffic.errorRate)} (${traffic.errors} of ${traffic.requests})`,
      passed: traffic.requests > 0 && traffic.errorRate <= thresholds.maxErrorRate,
      service: 'api',
    },
    {
      name: 'jobs lost',
      limit: `≤ ${thresholds.maxLostJobs}`,
      measured: `${jobs.lost} of ${jobs.created}`,
      passed: jobs.created > 0 && jobs.lost <= thresholds.maxLostJobs,
      service: 'worker',
    },
    {
      name: 'jobs done twice',
      limit: `≤ ${thresholds.maxJobsDoneTwice}`,
      measured: `${jobs.doneTwice} of ${jobs.created}`,
      passed: jobs.created > 0 && jobs.doneTwice <= thresholds.maxJobsDoneTwice,
      service: 'worker',
    },
  ];
}

export function renderLoadSummary(results: LoadResults): string {
  const { traffic, jobs } = results;
  const lines = [
    '## Load',
    '',
    `${results.virtualUsers.web} virtual users through web and ${results.virtualUsers.api} straight at the api for ${results.durationSeconds} s, offering ${results.offeredRequestsPerSecond} requests a second together.`,
    '',
    '| entry | requests | req/s | p50 ms | p95 ms | p99 ms | errors |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...Object.entries({ ...traffic.byEntry, all: traffic }).map(
      ([entry, figures]) =>
        `| ${entry} | ${figures.requests} | ${figures.requestsPerSecond} | ${figures.latencyMs.p50} | ${figures.latencyMs.p95} | ${figures.latencyMs.p99} | ${figures.errors} |`,
    ),
    '',
    `Jobs: ${jobs.done} done of ${jobs.created} created, ${jobs.lost} lost, ${jobs.doneTwice} done twice; the last finished ${jobs.drainSeconds} s after the traffic stopped.`,
    '',
    '| threshold | limit | measured | |',
    '| --- | --- | --- | --- |',
    ...results.thresholds.map((verdict) => `| ${verdict.name} | ${verdict.limit} | ${verdict.measured} | ${verdict.passed ? 'passed' : '**failed**'} |`),
    '',
  ];
  return lines.join('\n');
}
