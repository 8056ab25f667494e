// The reference stack as plain data (`bench.baseline` in ephemeral.config.ts), for the
// bench's baselines that build it without Pulumi: the same containers, images, commands,
// environment, networks, volume, published ports and health checks as program.ts
// (tests/unit/bench-stack-parity.test.ts holds the two equal), rendered to docker CLI
// commands or a Compose file by scripts/bench/baseline/.
import { randomBytes } from 'node:crypto';
import type * as docker from '@pulumi/docker';
import type { BaselineRequest, BaselineStack, EnvEntry, HealthSpec, ServiceSpec, StackPlan } from '../../scripts/contract/baseline-plan.ts';
import { httpHealthCheck, postgresHealthCheck, redisHealthCheck } from './health-checks.ts';
import { ephemeralStackConfig, type StackImages } from './stack-config.ts';

/** The reference plan, with what the outputs need beside it. */
export interface ReferenceStackPlan extends StackPlan {
  adminEmail: string;
  apiPort: number;
  webPort: number;
}

export interface StackSecrets {
  dbPassword: string;
  queuePassword: string;
  tokenSecret: string;
  adminPassword: string;
}

export interface StackPlanRequest {
  slug: string;
  labels: Record<string, string>;
  images: StackImages;
  secrets: StackSecrets;
}

const database = { name: 'app', user: 'app' };
const apiPort = 8080;
const webPort = 8080;
const workerHealthPort = 8081;

/** infra's health checks are typed as Pulumi inputs but hold plain values: take them as such, or fail loudly. */
function healthSpec(check: docker.types.input.ContainerHealthcheck): HealthSpec {
  const text = (value: unknown, fallback: string) => {
    if (value === undefined) return fallback;
    if (typeof value !== 'string') throw new Error('a health check setting is not a plain string');
    return value;
  };
  const tests: unknown = check.tests;
  if (!Array.isArray(tests) || !tests.every((word) => typeof word === 'string')) throw new Error('a health check test is not a plain string list');
  const retries: unknown = check.retries;
  if (retries !== undefined && typeof retries !== 'number') throw new Error('health check retries is not a plain number');
  return { test: tests, interval: text(check.interval, '30s'), timeout: text(check.timeout, '30s'), retries: retries ?? 3, startPeriod: text(check.startPeriod, '0s') };
}

const plain = (name: string, value: string | number): EnvEntry => ({ name, value: String(value), secret: false });
const secret = (name: string, value: string): EnvEntry => ({ name, value, secret: true });

export function stackPlan(request: StackPlanRequest): ReferenceStackPlan {
  const config = ephemeralStackConfig({ slug: request.slug, labels: request.labels, images: request.images });
  const { slug, images } = config;
  const { secrets } = request;
  const name = (role: string) => `${slug}-${role}`;
  const privateNetwork = name('private');
  const edgeNetwork = name('edge');
  const volume = name('db-data');
  const databaseUrl = `postgres://${database.user}:${secrets.dbPassword}@db:5432/${database.name}`;
  const redisUrl = `redis://:${secrets.queuePassword}@queue:6379`;
  // Known only once migrate exited 0 in the Pulumi program; here the start order ensures it.
  const migrationsApplied = plain('MIGRATIONS_APPLIED', 'yes');
  const service = (spec: Omit<ServiceSpec, 'mounts' | 'publish' | 'health' | 'oneShot' | 'after'> & Partial<ServiceSpec>): ServiceSpec => ({
    mounts: [],
    publish: undefined,
    health: undefined,
    oneShot: false,
    after: [],
    ...spec,
  });

  const db = service({
    role: 'db',
    name: name('db'),
    image: images.postgres,
    command: config.durableStorage ? ['postgres'] : ['postgres', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    env: [secret('POSTGRES_PASSWORD', secrets.dbPassword), plain('POSTGRES_USER', database.user), plain('POSTGRES_DB', database.name)],
    mounts: [{ volume, target: '/var/lib/postgresql/data' }],
    networks: [{ network: privateNetwork, alias: 'db' }],
    health: healthSpec(postgresHealthCheck(database.user, database.name)),
  });
  const queue = service({
    role: 'queue',
    name: name('queue'),
    image: images.redis,
    command: ['sh', '-c', `exec redis-server --protected-mode no --requirepass "$REDIS_PASSWORD" ${config.durableStorage ? '--appendonly yes' : '--save ""'}`],
    env: [secret('REDIS_PASSWORD', secrets.queuePassword)],
    networks: [{ network: privateNetwork, alias: 'queue' }],
    health: healthSpec(redisHealthCheck()),
  });
  const migrate = service({
    role: 'migrate',
    name: name('migrate'),
    image: images.app,
    command: ['node', 'src/migrate/main.ts'],
    env: [secret('DATABASE_URL', databaseUrl), plain('STACK_NAME', slug)],
    networks: [{ network: privateNetwork, alias: 'migrate' }],
    // As in the program: with the database, retrying until it accepts.
    oneShot: true,
  });
  const apis = Array.from({ length: config.apiReplicas }, (_, index) => {
    const instance = name(`api-${index + 1}`);
    return service({
      role: 'api',
      name: instance,
      image: images.app,
      command: ['node', 'src/api/main.ts'],
      env: [
        secret('DATABASE_URL', databaseUrl),
        secret('REDIS_URL', redisUrl),
        secret('TOKEN_SECRET', secrets.tokenSecret),
        plain('ADMIN_EMAIL', config.adminEmail),
        secret('ADMIN_PASSWORD', secrets.adminPassword),
        plain('STACK_NAME', slug),
        plain('PORT', apiPort),
        plain('INSTANCE_NAME', instance),
        plain('DB_POOL_SIZE', config.dbPoolSize),
        migrationsApplied,
      ],
      networks: [
        { network: edgeNetwork, alias: 'api' },
        { network: privateNetwork, alias: 'api' },
      ],
      publish: index === 0 ? apiPort : undefined,
      health: healthSpec(httpHealthCheck(apiPort)),
      after: [queue.name, migrate.name],
    });
  });
  const workers = Array.from({ length: config.workerReplicas }, (_, index) => {
    const instance = name(`worker-${index + 1}`);
    return service({
      role: 'worker',
      name: instance,
      image: images.app,
      command: ['node', 'src/worker/main.ts'],
      env: [
        secret('DATABASE_URL', databaseUrl),
        secret('REDIS_URL', redisUrl),
        plain('WORKER_CONCURRENCY', config.workerConcurrency),
        plain('HEALTH_PORT', workerHealthPort),
        plain('INSTANCE_NAME', instance),
        migrationsApplied,
      ],
      networks: [{ network: privateNetwork, alias: 'worker' }],
      health: healthSpec(httpHealthCheck(workerHealthPort)),
      after: [queue.name, migrate.name],
    });
  });
  const web = service({
    role: 'web',
    name: name('web'),
    image: images.app,
    command: ['node', 'src/web/main.ts'],
    env: [plain('API_URL', `http://api:${apiPort}`), plain('PORT', webPort)],
    networks: [{ network: edgeNetwork, alias: 'web' }],
    publish: webPort,
    health: healthSpec(httpHealthCheck(webPort)),
    // As in the program: web starts alongside the api; its health check asks the api.
    after: [],
  });

  return {
    slug,
    labels: request.labels,
    networks: [
      { name: privateNetwork, internal: true },
      { name: edgeNetwork, internal: false },
    ],
    volumes: [volume],
    services: [db, queue, migrate, ...apis, ...workers, web],
    publishAddress: config.publishAddress,
    adminEmail: config.adminEmail,
    apiPort,
    webPort,
  };
}

/** Letters and digits, like @pulumi/random's passwords with `special: false`. */
export function randomSecret(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

export function randomSecrets(): StackSecrets {
  return { dbPassword: randomSecret(32), queuePassword: randomSecret(32), tokenSecret: randomSecret(48), adminPassword: randomSecret(24) };
}

function pickImages(images: Record<string, string>): StackImages {
  const pick = (name: string) => {
    const ref = images[name];
    if (!ref) throw new Error(`the baselines need the image ${name}; the bench has: ${Object.keys(images).join(', ')}`);
    return ref;
  };
  return { postgres: pick('postgres'), redis: pick('redis'), app: pick('app') };
}

/** The contract's `bench.baseline`: the plan with fresh secrets, and the outputs as program.ts returns them. */
export function referenceBaseline(request: BaselineRequest): BaselineStack {
  const secrets = randomSecrets();
  const plan = stackPlan({ slug: request.slug, labels: request.labels, images: pickImages(request.images), secrets });
  const byRole = (role: string) => plan.services.filter((spec) => spec.role === role).map((spec) => spec.name);
  return {
    plan,
    secrets: [secrets.dbPassword, secrets.queuePassword, secrets.tokenSecret, secrets.adminPassword],
    async outputs(publishedUrl) {
      const services = Object.fromEntries(['db', 'queue', 'migrate', 'api', 'worker', 'web'].map((role) => [role, byRole(role)]));
      return {
        stackName: plan.slug,
        webUrl: await publishedUrl(byRole('web')[0] ?? '', plan.webPort),
        apiUrl: await publishedUrl(byRole('api')[0] ?? '', plan.apiPort),
        adminEmail: plan.adminEmail,
        adminPassword: secrets.adminPassword,
        services,
        networks: { private: `${plan.slug}-private`, edge: `${plan.slug}-edge` },
      };
    },
  };
}
