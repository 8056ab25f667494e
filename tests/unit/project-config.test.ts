// The stack contract: a project's config is checked with exact messages (the field's path
// and the fix, exit 64) before anything is created; the reference config passes.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatConfigIssues, projectConfigSchema } from '../../scripts/contract/config-schema.ts';
import { configPath, loadProjectConfig, parseProjectConfig } from '../../scripts/contract/load-config.ts';
import { EphemeralError } from '../../scripts/errors.ts';
import { programContext } from '../../scripts/targets/stack-source.ts';
import { assertLanguageHost, readWorkDirProject, workDirStackConfig } from '../../scripts/targets/work-dir-stack.ts';
import reference from '../../ephemeral.config.ts';

const program = () => async () => ({});
const minimal = { name: 'shortener', targets: { docker: { program } }, entryPoints: { web: { output: 'url' } } };

function problems(value: unknown): string[] {
  const parsed = projectConfigSchema.safeParse(value);
  return parsed.success ? [] : formatConfigIssues(parsed.error);
}

function usageError(run: () => unknown): EphemeralError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(EphemeralError);
    expect((error as EphemeralError).exitCode).toBe(64);
    return error as EphemeralError;
  }
  throw new Error('expected a usage error');
}

describe('the config schema', () => {
  it('accepts the smallest config and the reference project', () => {
    expect(problems(minimal)).toEqual([]);
    expect(problems(reference)).toEqual([]);
  });

  it('names a target with neither program nor workDir, or both', () => {
    expect(problems({ ...minimal, targets: { docker: {} } })).toEqual(['targets.docker: give exactly one of program (an inline factory) or workDir (a Pulumi project folder)']);
    expect(problems({ ...minimal, targets: { docker: { program, workDir: 'infra' } } })).toHaveLength(1);
    expect(problems({ ...minimal, targets: {} })).toEqual(['targets: give at least one target, e.g. targets: { docker: { program } }']);
  });

  it('says a program must be a function', () => {
    expect(problems({ ...minimal, targets: { docker: { program: 'infra/index.ts' } } })).toEqual(['targets.docker.program: program must be a function (ctx) => async () => outputs']);
  });

  it('names a suite without a runner, and the runner kinds', () => {
    expect(problems({ ...minimal, suites: [{ name: 'smoke', stage: 0 }] })).toEqual([
      "suites[0].runner: give a runner: { kind: 'vitest', config, project }, { kind: 'playwright', config } or { kind: 'command', argv, junit }",
    ]);
    expect(problems({ ...minimal, suites: [{ name: 'smoke', stage: 0, runner: { kind: 'command', argv: ['sh'] } }] })[0]).toMatch(/^suites\[0\]\.runner\.junit: give the JUnit XML file/);
  });

  it('names an unknown field and how to fix it', () => {
    expect(problems({ ...minimal, suite: [] })).toEqual(['(config): unknown field suite: remove or rename (see README, "Your own stack")']);
  });

  it('refuses two suites of one name, a suite called all, and bad names', () => {
    const suite = (name: string) => ({ name, stage: 0, runner: { kind: 'vitest', config: 'v.ts', project: name } });
    expect(problems({ ...minimal, suites: [suite('api'), suite('api')] })).toEqual(['suites[1].name: the suite name "api" is used twice: give each suite its own name']);
    expect(problems({ ...minimal, suites: [suite('all')] })).toEqual(['suites: no suite may be called "all" (`--suites all` names every suite)']);
    expect(problems({ ...minimal, suites: [suite('Smoke Test')] })[0]).toMatch(/^suites\[0\]\.name: a suite name is lower case/);
  });

  it('wants a health path to start with a slash, and argv to name a program', () => {
    expect(problems({ ...minimal, entryPoints: { web: { output: 'url', health: 'health' } } })).toEqual(['entryPoints.web.health: a health path starts with "/", e.g. "/health"']);
    expect(problems({ ...minimal, seed: { command: [] } })).toEqual(['seed.command: seed.command is empty: give at least the program to run']);
  });
});

describe('parseProjectConfig', () => {
  it('throws one usage error listing every problem with its path', () => {
    const error = usageError(() => parseProjectConfig({ name: '', targets: {}, entryPoints: {} }, '/p/ephemeral.config.ts'));
    expect(error.message).toContain('/p/ephemeral.config.ts does not follow the stack contract:');
    expect(error.message).toContain('  name: ');
    expect(error.message).toContain('  targets: give at least one target');
    expect(error.remedy).toMatch(/Your own stack/);
  });

  it('names a path the config gives that does not exist', () => {
    const root = mkdtempSync(join(tmpdir(), 'ephemeral-config-'));
    const config = { ...minimal, targets: { docker: { workDir: 'infra' } }, images: { app: { context: 'app', dockerfile: 'app/Dockerfile' } } };
    const error = usageError(() => parseProjectConfig(config, join(root, 'ephemeral.config.ts')));
    expect(error.message).toContain(`targets.docker.workDir: no file ${join(root, 'infra', 'Pulumi.yaml')}`);
    expect(error.message).toContain(`images.app.context: no folder ${join(root, 'app')}`);
    expect(error.message).toContain(`images.app.dockerfile: no file ${join(root, 'app', 'Dockerfile')}`);
  });
});

describe('loadProjectConfig', () => {
  it('defaults to ephemeral.config.ts in the current directory', () => {
    expect(configPath(undefined, '/repo')).toBe('/repo/ephemeral.config.ts');
    expect(configPath('examples/x/ephemeral.config.ts', '/repo')).toBe('/repo/examples/x/ephemeral.config.ts');
  });

  it('refuses a missing file with the fix, before anything is created', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ephemeral-config-'));
    await expect(loadProjectConfig(undefined, dir)).rejects.toMatchObject({ exitCode: 64, message: `no ephemeral.config.ts in ${dir}` });
    await expect(loadProjectConfig('nope.ts', dir)).rejects.toMatchObject({ exitCode: 64, remedy: 'pass --config PATH of an existing ephemeral.config.ts' });
  });

  it('loads a TypeScript config by its default export, and refuses one without', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ephemeral-config-'));
    mkdirSync(join(dir, 'app'));
    writeFileSync(join(dir, 'app', 'Dockerfile'), 'FROM scratch\n');
    writeFileSync(
      join(dir, 'ephemeral.config.ts'),
      "const program = () => async () => ({});\nexport default { name: 'tiny', targets: { docker: { program } }, images: { app: { context: 'app', dockerfile: 'app/Dockerfile' } }, entryPoints: { web: { output: 'url', health: '/' } } };\n",
    );
    const loaded = await loadProjectConfig(undefined, dir);
    expect(loaded).toMatchObject({ root: dir, file: join(dir, 'ephemeral.config.ts'), config: { name: 'tiny' } });
    writeFileSync(join(dir, 'other.config.ts'), 'export const x = 1;\n');
    await expect(loadProjectConfig('other.config.ts', dir)).rejects.toMatchObject({ exitCode: 64, remedy: 'end it with `export default defineConfig({ ... })`' });
  });
});

describe('the program context', () => {
  const request = {
    identity: { slug: 'feature-x', branch: 'feature/x', runId: 'r1', expiresAt: undefined },
    target: 'docker' as const,
    labels: { 'ephemeral.stack': 'feature-x' },
    images: { images: { app: 'ephemeral-app:abc' }, baseImages: { node: 'node:1' } },
  };

  it("puts the planted fault's overrides over the project's stack config", () => {
    const config = { ...minimal, config: { replicas: 2, mode: 'fast' }, faults: { 'no-replicas': { config: { replicas: 0 } } } };
    expect(programContext(config, { ...request, fault: 'no-replicas' }).config).toEqual({ replicas: 0, mode: 'fast' });
    expect(programContext(config, { ...request, fault: undefined }).config).toEqual({ replicas: 2, mode: 'fast' });
  });

  it('reaches a workDir program as ephemeral:* stack config, maps as JSON', () => {
    const context = programContext({ ...minimal, config: { replicas: 2 } }, { ...request, fault: undefined });
    expect(workDirStackConfig(context)).toEqual({
      'ephemeral:slug': 'feature-x',
      'ephemeral:branch': 'feature/x',
      'ephemeral:runId': 'r1',
      'ephemeral:target': 'docker',
      'ephemeral:labels': '{"ephemeral.stack":"feature-x"}',
      'ephemeral:images': '{"app":"ephemeral-app:abc"}',
      'ephemeral:baseImages': '{"node":"node:1"}',
      'ephemeral:image-app': 'ephemeral-app:abc',
      'ephemeral:baseImage-node': 'node:1',
      'ephemeral:replicas': '2',
    });
  });
});

describe('a workDir project', () => {
  const project = (runtime: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'ephemeral-workdir-'));
    writeFileSync(join(dir, 'Pulumi.yaml'), `name: shortener\nruntime: ${runtime}\nmain: src/\n`);
    return readWorkDirProject(dir);
  };
  const toolchainAt = (root: string, path = '') => ({ paths: { pulumiRoot: join(root, 'pulumi'), pulumiHome: join(root, 'home') } as never, env: { PATH: path } });

  it('keeps its own settings, and reads the runtime in either form', () => {
    expect(project('python')).toMatchObject({ runtime: 'python', settings: { name: 'shortener', main: 'src/' } });
    expect(project('{ name: nodejs, options: { typescript: false } }').runtime).toBe('nodejs');
  });

  it('refuses with exit 64 and names the binary and where it goes when the language host is missing', () => {
    const root = mkdtempSync(join(tmpdir(), 'ephemeral-hosts-'));
    const error = usageError(() => assertLanguageHost(project('python'), toolchainAt(root)));
    expect(error.message).toMatch(/needs the python language host \(pulumi-language-python\), which is not installed/);
    expect(error.remedy).toContain(join(root, 'pulumi', 'bin'));
  });

  it('finds the language host beside the CLI or on PATH', () => {
    const root = mkdtempSync(join(tmpdir(), 'ephemeral-hosts-'));
    mkdirSync(join(root, 'pulumi', 'bin'), { recursive: true });
    writeFileSync(join(root, 'pulumi', 'bin', 'pulumi-language-python'), '');
    expect(() => assertLanguageHost(project('python'), toolchainAt(root))).not.toThrow();
    const onPath = mkdtempSync(join(tmpdir(), 'ephemeral-path-'));
    writeFileSync(join(onPath, 'pulumi-language-go'), '');
    expect(() => assertLanguageHost(project('go'), toolchainAt(root, `/nowhere:${onPath}`))).not.toThrow();
  });
});
