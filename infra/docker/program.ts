// The per-branch stack on the Docker target: PostgreSQL and Redis on a private
// internal network, a one-shot migration, api and worker replicas, and the web entry
// point. Only web and one api are published, on 127.0.0.1, on ports the engine picks.
import * as docker from '@pulumi/docker';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import { faults } from './faults.ts';
import { httpHealthCheck, postgresHealthCheck, redisHealthCheck } from './health-checks.ts';
import type { DockerStackConfig } from './stack-config.ts';

export interface DockerStackOutputs {
  stackName: string;
  webUrl: pulumi.Output<string>;
  apiUrl: pulumi.Output<string>;
  adminEmail: string;
  adminPassword: pulumi.Output<string>;
  /** Container names per service, for readiness reports and log collection. */
  services: Record<string, string[]>;
  networks: { private: string; edge: string };
}

const database = { name: 'app', user: 'app' };
/** Where each app service serves /metrics inside its container. */
export const metricsPorts: Record<string, number> = { api: 8080, worker: 8081, web: 8080 };
const apiPort = 8080;
const webPort = 8080;
const workerHealthPort = 8081;

function secretPassword(name: string, length: number): random.RandomPassword {
  return new random.RandomPassword(name, { length, special: false });
}

function publishedUrl(container: docker.Container): pulumi.Output<string> {
  return container.ports.apply((ports) => {
    const published = ports?.find((port) => port.external);
    if (!published?.external) throw new Error(`container has no published port`);
    return `http://${published.ip ?? '127.0.0.1'}:${published.external}`;
  });
}

export function dockerStackProgram(config: DockerStackConfig): () => Promise<DockerStackOutputs> {
  const { slug } = config;
  const labels = Object.entries(config.labels).map(([label, value]) => ({ label, value }));
  // Beside the stack's labels, each container says which service it is and where it
  // serves /metrics: the tool's logs, readiness reports and metrics read these.
  const serviceLabels = (service: string) => [
    ...labels,
    { label: 'ephemeral.service', value: service },
    ...(metricsPorts[service] === undefined ? [] : [{ label: 'ephemeral.metrics-port', value: String(metricsPorts[service]) }]),
  ];
  const name = (role: string) => `${slug}-${role}`;
  const fault = config.fault ? faults[config.fault] : undefined;
  const faultEnv = { api: fault?.apiEnv ?? [], worker: fault?.workerEnv ?? [], migrate: fault?.migrateEnv ?? [] };
  // No `wait`: the provider would poll each layer's health once a second, and only start
  // the next layer after it. Containers start as soon as what they need exists; the
  // driver then waits for every health check (scripts/readiness/stack-readiness.ts).
  const grace = config.durableStorage ? { destroyGraceSeconds: 10 } : {};
  const common = (service: string) => ({ labels: serviceLabels(service), ...grace });

  return async () => {
    const dbPassword = secretPassword(name('db-password'), 32);
    const queuePassword = secretPassword(name('queue-password'), 32);
    const tokenSecret = secretPassword(name('token-secret'), 48);
    const adminPassword = secretPassword(name('admin-password'), 24);

    const privateNetwork = new docker.Network(name('private'), { name: name('private'), internal: true, labels });
    const edgeNetwork = new docker.Network(name('edge'), { name: name('edge'), labels });
    const dbVolume = new docker.Volume(name('db-data'), { name: name('db-data'), labels });
    const onPrivate = (alias: string) => ({ name: privateNetwork.name, aliases: [alias] });
    const onEdge = (alias: string) => ({ name: edgeNetwork.name, aliases: [alias] });

    const databaseUrl = pulumi.interpolate`postgres://${database.user}:${dbPassword.result}@db:5432/${database.name}`;
    const redisUrl = pulumi.interpolate`redis://:${queuePassword.result}@queue:6379`;

    // Nothing waits on it by dependency: migrate, api and worker retry until it accepts.
    new docker.Container(name('db'), {
      ...common('db'),
      name: name('db'),
      image: config.images.postgres,
      envs: [pulumi.interpolate`POSTGRES_PASSWORD=${dbPassword.result}`, `POSTGRES_USER=${database.user}`, `POSTGRES_DB=${database.name}`],
      command: config.durableStorage ? ['postgres'] : ['postgres', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
      mounts: [{ type: 'volume', source: dbVolume.name, target: '/var/lib/postgresql/data' }],
      networksAdvanced: [onPrivate('db')],
      healthcheck: postgresHealthCheck(database.user, database.name),
    });

    const queue = new docker.Container(name('queue'), {
      ...common('queue'),
      name: name('queue'),
      image: config.images.redis,
      envs: [pulumi.interpolate`REDIS_PASSWORD=${queuePassword.result}`],
      command: [
        'sh',
        '-c',
        `exec redis-server --protected-mode no --requirepass "$REDIS_PASSWORD" ${config.durableStorage ? '--appendonly yes' : '--save ""'}`,
      ],
      networksAdvanced: [onPrivate('queue')],
      healthcheck: redisHealthCheck(),
    });

    // A one-shot job: attach waits until it exits; its exit code gates the api.
    const migrate = new docker.Container(
      name('migrate'),
      {
        name: name('migrate'),
        labels: serviceLabels('migrate'),
        image: config.images.app,
        command: ['node', 'src/migrate/main.ts'],
        envs: [pulumi.interpolate`DATABASE_URL=${databaseUrl}`, `STACK_NAME=${slug}`, ...faultEnv.migrate],
        networksAdvanced: [onPrivate('migrate')],
        attach: true,
        logs: true,
        mustRun: false,
        restart: 'no',
      },
      // Not after db: both start at once, and migrate retries until PostgreSQL accepts
      // (initdb takes a second or more), so its own Node start overlaps the database's.
    );
    const migrationsApplied = pulumi.all([migrate.exitCode, migrate.containerLogs]).apply(([exitCode, logs]) => {
      if (exitCode !== 0) throw new Error(`${name('migrate')} exited with ${exitCode}:\n${logs ?? ''}`);
      return 'yes';
    });

    const apis = Array.from({ length: config.apiReplicas }, (_, index) => {
      const instance = name(`api-${index + 1}`);
      return new docker.Container(
        instance,
        {
          ...common('api'),
          name: instance,
          image: config.images.app,
          command: ['node', 'src/api/main.ts'],
          envs: [
            pulumi.interpolate`DATABASE_URL=${databaseUrl}`,
            pulumi.interpolate`REDIS_URL=${redisUrl}`,
            pulumi.interpolate`TOKEN_SECRET=${tokenSecret.result}`,
            `ADMIN_EMAIL=${config.adminEmail}`,
            pulumi.interpolate`ADMIN_PASSWORD=${adminPassword.result}`,
            `STACK_NAME=${slug}`,
            `PORT=${apiPort}`,
            `INSTANCE_NAME=${instance}`,
            `DB_POOL_SIZE=${config.dbPoolSize}`,
            pulumi.interpolate`MIGRATIONS_APPLIED=${migrationsApplied}`,
            ...faultEnv.api,
          ],
          // The edge network comes first: Docker publishes through it, and web finds
          // every replica under the alias `api`.
          networksAdvanced: [onEdge('api'), onPrivate('api')],
          // Only the first replica is an entry point for the suites.
          ports: index === 0 ? [{ internal: apiPort, ip: config.publishAddress }] : [],
          healthcheck: httpHealthCheck(apiPort),
        },
        { dependsOn: [queue, migrate] },
      );
    });

    const workers = Array.from({ length: config.workerReplicas }, (_, index) => {
      const instance = name(`worker-${index + 1}`);
      return new docker.Container(
        instance,
        {
          ...common('worker'),
          name: instance,
          image: config.images.app,
          command: ['node', 'src/worker/main.ts'],
          envs: [
            pulumi.interpolate`DATABASE_URL=${databaseUrl}`,
            pulumi.interpolate`REDIS_URL=${redisUrl}`,
            `WORKER_CONCURRENCY=${config.workerConcurrency}`,
            `HEALTH_PORT=${workerHealthPort}`,
            `INSTANCE_NAME=${instance}`,
            pulumi.interpolate`MIGRATIONS_APPLIED=${migrationsApplied}`,
            ...faultEnv.worker,
          ],
          networksAdvanced: [onPrivate('worker')],
          healthcheck: httpHealthCheck(workerHealthPort),
        },
        { dependsOn: [queue, migrate] },
      );
    });

    const web = new docker.Container(
      name('web'),
      {
        ...common('web'),
        name: name('web'),
        image: config.images.app,
        command: ['node', 'src/web/main.ts'],
        envs: [`API_URL=http://api:${apiPort}`, `PORT=${webPort}`],
        networksAdvanced: [onEdge('web')],
        ports: [{ internal: webPort, ip: config.publishAddress }],
        healthcheck: httpHealthCheck(webPort),
      },
      // No dependsOn the api: web starts alongside it, and its own health check (which
      // asks the api) turns healthy once the api does.
    );

    const firstApi = apis[0];
    if (!firstApi) throw new Error('apiReplicas must be at least 1');
    return {
      stackName: slug,
      webUrl: publishedUrl(web),
      apiUrl: publishedUrl(firstApi),
      adminEmail: config.adminEmail,
      adminPassword: pulumi.secret(adminPassword.result),
      // Names are fixed by the slug, so the map is known before anything exists.
      services: {
        db: [name('db')],
        queue: [name('queue')],
        migrate: [name('migrate')],
        api: apis.map((_, index) => name(`api-${index + 1}`)),
        worker: workers.map((_, index) => name(`worker-${index + 1}`)),
        web: [name('web')],
      },
      networks: { private: name('private'), edge: name('edge') },
    };
  };
}
