// Reading the suites' reports into counts, failing test names, test ids and services at
// fault, for vitest, Playwright and JUnit XML (the load phase is a `command` suite).
import { describe, expect, it } from 'vitest';
import { renderLoadJunit } from '../../tests/env/load/junit-report.ts';
import { outcomesOfCommand } from '../../scripts/suites/command-runner.ts';
import { parseJunitXml } from '../../scripts/suites/junit-results.ts';
import { parsePlaywrightReport } from '../../scripts/suites/playwright-results.ts';
import { countOutcomes, servicesAtFault, type TestOutcome } from '../../scripts/suites/test-outcome.ts';
import { parseVitestReport } from '../../scripts/suites/vitest-results.ts';
import { outcomesOfRun, vitestReportFiles } from '../../scripts/suites/vitest-runner.ts';

const root = '/work/main';

const vitestReport = {
  numFailedTests: 1,
  testResults: [
    {
      name: '/work/main/tests/env/queue.test.ts',
      status: 'failed',
      message: '',
      assertionResults: [
        { ancestorTitles: ['item jobs'], title: 'a job is done within the bound', status: 'passed', meta: { testId: 'queue-a-1' }, tags: ['worker'], failureMessages: [] },
        { ancestorTitles: ['item jobs'], title: 'none lost, none twice', status: 'failed', meta: { testId: 'queue-b-2' }, tags: ['worker', 'slow'], failureMessages: ['lost'] },
        { ancestorTitles: [], title: 'a skipped one', status: 'skipped', meta: {}, tags: [], failureMessages: [] },
      ],
    },
    { name: '/work/main/tests/env/broken.test.ts', status: 'failed', message: 'FixtureError: EPHEMERAL_OUTPUTS is not set\n    at …', assertionResults: [] },
  ],
};

describe('parseVitestReport', () => {
  const outcomes = parseVitestReport(vitestReport, root);

  it('names each test "file > describe > title", relative to the project', () => {
    expect(outcomes.map((outcome) => outcome.name)).toEqual([
      'tests/env/queue.test.ts > item jobs > a job is done within the bound',
      'tests/env/queue.test.ts > item jobs > none lost, none twice',
      'tests/env/queue.test.ts > a skipped one',
      'tests/env/broken.test.ts > (the file failed to run: FixtureError: EPHEMERAL_OUTPUTS is not set)',
    ]);
  });

  it('keeps the test id from the meta and the tags, which name services', () => {
    expect(outcomes[1]).toEqual({ name: 'tests/env/queue.test.ts > item jobs > none lost, none twice', status: 'failed', testId: 'queue-b-2', services: ['worker', 'slow'], error: 'lost' });
    expect(outcomes[2]?.testId).toBeUndefined();
  });

  it('counts passed, failed and skipped, and lists the failures', () => {
    expect(countOutcomes(outcomes)).toEqual({
      passed: 1,
      failed: 2,
      skipped: 1,
      failures: ['tests/env/queue.test.ts > item jobs > none lost, none twice', 'tests/env/broken.test.ts > (the file failed to run: FixtureError: EPHEMERAL_OUTPUTS is not set)'],
    });
  });

  it('refuses a report of another shape', () => {
    expect(() => parseVitestReport({ results: [] }, root)).toThrow();
  });
});

describe('outcomesOfRun', () => {
  const files = vitestReportFiles('/art', 'api');

  it('puts the report files under vitest/ of the artifacts', () => {
    expect(files).toEqual({ dir: '/art/vitest', junit: '/art/vitest/api.junit.xml', json: '/art/vitest/api.json', log: '/art/vitest/api.log' });
  });

  it('fails the suite when vitest wrote no report', () => {
    const outcomes = outcomesOfRun(undefined, 1, files, root, 'tests/env/vitest.config.ts');
    expect(countOutcomes(outcomes).failures).toEqual(['tests/env/vitest.config.ts > (vitest wrote no report, exit code 1: see /art/vitest/api.log)']);
  });

  it('fails the suite when vitest exits non-zero with every test passed (an unhandled error)', () => {
    const passing = { testResults: [{ ...vitestReport.testResults[0]!, assertionResults: [vitestReport.testResults[0]!.assertionResults[0]!] }] };
    expect(countOutcomes(outcomesOfRun(passing, 1, files, root, 'tests/env/vitest.config.ts'))).toMatchObject({ passed: 1, failed: 1 });
    expect(countOutcomes(outcomesOfRun(passing, 0, files, root, 'tests/env/vitest.config.ts'))).toMatchObject({ passed: 1, failed: 0 });
  });
});

const playwrightReport = {
  config: { rootDir: '/work/main/tests/env/ui' },
  suites: [
    {
      title: 'item-flow.spec.ts',
      file: 'item-flow.spec.ts',
      specs: [],
      suites: [
        {
          title: 'items in the browser',
          file: 'item-flow.spec.ts',
          specs: [
            { title: 'alice creates an item', tags: ['web', 'worker'], tests: [{ status: 'unexpected', annotations: [{ type: 'testId', description: 'item-flow-a-1' }] }] },
            { title: 'a wrong password', tags: ['web'], tests: [{ status: 'expected', annotations: [{ type: 'testId', description: 'item-flow-b-2' }] }] },
            { title: 'later', tags: [], tests: [{ status: 'skipped', annotations: [] }] },
          ],
        },
      ],
    },
  ],
  errors: [],
  stats: { expected: 1, unexpected: 1, flaky: 0, skipped: 1 },
};

describe('parsePlaywrightReport', () => {
  it('reads nested describes, statuses, the testId annotation and the tags', () => {
    expect(parsePlaywrightReport(playwrightReport, root)).toEqual([
      { name: 'tests/env/ui/item-flow.spec.ts > items in the browser > alice creates an item', status: 'failed', testId: 'item-flow-a-1', services: ['web', 'worker'] },
      { name: 'tests/env/ui/item-flow.spec.ts > items in the browser > a wrong password', status: 'passed', testId: 'item-flow-b-2', services: ['web'] },
      { name: 'tests/env/ui/item-flow.spec.ts > items in the browser > later', status: 'skipped', testId: undefined, services: [] },
    ]);
  });

  it('turns an error outside any test into a failure', () => {
    const outcomes = parsePlaywrightReport({ ...playwrightReport, suites: [], errors: [{ message: 'Error: no Chromium found\n at x' }] }, root, 'tests/env/playwright.config.ts');
    expect(countOutcomes(outcomes).failures).toEqual(['tests/env/playwright.config.ts > (Error: no Chromium found)']);
  });
});

describe('servicesAtFault', () => {
  const outcome = (status: TestOutcome['status'], services: string[]): TestOutcome => ({ name: 'x', status, testId: undefined, services });

  it('is undefined when nothing failed, even with a service down', () => {
    expect(servicesAtFault([outcome('passed', ['api'])], ['worker'])).toBeUndefined();
  });

  it("joins the failing tests' services with the services that run no container, sorted", () => {
    expect(servicesAtFault([outcome('failed', ['web', 'api']), outcome('passed', ['db']), outcome('failed', ['api'])], ['worker'])).toEqual(['api', 'web', 'worker']);
  });

  it('ignores tags that name no known service', () => {
    expect(servicesAtFault([outcome('failed', ['worker', 'slow'])], [], ['api', 'worker'])).toEqual(['worker']);
  });

  it('is undefined when failures name no service', () => {
    expect(servicesAtFault([outcome('failed', [])])).toBeUndefined();
  });
});

describe('the load phase as tests', () => {
  it('makes one JUnit test per threshold, named with its limit and measurement, holding its service to account', () => {
    const xml = renderLoadJunit(
      [
        { name: 'p95 latency', limit: '≤ 300 ms', measured: '120 ms', passed: true, service: 'api' },
        { name: 'jobs lost', limit: '≤ 0', measured: '12 of 900', passed: false, service: 'worker' },
      ],
      31,
    );
    const outcomes = parseJunitXml(xml);
    expect(countOutcomes(outcomes)).toEqual({ passed: 1, failed: 1, skipped: 0, failures: ['load > tests/env/load/thresholds.json > jobs lost ≤ 0 (measured 12 of 900)'] });
    expect(servicesAtFault(outcomes)).toEqual(['worker']);
  });
});

describe('parseJunitXml', () => {
  const xml = `<?xml version="1.0"?>
<testsuite name="smoke" tests="3">
  <testcase classname="links" name="shortens a URL"><properties><property name="testId" value="t-1"/><property name="service" value="web"/></properties></testcase>
  <testcase classname="links" name="redirects"><failure message="404">expected 302</failure></testcase>
  <testcase classname="links" name="later"><skipped/></testcase>
</testsuite>`;

  it('reads a bare <testsuite>: statuses, test ids, services and the failure\'s message', () => {
    expect(parseJunitXml(xml)).toEqual([
      { name: 'smoke > links > shortens a URL', status: 'passed', testId: 't-1', services: ['web'] },
      { name: 'smoke > links > redirects', status: 'failed', testId: undefined, services: [], error: '404\nexpected 302' },
      { name: 'smoke > links > later', status: 'skipped', testId: undefined, services: [] },
    ]);
  });

  it('refuses what is not JUnit', () => {
    expect(() => parseJunitXml('<html><body/></html>')).toThrow(/not JUnit XML/);
  });
});

describe('outcomesOfCommand', () => {
  it('fails the suite when the command wrote no JUnit XML', () => {
    expect(countOutcomes(outcomesOfCommand('smoke', undefined, 2, '/art/smoke.log')).failures).toEqual(['smoke > (the command wrote no JUnit XML, exit code 2: see /art/smoke.log)']);
  });

  it('fails the suite when the command exits non-zero with every test passed', () => {
    const passing = '<testsuites><testsuite name="s"><testcase name="a"/></testsuite></testsuites>';
    expect(countOutcomes(outcomesOfCommand('smoke', passing, 1, '/l'))).toMatchObject({ passed: 1, failed: 1 });
    expect(countOutcomes(outcomesOfCommand('smoke', passing, 0, '/l'))).toMatchObject({ passed: 1, failed: 0 });
  });

  it('fails the suite when its JUnit XML cannot be read', () => {
    expect(countOutcomes(outcomesOfCommand('smoke', '<p>', 0, '/l')).failed).toBe(1);
  });
});
