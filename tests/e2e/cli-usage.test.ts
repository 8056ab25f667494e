// Bad input through the real CLI: exit 64, a message that names the fix, nothing created.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    [['run', '--fault', 'disk-full'], /unknown fault "disk-full"[\s\S]*--fault worker-stopped/],
    [['run', '--suites', 'smoke'], /unknown suite "smoke"[\s\S]*api, queue, auth, data, ui, load/],
    [['run', '--config', 'no/such/ephemeral.config.ts'], /no config file[\s\S]*--config PATH/],
    [['run', '--kubeconfig', '/k'], /--kubeconfig only applies to the kubernetes target[\s\S]*--target kubernetes/],
    [['run', '--target', 'kubernetes', '--kubeconfig', 'no/such/kubeconfig'], /no kubeconfig at [\s\S]*--kubeconfig the path of an existing file/],
    [['up', '--target', 'kubernetes', '--registry', 'r.internal:5000'], /--registry is for a cluster you name/],
  ])('%j exits 64 and says what to do', async (args, message) => {
    const before = await listLabelledObjects();
    const result = await cli(args);
    expect(result.exitCode).toBe(64);
    expect(result.stderr).toMatch(message);
    expect(await listLabelledObjects()).toEqual(before);
  });

  it('refuses a config that breaks the contract, naming each field and the fix, creating nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ephemeral-bad-config-'));
    writeFileSync(join(dir, 'ephemeral.config.ts'), "export default { name: 'x', targets: { docker: {} }, entryPoints: {}, suites: [{ name: 'smoke', stage: 0 }] };\n");
    const result = await cli(['run', '--branch', 'bad-config', '--config', join(dir, 'ephemeral.config.ts')]);
    expect(result.exitCode).toBe(64);
    expect(result.stderr).toContain('targets.docker: give exactly one of program (an inline factory) or workDir (a Pulumi project folder)');
    expect(result.stderr).toContain("suites[0].runner: give a runner: { kind: 'vitest', config, project }");
    expect(await listLabelledObjects('ephemeral.stack=bad-config')).toEqual([]);
  });

  it('prints help for each command with exit 0', async () => {
    for (const command of ['run', 'up', 'test', 'down', 'list', 'gc', 'doctor']) {
      const result = await cli([command, '--help']);
      expect(result.exitCode, command).toBe(0);
      expect(result.stdout, command).toContain('Usage:');
    }
  });
});
