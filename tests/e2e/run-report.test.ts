// report.html of real runs, opened in Chromium from disk: a passing run and a run with a
// planted fault (the worker stopped). Every section is on each page, the failing run shows
// a failing test with its log slice, the page loads nothing from the network, and a
// screenshot of each report lands in its run's artifacts as report.png. The runs also
// reach the history and the pull request comment.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../scripts/artifacts/run-summary.ts';
import { findBrowser } from '../../scripts/components/browser.ts';
import { createToolchainContext } from '../../scripts/toolchain/toolchain-context.ts';

const toolchain = createToolchainContext(process.env);
const artifactsRoot = join(toolchain.paths.root, 'test-artifacts');
// Written out here, not imported from the renderer: a section the page loses fails this test.
const sections = ['outcome', 'timeline', 'slow-phases', 'failures', 'services', 'resources', 'why-not-ready', 'left-behind', 'errors', 'outputs'];
const suffix = randomBytes(3).toString('hex');
const passingBranch = `e2e/report-pass-${suffix}`;
const faultyBranch = `e2e/report-fault-${suffix}`;

function cli(args: string[]) {
  // `history` reads the cache's history, not the artifacts.
  const where = args[0] === 'history' ? [] : ['--artifacts', artifactsRoot];
  return execa('node', ['scripts/cli/main.ts', ...args, ...where], { reject: false, all: true, timeout: 540_000, env: { CI: 'true' } });
}

interface FinishedRun {
  summary: RunSummary;
  stdout: string;
  stderr: string;
}

let passing: FinishedRun;
let faulty: FinishedRun;
let browser: Browser;

beforeAll(async () => {
  // Both at once, as a team's branches run: the host's admission lets them share it.
  const [passed, failed] = await Promise.all([
    // Without --json: a terminal run's output ends with the report's path.
    cli(['run', '--branch', passingBranch, '--suites', 'api']),
    cli(['run', '--branch', faultyBranch, '--fault', 'worker-stopped', '--suites', 'queue,ui', '--json']),
  ]);
  expect(passed.exitCode, passed.all).toBe(0);
  expect(failed.exitCode, failed.all).toBe(1);
  const artifactsLine = passed.stdout.split('\n').find((line) => line.startsWith('  artifacts: '));
  const passingDir = artifactsLine?.slice('  artifacts: '.length).trim() ?? '';
  passing = { summary: JSON.parse(readFileSync(join(passingDir, 'summary.json'), 'utf8')) as RunSummary, stdout: passed.stdout, stderr: passed.stderr };
  faulty = { summary: JSON.parse(failed.stdout) as RunSummary, stdout: failed.stdout, stderr: failed.stderr };
  const executablePath = findBrowser(process.env);
  if (!executablePath) throw new Error('no Chromium: run `npm run ephemeral -- bootstrap`');
  browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
}, 600_000);

afterAll(async () => {
  await browser?.close();
});

/** Opens the report from disk; every request that is not a file of the run fails the test. */
async function openReport(summary: RunSummary) {
  const file = join(summary.artifactsDir, 'report.html');
  expect(existsSync(file), `${file} was written`).toBe(true);
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const remote: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith('file://') && !request.url().startsWith('data:')) remote.push(request.url());
  });
  await page.goto(pathToFileURL(file).href);
  return { page, remote, file };
}

describe('run report', () => {
  it('a terminal run ends with the path of report.html; --json carries it as reportFile', () => {
    const reportFile = join(passing.summary.artifactsDir, 'report.html');
    expect(passing.stdout.trimEnd().split('\n').at(-1)).toBe(`  report: ${reportFile}`);
    expect(passing.stderr).toContain(`report: ${reportFile}`);
    expect(faulty.summary.reportFile).toBe(join(faulty.summary.artifactsDir, 'report.html'));
    expect(faulty.summary.phases.map((phase) => phase.name)).toContain('report');
  });

  it('the passing run\'s report has every section, says passed, and loads nothing from the network', async () => {
    const { page, remote } = await openReport(passing.summary);
    try {
      for (const id of sections) await expect(page.locator(`[data-section="${id}"]`).count(), `section ${id}`).resolves.toBe(1);
      expect(await page.locator('body').getAttribute('data-outcome')).toBe('passed');
      expect(await page.locator('[data-section="outcome"]').innerText()).toContain('exit 0');
      expect(await page.locator('[data-section="failures"]').innerText()).toContain('No test failed.');
      // CPU and memory were sampled through the run.
      expect(await page.locator('[data-section="resources"] svg polyline').count()).toBeGreaterThan(0);
      expect(await page.locator('[data-section="services"] tr[data-service]').count()).toBeGreaterThan(0);
      expect(remote).toEqual([]);
      await page.screenshot({ path: join(passing.summary.artifactsDir, 'report.png'), fullPage: true });
    } finally {
      await page.close();
    }
  });

  it('the faulty run\'s report has every section, a failing test with its error, its log slice and its trace', async () => {
    const { page, remote } = await openReport(faulty.summary);
    try {
      for (const id of sections) await expect(page.locator(`[data-section="${id}"]`).count(), `section ${id}`).resolves.toBe(1);
      expect(await page.locator('body').getAttribute('data-outcome')).toBe('suite-failed');
      const failing = faulty.summary.suites.flatMap((suite) => suite.failingTests ?? []);
      const sliced = failing.find((test) => test.logSlice && test.testId);
      expect(sliced, 'a failing test with a log slice').toBeTruthy();
      const article = page.locator(`article[data-test="${sliced!.name.replaceAll('"', '\\"')}"]`);
      await expect(article.count()).resolves.toBe(1);
      expect(await article.locator('pre.error').innerText()).toContain((sliced!.error ?? '').split('\n')[0]);
      const slice = article.locator(`[data-log-slice="${sliced!.logSlice}"] pre`);
      expect(await slice.textContent()).toContain(`x-test-id: ${sliced!.testId}`);
      expect(await page.locator('[data-section="failures"]').innerText()).toContain('worker');
      // The ui suite's failures come with their Playwright trace, linked beside the page.
      const trace = page.locator('[data-section="failures"] a[data-attachment="trace"]').first();
      const href = await trace.getAttribute('href');
      expect(href, 'a link to a Playwright trace').toBeTruthy();
      expect(existsSync(join(faulty.summary.artifactsDir, decodeURIComponent(href!))), `${href} lies in the artifacts`).toBe(true);
      expect(remote).toEqual([]);
      await page.screenshot({ path: join(faulty.summary.artifactsDir, 'report.png'), fullPage: true });
    } finally {
      await page.close();
    }
  });

  it('both runs are in the history, and the faulty run\'s comment names its failing tests', async () => {
    const history = await cli(['history', '--branch', faultyBranch, '--json']);
    expect(history.exitCode, history.all).toBe(0);
    const runs = (JSON.parse(history.stdout) as { runs: Array<{ runId: string; outcome: string; phases: Record<string, number> }> }).runs;
    expect(runs.map((run) => [run.runId, run.outcome])).toEqual([[faulty.summary.runId, 'suite-failed']]);
    expect(runs[0]?.phases['up']).toBeGreaterThan(0);
    const comment = await cli(['report', '--format', 'github-comment', '--branch', faultyBranch]);
    expect(comment.exitCode, comment.all).toBe(0);
    expect(comment.stdout.split('\n')[0]).toBe(`<!-- ephemeral:${faulty.summary.slug} -->`);
    expect(comment.stdout).toContain(faulty.summary.suites.flatMap((suite) => suite.failures)[0]);
  });
});
