// The items table and the worker's results for them, as the api reads and writes them.
import { inTransaction, type Pool } from '../../shared/db.ts';

export interface Item {
  id: string;
  ownerId: string;
  title: string;
  body: string;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export type ResultStatus = 'pending' | 'done' | 'parked';

/** An item as listed: with its result's status, and what the list shows of the result, so
 * that a page renders a list of items without one request per item. */
export interface ItemSummary extends Item {
  resultStatus: ResultStatus;
  /** The computed result, once done. */
  result?: unknown;
  resultAttempts: number;
}

export interface ItemResult {
  status: ResultStatus;
  result?: unknown;
  attempts: number;
  processedCount: number;
  error?: string;
  updatedAt: string;
}

export interface ItemChanges {
  title?: string;
  body?: string;
}

export interface ItemStore {
  /** Items of one owner, or of everyone when `ownerId` is undefined; newest first. */
  list(ownerId: string | undefined, limit: number): Promise<ItemSummary[]>;
  find(id: string): Promise<Item | undefined>;
  /** Creates the item with a pending result in one transaction. */
  create(ownerId: string, fields: { title: string; body: string }): Promise<Item>;
  /** Applies the changes, bumps the revision and resets the result to pending. */
  update(id: string, changes: ItemChanges): Promise<Item | undefined>;
  delete(id: string): Promise<boolean>;
  findResult(id: string): Promise<ItemResult | undefined>;
}

interface ItemRow {
  id: string;
  owner_id: string;
  title: string;
  body: string;
  revision: number;
  created_at: Date;
  updated_at: Date;
}

interface ResultRow {
  status: ResultStatus;
  result: unknown;
  attempts: number;
  processed_count: number;
  last_error: string | null;
  updated_at: Date;
}

const COLUMNS = 'id, owner_id, title, body, revision, created_at, updated_at';

const toItem = (row: ItemRow): Item => ({
  id: row.id,
  ownerId: row.owner_id,
  title: row.title,
  body: row.body,
  revision: row.revision,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export function createItemStore(pool: Pool): ItemStore {
  return {
    async list(ownerId, limit) {
      const { rows } = await pool.query<ItemRow & { status: ResultStatus | null; result: unknown; attempts: number | null }>(
        `SELECT i.id, i.owner_id, i.title, i.body, i.revision, i.created_at, i.updated_at, r.status, r.result, r.attempts
           FROM items i LEFT JOIN item_results r ON r.item_id = i.id
          WHERE $1::uuid IS NULL OR i.owner_id = $1::uuid
          ORDER BY i.created_at DESC, i.id
          LIMIT $2`,
        [ownerId ?? null, limit],
      );
      return rows.map((row) => ({
        ...toItem(row),
        resultStatus: row.status ?? 'pending',
        ...(row.result === null || row.result === undefined ? {} : { result: row.result }),
        resultAttempts: row.attempts ?? 0,
      }));
    },

    async find(id) {
      const { rows } = await pool.query<ItemRow>(`SELECT ${COLUMNS} FROM items WHERE id = $1`, [id]);
      return rows[0] ? toItem(rows[0]) : undefined;
    },

    async create(ownerId, fields) {
      return inTransaction(pool, async (client) => {
        const { rows } = await client.query<ItemRow>(
          `INSERT INTO items (owner_id, title, body) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
          [ownerId, fields.title, fields.body],
        );
        const item = toItem(rows[0]!);
        await client.query(`INSERT INTO item_results (item_id, status) VALUES ($1, 'pending')`, [item.id]);
        return item;
      });
    },

    async update(id, changes) {
      return inTransaction(pool, async (client) => {
        const { rows } = await client.query<ItemRow>(
          `UPDATE items
              SET title = COALESCE($2, title), body = COALESCE($3, body),
                  revision = revision + 1, updated_at = now()
            WHERE id = $1
        RETURNING ${COLUMNS}`,
          [id, changes.title ?? null, changes.body ?? null],
        );
        const row = rows[0];
        if (!row) return undefined;
        await client.query(
          `INSERT INTO item_results (item_id, status) VALUES ($1, 'pending')
           ON CONFLICT (item_id) DO UPDATE
             SET status = 'pending', result = NULL, attempts = 0, last_error = NULL, updated_at = now()`,
          [id],
        );
        return toItem(row);
      });
    },

    async delete(id) {
      const { rowCount } = await pool.query('DELETE FROM items WHERE id = $1', [id]);
      return (rowCount ?? 0) > 0;
    },

    async findResult(id) {
      const { rows } = await pool.query<ResultRow>(
        'SELECT status, result, attempts, processed_count, last_error, updated_at FROM item_results WHERE item_id = $1',
        [id],
      );
      const row = rows[0];
      if (!row) return undefined;
      return {
        status: row.status,
        ...(row.result === null ? {} : { result: row.result }),
        attempts: row.attempts,
        processedCount: row.processed_count,
        ...(row.last_error === null ? {} : { error: row.last_error }),
        updatedAt: row.updated_at.toISOString(),
      };
    },
  };
}
