// `test` against a kept environment: the suites pass, and no secret of the state (the
// generated passwords, which sit in every container's inspect data) reaches an artifact.
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { secretsInStackExport } from '../../scripts/artifacts/redact.ts';
import { branchSlug } from '../../scripts/naming/slug.ts';
import { selectExistingStack } from '../../scripts/pulumi/open-stack.ts';
import { createToolchainContext } from '../../scripts/toolchain/toolchain-context.ts';

const toolchain = createToolchainContext(process.env);
const artifactsRoot = join(toolchain.paths.root, 'test-artifacts');

function cli(args: string[]) {
  return execa('node', ['scripts/cli/main.ts', ...args, '--artifacts', artifactsRoot], { reject: false, all: true, timeout: 240_000 });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8', withFileTypes: false }).map((entry) => join(dir, entry));
}

describe('test command', () => {
  it('runs the suites on a kept environment and writes no secret into its artifacts', async () => {
    const branch = `e2e/test-cmd-${randomBytes(3).toString('hex')}`;
    const slug = branchSlug(branch);
    const up = await cli(['up', '--branch', branch, '--ttl', '10m']);
    expect(up.exitCode, up.all).toBe(0);
    try {
      const stack = await selectExistingStack({ toolchain, stackName: slug, program: async () => ({}) });
      const secrets = [...secretsInStackExport((await stack!.exportStack()).deployment)];
      expect(secrets.length).toBeGreaterThanOrEqual(4);
      const test = await cli(['test', '--branch', branch, '--suites', 'api', '--json']);
      expect(test.exitCode, test.all).toBe(0);
      const summary = JSON.parse(test.stdout) as { artifactsDir: string };
      const files = filesUnder(summary.artifactsDir).filter((file) => statSync(file).isFile() && /\.(json|jsonl|log|md|xml|txt|html)$/.test(file));
      expect(files.some((file) => file.endsWith('.inspect.json')), 'inspect data was collected').toBe(true);
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        for (const secret of secrets) expect(text.includes(secret), `${file} holds a secret`).toBe(false);
      }
      for (const secret of secrets) expect(test.all.includes(secret)).toBe(false);
    } finally {
      const down = await cli(['down', '--branch', branch]);
      expect(down.exitCode, down.all).toBe(0);
    }
  });
});
