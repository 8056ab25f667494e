// After the traffic: every job the load created must be done exactly once. Waits (bounded)
// for the queue to drain, then reads each item's result once more, as an admin.
import { setTimeout as sleep } from 'node:timers/promises';
import type { HttpClient } from '../support/http-client.ts';
import type { Session } from '../support/items.ts';
import { itemResultSchema, type ItemResult } from '../support/schemas.ts';
import type { JobFigures } from './measurements.ts';

const PARALLEL_READS = 16;

async function mapInBatches<T, R>(values: readonly T[], work: (value: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const lanes = Array.from({ length: Math.min(PARALLEL_READS, values.length) }, async () => {
    while (next < values.length) {
      const index = next++;
      results[index] = await work(values[index]!);
    }
  });
  await Promise.all(lanes);
  return results;
}

async function readResult(client: HttpClient, admin: Session, itemId: string): Promise<ItemResult | undefined> {
  const response = await client.get(`/items/${itemId}/result`, { token: admin.token });
  return response.status === 200 ? itemResultSchema.parse(response.body) : undefined;
}

export async function auditJobs(client: HttpClient, admin: Session, itemIds: readonly string[], drainSeconds: number): Promise<JobFigures> {
  const startedAt = performance.now();
  const deadline = Date.now() + drainSeconds * 1_000;
  let pending = [...itemIds];
  while (pending.length > 0 && Date.now() < deadline) {
    const results = await mapInBatches(pending, (id) => readResult(client, admin, id));
    pending = pending.filter((_, index) => results[index]?.status === 'pending');
    if (pending.length > 0) await sleep(500);
  }
  const drainedAfter = (performance.now() - startedAt) / 1_000;
  // A last read of every item: a job redone late would only show now.
  const finals = await mapInBatches(itemIds, (id) => readResult(client, admin, id));
  const lostItemIds = itemIds.filter((_, index) => finals[index]?.status !== 'done');
  const doneTwiceItemIds = itemIds.filter((_, index) => (finals[index]?.processedCount ?? 0) > 1);
  return {
    created: itemIds.length,
    done: itemIds.length - lostItemIds.length,
    lost: lostItemIds.length,
    doneTwice: doneTwiceItemIds.length,
    drainSeconds: Math.round(drainedAfter * 10) / 10,
    lostItemIds: lostItemIds.slice(0, 50),
    doneTwiceItemIds: doneTwiceItemIds.slice(0, 50),
  };
}
