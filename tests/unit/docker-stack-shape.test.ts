// The Docker stack's shape, with Pulumi's mocks (no engine): which resources, their
// labels and networks, what is published, and that secrets stay secret.
import * as pulumi from '@pulumi/pulumi';
import { beforeAll, describe, expect, it } from 'vitest';
import { dockerStackProgram, type DockerStackOutputs } from '../../infra/docker/program.ts';
import { ephemeralStackConfig } from '../../infra/docker/stack-config.ts';

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

const registered: Registered[] = [];
const labels = { 'ephemeral.stack': 'feat-x', 'ephemeral.branch': 'feat/x', 'ephemeral.run': 'r1', 'ephemeral.expires': 'never' };
let outputs: DockerStackOutputs;

function unwrap<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

function isSecret(output: pulumi.Output<unknown>): Promise<boolean> {
  return (output as unknown as { isSecret: Promise<boolean> }).isSecret;
}

const containers = () => registered.filter((resource) => resource.type === 'docker:index/container:Container');
const byName = (name: string) => registered.find((resource) => resource.name === name);

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const inputs = args.inputs as Record<string, unknown>;
        registered.push({ type: args.type, name: args.name, inputs });
        const state: Record<string, unknown> = { ...inputs };
        if (args.type === 'random:index/randomPassword:RandomPassword') state['result'] = 'generated-secret-value';
        if (Array.isArray(inputs['ports'])) {
          state['ports'] = (inputs['ports'] as Array<Record<string, unknown>>).map((port) => ({ ...port, external: 49000 }));
        }
        if (args.type === 'docker:index/container:Container' && inputs['attach']) state['exitCode'] = 0;
        return { id: `${args.name}-id`, state };
      },
      call: (args) => args.inputs as Record<string, unknown>,
    },
    'ephemeral',
    'feat-x',
    false,
  );
  const config = ephemeralStackConfig({
    slug: 'feat-x',
    labels,
    images: { postgres: 'pg:1', redis: 'redis:1', app: 'app:1' },
  });
  outputs = await dockerStackProgram(config)();
  // Let every resource registration settle: resources wait on their inputs' outputs, so
  // poll until the count stops changing.
  await Promise.all([unwrap(outputs.webUrl), unwrap(outputs.apiUrl)]);
  for (let seen = -1; seen !== registered.length; ) {
    seen = registered.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

describe('docker stack shape', () => {
  it('has db, queue, migrate, two api, two worker and web containers', () => {
    expect(containers().map((container) => container.name).sort()).toEqual(
      ['feat-x-api-1', 'feat-x-api-2', 'feat-x-db', 'feat-x-migrate', 'feat-x-queue', 'feat-x-web', 'feat-x-worker-1', 'feat-x-worker-2'].sort(),
    );
  });

  it('prefixes every Docker resource name with the slug', () => {
    const dockerResources = registered.filter((resource) => resource.type.startsWith('docker:'));
    for (const resource of dockerResources) expect(resource.inputs['name']).toMatch(/^feat-x-/);
  });

  it('labels every container, network and volume with the stack labels', () => {
    const dockerResources = registered.filter((resource) => resource.type.startsWith('docker:'));
    expect(dockerResources.length).toBeGreaterThan(8);
    for (const resource of dockerResources) {
      expect(resource.inputs['labels']).toEqual(expect.arrayContaining(Object.entries(labels).map(([label, value]) => ({ label, value }))));
    }
  });

  it('puts db, queue and workers only on the internal private network', () => {
    expect(byName('feat-x-private')?.inputs['internal']).toBe(true);
    for (const name of ['feat-x-db', 'feat-x-queue', 'feat-x-worker-1', 'feat-x-worker-2']) {
      const networks = byName(name)?.inputs['networksAdvanced'] as Array<{ name: string }>;
      expect(networks.map((network) => network.name)).toEqual(['feat-x-private']);
    }
  });

  it('keeps web off the private network', () => {
    const networks = byName('feat-x-web')?.inputs['networksAdvanced'] as Array<{ name: string }>;
    expect(networks.map((network) => network.name)).toEqual(['feat-x-edge']);
  });

  it('publishes exactly two ports, web and the first api, on 127.0.0.1 with engine-chosen host ports', () => {
    const published = containers().flatMap((container) =>
      ((container.inputs['ports'] as Array<{ ip?: string; external?: number }> | undefined) ?? []).map((port) => ({ container: container.name, ...port })),
    );
    expect(published.map((port) => port.container).sort()).toEqual(['feat-x-api-1', 'feat-x-web']);
    for (const port of published) {
      expect(port.ip).toBe('127.0.0.1');
      expect(port.external).toBeUndefined();
    }
  });

  it('gives every long-running container a health check, and leaves waiting for it to the driver', () => {
    for (const container of containers().filter((container) => container.name !== 'feat-x-migrate')) {
      expect(container.inputs['healthcheck'], container.name).toBeDefined();
      // The provider's wait polls once a second, layer by layer; the driver's watcher does not.
      expect(container.inputs['wait'], container.name).toBeUndefined();
    }
  });

  it('keeps the data on a labelled named volume', () => {
    const mounts = byName('feat-x-db')?.inputs['mounts'] as Array<{ source: string; target: string }>;
    expect(mounts).toEqual([expect.objectContaining({ source: 'feat-x-db-data', target: '/var/lib/postgresql/data' })]);
  });

  it('exposes the URLs in plain outputs and the admin password only as a secret', async () => {
    expect(await unwrap(outputs.webUrl)).toBe('http://127.0.0.1:49000');
    expect(await isSecret(outputs.webUrl)).toBe(false);
    expect(await isSecret(outputs.adminPassword)).toBe(true);
    const plain = JSON.stringify({
      ...outputs,
      adminPassword: undefined,
      webUrl: await unwrap(outputs.webUrl),
      apiUrl: await unwrap(outputs.apiUrl),
    });
    expect(plain).toContain('127.0.0.1:49000');
    expect(plain).not.toContain('generated-secret-value');
  });
});
