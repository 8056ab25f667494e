import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pulumiCommandAt } from '../../scripts/pulumi/pulumi-command.ts';

const roots: string[] = [];

/** A stand-in CLI that prints `version` and counts how often it was started. */
function fakeCli(version: string): { root: string; starts: () => number } {
  const root = mkdtempSync(join(tmpdir(), 'pulumi-command-'));
  roots.push(root);
  mkdirSync(join(root, 'bin'));
  const log = join(root, 'starts.log');
  writeFileSync(log, '');
  writeFileSync(join(root, 'bin', 'pulumi'), `#!/bin/sh\necho started >> ${log}\necho v${version}\n`);
  chmodSync(join(root, 'bin', 'pulumi'), 0o755);
  return { root, starts: () => readFileSync(log, 'utf8').split('\n').filter(Boolean).length };
}

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('pulumiCommandAt', () => {
  it('asks the CLI its version once for every caller of the process', async () => {
    const cli = fakeCli('3.274.1');
    const [first, second] = await Promise.all([pulumiCommandAt(cli.root), pulumiCommandAt(cli.root)]);
    expect(first).toBe(second);
    expect((await pulumiCommandAt(cli.root)).version?.version).toBe('3.274.1');
    expect(cli.starts()).toBe(1);
  });

  it('asks again once the binary was replaced, as after an install', async () => {
    const cli = fakeCli('3.200.0');
    expect((await pulumiCommandAt(cli.root)).version?.version).toBe('3.200.0');
    const binary = join(cli.root, 'bin', 'pulumi');
    writeFileSync(binary, readFileSync(binary, 'utf8').replace('3.200.0', '3.274.1'));
    appendFileSync(binary, '# the new build\n');
    expect((await pulumiCommandAt(cli.root)).version?.version).toBe('3.274.1');
    expect(cli.starts()).toBe(2);
  });

  it('fails for a root without a CLI', async () => {
    const cli = fakeCli('3.274.1');
    rmSync(join(cli.root, 'bin', 'pulumi'));
    await expect(pulumiCommandAt(cli.root)).rejects.toThrow(/ENOENT/);
  });
});
