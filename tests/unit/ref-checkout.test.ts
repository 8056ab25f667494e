// The version before as a folder, in a scratch git repository (no Docker, no Pulumi): a
// commit without ephemeral.config.ts predates the contract (exit 2), one with another
// stack declaration is refused (exit 2), one with the same is loaded from its worktree with
// the checkout's node_modules linked for an identical lockfile, and disposal removes it.
import { existsSync, lstatSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedProject } from '../../scripts/contract/load-config.ts';
import { EphemeralError } from '../../scripts/errors.ts';
import { currentProcessIdentity } from '../../scripts/lifecycle/process-identity.ts';
import { checkoutPreviousVersion, removeAbandonedCheckouts } from '../../scripts/upgrade/ref-checkout.ts';
import { resolveUpgradeSource } from '../../scripts/upgrade/upgrade-ref.ts';

const configText = (entry: string) =>
  `export default { name: 'scratch', targets: { docker: { program: () => async () => ({}) } }, entryPoints: { ${entry}: { output: 'url' } } };\n`;

let repo = '';
const program = () => async () => ({});
const current = (entry = 'web'): LoadedProject => ({
  file: join(repo, 'ephemeral.config.ts'),
  root: repo,
  config: { name: 'scratch', targets: { docker: { program } }, entryPoints: { [entry]: { output: 'url' } } },
});

async function git(args: string[]) {
  return (await execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', ...args], { cwd: repo })).stdout.trim();
}

beforeAll(async () => {
  repo = mkdtempSync(join(tmpdir(), 'ref-checkout-'));
  await git(['init', '--quiet', '--initial-branch', 'main']);
  writeFileSync(join(repo, 'package-lock.json'), '{"lockfileVersion":3}\n');
  writeFileSync(join(repo, '.gitignore'), 'node_modules/\n');
  await git(['add', '.']);
  await git(['commit', '--quiet', '-m', 'before the contract']);
  await git(['tag', 'no-contract']);
  writeFileSync(join(repo, 'ephemeral.config.ts'), configText('web'));
  await git(['add', '.']);
  await git(['commit', '--quiet', '-m', 'the contract']);
  await git(['tag', 'with-contract']);
  mkdirSync(join(repo, 'node_modules'));
});

async function failure(ref: string, project: LoadedProject): Promise<EphemeralError> {
  const folder = join(repo, '..', `${repo.split('/').at(-1)}-wt-${ref}`);
  const error = await checkoutPreviousVersion({ source: await resolveUpgradeSource(ref, repo), current: project, target: 'docker', folder }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(EphemeralError);
  expect(existsSync(folder), 'the worktree is removed after a failure').toBe(false);
  return error as EphemeralError;
}

describe('checkoutPreviousVersion', () => {
  it('refuses a ref that predates the stack contract with exit 2, naming it', async () => {
    const error = await failure('no-contract', current());
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/no-contract.*has no ephemeral\.config\.ts: it predates the stack contract/);
  });

  it('refuses a ref that declares the stack another way with exit 2', async () => {
    const error = await failure('with-contract', current('site'));
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/does not declare the stack the same way: its entry points \(web\) are not the current ones \(site\)/);
  });

  it("loads the old config from a worktree, links the checkout's node_modules for the same lockfile, and removes the worktree on disposal", async () => {
    const folder = join(repo, '..', `${repo.split('/').at(-1)}-wt-ok`);
    const previous = await checkoutPreviousVersion({ source: await resolveUpgradeSource('with-contract', repo), current: current(), target: 'docker', folder });
    expect(previous.project.root).toBe(folder);
    expect(Object.keys(previous.project.config.entryPoints)).toEqual(['web']);
    expect(previous.dependencies).toEqual({ 'package-lock.json': 'linked' });
    expect(lstatSync(join(folder, 'node_modules')).isSymbolicLink()).toBe(true);
    await previous[Symbol.asyncDispose]();
    expect(existsSync(folder)).toBe(false);
    expect(await git(['worktree', 'list'])).not.toContain(folder);
  });

  it("removes a killed run's worktree at the next checkout, and keeps a live run's", async () => {
    const parent = mkdtempSync(join(tmpdir(), 'upgrade-from-'));
    const finished = execa('true');
    await finished;
    const dead = join(parent, 'run-killed');
    const live = join(parent, 'run-live');
    for (const [folder, owner] of [
      [dead, { ...currentProcessIdentity(), pid: finished.pid ?? 0 }],
      [live, currentProcessIdentity()],
    ] as const) {
      mkdirSync(folder);
      writeFileSync(`${folder}.owner.json`, JSON.stringify(owner));
    }
    expect(await removeAbandonedCheckouts(repo, parent)).toEqual([dead]);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(`${dead}.owner.json`)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });
});
