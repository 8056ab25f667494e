// Playwright against the environment's web entry point, with Debian's Chromium (nothing is
// downloaded). Everything it writes goes under artifacts/…/playwright/: JUnit XML, the HTML
// report, a JSON report for the runner, and traces and screenshots of failing tests.
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { findBrowser } from '../../scripts/components/browser.ts';
import { loadEnvironmentFixture } from './fixture.ts';

const environment = loadEnvironmentFixture();
const outputDir = join(environment.artifactsDir, 'playwright');
const executablePath = findBrowser(process.env);
if (!executablePath) throw new Error('no Chromium found: apt-get install -y chromium, or set EPHEMERAL_CHROMIUM (see `npm run ephemeral -- doctor`)');

export default defineConfig({
  testDir: 'ui',
  testMatch: '**/*.spec.ts',
  outputDir: join(outputDir, 'test-results'),
  // A failing test is a failing suite: no retries, and no test.only left behind.
  retries: 0,
  forbidOnly: true,
  // Every test is independent (its own items, its own sign-in), but one browser at a time:
  // a second worker and its Chromium took 1 GiB more (2.9 GiB peak for one run), and the
  // host now runs whole runs side by side instead (see scripts/admission/).
  fullyParallel: true,
  workers: 1,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [
    ['list'],
    ['junit', { outputFile: join(outputDir, 'junit.xml') }],
    ['html', { outputFolder: join(outputDir, 'report'), open: 'never' }],
    ['json', { outputFile: join(outputDir, 'results.json') }],
  ],
  use: {
    baseURL: environment.outputs.webUrl,
    browserName: 'chromium',
    // A trace of every test, kept when it failed: its DOM snapshots, network and console, but
    // no screencast, whose frames cost the browser more CPU than the test itself; the
    // failure's screenshot is taken on its own.
    trace: { mode: 'retain-on-failure', screenshots: false, snapshots: true, sources: true },
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath,
      // No GPU process of its own (--in-process-gpu): one process less per browser.
      args: ['--no-sandbox', '--disable-gpu', '--in-process-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
});
