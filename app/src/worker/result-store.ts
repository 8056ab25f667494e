// The worker's side of the database: read the item a job names, and record the outcome
// in item_results, keyed by item so a redelivered job does not count twice.
import type { Pool } from '../shared/db.ts';
import type { ComputedResult } from './compute-result.ts';

export interface JobItem {
  id: string;
  title: string;
  body: string;
  revision: number;
}

export interface AttemptRecord {
  itemId: string;
  revision: number;
  jobId: string;
  attempt: number;
}

export interface ResultStore {
  findItem(itemId: string): Promise<JobItem | undefined>;
  /** False when the item was deleted or revised meanwhile, so nothing was recorded. */
  recordDone(record: AttemptRecord, result: ComputedResult): Promise<boolean>;
  recordFailedAttempt(record: AttemptRecord, error: string): Promise<void>;
  recordParked(record: AttemptRecord, error: string): Promise<void>;
}

export function createResultStore(pool: Pool): ResultStore {
  return {
    async findItem(itemId) {
      const { rows } = await pool.query<JobItem>('SELECT id, title, body, revision FROM items WHERE id = $1', [itemId]);
      return rows[0];
    },

    async recordDone(record, result) {
      // Inserting from items (matching revision) makes a stale job record nothing. The same
      // job finishing twice (a redelivery after a crash) leaves processed_count unchanged.
      const { rowCount } = await pool.query(
        `INSERT INTO item_results (item_id, status, result, attempts, processed_count, last_job_id, last_error, updated_at)
         SELECT id, 'done', $3::jsonb, $4, 1, $5, NULL, now() FROM items WHERE id = $1 AND revision = $2
         ON CONFLICT (item_id) DO UPDATE SET
           status = 'done',
           result = EXCLUDED.result,
           attempts = EXCLUDED.attempts,
           processed_count = item_results.processed_count
             + CASE WHEN item_results.status = 'done' AND item_results.last_job_id = EXCLUDED.last_job_id THEN 0 ELSE 1 END,
           last_job_id = EXCLUDED.last_job_id,
           last_error = NULL,
           updated_at = now()`,
        [record.itemId, record.revision, JSON.stringify(result), record.attempt, record.jobId],
      );
      return (rowCount ?? 0) > 0;
    },

    async recordFailedAttempt(record, error) {
      await pool.query(
        `UPDATE item_results r SET attempts = $3, last_error = $4, last_job_id = $5, updated_at = now()
           FROM items i WHERE r.item_id = $1 AND i.id = r.item_id AND i.revision = $2`,
        [record.itemId, record.revision, record.attempt, error, record.jobId],
      );
    },

    async recordParked(record, error) {
      await pool.query(
        `UPDATE item_results r SET status = 'parked', attempts = $3, last_error = $4, last_job_id = $5, updated_at = now()
           FROM items i WHERE r.item_id = $1 AND i.id = r.item_id AND i.revision = $2`,
        [record.itemId, record.revision, record.attempt, error, record.jobId],
      );
    },
  };
}
