// Real runs whose branch names try to collide: a branch named like the tool's internal
// lock runs through instead of hanging, and a branch literally named like another
// branch's slug is refused (exit 64, nothing created) while that environment lives.
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { listLabelledObjects } from '../../scripts/docker/labelled-objects.ts';
import { labelKeys } from '../../scripts/naming/labels.ts';
import { branchSlug } from '../../scripts/naming/slug.ts';
import { createToolchainContext } from '../../scripts/toolchain/toolchain-context.ts';

const toolchain = createToolchainContext(process.env);

function cli(args: string[]) {
  return execa('node', ['scripts/cli/main.ts', ...args, '--artifacts', `${toolchain.paths.root}/test-artifacts`], { reject: false, all: true, timeout: 240_000 });
}

describe('name spaces', () => {
  it('runs a branch named like the image build lock without waiting on it', async () => {
    const result = await cli(['run', '--branch', 'app-image', '--suites', 'api']);
    expect(result.exitCode, result.all).toBe(0);
    expect(await listLabelledObjects(`${labelKeys.stack}=app-image`)).toEqual([]);
  });

  it('refuses a branch named like a live environment slug of another branch, and leaves that one alone', async () => {
    const owner = `feature/Collide-${randomBytes(3).toString('hex')}`;
    const slug = branchSlug(owner);
    const up = await cli(['up', '--branch', owner, '--ttl', '10m']);
    expect(up.exitCode, up.all).toBe(0);
    try {
      const before = (await listLabelledObjects(`${labelKeys.stack}=${slug}`)).map((object) => object.id).sort();
      for (const command of ['run', 'up', 'down']) {
        const intruder = await cli([command, '--branch', slug, '--suites', 'api']);
        expect(intruder.exitCode, intruder.all).toBe(64);
        expect(intruder.all).toContain(`belongs to branch "${owner}"`);
        expect(intruder.all).toContain(`down --branch "${owner}"`);
      }
      const after = await listLabelledObjects(`${labelKeys.stack}=${slug}`);
      expect(after.map((object) => object.id).sort(), 'the owner environment is untouched').toEqual(before);
      expect(new Set(after.map((object) => object.labels[labelKeys.branch]))).toEqual(new Set([owner]));
    } finally {
      const down = await cli(['down', '--branch', owner]);
      expect(down.exitCode, down.all).toBe(0);
    }
    expect(await listLabelledObjects(`${labelKeys.stack}=${slug}`)).toEqual([]);
  });
});
