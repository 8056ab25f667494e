// What the report gets of each failing test: the runners' error message and Playwright's
// files (trace, screenshot), with paths relative to the run's artifact folder.
import { describe, expect, it } from 'vitest';
import { failingTestDetails } from '../../scripts/suites/finish-suite.ts';
import { parsePlaywrightReport } from '../../scripts/suites/playwright-results.ts';
import { parseVitestReport } from '../../scripts/suites/vitest-results.ts';

const artifactsDir = '/work/artifacts/feature/run-1';

describe('failing test details', () => {
  it('reads a Playwright test\'s error and its trace and screenshot, without colour codes', () => {
    const report = {
      config: { rootDir: '/work/tests/env/ui' },
      suites: [
        {
          title: 'flow.spec.ts',
          file: 'flow.spec.ts',
          specs: [
            {
              title: 'signs in',
              tags: ['@web'],
              tests: [
                {
                  status: 'unexpected',
                  annotations: [{ type: 'testId', description: 'flow-signs-in-1' }],
                  results: [
                    {
                      error: { message: '\u001b[31mExpected: "done"\u001b[39m' },
                      attachments: [
                        { name: 'screenshot', contentType: 'image/png', path: `${artifactsDir}/playwright/test-results/flow/test-failed-1.png` },
                        { name: 'trace', contentType: 'application/zip', path: `${artifactsDir}/playwright/test-results/flow/trace.zip` },
                        { name: 'stdout', contentType: 'text/plain', body: 'no path' },
                      ],
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    const [outcome] = parsePlaywrightReport(report, '/work');
    expect(outcome?.error).toBe('Expected: "done"');
    expect(failingTestDetails([outcome!], new Set(['flow-signs-in-1']), artifactsDir)).toEqual([
      {
        name: 'tests/env/ui/flow.spec.ts > signs in',
        testId: 'flow-signs-in-1',
        error: 'Expected: "done"',
        logSlice: 'logs/by-test/flow-signs-in-1.log',
        attachments: [
          { name: 'screenshot', path: 'playwright/test-results/flow/test-failed-1.png' },
          { name: 'trace', path: 'playwright/test-results/flow/trace.zip' },
        ],
      },
    ]);
  });

  it('keeps a vitest failure\'s first message, and names no slice for a test without one', () => {
    const outcomes = parseVitestReport(
      { testResults: [{ name: '/work/tests/env/api.test.ts', status: 'failed', assertionResults: [{ ancestorTitles: [], title: 'lists', status: 'failed', failureMessages: ['', 'AssertionError: 500'] }] }] },
      '/work',
    );
    expect(failingTestDetails(outcomes, new Set(), artifactsDir)).toEqual([{ name: 'tests/env/api.test.ts > lists', error: 'AssertionError: 500' }]);
  });

  it('lists only failed tests, and a file outside the artifacts keeps its path', () => {
    const details = failingTestDetails(
      [
        { name: 'a', status: 'passed', testId: 'a-1', services: [] },
        { name: 'b', status: 'failed', testId: 'b-1', services: [], attachments: [{ name: 'trace', path: '/elsewhere/trace.zip' }] },
      ],
      new Set(['b-1']),
      artifactsDir,
    );
    expect(details).toEqual([{ name: 'b', testId: 'b-1', logSlice: 'logs/by-test/b-1.log', attachments: [{ name: 'trace', path: '/elsewhere/trace.zip' }] }]);
  });
});
