// The per-branch stack on the Kubernetes target: the reference stack of
// infra/docker/program.ts in a namespace of its own. PostgreSQL and Redis answer only
// inside the namespace (NetworkPolicy), a Job applies the migrations and gates the api,
// api and worker run as Deployments, and web and api are the entry points. Services
// carry the names the app's settings use on Docker (db, queue, api), so the same
// images find each other by cluster DNS.
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import { faults } from '../docker/faults.ts';
import { metricsPorts } from '../docker/program.ts';
import { isolateNamespace } from './isolation.ts';
import { entryPointServices } from './isolation-rules.ts';
import { splitStackLabels } from './metadata.ts';
import { httpLiveness, httpReadiness, postgresReadiness, redisReadiness } from './probes.ts';
import type { KubernetesStackConfig } from './stack-config.ts';

export interface KubernetesStackOutputs {
  /** Tells the suites (infra/outputs-schema.ts) which target they reach into. */
  target: 'kubernetes';
  stackName: string;
  namespace: pulumi.Output<string>;
  webUrl: pulumi.Output<string>;
  apiUrl: pulumi.Output<string>;
  adminEmail: string;
  adminPassword: pulumi.Output<string>;
  /** The workloads per service (Deployment or Job names in the namespace). */
  services: Record<string, string[]>;
}

const database = { name: 'app', user: 'app' };
const ports = { api: 8080, web: 8080, workerHealth: 8081, db: 5432, queue: 6379 };
// Let the driver wait for readiness from pod conditions (scripts/readiness) instead of
// the provider polling each Deployment in turn; the migration Job alone is awaited, as
// its completion gates the api.
const skipAwait = { 'pulumi.com/skipAwait': 'true' };

type Container = k8s.types.input.core.v1.Container;
type EnvVar = k8s.types.input.core.v1.EnvVar;
interface DeploymentExtras {
  volumes?: k8s.types.input.core.v1.Volume[];
  /** The migration Job these pods need: they start after it completed, and roll again when a new one ran. */
  migration?: k8s.batch.v1.Job;
}

function secretPassword(name: string, length: number): random.RandomPassword {
  return new random.RandomPassword(name, { length, special: false });
}

/** GET /health over bash's /dev/tcp inside the container: the worker is no entry point, so no probe comes from outside. */
function execHttpReadiness(port: number): k8s.types.input.core.v1.Probe {
  const probe = `exec 3<>/dev/tcp/127.0.0.1/${port} && printf 'GET /health HTTP/1.0\\r\\n\\r\\n' >&3 && read -r status <&3 && [[ $status == *' 200 '* ]]`;
  return { exec: { command: ['bash', '-c', probe] }, periodSeconds: 2, timeoutSeconds: 2, failureThreshold: 3 };
}

export function kubernetesStackProgram(config: KubernetesStackConfig): () => Promise<KubernetesStackOutputs> {
  const { slug } = config;
  const metadata = splitStackLabels(config.labels);
  const logical = (role: string) => `${slug}-${role}`;
  const fault = config.fault ? faults[config.fault] : undefined;
  const faultEnv = (entries: string[]): EnvVar[] =>
    entries.map((entry) => {
      const [name = '', ...value] = entry.split('=');
      return { name, value: value.join('=') };
    });
  const podLabels = (service: string) => ({
    ...metadata.labels,
    'ephemeral.service': service,
    ...(metricsPorts[service] === undefined ? {} : { 'ephemeral.metrics-port': String(metricsPorts[service]) }),
  });
  const selector = (service: string) => ({ 'ephemeral.stack': slug, 'ephemeral.service': service });
  const resources = (cpu: string, memory: string) => ({ requests: { cpu, memory }, limits: { memory } });

  return async () => {
    const namespace = new k8s.core.v1.Namespace(logical('namespace'), {
      metadata: { name: slug, labels: metadata.labels, annotations: metadata.annotations },
    });
    const ns = namespace.metadata.name;
    const objectMeta = (name: string, service?: string, annotations: Record<string, string> = {}) => ({
      name,
      namespace: ns,
      labels: service ? podLabels(service) : metadata.labels,
      annotations: { ...metadata.annotations, ...annotations },
    });

    const dbPassword = secretPassword(logical('db-password'), 32);
    const queuePassword = secretPassword(logical('queue-password'), 32);
    const tokenSecret = secretPassword(logical('token-secret'), 48);
    const adminPassword = secretPassword(logical('admin-password'), 24);

    const secrets = new k8s.core.v1.Secret(logical('app-secrets'), {
      metadata: objectMeta('app-secrets'),
      stringData: {
        POSTGRES_PASSWORD: dbPassword.result,
        REDIS_PASSWORD: queuePassword.result,
        DATABASE_URL: pulumi.interpolate`postgres://${database.user}:${dbPassword.result}@db:${ports.db}/${database.name}`,
        REDIS_URL: pulumi.interpolate`redis://:${queuePassword.result}@queue:${ports.queue}`,
        TOKEN_SECRET: tokenSecret.result,
        ADMIN_PASSWORD: adminPassword.result,
      },
    });
    const fromSecret = (...keys: string[]): EnvVar[] =>
      keys.map((key) => ({ name: key, valueFrom: { secretKeyRef: { name: secrets.metadata.name, key } } }));

    isolateNamespace({ namespace: ns, labels: metadata.labels, entryPointServices, prefix: slug });

    const deployment = (service: string, replicas: number, container: Container, extra: DeploymentExtras = {}) =>
      new k8s.apps.v1.Deployment(
        logical(service),
        {
          metadata: objectMeta(service, service, skipAwait),
          spec: {
            replicas,
            selector: { matchLabels: selector(service) },
            // A database with one volume must not run twice at once during a rollout.
            ...(service === 'db' ? { strategy: { type: 'Recreate' } } : {}),
            template: {
              metadata: {
                labels: podLabels(service),
                ...(extra.migration ? { annotations: { 'ephemeral.migration': extra.migration.metadata.uid } } : {}),
              },
              spec: {
                containers: [{ imagePullPolicy: config.imagePullPolicy, ...container }],
                ...(extra.volumes ? { volumes: extra.volumes } : {}),
                enableServiceLinks: false,
              },
            },
          },
        },
        extra.migration ? { dependsOn: [extra.migration] } : {},
      );
    const service = (name: string, port: number, entryPoint: boolean) =>
      new k8s.core.v1.Service(logical(`${name}-service`), {
        // Not awaited until it has endpoints: the driver's readiness judges the pods behind it.
        metadata: objectMeta(name, undefined, skipAwait),
        spec: {
          type: entryPoint && config.entryPointAccess === 'node-port' ? 'NodePort' : 'ClusterIP',
          selector: selector(name),
          ports: [{ name: 'main', port, targetPort: port }],
        },
      });

    const dbVolume: k8s.types.input.core.v1.Volume = { name: 'data', emptyDir: {} };
    const dbClaim = config.storageClass
      ? new k8s.core.v1.PersistentVolumeClaim(logical('db-data'), {
          metadata: objectMeta('db-data'),
          spec: { accessModes: ['ReadWriteOnce'], storageClassName: config.storageClass, resources: { requests: { storage: '1Gi' } } },
        })
      : undefined;
    deployment(
      'db',
      1,
      {
        name: 'db',
        image: config.images.postgres,
        args: config.durableStorage ? ['postgres'] : ['postgres', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
        env: [
          ...fromSecret('POSTGRES_PASSWORD'),
          { name: 'POSTGRES_USER', value: database.user },
          { name: 'POSTGRES_DB', value: database.name },
          // A folder below the mount: PostgreSQL wants its data folder 0700 and its own,
          // and a volume's root is neither.
          { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
        ],
        ports: [{ containerPort: ports.db }],
        volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }],
        readinessProbe: postgresReadiness(database.user, database.name),
        resources: resources('50m', '512Mi'),
      },
      { volumes: [dbClaim ? { name: 'data', persistentVolumeClaim: { claimName: dbClaim.metadata.name } } : dbVolume] },
    );
    service('db', ports.db, false);

    deployment('queue', 1, {
      name: 'queue',
      image: config.images.redis,
      command: [
        'sh',
        '-c',
        `exec redis-server --protected-mode no --requirepass "$REDIS_PASSWORD" ${config.durableStorage ? '--appendonly yes' : '--save ""'}`,
      ],
      env: fromSecret('REDIS_PASSWORD'),
      ports: [{ containerPort: ports.queue }],
      readinessProbe: redisReadiness(),
      resources: resources('20m', '128Mi'),
    });
    service('queue', ports.queue, false);

    // Awaited: the provider waits until the Job completes and fails `up` with its reason
    // when it does not, so the api never starts on a schema it does not know.
    const migrate = new k8s.batch.v1.Job(logical('migrate'), {
      metadata: objectMeta('migrate', 'migrate'),
      spec: {
        backoffLimit: 0,
        template: {
          metadata: { labels: podLabels('migrate') },
          spec: {
            restartPolicy: 'Never',
            enableServiceLinks: false,
            containers: [
              {
                name: 'migrate',
                image: config.images.app,
                imagePullPolicy: config.imagePullPolicy,
                command: ['node', 'src/migrate/main.ts'],
                env: [...fromSecret('DATABASE_URL'), { name: 'STACK_NAME', value: slug }, ...faultEnv(fault?.migrateEnv ?? [])],
                resources: resources('50m', '256Mi'),
              },
            ],
          },
        },
      },
    });

    // Each replica is named after its pod, as Docker names a container per replica.
    const appEnv: EnvVar[] = [
      { name: 'STACK_NAME', value: slug },
      { name: 'INSTANCE_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    ];
    const api: Container = {
      name: 'api',
      image: config.images.app,
      command: ['node', 'src/api/main.ts'],
      env: [
        ...fromSecret('DATABASE_URL', 'REDIS_URL', 'TOKEN_SECRET', 'ADMIN_PASSWORD'),
        { name: 'ADMIN_EMAIL', value: config.adminEmail },
        { name: 'PORT', value: String(ports.api) },
        { name: 'DB_POOL_SIZE', value: String(config.dbPoolSize) },
        ...appEnv,
        ...faultEnv(fault?.apiEnv ?? []),
      ],
      ports: [{ containerPort: ports.api }],
      readinessProbe: httpReadiness(ports.api),
      livenessProbe: httpLiveness(ports.api),
      resources: resources('50m', '256Mi'),
    };
    deployment('api', config.apiReplicas, api, { migration: migrate });
    const apiService = service('api', ports.api, true);

    const worker: Container = {
      name: 'worker',
      image: config.images.app,
      command: ['node', 'src/worker/main.ts'],
      env: [
        ...fromSecret('DATABASE_URL', 'REDIS_URL'),
        { name: 'WORKER_CONCURRENCY', value: String(config.workerConcurrency) },
        { name: 'HEALTH_PORT', value: String(ports.workerHealth) },
        ...appEnv,
        ...faultEnv(fault?.workerEnv ?? []),
      ],
      readinessProbe: execHttpReadiness(ports.workerHealth),
      resources: resources('50m', '256Mi'),
    };
    deployment('worker', config.workerReplicas, worker, { migration: migrate });

    deployment('web', 1, {
      name: 'web',
      image: config.images.app,
      command: ['node', 'src/web/main.ts'],
      env: [
        { name: 'API_URL', value: `http://api:${ports.api}` },
        { name: 'PORT', value: String(ports.web) },
      ],
      ports: [{ containerPort: ports.web }],
      readinessProbe: httpReadiness(ports.web),
      livenessProbe: httpLiveness(ports.web),
      resources: resources('30m', '192Mi'),
    });
    const webService = service('web', ports.web, true);

    return {
      target: 'kubernetes',
      stackName: slug,
      namespace: ns,
      webUrl: entryPointUrl(webService, config),
      apiUrl: entryPointUrl(apiService, config),
      adminEmail: config.adminEmail,
      adminPassword: pulumi.secret(adminPassword.result),
      services: { db: ['db'], queue: ['queue'], migrate: ['migrate'], api: ['api'], worker: ['worker'], web: ['web'] },
    };
  };
}

/** On a NodePort, the host's 127.0.0.1 (the local cluster serves NodePorts there only); else the in-cluster name the tool port-forwards. */
function entryPointUrl(service: k8s.core.v1.Service, config: KubernetesStackConfig): pulumi.Output<string> {
  return pulumi.all([service.metadata.name, service.metadata.namespace, service.spec.ports]).apply(([name, namespace, servicePorts]) => {
    const port = servicePorts[0];
    if (!port) throw new Error(`service ${name} has no port`);
    if (config.entryPointAccess === 'node-port') {
      if (!port.nodePort) throw new Error(`service ${name} has no node port`);
      return `http://127.0.0.1:${port.nodePort}`;
    }
    return `http://${name}.${namespace}.svc:${port.port}`;
  });
}
