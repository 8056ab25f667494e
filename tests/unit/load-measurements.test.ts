// The load phase's arithmetic: percentiles, figures, threshold verdicts, the summary.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluateThresholds, type JobFigures, percentile, renderLoadSummary, trafficFigures } from '../../tests/env/load/measurements.ts';
import { loadConfigSchema, readLoadConfig } from '../../tests/env/load/load-config.ts';

const jobs = (overrides: Partial<JobFigures> = {}): JobFigures => ({
  created: 100,
  done: 100,
  lost: 0,
  doneTwice: 0,
  drainSeconds: 1.5,
  lostItemIds: [],
  doneTwiceItemIds: [],
  ...overrides,
});
const thresholds = { p95LatencyMs: 300, minSustainedShare: 0.9, maxErrorRate: 0.001, maxLostJobs: 0, maxJobsDoneTwice: 0 };
// 1,000 requests in 10 s: what the tests' virtual users offered.
const offered = 100;

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(samples, 0.95)).toBe(95);
    expect(percentile(samples, 0.5)).toBe(50);
    expect(percentile(samples, 1)).toBe(100);
    expect(percentile([], 0.95)).toBe(0);
  });

  it('is always one of the samples, and never above the maximum', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1 }), fc.double({ min: 0.01, max: 1, noNaN: true }), (samples, fraction) => {
        const value = percentile(samples, fraction);
        return samples.includes(value) && value <= Math.max(...samples);
      }),
    );
  });
});

describe('trafficFigures', () => {
  it('counts unanswered requests in the error rate', () => {
    const figures = trafficFigures([10, 20, 30, 40], 2, 2, 5);
    expect(figures).toMatchObject({ requests: 5, errors: 2, errorRate: 0.4, requestsPerSecond: 2.5 });
    expect(figures.latencyMs.p95).toBe(40);
  });
});

describe('evaluateThresholds', () => {
  const healthy = trafficFigures(Array.from({ length: 1_000 }, () => 50), 0, 10);

  it('passes a healthy run', () => {
    expect(evaluateThresholds(healthy, jobs(), thresholds, offered).every((verdict) => verdict.passed)).toBe(true);
  });

  it('fails a lost job on the worker and a slow p95 on the api', () => {
    const slow = trafficFigures(Array.from({ length: 1_000 }, (_, index) => (index < 900 ? 50 : 900)), 0, 10);
    const verdicts = evaluateThresholds(slow, jobs({ lost: 1, done: 99 }), thresholds, offered);
    expect(verdicts.filter((verdict) => !verdict.passed).map((verdict) => [verdict.name, verdict.service])).toEqual([
      ['p95 latency', 'api'],
      ['jobs lost', 'worker'],
    ]);
  });

  it('fails a stack that fell behind the offered rate, on the api', () => {
    const behind = trafficFigures(Array.from({ length: 800 }, () => 50), 0, 10);
    const verdicts = evaluateThresholds(behind, jobs(), thresholds, offered);
    expect(verdicts.filter((verdict) => !verdict.passed).map((verdict) => [verdict.name, verdict.measured, verdict.service])).toEqual([['sustained rate', '80 req/s', 'api']]);
    expect(evaluateThresholds(trafficFigures(Array.from({ length: 900 }, () => 50), 0, 10), jobs(), thresholds, offered).every((verdict) => verdict.passed)).toBe(true);
  });

  it('fails a job done twice, and an error rate over the limit', () => {
    const failing = trafficFigures(Array.from({ length: 1_000 }, () => 50), 2, 10);
    const verdicts = evaluateThresholds(failing, jobs({ doneTwice: 1 }), thresholds, offered);
    expect(verdicts.filter((verdict) => !verdict.passed).map((verdict) => verdict.name)).toEqual(['error rate', 'jobs done twice']);
  });

  it('fails a run that made no request or created no job: no traffic proves nothing', () => {
    const verdicts = evaluateThresholds(trafficFigures([], 0, 10), jobs({ created: 0, done: 0 }), thresholds, offered);
    expect(verdicts.every((verdict) => !verdict.passed)).toBe(true);
  });
});

describe('the load config', () => {
  it('is valid as committed, and the duration can be overridden', () => {
    expect(loadConfigSchema.safeParse(readLoadConfig()).success).toBe(true);
    expect(readLoadConfig('5').durationSeconds).toBe(5);
    expect(() => readLoadConfig('soon')).toThrow(/EPHEMERAL_LOAD_SECONDS/);
  });
});

describe('renderLoadSummary', () => {
  it('shows the figures and each verdict', () => {
    const traffic = { ...trafficFigures([10, 20], 0, 1), byEntry: { web: trafficFigures([10], 0, 1), api: trafficFigures([20], 0, 1) } };
    const markdown = renderLoadSummary({
      startedAt: '2026-01-01T00:00:00.000Z',
      durationSeconds: 1,
      virtualUsers: { web: 1, api: 1 },
      offeredRequestsPerSecond: 2,
      traffic,
      jobs: jobs({ lost: 3, done: 97 }),
      thresholds: evaluateThresholds(traffic, jobs({ lost: 3, done: 97 }), thresholds, 2),
    });
    expect(markdown).toContain('offering 2 requests a second together');
    expect(markdown).toContain('| all | 2 | 2 | 10 | 20 | 20 | 0 |');
    expect(markdown).toContain('Jobs: 97 done of 100 created, 3 lost, 0 done twice');
    expect(markdown).toContain('| jobs lost | ≤ 0 | 3 of 100 | **failed** |');
  });
});
