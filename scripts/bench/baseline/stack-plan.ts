// The reference stack as plain data, for the baselines that build it without Pulumi:
// the same containers, images, commands, environment, networks, volume, published ports
// and health checks as infra/docker/program.ts (tests/unit/bench-stack-parity.test.ts
// holds the two equal), rendered to docker CLI commands or a Compose file elsewhere.
import type * as docker from '@pulumi/docker';
import { httpHealthCheck, postgresHealthCheck, redisHealthCheck } from '../../../infra/docker/health-checks.ts';
import { ephemeralStackConfig, type StackImages } from '../../../infra/docker/stack-config.ts';

export type { StackImages };

export interface HealthSpec {
  /** Docker's form: ['CMD', ...argv] or ['CMD-SHELL', script]. */
  test: string[];
  interval: string;
  timeout: string;
  retries: number;
  startPeriod: string;
}

export interface EnvEntry {
  name: string;
  value: string;
  /** Secret values never go on a command line or into a file: the CLI reads them from its environment. */
  secret: boolean;
}

export interface ServiceSpec {
  role: 'db' | 'queue' | 'migrate' | 'api' | 'worker' | 'web';
  /** The container name, `<slug>-<role>[-n]`. */
  name: string;
  image: string;
  command: string[];
  env: EnvEntry[];
  /** The first network is the one the container is created on (Docker publishes through it). */
  networks: Array<{ network: string; alias: string }>;
  /** The container port published on the publish address, host port chosen by the engine. */
  publish: number | undefined;
  health: HealthSpec | undefined;
  mounts: Array<{ volume: string; target: string }>;
  /** Runs to completion; must exit 0. */
  oneShot: boolean;
  /** Containers that must be healthy (a one-shot: exited 0) before this one starts. */
  after: string[];
}

export interface StackPlan {
  slug: string;
  labels: Record<string, string>;
  networks: Array<{ name: string; internal: boolean }>;
  volumes: string[];
  services: ServiceSpec[];
  publishAddress: string;
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

export function stackPlan(request: StackPlanRequest): StackPlan {
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

/** Container names per role: the `services` output the suites and log slices read. */
export function servicesByRole(plan: StackPlan): Record<string, string[]> {
  const roles: Record<string, string[]> = {};
  for (const spec of plan.services) (roles[spec.role] ??= []).push(spec.name);
  return roles;
}

/** Every secret value of the plan, keyed by variable name (each name has one value). */
export function secretEnvironment(plan: StackPlan): Record<string, string> {
  return Object.fromEntries(plan.services.flatMap((spec) => spec.env.filter((entry) => entry.secret).map((entry) => [entry.name, entry.value])));
}

/** The baseline's images from the ones the bench prepared through the config (base images and `images`). */
export function baselineImages(images: Record<string, string>): StackImages {
  const pick = (name: string) => {
    const ref = images[name];
    if (!ref) throw new Error(`the baselines need the image ${name}; the config's images and the base images have: ${Object.keys(images).join(', ')}`);
    return ref;
  };
  return { postgres: pick('postgres'), redis: pick('redis'), app: pick('app') };
}
