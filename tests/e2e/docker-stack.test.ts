// The reference stack for real: up on a fresh slug with the real engine, every health
// check passes, the web page answers, db and queue are unreachable from the host, and
// destroy leaves nothing labelled.
import { dockerRuntime } from '../../scripts/docker/docker-runtime.ts';
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listLabelledObjects } from '../../scripts/docker/labelled-objects.ts';
import { checkDrift } from '../../scripts/lifecycle/check-drift.ts';
import { type EnvironmentHandle, openEnvironment } from '../../scripts/lifecycle/provision.ts';
import { loadProjectConfig } from '../../scripts/contract/load-config.ts';
import { labelKeys, stackLabels } from '../../scripts/naming/labels.ts';
import { prepareImages, programContext, stackSource } from '../../scripts/targets/stack-source.ts';
import { createToolchainContext } from '../../scripts/toolchain/toolchain-context.ts';
import { type DockerOutputs, dockerOutputsSchema } from '../../infra/outputs-schema.ts';

interface ContainerInspect {
  State: { Status: string; ExitCode: number; Health?: { Status: string } };
  NetworkSettings: { Ports: Record<string, Array<{ HostIp: string; HostPort: string }> | null>; Networks: Record<string, unknown> };
}

async function inspect(name: string): Promise<ContainerInspect> {
  const { stdout } = await execa('docker', ['container', 'inspect', name]);
  const [container] = JSON.parse(stdout) as ContainerInspect[];
  if (!container) throw new Error(`no container ${name}`);
  return container;
}

async function networkIsInternal(name: string): Promise<boolean> {
  const { stdout } = await execa('docker', ['network', 'inspect', '--format', '{{.Internal}}', name]);
  return stdout.trim() === 'true';
}

const toolchain = createToolchainContext(process.env);
const slug = `stack-${randomBytes(3).toString('hex')}`;
let environment: EnvironmentHandle;
let outputs: DockerOutputs;

beforeAll(async () => {
  // The reference project, reached as the CLI reaches it: through ephemeral.config.ts.
  const project = await loadProjectConfig(undefined);
  const images = await prepareImages(project, toolchain);
  const identity = { slug, branch: `test/${slug}`, runId: randomBytes(4).toString('hex'), expiresAt: undefined };
  const labels = stackLabels(identity, toolchain.backendUrl);
  const context = programContext(project.config, { identity, target: 'docker', labels, images, fault: undefined });
  environment = await openEnvironment({ toolchain, runtime: dockerRuntime, slug, source: stackSource(project, context) });
  outputs = dockerOutputsSchema.parse((await environment.up(new AbortController().signal, {})).outputs);
});

afterAll(async () => {
  await environment?.destroy();
});

describe('reference stack on docker', () => {
  it('finishes the migration job successfully', async () => {
    const [migrate] = outputs.services['migrate'] ?? [];
    const state = (await inspect(migrate!)).State;
    expect(state.Status).toBe('exited');
    expect(state.ExitCode).toBe(0);
  });

  it('has every long-running service running, and Docker’s own health checks agree with up', async () => {
    const names = Object.entries(outputs.services)
      .filter(([service]) => service !== 'migrate')
      .flatMap(([, containers]) => containers);
    expect(names.length).toBeGreaterThanOrEqual(6);
    for (const name of names) expect((await inspect(name)).State.Status, name).toBe('running');
    // up returned when the driver's runs of each check passed; Docker runs the same
    // checks every 30 s, its first one interval after the start, and must find them healthy.
    await expect
      .poll(async () => Promise.all(names.map(async (name) => `${name} ${(await inspect(name)).State.Health?.Status}`)), { timeout: 45_000, interval: 1_000 })
      .toEqual(names.map((name) => `${name} healthy`));
  });

  it('serves the login page at webUrl and health at apiUrl', async () => {
    const page = await fetch(outputs.webUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('data-testid="login-email"');
    const health = await fetch(new URL('/health', outputs.apiUrl));
    expect(health.status).toBe(200);
    expect(outputs.webUrl).not.toBe(outputs.apiUrl);
    expect(new URL(outputs.webUrl).hostname).toBe('127.0.0.1');
  });

  it('publishes nothing for db and queue, which sit only on the internal network', async () => {
    expect(await networkIsInternal(outputs.networks.private)).toBe(true);
    for (const service of ['db', 'queue']) {
      const [name] = outputs.services[service] ?? [];
      const container = await inspect(name!);
      const bindings = Object.values(container.NetworkSettings.Ports ?? {}).filter((binding) => binding && binding.length > 0);
      expect(bindings, service).toEqual([]);
      expect(Object.keys(container.NetworkSettings.Networks), service).toEqual([outputs.networks.private]);
    }
  });

  it('shows no changes in a preview right after up', async () => {
    const drift = await checkDrift(environment.stack, {}, new AbortController().signal);
    expect(drift.changes).toEqual([]);
  });

  it('destroys everything it created', async () => {
    const teardown = await environment.destroy();
    expect(teardown.leftBehind).toEqual([]);
    expect(await listLabelledObjects(`${labelKeys.stack}=${slug}`)).toEqual([]);
  });
});
