// Applies pending migrations, each in its own transaction and recorded in
// schema_migrations, under a session advisory lock so two concurrent runs take turns.
import type { Pool, PoolClient } from '../shared/db.ts';
import type { Logger } from '../shared/logger.ts';
import { pendingMigrations, type AppliedMigration, type Migration } from './migrations.ts';
import { recordEnvironment } from '../shared/environment-record.ts';

// Any constant works; it only has to be the same for every migrate run against this database.
const MIGRATION_LOCK_KEY = 7_301_946_214;

export interface MigrationOutcome {
  applied: string[];
  alreadyApplied: number;
}

export async function applyMigrations(
  pool: Pool,
  migrations: readonly Migration[],
  stackName: string,
  logger: Logger,
): Promise<MigrationOutcome> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await ensureMigrationsTable(client);
      const applied = await readAppliedMigrations(client);
      const pending = pendingMigrations(migrations, applied);
      for (const migration of pending) {
        await applyOne(client, migration);
        logger.info({ migration: migration.fileName }, 'migration applied');
      }
      await recordEnvironment(client, stackName);
      return { applied: pending.map((migration) => migration.fileName), alreadyApplied: applied.length };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}

async function ensureMigrationsTable(client: PoolClient): Promise<void> {
  await client.query(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer PRIMARY KEY,
      file_name  text NOT NULL,
      checksum   text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
}

async function readAppliedMigrations(client: PoolClient): Promise<AppliedMigration[]> {
  const { rows } = await client.query<{ version: number; file_name: string; checksum: string }>(
    'SELECT version, file_name, checksum FROM schema_migrations ORDER BY version',
  );
  return rows.map((row) => ({ version: row.version, fileName: row.file_name, checksum: row.checksum }));
}

async function applyOne(client: PoolClient, migration: Migration): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(migration.sql);
    await client.query('INSERT INTO schema_migrations (version, file_name, checksum) VALUES ($1, $2, $3)', [
      migration.version,
      migration.fileName,
      migration.checksum,
    ]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${migration.fileName} failed: ${reason}`, { cause: error });
  }
}
