// Adoption from another repository: `init` in a scratch repository writes a starting config,
// program, env suite and workflow, and the tool runs that stack's whole cycle, leaving nothing.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { listLabelledObjects } from '../../scripts/docker/labelled-objects.ts';
import { labelKeys } from '../../scripts/naming/labels.ts';
import { branchSlug } from '../../scripts/naming/slug.ts';

const root = join(import.meta.dirname, '..', '..');
const cliPath = join(root, 'scripts', 'cli', 'main.ts');

describe('init in a scratch repository', () => {
  it('writes a starter that runs its whole cycle green', async () => {
    // Inside the checkout, so the starter's imports (@pulumi/docker, vitest) resolve as a dev dependency's would.
    mkdirSync(join(root, 'test-results'), { recursive: true });
    const repo = mkdtempSync(join(root, 'test-results', 'scratch-repo-'));
    const init = await execa('node', [cliPath, 'init', '--name', 'scratch'], { cwd: repo, reject: false, all: true });
    expect(init.exitCode, init.all).toBe(0);
    // A team imports the tool as the package `ephemeral`; this checkout stands in for it.
    for (const path of ['ephemeral.config.ts', 'infra/ephemeral/program.ts']) {
      const file = join(repo, path);
      writeFileSync(file, readFileSync(file, 'utf8').replace("'ephemeral/scripts/", `'${root}/scripts/`));
    }
    const branch = `e2e/init-${randomBytes(3).toString('hex')}`;
    const run = await execa('node', [cliPath, 'run', '--branch', branch, '--json'], { cwd: repo, reject: false, all: true, timeout: 600_000 });
    expect(run.exitCode, run.all).toBe(0);
    const summary = JSON.parse(run.stdout) as { project: string; suites: Array<{ suite: string; passed: number }>; outputs: Record<string, unknown> };
    expect(summary.project).toBe('scratch');
    expect(summary.suites).toMatchObject([{ suite: 'smoke', passed: 1 }]);
    expect(summary.outputs['greeting']).toBe('[secret]');
    expect(await listLabelledObjects(`${labelKeys.stack}=${branchSlug(branch)}`)).toEqual([]);
  });
});
