// The second example's full cycle through the Automation API, with no mocks: a Python
// service on PostgreSQL whose program is a workDir Pulumi YAML project
// (examples/shortlinks/infra), run by the pinned CLI and the YAML language host built
// from the Go module proxy, opened as the tool opens a workDir project (staged under
// the tool's project name, the context as `ephemeral:*` config). Up, the entry point
// answers on its published port, the seed and the JUnit suite pass, destroy and remove
// leave nothing labelled behind; the same project also previews in place, by hand.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalWorkspace, type Stack } from '@pulumi/pulumi/automation/index.js';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBaseImageRefs } from '../../scripts/components/base-images.ts';
import { listLabelledObjects } from '../../scripts/docker/labelled-objects.ts';
import { labelKeys, stackLabels } from '../../scripts/naming/labels.ts';
import { removeFileBackendLeftovers } from '../../scripts/pulumi/file-backend-leftovers.ts';
import { projectName, workspaceOptions } from '../../scripts/pulumi/open-stack.ts';
import { projectRoot } from '../../scripts/toolchain/pins.ts';
import { createToolchainContext } from '../../scripts/toolchain/toolchain-context.ts';

const example = join(projectRoot, 'examples/shortlinks');
const workDir = join(example, 'infra');
const toolchain = createToolchainContext(process.env);
const slug = `e2e-shortlinks-${randomBytes(3).toString('hex')}`;
const labels = stackLabels({ slug, branch: `test/${slug}`, runId: randomBytes(4).toString('hex'), expiresAt: undefined }, toolchain.backendUrl);
const stackFilter = `${labelKeys.stack}=${slug}`;
const scratch = mkdtempSync(join(tmpdir(), 'ephemeral-shortlinks-'));
const timings: Record<string, number> = {};

async function timed<T>(phase: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings[phase] = Math.round(performance.now() - started) / 1000;
  }
}

/** The service image, built once per content from the Python base image (no network in the build). */
async function buildServiceImage(baseImage: string): Promise<string> {
  const context = join(example, 'service');
  const hash = createHash('sha256').update(baseImage);
  const files = readdirSync(context, { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name);
  for (const file of files.sort()) hash.update(file).update('\0').update(readFileSync(join(context, file)));
  const ref = `ephemeral-example-shortlinks:${hash.digest('hex').slice(0, 16)}`;
  if ((await execa('docker', ['image', 'inspect', ref], { reject: false })).exitCode === 0) return ref;
  await execa('docker', ['build', '--network', 'none', '--label', 'io.ephemeral.example=shortlinks', '--build-arg', `EPHEMERAL_BASE_PYTHON=${baseImage}`, '-t', ref, context], {
    env: { DOCKER_BUILDKIT: '0' },
  });
  return ref;
}

/**
 * The context as `ephemeral:*` stack config, in the shape the stack contract gives a
 * workDir project: strings, with maps as JSON (the YAML host parses JSON values).
 */
function contextConfig(stackName: string, images: Record<string, string>, baseImages: Record<string, string>): Record<string, { value: string }> {
  const config: Record<string, string> = {
    'ephemeral:slug': stackName,
    'ephemeral:target': 'docker',
    'ephemeral:labels': JSON.stringify(labels),
    'ephemeral:images': JSON.stringify(images),
    'ephemeral:baseImages': JSON.stringify(baseImages),
    // The project's own setting, as examples/shortlinks/ephemeral.config.ts gives it.
    'ephemeral:databaseHost': 'db',
  };
  return Object.fromEntries(Object.entries(config).map(([key, value]) => [key, { value }]));
}

/**
 * The stack as the tool opens a workDir project: a folder of links to the project's
 * files under the tool's project name (`ephemeral`, so `list` and `gc` see its state
 * beside every other environment's), with a Pulumi.yaml the workspace writes.
 */
async function openStagedStack(): Promise<Stack> {
  const staged = join(scratch, 'workdir');
  mkdirSync(staged);
  for (const entry of readdirSync(workDir).filter((name) => !/^Pulumi(\..+)?\.ya?ml$/.test(name))) symlinkSync(join(workDir, entry), join(staged, entry));
  const options = await workspaceOptions(toolchain);
  const projectSettings = { ...options.projectSettings, name: projectName, runtime: 'yaml' as const };
  return LocalWorkspace.createStack({ stackName: slug, workDir: staged }, { ...options, workDir: staged, projectSettings });
}

/** The project in place, under its own name, as `pulumi up` by hand in infra/ runs it. */
async function openInPlaceStack(stackName: string): Promise<Stack> {
  // The project's own Pulumi.yaml rules: no projectSettings, which would overwrite it.
  const { projectSettings: _ignored, ...options } = await workspaceOptions(toolchain);
  return LocalWorkspace.createStack({ stackName, workDir }, options);
}

/** The outputs as the tool hands them to the seed and the suites: a private file and variables. */
function outputsEnvironment(outputs: Record<string, unknown>): Record<string, string> {
  const file = join(scratch, 'outputs.json');
  writeFileSync(file, JSON.stringify(outputs), { mode: 0o600 });
  const variables = Object.fromEntries(
    Object.entries(outputs)
      .filter(([, value]) => typeof value === 'string')
      .map(([name, value]) => [`EPHEMERAL_OUTPUT_${name.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase()}`, value as string]),
  );
  return { EPHEMERAL_OUTPUTS: file, ...variables };
}

async function waitForHealth(url: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return response.status;
      last = `status ${response.status}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url}/health never answered 200: ${last}`);
}

describe('examples/shortlinks: a workDir Pulumi YAML project with a Python service', () => {
  let stack: Stack;
  let outputs: Record<string, unknown> = {};
  let images: { service: string; base: Record<string, string> };

  beforeAll(async () => {
    const base = readBaseImageRefs(toolchain);
    const serviceImage = await timed('image', () => buildServiceImage(base.python));
    images = { service: serviceImage, base };
    stack = await timed('open', () => openStagedStack());
    await stack.setAllConfig(contextConfig(slug, { shortlinks: serviceImage }, base));
  });

  afterAll(async () => {
    // A failed assertion must not leak: destroy and remove whatever is still there.
    if (stack) {
      await stack.destroy({ continueOnError: true }).catch(() => {});
      await stack.workspace.removeStack(slug, { force: true }).catch(() => {});
    }
    rmSync(scratch, { recursive: true, force: true });
    // `stack rm` keeps a .bak and the history of each stack: a test's stacks leave none.
    removeFileBackendLeftovers(toolchain.paths.stateDir, projectName, slug);
    removeFileBackendLeftovers(toolchain.paths.stateDir, 'shortlinks', `${slug}-by-hand`);
    console.info(`examples/shortlinks timings (s): ${JSON.stringify(timings)}`);
  });

  it('comes up with its service answering on a port published on 127.0.0.1', async () => {
    const result = await timed('up', () => stack.up());
    expect(result.summary.result).toBe('succeeded');
    outputs = Object.fromEntries(Object.entries(result.outputs).map(([name, output]) => [name, output.value]));
    expect(result.outputs['apiToken']?.secret).toBe(true);
    const url = outputs['url'] as string;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await timed('ready', () => waitForHealth(url, 60_000));
  });

  it('labels every container, network and volume, names them by the slug, and publishes only the service', async () => {
    const objects = await listLabelledObjects(stackFilter);
    expect(objects.map((object) => object.kind).sort()).toEqual(['container', 'container', 'network', 'network', 'volume']);
    for (const object of objects) {
      expect(object.name.startsWith(`${slug}-`)).toBe(true);
      expect(object.labels).toMatchObject(labels);
    }
    const { stdout } = await execa('docker', ['container', 'inspect', `${slug}-db`, `${slug}-service`]);
    const [db, service] = JSON.parse(stdout) as Array<{ NetworkSettings: { Ports: Record<string, Array<{ HostIp: string }> | null> } }>;
    expect(Object.values(db?.NetworkSettings.Ports ?? {}).flatMap((bindings) => bindings ?? [])).toEqual([]);
    expect(Object.values(service?.NetworkSettings.Ports ?? {}).flatMap((bindings) => bindings ?? []).map((binding) => binding.HostIp)).toEqual(['127.0.0.1']);
    const network = await execa('docker', ['network', 'inspect', '--format', '{{.Internal}}', `${slug}-private`]);
    expect(network.stdout.trim()).toBe('true');
  });

  it("passes its own health probes: the ones Docker and the tool's readiness run", async () => {
    const service = await execa('docker', ['exec', `${slug}-service`, 'python3', '/srv/shortlinks/healthcheck.py'], { reject: false });
    expect(service.stdout, service.stderr).toBe('http://127.0.0.1:8000/health: 200');
    const db = await execa('docker', ['exec', `${slug}-db`, 'pg_isready', '--host=127.0.0.1', '--username=shortlinks', '--dbname=shortlinks'], { reject: false });
    expect(db.exitCode, db.stdout).toBe(0);
  });

  it('runs the seed command with the outputs in its environment', async () => {
    const seed = await timed('seed', () =>
      execa('python3', ['seed.py'], { cwd: join(example, 'checks'), env: outputsEnvironment(outputs), reject: false, all: true }),
    );
    expect(seed.exitCode, seed.all).toBe(0);
    expect(seed.stdout).toContain('seed: 3 links created');
  });

  it('runs the command suite, which passes and writes JUnit XML', async () => {
    const junit = join(scratch, 'junit.xml');
    const suite = await timed('suite', () =>
      execa('python3', ['run_suite.py', '--junit', junit], { cwd: join(example, 'checks'), env: outputsEnvironment(outputs), reject: false, all: true }),
    );
    expect(suite.exitCode, suite.all).toBe(0);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<testsuite name="shortlinks" tests="(\d+)" failures="0" errors="0"/);
    expect(Number(/tests="(\d+)"/.exec(xml)?.[1])).toBeGreaterThanOrEqual(8);
    // The token is a secret output: it must not end up in the report.
    expect(xml).not.toContain(outputs['apiToken'] as string);
  });

  it('destroys the stack, removes it, and leaves nothing labelled behind', async () => {
    const destroyed = await timed('destroy', () => stack.destroy());
    expect(destroyed.summary.result).toBe('succeeded');
    await stack.workspace.removeStack(slug);
    expect(await listLabelledObjects(stackFilter)).toEqual([]);
  });

  it('also previews in place under its own project name, as `pulumi up` by hand in infra/ would, and leaves no config file', async () => {
    const stackName = `${slug}-by-hand`;
    const inPlace = await openInPlaceStack(stackName);
    try {
      await inPlace.setAllConfig(contextConfig(stackName, { shortlinks: images.service }, images.base));
      const preview = await timed('preview-in-place', () => inPlace.preview());
      expect(preview.changeSummary).toMatchObject({ create: 8 });
    } finally {
      await inPlace.workspace.removeStack(stackName);
    }
    expect(existsSync(join(workDir, `Pulumi.${stackName}.yaml`))).toBe(false);
  });
});
