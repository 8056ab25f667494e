// The item job queue shared by the api (producer) and the worker (consumer): its name,
// the job's data, the job options and the Redis connections BullMQ runs on.
import { Redis, type RedisOptions } from 'ioredis';
import type { JobsOptions } from 'bullmq';
import { withTimeout } from './wait-until-ready.ts';

export const ITEM_QUEUE_NAME = 'item-results';
export const ITEM_JOB_NAME = 'compute-item-result';

/**
 * The worker parks a job after its own MAX_ATTEMPTS; this ceiling only bounds BullMQ's
 * retries so a job cannot loop forever if a worker is misconfigured.
 */
export const JOB_ATTEMPTS_CEILING = 25;
/** Named backoff the worker implements (settings.backoffStrategy), so it owns the delays. */
export const ITEM_BACKOFF_TYPE = 'item-retry';

export interface ItemJobData {
  itemId: string;
  /** The item revision this job computes; a job for an older revision is skipped. */
  revision: number;
  /** The x-test-id of the request that caused the job, carried into the worker's logs. */
  testId?: string;
  requestId?: string;
}

/** One job per item revision: enqueueing the same revision twice is a no-op in BullMQ. */
export function itemJobId(itemId: string, revision: number): string {
  return `${itemId}-r${revision}`;
}

export const itemJobOptions = (itemId: string, revision: number): JobsOptions => ({
  jobId: itemJobId(itemId, revision),
  attempts: JOB_ATTEMPTS_CEILING,
  backoff: { type: ITEM_BACKOFF_TYPE },
  // Finished jobs live on in the database; keep Redis small. Failed (parked) jobs stay.
  removeOnComplete: { count: 1_000 },
  removeOnFail: false,
});

/**
 * A Redis client for one purpose. A BullMQ worker's connection must wait out outages
 * (BullMQ requires maxRetriesPerRequest: null); everything else fails fast, so an api
 * request or a health check never hangs while Redis is away.
 */
export function createRedis(url: string, purpose: 'consume' | 'fail-fast', connectionName: string): Redis {
  const options: RedisOptions =
    purpose === 'consume'
      ? { maxRetriesPerRequest: null }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false };
  return new Redis(url, { ...options, connectionName });
}

export async function checkRedis(redis: Redis, timeoutMs = 2_000): Promise<void> {
  await withTimeout(redis.ping(), timeoutMs, 'redis ping');
}
