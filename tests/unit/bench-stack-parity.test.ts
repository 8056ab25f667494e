// The docker-CLI and Compose baselines build the same stack as infra/docker/program.ts:
// the program's resources, registered under Pulumi's mocks, against the bench's plan.
import * as pulumi from '@pulumi/pulumi';
import { beforeAll, describe, expect, it } from 'vitest';
import { dockerStackProgram, type DockerStackOutputs } from '../../infra/docker/program.ts';
import { ephemeralStackConfig } from '../../infra/docker/stack-config.ts';
import { stackPlan } from '../../infra/docker/baseline-plan.ts';

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

const registered: Registered[] = [];
const slug = 'bench-x';
const labels = { 'ephemeral.stack': slug, 'ephemeral.branch': 'bench/x', 'ephemeral.run': 'r1', 'ephemeral.expires': 'never' };
const images = { postgres: 'pg:1', redis: 'redis:1', app: 'app:1' };
const secret = 'generated-secret-value';
const plan = stackPlan({ slug, labels, images, secrets: { dbPassword: secret, queuePassword: secret, tokenSecret: secret, adminPassword: secret } });

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const inputs = args.inputs as Record<string, unknown>;
        registered.push({ type: args.type, name: args.name, inputs });
        const state: Record<string, unknown> = { ...inputs };
        if (args.type === 'random:index/randomPassword:RandomPassword') state['result'] = secret;
        if (Array.isArray(inputs['ports'])) state['ports'] = (inputs['ports'] as Array<Record<string, unknown>>).map((port) => ({ ...port, external: 49000 }));
        if (args.type === 'docker:index/container:Container' && inputs['attach']) state['exitCode'] = 0;
        return { id: `${args.name}-id`, state };
      },
      call: (args) => args.inputs as Record<string, unknown>,
    },
    'ephemeral',
    slug,
    false,
  );
  const outputs: DockerStackOutputs = await dockerStackProgram(ephemeralStackConfig({ slug, labels, images }))();
  await Promise.all([outputs.webUrl, outputs.apiUrl].map((url) => new Promise((resolve) => url.apply(resolve))));
  // Replicas register as their inputs resolve: give them a moment, up to the plan's count.
  for (let tick = 0; tick < 100 && containers().length < plan.services.length; tick += 1) await new Promise((resolve) => setTimeout(resolve, 10));
});

const containers = () => registered.filter((resource) => resource.type === 'docker:index/container:Container');
const spec = (name: string) => {
  const found = plan.services.find((service) => service.name === name);
  if (!found) throw new Error(`the plan has no ${name}`);
  return found;
};

describe('the baselines build the same stack as the Pulumi program', () => {
  it('has the same containers', () => {
    expect(plan.services.map((service) => service.name).sort()).toEqual(containers().map((container) => container.name).sort());
  });

  it('gives each container the same image and command', () => {
    for (const container of containers()) {
      expect([spec(container.name).image, spec(container.name).command], container.name).toEqual([container.inputs['image'], container.inputs['command']]);
    }
  });

  it('gives each container the same environment, in the same order', () => {
    for (const container of containers()) {
      const env = spec(container.name).env.map((entry) => `${entry.name}=${entry.value}`);
      expect(env, container.name).toEqual(container.inputs['envs']);
    }
  });

  it('puts each container on the same networks, first network first, with the same aliases', () => {
    for (const container of containers()) {
      const networks = (container.inputs['networksAdvanced'] as Array<{ name: string; aliases: string[] }>).map((network) => [network.name, network.aliases]);
      expect(spec(container.name).networks.map((network) => [network.network, [network.alias]]), container.name).toEqual(networks);
    }
  });

  it('publishes the same container ports on the same address', () => {
    for (const container of containers()) {
      const ports = (container.inputs['ports'] as Array<{ internal: number; ip: string }> | undefined) ?? [];
      const published = spec(container.name).publish;
      expect(published === undefined ? [] : [{ internal: published, ip: plan.publishAddress }], container.name).toEqual(
        ports.map((port) => ({ internal: port.internal, ip: port.ip })),
      );
    }
  });

  it('uses the same health checks', () => {
    for (const container of containers()) {
      const check = container.inputs['healthcheck'] as { tests: string[]; interval: string; timeout: string; retries: number; startPeriod: string } | undefined;
      const health = spec(container.name).health;
      expect(health && { tests: health.test, interval: health.interval, timeout: health.timeout, retries: health.retries, startPeriod: health.startPeriod }, container.name).toEqual(
        check && { tests: check.tests, interval: check.interval, timeout: check.timeout, retries: check.retries, startPeriod: check.startPeriod },
      );
    }
  });

  it('mounts the same named volume', () => {
    for (const container of containers()) {
      const mounts = ((container.inputs['mounts'] as Array<{ source: string; target: string }> | undefined) ?? []).map((mount) => ({ volume: mount.source, target: mount.target }));
      expect(spec(container.name).mounts, container.name).toEqual(mounts);
    }
    const volumes = registered.filter((resource) => resource.type === 'docker:index/volume:Volume').map((volume) => volume.inputs['name']);
    expect(plan.volumes).toEqual(volumes);
  });

  it('creates the same networks, the private one internal', () => {
    const networks = registered
      .filter((resource) => resource.type === 'docker:index/network:Network')
      .map((network) => ({ name: network.inputs['name'], internal: network.inputs['internal'] === true }));
    const byName = (a: { name: unknown }, b: { name: unknown }) => String(a.name).localeCompare(String(b.name));
    expect([...plan.networks].sort(byName)).toEqual(networks.sort(byName));
  });

  it('runs migrate once: the only container without a health check', () => {
    expect(plan.services.filter((service) => service.oneShot).map((service) => service.name)).toEqual([`${slug}-migrate`]);
    expect(containers().filter((container) => !container.inputs['healthcheck']).map((container) => container.name)).toEqual([`${slug}-migrate`]);
  });
});
