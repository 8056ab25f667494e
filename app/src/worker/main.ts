// The worker role: consumes item jobs from Redis with bounded concurrency, beats a
// heartbeat, and serves /health and /metrics on HEALTH_PORT until SIGTERM.
import { Worker } from 'bullmq';
import { hostname } from 'node:os';
import { parseConfig, workerConfigSchema } from '../shared/config.ts';
import { checkDatabase, createPool } from '../shared/db.ts';
import { activeFaults, createJobDropper } from '../shared/faults.ts';
import { registerHealthRoute } from '../shared/health.ts';
import { createMetricsRegistry, instrumentHttp } from '../shared/http-metrics.ts';
import { createHttpServer } from '../shared/http-server.ts';
import { createLifecycle } from '../shared/lifecycle.ts';
import { createLogger } from '../shared/logger.ts';
import { checkRedis, createRedis, ITEM_QUEUE_NAME, type ItemJobData } from '../shared/queue.ts';
import { startRole } from '../shared/start-role.ts';
import { waitUntilReady } from '../shared/wait-until-ready.ts';
import { checkHeartbeat, heartbeatKey, startHeartbeat } from './heartbeat.ts';
import { createWorkerMetrics } from './metrics.ts';
import { createItemJobProcessor } from './process-item-job.ts';
import { createResultStore } from './result-store.ts';
import { retryDelayMs } from './retry-delay.ts';

async function runWorker(): Promise<void> {
  const startedAt = performance.now();
  const config = parseConfig('worker', workerConfigSchema, process.env);
  const instance = config.INSTANCE_NAME ?? hostname();
  const logger = createLogger({ role: 'worker', level: config.LOG_LEVEL, instance });
  const lifecycle = createLifecycle(logger);
  for (const fault of activeFaults(config)) logger.warn({ fault: fault.variable }, `fault injected: ${fault.effect}`);

  const pool = createPool({ url: config.DATABASE_URL, maxConnections: config.DB_POOL_SIZE, applicationName: 'worker', logger });
  lifecycle.defer(() => pool.end());
  // One fail-fast client for health checks and the heartbeat, one patient client for BullMQ.
  const redis = createRedis(config.REDIS_URL, 'fail-fast', `worker-probe-${instance}`);
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  lifecycle.defer(() => redis.quit());

  const wait = { timeoutMs: config.STARTUP_TIMEOUT_SECONDS * 1_000, signal: lifecycle.signal, logger };
  await waitUntilReady(() => checkDatabase(pool), { ...wait, what: 'the database' });
  await waitUntilReady(() => checkRedis(redis), { ...wait, what: 'Redis' });

  const consumerConnection = createRedis(config.REDIS_URL, 'consume', `worker-${instance}`);
  consumerConnection.on('error', (error) => logger.warn({ err: error }, 'redis consumer connection error'));
  lifecycle.defer(() => consumerConnection.quit());

  const metrics = createMetricsRegistry('worker');
  const processor = createItemJobProcessor({
    results: createResultStore(pool),
    maxAttempts: config.MAX_ATTEMPTS,
    metrics: createWorkerMetrics(metrics),
    logger,
    dropJob: createJobDropper(config.FAULT_WORKER_DROP_EVERY),
  });
  const worker = new Worker<ItemJobData>(ITEM_QUEUE_NAME, processor, {
    connection: consumerConnection,
    concurrency: config.WORKER_CONCURRENCY,
    settings: { backoffStrategy: (attemptsMade: number) => retryDelayMs(attemptsMade, config.RETRY_BACKOFF_MS) },
  });
  worker.on('error', (error) => logger.error({ err: error }, 'worker error'));
  // Closing waits for the jobs in hand to finish, so none is left half-recorded.
  lifecycle.defer(() => worker.close());

  const key = heartbeatKey(instance);
  const heartbeat = startHeartbeat(redis, key, logger);
  lifecycle.defer(() => heartbeat.stop());

  const app = createHttpServer(logger);
  instrumentHttp(app, metrics);
  registerHealthRoute(app, {
    db: () => checkDatabase(pool),
    queue: () => checkRedis(redis),
    heartbeat: () => checkHeartbeat(redis, key),
    consumer: async () => {
      if (!worker.isRunning()) throw new Error('the job consumer is not running');
    },
  });
  lifecycle.defer(() => app.close());
  await app.listen({ host: '0.0.0.0', port: config.HEALTH_PORT });
  logger.info(
    {
      healthPort: config.HEALTH_PORT,
      concurrency: config.WORKER_CONCURRENCY,
      maxAttempts: config.MAX_ATTEMPTS,
      startupMs: Math.round(performance.now() - startedAt),
    },
    'worker ready',
  );
}

startRole('worker', runWorker);
