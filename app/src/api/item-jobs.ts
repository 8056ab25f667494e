// Enqueues the worker's job for an item revision and counts what was enqueued.
import type { Queue } from 'bullmq';
import { Counter, type Registry } from 'prom-client';
import { ITEM_JOB_NAME, itemJobOptions, type ItemJobData } from '../shared/queue.ts';

export interface ItemJobs {
  /** Returns the job id. */
  enqueue(data: ItemJobData): Promise<string>;
}

export function createItemJobs(queue: Queue<ItemJobData>, registry: Registry): ItemJobs {
  const enqueued = new Counter({
    name: 'jobs_enqueued_total',
    help: 'Item jobs the api put on the queue',
    registers: [registry],
  });
  return {
    async enqueue(data) {
      const job = await queue.add(ITEM_JOB_NAME, data, itemJobOptions(data.itemId, data.revision));
      enqueued.inc();
      return job.id ?? itemJobOptions(data.itemId, data.revision).jobId!;
    },
  };
}
