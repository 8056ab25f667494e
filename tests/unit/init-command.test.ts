// `ephemeral init`: lists with --dry-run and writes nothing, writes the starter files, never
// overwrites (exit 64 naming them), and what it writes follows the contract.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initCommand } from '../../scripts/cli/init-command.ts';
import { loadProjectConfig } from '../../scripts/contract/load-config.ts';

const root = join(import.meta.dirname, '..', '..');
const paths = ['ephemeral.config.ts', 'infra/ephemeral/program.ts', 'tests/env/vitest.config.ts', 'tests/env/smoke.test.ts', '.github/workflows/ephemeral.yml'];

function scratch(): string {
  // Inside the checkout, so the starter program's imports (@pulumi/docker) resolve.
  mkdirSync(join(root, 'test-results'), { recursive: true });
  return mkdtempSync(join(root, 'test-results', 'init-'));
}

describe('init', () => {
  it('lists the starter files with --dry-run and writes nothing', async () => {
    const dir = scratch();
    const result = await initCommand(dir, { dryRun: true });
    expect(result.lines.slice(0, 5)).toEqual(paths.map((path) => `would write ${path}`));
    for (const path of paths) expect(existsSync(join(dir, path))).toBe(false);
  });

  it('writes a config that follows the contract, and refuses to overwrite', async () => {
    const dir = scratch();
    await initCommand(dir, { dryRun: false, name: 'tiny' });
    for (const path of paths) expect(existsSync(join(dir, path)), path).toBe(true);
    // A team imports the tool as a package; here, this checkout stands in for it.
    for (const path of ['ephemeral.config.ts', 'infra/ephemeral/program.ts']) {
      const file = join(dir, path);
      writeFileSync(file, readFileSync(file, 'utf8').replace("'ephemeral/scripts/", `'${root}/scripts/`));
    }
    const loaded = await loadProjectConfig(undefined, dir);
    expect(loaded.config).toMatchObject({ name: 'tiny', entryPoints: { web: { output: 'url', health: '/' } } });
    await expect(initCommand(dir, { dryRun: false })).rejects.toMatchObject({ exitCode: 64, message: `init would overwrite ${paths.join(', ')}` });
  });
});
