// The api role: waits for the database and Redis, checks the database belongs to this
// stack, makes sure the admin user exists, then serves HTTP until SIGTERM.
import { Queue } from 'bullmq';
import { apiConfigSchema, parseConfig } from '../shared/config.ts';
import { checkDatabase, createPool } from '../shared/db.ts';
import { activeFaults } from '../shared/faults.ts';
import { createMetricsRegistry } from '../shared/http-metrics.ts';
import { createLifecycle } from '../shared/lifecycle.ts';
import { createLogger } from '../shared/logger.ts';
import { checkRedis, createRedis, ITEM_QUEUE_NAME, type ItemJobData } from '../shared/queue.ts';
import { startRole } from '../shared/start-role.ts';
import { waitUntilReady } from '../shared/wait-until-ready.ts';
import { EnvironmentMismatchError, verifyEnvironment } from '../shared/environment-record.ts';
import { ensureAdminUser } from './admin-account.ts';
import { createTokenService } from './auth/tokens.ts';
import { createItemJobs } from './item-jobs.ts';
import { buildApiServer } from './server.ts';
import { createItemStore } from './store/items.ts';
import { createUserStore } from './store/users.ts';

async function serveApi(): Promise<void> {
  const startedAt = performance.now();
  const config = parseConfig('api', apiConfigSchema, process.env);
  const instance = config.INSTANCE_NAME;
  const logger = createLogger({ role: 'api', level: config.LOG_LEVEL, ...(instance ? { instance } : {}) });
  const lifecycle = createLifecycle(logger);
  for (const fault of activeFaults(config)) logger.warn({ fault: fault.variable }, `fault injected: ${fault.effect}`);

  const pool = createPool({ url: config.DATABASE_URL, maxConnections: config.DB_POOL_SIZE, applicationName: 'api', logger });
  lifecycle.defer(() => pool.end());
  const redis = createRedis(config.REDIS_URL, 'fail-fast', 'api');
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  lifecycle.defer(() => redis.quit());

  const wait = { timeoutMs: config.STARTUP_TIMEOUT_SECONDS * 1_000, signal: lifecycle.signal, logger };
  await waitUntilReady(() => checkDatabase(pool), { ...wait, what: 'the database' });
  await waitUntilReady(() => checkRedis(redis), { ...wait, what: 'Redis' });
  // The api may start before migrate finished (Kubernetes starts both at once): wait for the
  // schema, but stop at once if the database belongs to another stack.
  await waitUntilReady(() => verifyEnvironment(pool, config.STACK_NAME), {
    ...wait,
    what: 'the migrated schema',
    isFatal: (error) => error instanceof EnvironmentMismatchError,
  });

  const users = createUserStore(pool);
  await ensureAdminUser(users, config.ADMIN_EMAIL, config.ADMIN_PASSWORD);

  const queue = new Queue<ItemJobData>(ITEM_QUEUE_NAME, { connection: redis });
  queue.on('error', (error) => logger.warn({ err: error }, 'queue error'));
  lifecycle.defer(() => queue.close());

  const metrics = createMetricsRegistry('api');
  const app = buildApiServer({
    stackName: config.STACK_NAME,
    logger,
    users,
    items: createItemStore(pool),
    jobs: createItemJobs(queue, metrics),
    tokens: createTokenService({
      secret: config.TOKEN_SECRET,
      ttlSeconds: config.TOKEN_TTL_SECONDS,
      audience: config.STACK_NAME,
    }),
    healthChecks: { db: () => checkDatabase(pool), queue: () => checkRedis(redis) },
    metrics,
    faults: { leakItems: config.FAULT_API_LEAK_ITEMS },
  });
  lifecycle.defer(() => app.close());
  await app.listen({ host: '0.0.0.0', port: config.PORT });
  logger.info({ port: config.PORT, stack: config.STACK_NAME, startupMs: Math.round(performance.now() - startedAt) }, 'api ready');
}

startRole('api', serveApi);
