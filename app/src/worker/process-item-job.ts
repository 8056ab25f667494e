// One attempt at an item job: compute the item's result and record it; on failure record
// the attempt and let BullMQ retry, or park the job once MAX_ATTEMPTS is reached.
import { setTimeout as sleep } from 'node:timers/promises';
import { UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from '../shared/logger.ts';
import type { ItemJobData } from '../shared/queue.ts';
import { computeItemResult, isSlowItem, SLOW_JOB_MS } from './compute-result.ts';
import type { WorkerMetrics } from './metrics.ts';
import type { AttemptRecord, ResultStore } from './result-store.ts';

export type JobOutcome = 'done' | 'skipped';

export interface ProcessorDependencies {
  results: ResultStore;
  maxAttempts: number;
  metrics: WorkerMetrics;
  logger: Logger;
  /** FAULT_WORKER_DROP_EVERY (faults.ts): true for a job to acknowledge without doing it. */
  dropJob?: () => boolean;
}

type ItemJob = Pick<Job<ItemJobData>, 'id' | 'data' | 'attemptsMade'>;

export function createItemJobProcessor(deps: ProcessorDependencies): (job: ItemJob) => Promise<JobOutcome> {
  return async (job) => {
    // attemptsMade counts earlier failures, so this attempt is one more.
    const record: AttemptRecord = {
      itemId: job.data.itemId,
      revision: job.data.revision,
      jobId: job.id ?? 'unknown',
      attempt: job.attemptsMade + 1,
    };
    const log = deps.logger.child({
      jobId: record.jobId,
      itemId: record.itemId,
      attempt: record.attempt,
      testId: job.data.testId,
      requestId: job.data.requestId,
    });
    const startedAt = performance.now();
    const elapsedSeconds = (): number => (performance.now() - startedAt) / 1_000;

    if (deps.dropJob?.()) {
      // The injected fault: BullMQ sees a success, the item's result stays pending forever.
      log.warn({ fault: 'FAULT_WORKER_DROP_EVERY' }, 'fault: job acknowledged without being done');
      return 'done';
    }

    try {
      const item = await deps.results.findItem(record.itemId);
      if (!item || item.revision !== record.revision) {
        log.info({ reason: item ? 'item revised since' : 'item deleted' }, 'job skipped');
        deps.metrics.duration.observe({ outcome: 'skipped' }, elapsedSeconds());
        return 'skipped';
      }
      if (isSlowItem(item)) await sleep(SLOW_JOB_MS);
      const result = computeItemResult(item);
      const recorded = await deps.results.recordDone(record, result);
      deps.metrics.completed.inc();
      deps.metrics.duration.observe({ outcome: 'done' }, elapsedSeconds());
      log.info({ recorded, durationMs: Math.round(elapsedSeconds() * 1_000) }, 'job done');
      return recorded ? 'done' : 'skipped';
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      deps.metrics.failedAttempts.inc();
      deps.metrics.duration.observe({ outcome: 'failed' }, elapsedSeconds());
      if (record.attempt >= deps.maxAttempts) {
        await deps.results.recordParked(record, reason);
        deps.metrics.parked.inc();
        log.warn({ reason, maxAttempts: deps.maxAttempts }, 'job parked');
        // UnrecoverableError sends the job straight to BullMQ's failed set, where it stays.
        throw new UnrecoverableError(`parked after ${record.attempt} attempts: ${reason}`);
      }
      await deps.results.recordFailedAttempt(record, reason).catch((recordError: unknown) => {
        log.warn({ err: recordError }, 'could not record the failed attempt');
      });
      log.warn({ reason, maxAttempts: deps.maxAttempts }, 'job attempt failed; will retry');
      throw error;
    }
  };
}
