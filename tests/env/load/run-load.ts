// The load phase, a `command` suite of ephemeral.config.ts: virtual users through web and
// at the api at once for a bounded time, then the job audit, then the thresholds of
// thresholds.json. Writes artifacts/…/load/results.json, summary.md and junit.xml (each
// threshold a test), which the tool reads.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { environmentFixture, seededUsers } from '../fixture.ts';
import { createHttpClient, entryBaseUrl } from '../support/http-client.ts';
import { signIn } from '../support/items.ts';
import { auditJobs } from './job-audit.ts';
import { renderLoadJunit } from './junit-report.ts';
import { offeredRate, readLoadConfig } from './load-config.ts';
import { loadTestIds } from './load-test-ids.ts';
import { evaluateThresholds, type LoadResults, renderLoadSummary, trafficFigures } from './measurements.ts';
import { driveVirtualUsers, type TrafficRecord } from './virtual-users.ts';

async function main(): Promise<void> {
  const { outputs, artifactsDir } = environmentFixture();
  const config = readLoadConfig(process.env['EPHEMERAL_LOAD_SECONDS']);
  const loadDir = join(artifactsDir, 'load');
  mkdirSync(loadDir, { recursive: true });
  const abort = new AbortController();
  process.once('SIGTERM', () => abort.abort());

  const setup = createHttpClient({ baseUrl: outputs.apiUrl, testId: loadTestIds.setup });
  const [alice, bob, carol] = await Promise.all([signIn(setup, seededUsers.alice), signIn(setup, seededUsers.bob), signIn(setup, seededUsers.carol)]);
  const startedAt = new Date();
  const common = { durationSeconds: config.durationSeconds, requestsPerSecondPerUser: config.requestsPerSecondPerUser, sessions: [alice, bob], signal: abort.signal };
  const [web, api] = await Promise.all([
    driveVirtualUsers({ ...common, url: outputs.webUrl, pathPrefix: '/api', connections: config.virtualUsers.web, testId: loadTestIds.web }),
    driveVirtualUsers({ ...common, url: outputs.apiUrl, pathPrefix: '', connections: config.virtualUsers.api, testId: loadTestIds.api }),
  ]);

  const audit = createHttpClient({ baseUrl: entryBaseUrl('api', outputs), testId: loadTestIds.audit, timeoutMs: 30_000 });
  const jobs = await auditJobs(audit, carol, [...web.createdItemIds, ...api.createdItemIds], config.drainSeconds);

  const figures = (record: TrafficRecord) => trafficFigures(record.latenciesMs, record.errors, record.seconds, record.attempts);
  const seconds = Math.max(web.seconds, api.seconds);
  const traffic = {
    ...trafficFigures([...web.latenciesMs, ...api.latenciesMs], web.errors + api.errors, seconds, web.attempts + api.attempts),
    byEntry: { web: figures(web), api: figures(api) },
  };
  const results: LoadResults = {
    startedAt: startedAt.toISOString(),
    durationSeconds: config.durationSeconds,
    virtualUsers: config.virtualUsers,
    offeredRequestsPerSecond: offeredRate(config),
    traffic,
    jobs,
    thresholds: evaluateThresholds(traffic, jobs, config.thresholds, offeredRate(config)),
  };
  writeFileSync(join(loadDir, 'results.json'), `${JSON.stringify({ ...results, statusCounts: { web: web.statusCounts, api: api.statusCounts } }, null, 2)}\n`);
  writeFileSync(join(loadDir, 'summary.md'), renderLoadSummary(results));
  writeFileSync(join(loadDir, 'junit.xml'), renderLoadJunit(results.thresholds, (Date.now() - startedAt.getTime()) / 1000));
  process.stdout.write(
    `load: ${traffic.requests} requests, ${traffic.requestsPerSecond} req/s, p95 ${traffic.latencyMs.p95} ms, ` +
      `errors ${(traffic.errorRate * 100).toFixed(2)} %, jobs ${jobs.done}/${jobs.created} done, ${jobs.doneTwice} twice\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`load phase failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
