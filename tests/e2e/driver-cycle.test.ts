// The driver for real, through its CLI: a full cycle passes and leaves nothing; SIGINT
// mid-run tears down and exits 130 (kill -9 and gc: kill-recovery.test.ts); two branches
// run at once; the same branch twice runs one after the other.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ResultPromise, execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../scripts/artifacts/run-summary.ts';
import { listLabelledObjects } from '../../scripts/docker/labelled-objects.ts';
import { labelKeys } from '../../scripts/naming/labels.ts';
import { fileBackendLeftovers } from '../../scripts/pulumi/file-backend-leftovers.ts';
import { projectName } from '../../scripts/pulumi/open-stack.ts';
import { branchSlug } from '../../scripts/naming/slug.ts';
import { createToolchainContext } from '../../scripts/toolchain/toolchain-context.ts';
import { lastSummary, waitForOutput } from './support/cli-runs.ts';

const toolchain = createToolchainContext(process.env);
const artifactsRoot = join(toolchain.paths.root, 'test-artifacts');

function branchName(purpose: string): string {
  return `e2e/${purpose}-${randomBytes(3).toString('hex')}`;
}

function cli(args: string[]): ResultPromise<{ reject: false; all: true }> {
  const artifacts = args[0] === 'gc' ? [] : ['--artifacts', artifactsRoot];
  return execa('node', ['scripts/cli/main.ts', ...args, ...artifacts], { reject: false, all: true });
}

async function leftFor(branch: string) {
  return listLabelledObjects(`${labelKeys.stack}=${branchSlug(branch)}`);
}



describe('driver cycle', () => {
  it('runs the full cycle with every suite green, writes redacted artifacts and leaves nothing', async () => {
    const branch = branchName('full');
    const result = await cli(['run', '--branch', branch]);
    expect(result.exitCode, result.all).toBe(0);
    const summary = lastSummary(artifactsRoot, branch);
    expect(summary.outcome).toBe('passed');
    expect(summary.phases.map((phase) => phase.name)).toEqual([
      'lock', 'admission', 'preflight', 'images', 'start slot', 'up', 'ready', 'preview', 'seed',
      'suite api', 'suite queue', 'suite auth', 'suite data', 'suite ui', 'suite load', 'collect', 'down', 'report',
    ]);
    expect(summary.suites.map((suite) => suite.suite)).toEqual(['api', 'queue', 'auth', 'data', 'ui', 'load']);
    expect(summary.warnings, 'the preview after up must show no changes').toEqual([]);
    for (const suite of summary.suites) {
      expect(suite.failed, suite.suite).toBe(0);
      expect(suite.passed, suite.suite).toBeGreaterThan(0);
    }
    for (const report of ['vitest/api.junit.xml', 'playwright/junit.xml', 'load/results.json']) {
      expect(readdirSync(join(summary.artifactsDir, report.split('/')[0]!)), report).toContain(report.split('/')[1]);
    }
    expect(summary.services.length).toBeGreaterThanOrEqual(8);
    const inspect = readFileSync(join(summary.artifactsDir, 'logs', `${summary.slug}-api-1.inspect.json`), 'utf8');
    expect(inspect).toContain('DATABASE_URL=postgres://app:[secret]@db:5432/app');
    expect(await leftFor(branch)).toEqual([]);
    expect(fileBackendLeftovers(toolchain.paths.stateDir, projectName, summary.slug).filter((path) => existsSync(path)), 'state files of the removed stack').toEqual([]);
  });

  it.each([
    ['api-leaks-items', 'auth', 'api'],
    ['worker-stopped', 'queue', 'worker'],
  ])('with --fault %s the %s suite fails, names the tests and the service, exit 1, nothing left', async (fault, suite, service) => {
    const branch = branchName(`fault-${fault}`);
    const result = await cli(['run', '--branch', branch, '--fault', fault, '--suites', suite]);
    expect(result.exitCode, result.all).toBe(1);
    const summary = lastSummary(artifactsRoot, branch);
    expect(summary.outcome).toBe('suite-failed');
    expect(summary.fault).toBe(fault);
    const failing = summary.suites.find((counts) => counts.suite === suite);
    expect(failing?.failed).toBeGreaterThan(0);
    expect(failing?.failures.length).toBeGreaterThan(0);
    expect(failing?.serviceAtFault).toContain(service);
    expect(readFileSync(join(summary.artifactsDir, 'summary.md'), 'utf8')).toContain('Failing tests');
    expect(await leftFor(branch)).toEqual([]);
  });

  it('tears down on SIGINT in the middle of up and exits 130', async () => {
    const branch = branchName('sigint');
    const child = cli(['run', '--branch', branch, '--suites', 'api']);
    await waitForOutput(child, 'up ...');
    await sleep(4000);
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode, result.all).toBe(130);
    expect(lastSummary(artifactsRoot, branch).outcome).toBe('interrupted');
    expect(await leftFor(branch)).toEqual([]);
  });

  it('runs two branches at once, both passing', async () => {
    const [first, second] = [branchName('twin-a'), branchName('twin-b')];
    const results = await Promise.all([cli(['run', '--branch', first, '--suites', 'api']), cli(['run', '--branch', second, '--suites', 'api'])]);
    for (const result of results) expect(result.exitCode, result.all).toBe(0);
    expect([...(await leftFor(first)), ...(await leftFor(second))]).toEqual([]);
  });

  it('runs the same branch twice one after the other', async () => {
    const branch = branchName('same');
    const first = cli(['run', '--branch', branch, '--suites', 'api']);
    await waitForOutput(first, 'preflight ...');
    const second = cli(['run', '--branch', branch, '--suites', 'api']);
    const [a, b] = await Promise.all([first, second]);
    expect(a.exitCode, a.all).toBe(0);
    expect(b.exitCode, b.all).toBe(0);
    expect(b.all).toContain('lock: waiting for run');
    const runs = readdirSync(join(artifactsRoot, branchSlug(branch)))
      .map((runId) => JSON.parse(readFileSync(join(artifactsRoot, branchSlug(branch), runId, 'summary.json'), 'utf8')) as RunSummary)
      .sort((x, y) => x.startedAt.localeCompare(y.startedAt));
    const firstDown = runs[0]!.phases.find((phase) => phase.name === 'down')!;
    const secondUp = runs[1]!.phases.find((phase) => phase.name === 'up')!;
    expect(new Date(secondUp.startedAt).getTime()).toBeGreaterThanOrEqual(new Date(firstDown.startedAt).getTime());
    expect(await leftFor(branch)).toEqual([]);
  });
});
