// The upgrade path for real: a throwaway clone of this repository at HEAD gets one commit on
// top (a new, compatible migration), and `run --upgrade-from <HEAD before it>` deploys the
// old version, writes data through it, rolls the same stack out to the new one and reads
// the data back; with a downtime limit it cannot meet, the run fails (exit 1). The planted migration-breaks-old-rows fault fails that rollout with the
// migrate job named, and passes on an empty database. A REF that cannot be resolved is
// exit 64; one that predates the stack contract is exit 2; neither deploys anything. The
// same rollout and the same breakage on the kubernetes target (the local cluster).
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../scripts/artifacts/run-summary.ts';
import { listLabelledObjects } from '../../scripts/docker/labelled-objects.ts';
import { labelKeys } from '../../scripts/naming/labels.ts';
import { branchSlug } from '../../scripts/naming/slug.ts';

const root = join(import.meta.dirname, '..', '..');
let clone = '';
let base = '';
let artifactsRoot = '';

async function git(args: string[], cwd = clone) {
  return (await execa('git', args, { cwd })).stdout.trim();
}

function cli(args: string[], branch: string) {
  return execa('node', ['scripts/cli/main.ts', 'run', ...args, '--branch', branch, '--artifacts', artifactsRoot, '--json'], { cwd: clone, reject: false, all: true, timeout: 900_000 });
}

function summaryOf(stdout: string): RunSummary {
  return JSON.parse(stdout) as RunSummary;
}

async function nothingLeft(branch: string) {
  expect(await listLabelledObjects(`${labelKeys.stack}=${branchSlug(branch)}`)).toEqual([]);
}

const branchFor = (what: string) => `e2e/upgrade-${what}-${randomBytes(3).toString('hex')}`;

beforeAll(async () => {
  mkdirSync(join(root, 'test-results'), { recursive: true });
  const scratch = mkdtempSync(join(root, 'test-results', 'upgrade-clone-'));
  clone = join(scratch, 'repo');
  artifactsRoot = join(scratch, 'artifacts');
  await execa('git', ['clone', '--quiet', '--no-hardlinks', root, clone]);
  // The clone's lockfiles are this checkout's: its installed packages serve it as they are.
  for (const folder of ['.', 'app']) symlinkSync(join(root, folder, 'node_modules'), join(clone, folder, 'node_modules'), 'dir');
  // The old version too carries a config that only tightens the downtime limit (both commits must declare the stack).
  writeFileSync(
    join(clone, 'downtime-limit.config.ts'),
    "import reference from './ephemeral.config.ts';\n\nexport default { ...reference, upgrade: { ...reference.upgrade, maxDowntimeMs: 1 } };\n",
  );
  await git(['add', 'downtime-limit.config.ts']);
  await git(['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.test', 'commit', '--quiet', '-m', 'a config with a downtime limit no rollout meets']);
  base = await git(['rev-parse', 'HEAD']);
  // The "branch": one compatible migration more, so the app image and every container of it change.
  const next = String(readdirSync(join(clone, 'app', 'migrations')).filter((file) => file.endsWith('.sql')).length + 1).padStart(3, '0');
  const migration = `app/migrations/${next}_items_note.sql`;
  writeFileSync(join(clone, migration), '-- The upgrade-path e2e test\'s compatible change: a nullable column.\nALTER TABLE items ADD COLUMN note text;\n');
  await git(['add', migration]);
  await git(['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.test', 'commit', '--quiet', '-m', 'a compatible migration over old rows']);
}, 120_000);

afterAll(async () => {
  if (clone) rmSync(join(clone, '..'), { recursive: true, force: true });
});

describe('run --upgrade-from', () => {
  it('deploys the old version, rolls the same stack out to the checkout, and reads back what the old version wrote', async () => {
    const branch = branchFor('pass');
    const run = await cli(['--upgrade-from', base, '--suites', 'api'], branch);
    expect(run.exitCode, run.all).toBe(0);
    const summary = summaryOf(run.stdout);
    const phases = summary.phases.map((phase) => phase.name);
    expect(phases).toEqual(expect.arrayContaining(['checkout', 'old up', 'old seed', 'before', 'rollout', 'after', 'suite api']));
    expect(phases.indexOf('before')).toBeLessThan(phases.indexOf('rollout'));
    expect(phases.indexOf('rollout')).toBeLessThan(phases.indexOf('after'));
    const upgrade = summary.upgrade!;
    expect(upgrade.from.commit).toBe(base);
    expect(upgrade.dependencies['package-lock.json']).toBe('linked');
    // A new image: the migrate job and every app container are replaced; the database stays.
    const replaced = upgrade.plan!.replaced.join(' ');
    for (const service of ['migrate', 'api-1', 'worker-1', 'web']) expect(replaced).toContain(`${branchSlug(branch)}-${service} `);
    expect(replaced).not.toContain('-db-data');
    expect(upgrade.rolloutSeconds).toBeGreaterThan(0);
    expect(upgrade.downtime.map((entry) => entry.entryPoint).sort()).toEqual(['api', 'web']);
    for (const entry of upgrade.downtime) expect(entry.requests).toBeGreaterThan(0);
    expect(readFileSync(join(summary.artifactsDir, 'upgrade-after.log'), 'utf8')).toContain('items of the old version read back');
    expect(readFileSync(join(summary.artifactsDir, 'summary.md'), 'utf8')).toContain('### Upgrade path');
    await nothingLeft(branch);
  }, 900_000);

  it('fails the run with exit 1, naming the entry points, when the rollout is down longer than upgrade.maxDowntimeMs', async () => {
    const branch = branchFor('downtime');
    const run = await cli(['--upgrade-from', base, '--config', 'downtime-limit.config.ts', '--suites', 'api'], branch);
    expect(run.exitCode, run.all).toBe(1);
    const summary = summaryOf(run.stdout);
    expect(summary.suites).toMatchObject([{ suite: 'api', failed: 0 }]);
    const errors = summary.errors.join('\n');
    expect(errors).toContain('downtime during the rollout over upgrade.maxDowntimeMs (1 ms)');
    for (const entry of summary.upgrade!.downtime) expect(errors).toContain(`${entry.entryPoint} ${entry.longestGapMs} ms`);
    await nothingLeft(branch);
  }, 900_000);

  it('fails the rollout over old rows with the migrate job named when the migration is incompatible', async () => {
    const branch = branchFor('break');
    const run = await cli(['--upgrade-from', base, '--fault', 'migration-breaks-old-rows', '--suites', 'api'], branch);
    expect(run.exitCode, run.all).toBe(2);
    const summary = summaryOf(run.stdout);
    const errors = summary.errors.join('\n');
    expect(errors).toContain('the rollout from');
    expect(errors).toContain(`${branchSlug(branch)}-migrate exited with 1`);
    expect(errors).toContain('900_items_reviewer_required.sql failed');
    expect(summary.phases.find((phase) => phase.name === 'rollout')?.ok).toBe(false);
    expect(summary.phases.some((phase) => phase.name === 'after')).toBe(false);
    await nothingLeft(branch);
  }, 900_000);

  it('passes the same migration on an empty database', async () => {
    const branch = branchFor('empty');
    const run = await cli(['--fault', 'migration-breaks-old-rows', '--suites', 'api'], branch);
    expect(run.exitCode, run.all).toBe(0);
    expect(summaryOf(run.stdout).upgrade).toBeUndefined();
    await nothingLeft(branch);
  }, 900_000);

  it('refuses a ref git cannot resolve with exit 64, naming it', async () => {
    const branch = branchFor('bad-ref');
    const run = await cli(['--upgrade-from', 'no-such-ref-at-all'], branch);
    expect(run.exitCode, run.all).toBe(64);
    expect(run.all).toContain('"no-such-ref-at-all"');
    await nothingLeft(branch);
  });

  it('fails with exit 2 for a ref that predates the stack contract, deploying nothing', async () => {
    const added = (await git(['log', '--diff-filter=A', '--format=%H', '--', 'ephemeral.config.ts'])).split('\n').at(-1);
    const branch = branchFor('old-ref');
    const run = await cli(['--upgrade-from', `${added}~1`, '--suites', 'api'], branch);
    expect(run.exitCode, run.all).toBe(2);
    expect(summaryOf(run.stdout).errors.join('\n')).toContain('predates the stack contract');
    await nothingLeft(branch);
  }, 300_000);

  it('on the kubernetes target: rolls the namespace out over the old data, and names the migrate job of an incompatible migration', async () => {
    const { connectToCluster } = await import('../../scripts/kubernetes/cluster-access.ts');
    const { listLabelledNamespaces } = await import('../../scripts/kubernetes/labelled-namespaces.ts');
    const { resolveClusterPaths } = await import('../../scripts/cluster/cluster-paths.ts');
    const { createToolchainContext } = await import('../../scripts/toolchain/toolchain-context.ts');
    const toolchain = createToolchainContext(process.env);
    const clients = await connectToCluster({ kubeconfig: resolveClusterPaths(toolchain.paths, toolchain.pins.kubernetes).kubeconfig, context: undefined });
    const [pass, broken] = [branchFor('k8s-pass'), branchFor('k8s-break')];
    const kubernetes = ['--target', 'kubernetes', '--upgrade-from', base, '--suites', 'api'];
    const passing = await cli(kubernetes, pass);
    expect(passing.exitCode, passing.all).toBe(0);
    const upgrade = summaryOf(passing.stdout).upgrade!;
    // A new image: the migrate Job is replaced, the app's Deployments roll; the database stays.
    expect(upgrade.plan!.replaced.join(' ')).toContain(`${branchSlug(pass)}-migrate `);
    const changed = [...upgrade.plan!.replaced, ...upgrade.plan!.updated].join(' ');
    for (const service of ['api', 'worker', 'web']) expect(changed).toContain(`${branchSlug(pass)}-${service} `);
    expect(changed).not.toContain(`${branchSlug(pass)}-db `);
    expect(readFileSync(join(summaryOf(passing.stdout).artifactsDir, 'upgrade-after.log'), 'utf8')).toContain('items of the old version read back');
    const failing = await cli([...kubernetes, '--fault', 'migration-breaks-old-rows'], broken);
    expect(failing.exitCode, failing.all).toBe(2);
    const summary = summaryOf(failing.stdout);
    expect(summary.errors.join('\n')).toMatch(/the rollout from[\s\S]*-migrate[\s\S]*exit code 1/);
    const migrateLog = readdirSync(join(summary.artifactsDir, 'logs')).find((file) => file.startsWith('migrate-'));
    expect(readFileSync(join(summary.artifactsDir, 'logs', migrateLog ?? 'missing'), 'utf8')).toContain('900_items_reviewer_required.sql failed');
    for (const branch of [pass, broken]) expect(await listLabelledNamespaces(clients, branchSlug(branch))).toEqual([]);
  }, 900_000);
});
