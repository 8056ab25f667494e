// The migrate role: a one-shot job that brings the database schema up to date and
// records which stack owns it. Exits 0 on success, 1 on any failure.
import { migrateConfigSchema, parseConfig } from '../shared/config.ts';
import { checkDatabase, createPool } from '../shared/db.ts';
import { createLogger } from '../shared/logger.ts';
import { startRole } from '../shared/start-role.ts';
import { waitUntilReady } from '../shared/wait-until-ready.ts';
import { applyMigrations } from './apply-migrations.ts';
import { PLANTED_MIGRATIONS_DIRECTORY, loadMigrations } from './migrations.ts';

async function migrate(): Promise<void> {
  const config = parseConfig('migrate', migrateConfigSchema, process.env);
  const logger = createLogger({ role: 'migrate', level: config.LOG_LEVEL });
  const startedAt = performance.now();
  // MIGRATIONS_PLANTED (the fault migration-breaks-old-rows) adds migrations-planted/ to the real ones.
  const migrations = config.MIGRATIONS_PLANTED ? [...(await loadMigrations()), ...(await loadMigrations(PLANTED_MIGRATIONS_DIRECTORY))] : await loadMigrations();
  const pool = createPool({ url: config.DATABASE_URL, maxConnections: 2, applicationName: 'migrate', logger });
  try {
    await waitUntilReady(() => checkDatabase(pool), {
      what: 'the database',
      timeoutMs: config.STARTUP_TIMEOUT_SECONDS * 1_000,
      logger,
    });
    const outcome = await applyMigrations(pool, migrations, config.STACK_NAME, logger);
    logger.info(
      { ...outcome, stack: config.STACK_NAME, durationMs: Math.round(performance.now() - startedAt) },
      outcome.applied.length > 0 ? 'migrations complete' : 'schema already up to date',
    );
  } finally {
    await pool.end();
  }
}

startRole('migrate', migrate);
