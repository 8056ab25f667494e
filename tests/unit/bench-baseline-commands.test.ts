// The baselines' plan rendered as docker CLI argv and as a Compose file: labels on
// everything, the private network internal, secrets by name only, dependencies kept.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { composeDocument, renderComposeFile } from '../../scripts/bench/baseline/compose-file.ts';
import { connectAndStartArgs, containerArgs, healthArgs, networkCreateArgs, shellQuote, teardownArgs, volumeCreateArgs } from '../../scripts/bench/baseline/docker-cli-commands.ts';
import { publishedUrl } from '../../scripts/bench/baseline/baseline-cycle.ts';
import { secretEnvironment, servicesByRole } from '../../scripts/bench/baseline/stack-plan.ts';
import { randomSecret, referenceBaseline, stackPlan } from '../../infra/docker/baseline-plan.ts';
import reference from '../../ephemeral.config.ts';

const slug = 'bench-b-1';
const labels = { 'ephemeral.stack': slug, 'ephemeral.branch': 'bench/b-1', 'ephemeral.run': 'r1', 'ephemeral.expires': '2026-01-01T00:00:00.000Z' };
const secrets = { dbPassword: 'dbSecret1', queuePassword: 'queueSecret2', tokenSecret: 'tokenSecret3', adminPassword: 'adminSecret4' };
const plan = stackPlan({ slug, labels, images: { postgres: 'pg:1', redis: 'redis:1', app: 'app:1' }, secrets });
const service = (name: string) => plan.services.find((spec) => spec.name === `${slug}-${name}`) ?? expect.fail(`no ${name}`);
const secretValues = Object.values(secrets);

describe('docker CLI commands', () => {
  it('creates the private network with --internal and every object with all four labels', () => {
    const [privateNetwork, edge] = plan.networks.map((network) => networkCreateArgs(network, labels));
    expect(privateNetwork).toContain('--internal');
    expect(edge).not.toContain('--internal');
    for (const args of [privateNetwork, edge, volumeCreateArgs(plan.volumes[0] ?? '', labels), ...plan.services.map((spec) => containerArgs(spec, plan))]) {
      for (const [key, value] of Object.entries(labels)) expect(args).toContain(`${key}=${value}`);
    }
  });

  it('never puts a secret value on a command line', () => {
    const argv = plan.services.flatMap((spec) => [...containerArgs(spec, plan), ...connectAndStartArgs(spec).flat()]).join(' ');
    for (const value of secretValues) expect(argv).not.toContain(value);
    expect(containerArgs(service('db'), plan)).toContain('POSTGRES_PASSWORD');
  });

  it('hands every secret variable to the CLI environment with one value per name', () => {
    expect(secretEnvironment(plan)).toMatchObject({ POSTGRES_PASSWORD: secrets.dbPassword, ADMIN_PASSWORD: secrets.adminPassword, TOKEN_SECRET: secrets.tokenSecret });
    expect(secretEnvironment(plan)['DATABASE_URL']).toContain(secrets.dbPassword);
  });

  it('creates the api on the edge network, then joins the private one under the same alias, then starts it', () => {
    const api = service('api-1');
    expect(containerArgs(api, plan).slice(0, 1)).toEqual(['create']);
    expect(containerArgs(api, plan)).toEqual(expect.arrayContaining(['--network', `${slug}-edge`]));
    expect(connectAndStartArgs(api)).toEqual([
      ['network', 'connect', '--alias', 'api', `${slug}-private`, `${slug}-api-1`],
      ['start', `${slug}-api-1`],
    ]);
  });

  it('runs migrate attached, and the others detached', () => {
    expect(containerArgs(service('migrate'), plan).slice(0, 2)).toEqual(['run', '--name']);
    expect(containerArgs(service('db'), plan).slice(0, 2)).toEqual(['run', '--detach']);
  });

  it('publishes only web and the first api, on 127.0.0.1 with an engine-chosen port', () => {
    const published = plan.services.filter((spec) => containerArgs(spec, plan).includes('--publish')).map((spec) => spec.name);
    expect(published.sort()).toEqual([`${slug}-api-1`, `${slug}-web`]);
    expect(containerArgs(service('web'), plan)).toContain('127.0.0.1::8080');
  });

  it('turns a CMD health check into a quoted shell command and keeps CMD-SHELL as it is', () => {
    expect(healthArgs({ test: ['CMD', 'node', '-e', "fetch('x')"], interval: '1s', timeout: '3s', retries: 5, startPeriod: '30s' }).slice(0, 2)).toEqual([
      '--health-cmd',
      `node -e 'fetch('"'"'x'"'"')'`,
    ]);
    expect(healthArgs({ test: ['CMD-SHELL', 'a | b'], interval: '1s', timeout: '3s', retries: 5, startPeriod: '30s' })[1]).toBe('a | b');
    expect(shellQuote('--host=127.0.0.1')).toBe('--host=127.0.0.1');
  });

  it('tears down containers, then networks, then the volume', () => {
    const [containers, networks, volumes] = teardownArgs(plan);
    expect(containers?.slice(0, 3)).toEqual(['rm', '--force', '--volumes']);
    expect(containers).toHaveLength(3 + plan.services.length);
    expect(networks).toEqual(['network', 'rm', `${slug}-private`, `${slug}-edge`]);
    expect(volumes).toEqual(['volume', 'rm', '--force', `${slug}-db-data`]);
  });

  it('orders every dependency before its dependant, so the plan can start in order', () => {
    const seen = new Set<string>();
    for (const spec of plan.services) {
      for (const dependency of spec.after) expect(seen.has(dependency), `${spec.name} after ${dependency}`).toBe(true);
      seen.add(spec.name);
    }
    expect(service('migrate').after).toEqual([]);
    expect(service('api-2').after).toEqual([`${slug}-queue`, `${slug}-migrate`]);
  });

  it('lists the containers per role as the outputs do', () => {
    expect(servicesByRole(plan)).toEqual({
      db: [`${slug}-db`],
      queue: [`${slug}-queue`],
      migrate: [`${slug}-migrate`],
      api: [`${slug}-api-1`, `${slug}-api-2`],
      worker: [`${slug}-worker-1`, `${slug}-worker-2`],
      web: [`${slug}-web`],
    });
  });
});

describe('Compose file', () => {
  const text = renderComposeFile(plan);
  const document = parse(text) as { services: Record<string, Record<string, unknown>>; networks: Record<string, Record<string, unknown>>; volumes: Record<string, Record<string, unknown>> };

  it('holds no secret value', () => {
    for (const value of secretValues) expect(text).not.toContain(value);
  });

  it('keeps the container names, the internal network and the labels', () => {
    expect(document.services['api-1']?.['container_name']).toBe(`${slug}-api-1`);
    expect(document.networks['private']).toEqual({ name: `${slug}-private`, internal: true, labels });
    expect(document.volumes['db-data']).toEqual({ name: `${slug}-db-data`, labels });
  });

  it('waits for migrate to succeed and for the queue to start, as the program does', () => {
    expect(document.services['migrate']?.['depends_on']).toBeUndefined();
    expect(document.services['worker-1']?.['depends_on']).toEqual({ queue: { condition: 'service_started' }, migrate: { condition: 'service_completed_successfully' } });
  });

  it('doubles $ so that Compose leaves the container its shell variables', () => {
    expect(JSON.stringify(document.services['queue']?.['command'])).toContain('$$REDIS_PASSWORD');
  });

  it('quotes `no` so that a YAML 1.1 reader does not take it for false', () => {
    expect(text).toMatch(/restart: "no"/);
    expect(composeDocument(plan)).toHaveProperty(['services', 'db', 'restart'], 'no');
  });
});

describe('baseline outputs', () => {
  it('reads the published address from docker port', () => {
    expect(publishedUrl('127.0.0.1:49153\n')).toBe('http://127.0.0.1:49153');
    expect(() => publishedUrl('')).toThrow(/no port/);
  });

  it('makes secrets of letters and digits of the asked length', () => {
    expect(randomSecret(32)).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  it('is what the reference config gives the bench, with fresh secrets and the outputs the program returns', async () => {
    expect(reference.bench.baseline).toBe(referenceBaseline);
    const baseline = referenceBaseline({ slug, labels, images: { postgres: 'pg:1', redis: 'redis:1', app: 'app:1', node: 'node:1' } });
    expect(baseline.secrets).toHaveLength(4);
    const outputs = (await baseline.outputs(async (container, port) => `http://127.0.0.1:${container.length}${port}`)) as Record<string, unknown>;
    expect(Object.keys(outputs).sort()).toEqual(['adminEmail', 'adminPassword', 'apiUrl', 'networks', 'services', 'stackName', 'webUrl']);
    expect(baseline.secrets).toContain(outputs['adminPassword']);
  });
});
