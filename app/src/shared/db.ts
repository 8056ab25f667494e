// The PostgreSQL connection pool every role shares, and its health check.
import pg from 'pg';
import type { Logger } from './logger.ts';
import { withTimeout } from './wait-until-ready.ts';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export interface PoolOptions {
  url: string;
  maxConnections: number;
  applicationName: string;
  logger: Logger;
}

export function createPool(options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections,
    application_name: options.applicationName,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', (error) => options.logger.warn({ err: error }, 'idle database connection failed'));
  return pool;
}

export async function checkDatabase(pool: pg.Pool, timeoutMs = 2_000): Promise<void> {
  await withTimeout(pool.query('SELECT 1'), timeoutMs, 'database check');
}

/** True for PostgreSQL's unique_violation, raised by a duplicate key. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
}

/** True for PostgreSQL's foreign_key_violation, e.g. a row whose parent was deleted. */
export function isForeignKeyViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23503';
}

/** Runs `work` in a transaction on one pooled client, rolling back if it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
