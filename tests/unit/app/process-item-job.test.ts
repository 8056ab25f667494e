// One attempt at an item job: records the result, retries a failure, parks at MAX_ATTEMPTS,
// and skips jobs for deleted or revised items.
import { describe, expect, it } from 'vitest';
import { createMetricsRegistry } from '../../../app/src/shared/http-metrics.ts';
import { createLogger } from '../../../app/src/shared/logger.ts';
import type { ItemJobData } from '../../../app/src/shared/queue.ts';
import { createWorkerMetrics } from '../../../app/src/worker/metrics.ts';
import { createItemJobProcessor } from '../../../app/src/worker/process-item-job.ts';
import type { AttemptRecord, JobItem, ResultStore } from '../../../app/src/worker/result-store.ts';

interface Recorded {
  kind: 'done' | 'failed' | 'parked';
  record: AttemptRecord;
  detail: unknown;
}

function setUp(item: JobItem | undefined, maxAttempts = 3) {
  const recorded: Recorded[] = [];
  const results: ResultStore = {
    findItem: async () => item,
    recordDone: async (record, result) => {
      recorded.push({ kind: 'done', record, detail: result });
      return true;
    },
    recordFailedAttempt: async (record, error) => {
      recorded.push({ kind: 'failed', record, detail: error });
    },
    recordParked: async (record, error) => {
      recorded.push({ kind: 'parked', record, detail: error });
    },
  };
  const registry = createMetricsRegistry('worker');
  const process = createItemJobProcessor({
    results,
    maxAttempts,
    metrics: createWorkerMetrics(registry),
    logger: createLogger({ role: 'worker', level: 'silent' }),
  });
  return { process, recorded, registry };
}

const item = { id: 'item-1', title: 'Hello world', body: 'and more', revision: 1 };
const job = (attemptsMade: number, data: Partial<ItemJobData> = {}) => ({
  id: 'item-1-r1',
  attemptsMade,
  data: { itemId: 'item-1', revision: 1, testId: 'spec', ...data },
});

describe('item job processor', () => {
  it('records the computed result on the first attempt', async () => {
    const { process, recorded } = setUp(item);
    expect(await process(job(0))).toBe('done');
    expect(recorded.map((entry) => [entry.kind, entry.record])).toEqual([
      ['done', { itemId: 'item-1', revision: 1, jobId: 'item-1-r1', attempt: 1 }],
    ]);
    expect(recorded[0]?.detail).toMatchObject({ wordCount: 4, titleUppercase: 'HELLO WORLD' });
  });

  it('records a failed attempt and rethrows so BullMQ retries', async () => {
    const { process, recorded } = setUp({ ...item, title: 'Broken [fail]' });
    await expect(process(job(0))).rejects.toThrow(/\[fail\] marker/);
    expect(recorded.map((entry) => [entry.kind, entry.record.attempt])).toEqual([['failed', 1]]);
  });

  it('parks the job at MAX_ATTEMPTS with an UnrecoverableError', async () => {
    const { process, recorded, registry } = setUp({ ...item, title: 'Broken [fail]' }, 3);
    const error = await process(job(2)).catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('UnrecoverableError');
    expect((error as Error).message).toMatch(/^parked after 3 attempts/);
    expect(recorded.map((entry) => [entry.kind, entry.record.attempt])).toEqual([['parked', 3]]);
    expect(await registry.metrics()).toMatch(/jobs_parked_total\{role="worker"\} 1/);
  });

  it('skips a job whose item was deleted', async () => {
    const { process, recorded } = setUp(undefined);
    expect(await process(job(0))).toBe('skipped');
    expect(recorded).toEqual([]);
  });

  it('skips a job for an older revision of the item', async () => {
    const { process, recorded } = setUp({ ...item, revision: 2 });
    expect(await process(job(0, { revision: 1 }))).toBe('skipped');
    expect(recorded).toEqual([]);
  });
});
