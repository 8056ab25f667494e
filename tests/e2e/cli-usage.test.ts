// Bad input through the real CLI: exit 64, a message that names the fix, nothing created.
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { listLabelledObjects } from '../../scripts/docker/labelled-objects.ts';

const cli = (args: string[]) => execa('node', ['scripts/cli/main.ts', ...args], { reject: false, env: { GITHUB_HEAD_REF: '' } });

describe('CLI usage errors', () => {
  it.each([
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['run', '--frob'], /unknown option '--frob'/],
    [['run', '--target', 'nomad'], /unknown target "nomad"[\s\S]*--target docker/],
    [['run', '--ttl', 'forever'], /bad --ttl "forever"[\s\S]*24h/],
    [['run', '--branch', ''], /branch name is empty[\s\S]*--branch/],
    [['up', '--concurrency', 'maybe'], /unknown --concurrency "maybe"/],
  ])('%j exits 64 and says what to do', async (args, message) => {
    const before = await listLabelledObjects();
    const result = await cli(args);
    expect(result.exitCode).toBe(64);
    expect(result.stderr).toMatch(message);
    expect(await listLabelledObjects()).toEqual(before);
  });

  it('prints help for each command with exit 0', async () => {
    for (const command of ['run', 'up', 'down', 'list', 'gc', 'doctor']) {
      const result = await cli([command, '--help']);
      expect(result.exitCode, command).toBe(0);
      expect(result.stdout, command).toContain('Usage:');
    }
  });
});
