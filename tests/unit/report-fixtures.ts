// Summaries as a run writes them, for the report's, the comment's and the history's tests.
import type { RunSummary } from '../../scripts/artifacts/run-summary.ts';

export function passedSummary(overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    runId: '20261203T101256-faedce',
    branch: 'feature/report',
    slug: 'feature-report',
    project: 'reference',
    outcome: 'passed',
    exitCode: 0,
    startedAt: '2026-12-03T10:12:56.000Z',
    seconds: 90,
    phases: [
      { name: 'lock', startedAt: '2026-12-03T10:12:56.000Z', seconds: 0.1, ok: true },
      { name: 'up', startedAt: '2026-12-03T10:12:57.000Z', seconds: 12, ok: true },
      { name: 'ready', startedAt: '2026-12-03T10:13:09.000Z', seconds: 1, ok: true },
      { name: 'suite api', startedAt: '2026-12-03T10:13:11.000Z', seconds: 20, ok: true },
      { name: 'suite queue', startedAt: '2026-12-03T10:13:11.500Z', seconds: 18, ok: true },
      { name: 'suite ui', startedAt: '2026-12-03T10:13:32.000Z', seconds: 40, ok: true },
      { name: 'collect', startedAt: '2026-12-03T10:14:12.000Z', seconds: 1, ok: true },
      { name: 'down', startedAt: '2026-12-03T10:14:13.000Z', seconds: 3, ok: true },
    ],
    suites: [{ suite: 'api', passed: 10, failed: 0, skipped: 0, seconds: 20, failures: [] }],
    fault: undefined,
    outputs: { webUrl: 'http://127.0.0.1:40001', apiUrl: 'http://127.0.0.1:40002', adminPassword: '[secret]' },
    services: [{ container: 'feature-report-api-1', lines: 40, errorLines: 0, serverErrors: 0, exitCode: undefined, health: 'healthy', restarts: 0, oomKilled: false }],
    resources: [{ container: 'feature-report-api-1', samples: 2, cpuMaxPercent: 30, memoryMaxBytes: 80 * 1024 ** 2 }],
    errors: [],
    warnings: [],
    kept: false,
    expiresAt: undefined,
    leftBehind: [],
    artifactsDir: '/tmp/artifacts/feature-report/20261203T101256-faedce',
    ...overrides,
  };
}

export const failingTestName = 'tests/env/queue.test.ts > item jobs > a job is done <within> the bound';
export const failingTestId = 'queue-item-jobs-a-job-is-done-20f86e65';
export const logSlicePath = `logs/by-test/${failingTestId}.log`;

export function failedSummary(overrides: Partial<RunSummary> = {}): RunSummary {
  return passedSummary({
    outcome: 'suite-failed',
    exitCode: 1,
    fault: 'worker-stopped',
    suites: [
      {
        suite: 'queue',
        passed: 1,
        failed: 1,
        skipped: 0,
        seconds: 18,
        failures: [failingTestName],
        serviceAtFault: ['worker'],
        failingTests: [{ name: failingTestName, testId: failingTestId, error: 'FlowError: the worker did not finish <item> within 10 s', logSlice: logSlicePath }],
      },
      {
        suite: 'ui',
        passed: 0,
        failed: 1,
        skipped: 0,
        seconds: 40,
        failures: ['tests/env/ui/item-flow.spec.ts > alice sees the result'],
        failingTests: [
          {
            name: 'tests/env/ui/item-flow.spec.ts > alice sees the result',
            error: 'Expected: "done"',
            attachments: [
              { name: 'screenshot', path: 'playwright/test-results/item-flow/test-failed-1.png' },
              { name: 'trace', path: 'playwright/test-results/item-flow/trace.zip' },
            ],
          },
        ],
      },
    ],
    errors: ['2 failing tests (service at fault: worker)'],
    ...overrides,
  });
}
