// A target given as `workDir` through the real CLI: a Pulumi YAML project is staged under the
// tool's project name, gets `ctx` as `ephemeral:*` stack config, comes up ready, its secret
// output is redacted from the artifacts, and `down` leaves nothing. A runtime whose language
// host is missing stops with exit 64 before anything is created.
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { listLabelledObjects } from '../../scripts/docker/labelled-objects.ts';
import { labelKeys } from '../../scripts/naming/labels.ts';
import { branchSlug } from '../../scripts/naming/slug.ts';

const fixture = join(import.meta.dirname, 'fixtures', 'yaml-project');
const cliPath = join(import.meta.dirname, '..', '..', 'scripts', 'cli', 'main.ts');

function cli(args: string[], cwd: string) {
  return execa('node', [cliPath, ...args], { cwd, reject: false, all: true, timeout: 240_000 });
}

describe('workDir target', () => {
  it('brings a Pulumi YAML project up from its config, redacts its secret output, and takes it down', async () => {
    const project = mkdtempSync(join(tmpdir(), 'ephemeral-yaml-'));
    cpSync(fixture, project, { recursive: true });
    // The config imports defineConfig by a path relative to the fixture: point it at this checkout.
    const config = join(project, 'ephemeral.config.ts');
    writeFileSync(config, readFileSync(config, 'utf8').replace('../../../../scripts/', `${join(import.meta.dirname, '..', '..', 'scripts')}/`));
    const branch = `e2e/yaml-${randomBytes(3).toString('hex')}`;
    const slug = branchSlug(branch);
    const up = await cli(['up', '--branch', branch, '--ttl', '10m', '--json'], project);
    try {
      expect(up.exitCode, up.all).toBe(0);
      const summary = JSON.parse(up.stdout) as { project: string; outputs: Record<string, unknown>; artifactsDir: string };
      expect(summary.project).toBe('yaml-fixture');
      expect(summary.outputs).toEqual({ cacheName: `${slug}-cache`, secretThing: '[secret]' });
      const files = readdirSync(summary.artifactsDir, { recursive: true, encoding: 'utf8' }).map((file) => join(summary.artifactsDir, file));
      for (const file of files.filter((path) => /\.(json|log|md)$/.test(path))) expect(readFileSync(file, 'utf8'), file).not.toContain(`${slug}-hush`);
      expect(up.all).not.toContain(`${slug}-hush`);
    } finally {
      const down = await cli(['down', '--branch', branch], project);
      expect(down.exitCode, down.all).toBe(0);
    }
    expect(await listLabelledObjects(`${labelKeys.stack}=${slug}`)).toEqual([]);
  });

  it('stops with exit 64 and names the fix when the language host of the runtime is missing', async () => {
    const project = mkdtempSync(join(tmpdir(), 'ephemeral-cobol-'));
    cpSync(fixture, project, { recursive: true });
    const pulumiYaml = join(project, 'stack', 'Pulumi.yaml');
    writeFileSync(pulumiYaml, readFileSync(pulumiYaml, 'utf8').replace('runtime: yaml', 'runtime: cobol'));
    const config = join(project, 'ephemeral.config.ts');
    writeFileSync(config, readFileSync(config, 'utf8').replace('../../../../scripts/', `${join(import.meta.dirname, '..', '..', 'scripts')}/`));
    const branch = `e2e/cobol-${randomBytes(3).toString('hex')}`;
    const result = await cli(['run', '--branch', branch], project);
    expect(result.exitCode, result.all).toBe(64);
    expect(result.all).toContain('needs the cobol language host (pulumi-language-cobol), which is not installed');
    // Only this branch's objects: other runs share the engine.
    expect(await listLabelledObjects(`${labelKeys.stack}=${branchSlug(branch)}`)).toEqual([]);
  });
});
