// Team mode: branch locks and environment records in the PostgreSQL database that holds
// the Pulumi state, so every runner of a team sees, serialises and reaps the same
// environments. A lock is a row with a lease (lease.ts) renewed by a heartbeat; taking
// it is one atomic statement (INSERT ... ON CONFLICT DO UPDATE ... WHERE the lease ran
// out, or a compare-and-swap on the dead holder's token), so two runners never both win.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { environmentRecordSchema } from '../environments/environment-record.ts';
import { EphemeralError, ExitCode } from '../errors.ts';
import { currentProcessIdentity, isProcessAlive } from '../lifecycle/process-identity.ts';
import type { Env } from '../toolchain/cache-paths.ts';
import type { CoordinationStore, LockOwner, TakeResult } from './coordination-store.ts';
import { signalHolder } from './file-coordination-store.ts';
import { heartbeatMs, isTakeable, judgeLock, leaseMs } from './lease.ts';
import { matchesPassphraseCheck, passphraseCheckValue, sharedPassphrase, wrongPassphrase } from './passphrase-check.ts';
import { postgresSettings } from './postgres-settings.ts';
import type { RunnerIdentity } from './runner-identity.ts';

export interface PostgresStoreOptions {
  url: string;
  /** The URL without its password, for messages. */
  location: string;
  owner: RunnerIdentity;
  env: Env;
}

interface LockRow {
  token: string;
  holder: LockOwner;
  expires_at: Date;
  now: Date;
}

export function unreachableDatabase(location: string, cause: unknown): EphemeralError {
  return new EphemeralError(`the shared backend ${location} does not answer: ${(cause as Error).message ?? String(cause)}`, {
    code: 'E_BACKEND',
    exitCode: ExitCode.provisionFailed,
    remedy: 'check that the database runs and PULUMI_BACKEND_URL is right (`npm run ephemeral -- doctor`); `gc` reclaims what a cut-off run left once it answers again',
    cause,
  });
}

export function postgresCoordinationStore(options: PostgresStoreOptions): CoordinationStore {
  const { tables, connectionString } = postgresSettings(options.url);
  const pool = new pg.Pool({
    connectionString,
    max: 4,
    // A database that stops answering fails the statement in seconds, not at the TCP timeout.
    connectionTimeoutMillis: 5_000,
    query_timeout: 10_000,
    // Idle connections do not keep the CLI alive once its work is done.
    allowExitOnIdle: true,
  });
  // A connection dropped while idle (the database restarted) is replaced on the next query.
  pool.on('error', () => {});
  const query = async <Row extends pg.QueryResultRow>(text: string, values: unknown[] = []) => {
    await schemaReady();
    try {
      return await pool.query<Row>(text, values);
    } catch (error) {
      throw unreachableOrSql(error);
    }
  };
  // A statement the server refused is a bug to show as is; a connection lost, refused or
  // timed out (or the server shutting down: SQLSTATE classes 08 and 57) is the database unreachable.
  const unreachableOrSql = (error: unknown) =>
    error instanceof pg.DatabaseError && !/^(08|57)/.test(error.code ?? '') ? error : unreachableDatabase(options.location, error);

  let schema: Promise<void> | undefined;
  const schemaReady = () =>
    (schema ??= (async () => {
      const client = await pool.connect().catch((error: unknown) => {
        throw unreachableDatabase(options.location, error);
      });
      try {
        // Two runners creating the tables at once would race on the catalog: one at a time.
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [tables.locks]);
        await client.query(`CREATE TABLE IF NOT EXISTS ${tables.locks} (slug text PRIMARY KEY, token text NOT NULL, holder jsonb NOT NULL, expires_at timestamptz NOT NULL, yield_requested_by text)`);
        await client.query(`CREATE TABLE IF NOT EXISTS ${tables.environments} (slug text PRIMARY KEY, record jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`);
        await client.query(`CREATE TABLE IF NOT EXISTS ${tables.meta} (key text PRIMARY KEY, value text NOT NULL)`);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        schema = undefined;
        throw unreachableOrSql(error);
      } finally {
        client.release();
      }
    })());

  const readLock = async (slug: string): Promise<LockRow | undefined> =>
    (await query<LockRow>(`SELECT token, holder, expires_at, now() AS now FROM ${tables.locks} WHERE slug = $1`, [slug])).rows[0];

  const verdictOf = (row: LockRow | undefined) =>
    judgeLock({
      expiresAt: row?.expires_at,
      now: row?.now ?? new Date(),
      holderHost: row?.holder.host,
      thisHost: options.owner.host,
      holderAlive: row ? isProcessAlive(row.holder) : undefined,
    });

  const leaseSeconds = leaseMs / 1000;

  /** Renews the lease until released; a holder asked to yield ends its run as SIGTERM would. */
  const holdLock = (slug: string, token: string) => {
    let released = false;
    let warned = false;
    let yielded = false;
    const heartbeat = setInterval(() => {
      void pool
        .query<{ yield_requested_by: string | null }>(
          `UPDATE ${tables.locks} SET expires_at = now() + make_interval(secs => $3) WHERE slug = $1 AND token = $2 RETURNING yield_requested_by`,
          [slug, token, leaseSeconds],
        )
        .then((result) => {
          warned = false;
          const row = result.rows[0];
          if (!row && !released) process.stderr.write(`lock: the lease of ${slug} was lost (another runner took it over after the database was unreachable)\n`);
          if (row?.yield_requested_by && !yielded) {
            yielded = true;
            process.stderr.write(`lock: ${row.yield_requested_by} replaces this run of ${slug}\n`);
            process.kill(process.pid, 'SIGTERM');
          }
        })
        .catch((error: unknown) => {
          if (!warned) process.stderr.write(`lock: cannot renew the lease of ${slug}: ${(error as Error).message}\n`);
          warned = true;
        });
    }, heartbeatMs);
    heartbeat.unref();
    return {
      release: async () => {
        if (released) return;
        released = true;
        clearInterval(heartbeat);
        // The database unreachable: the lease runs out on its own.
        await pool.query(`DELETE FROM ${tables.locks} WHERE slug = $1 AND token = $2`, [slug, token]).catch(() => undefined);
      },
    };
  };

  return {
    kind: 'postgres',
    location: options.location,
    owner: options.owner,
    async preflight() {
      const passphrase = sharedPassphrase(options.env, options.location);
      await query(`INSERT INTO ${tables.meta} (key, value) VALUES ('passphrase-check', $1) ON CONFLICT (key) DO NOTHING`, [passphraseCheckValue(passphrase)]);
      const stored = (await query<{ value: string }>(`SELECT value FROM ${tables.meta} WHERE key = 'passphrase-check'`)).rows[0]?.value;
      if (!stored || !matchesPassphraseCheck(passphrase, stored)) throw wrongPassphrase(options.location);
    },
    async tryTakeLock(slug, lockOwner): Promise<TakeResult> {
      const token = randomUUID();
      const holder: LockOwner = { ...lockOwner, runner: options.owner.runner, ...currentProcessIdentity(), since: new Date().toISOString() };
      const taken = await query(
        `INSERT INTO ${tables.locks} (slug, token, holder, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4))
         ON CONFLICT (slug) DO UPDATE SET token = EXCLUDED.token, holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at, yield_requested_by = NULL
         WHERE ${tables.locks}.expires_at <= now() RETURNING token`,
        [slug, token, holder, leaseSeconds],
      );
      if (taken.rowCount === 1) return { lock: holdLock(slug, token) };
      const row = await readLock(slug);
      if (row && verdictOf(row) === 'holder died') {
        // Only the row of that dead holder is replaced: a runner that took it meanwhile keeps it.
        const swapped = await query(
          `UPDATE ${tables.locks} SET token = $3, holder = $4, expires_at = now() + make_interval(secs => $5), yield_requested_by = NULL WHERE slug = $1 AND token = $2 RETURNING token`,
          [slug, row.token, token, holder, leaseSeconds],
        );
        if (swapped.rowCount === 1) return { lock: holdLock(slug, token) };
        return { holder: (await readLock(slug))?.holder };
      }
      return { holder: row?.holder };
    },
    async lockOwner(slug) {
      const row = await readLock(slug);
      return row && !isTakeable(verdictOf(row)) ? row.holder : undefined;
    },
    async isBusy(slug) {
      const row = await readLock(slug);
      return Boolean(row) && !isTakeable(verdictOf(row));
    },
    async askToYield(slug, holder) {
      if (holder.host === options.owner.host) signalHolder(holder);
      else await query(`UPDATE ${tables.locks} SET yield_requested_by = $2 WHERE slug = $1`, [slug, `${options.owner.runner} (pid ${process.pid} on ${options.owner.host})`]);
    },
    async clearDeadLocks() {
      await query(`DELETE FROM ${tables.locks} WHERE expires_at <= now()`);
      const rows = (await query<LockRow & { slug: string }>(`SELECT slug, token, holder, expires_at, now() AS now FROM ${tables.locks}`)).rows;
      for (const row of rows) {
        if (verdictOf(row) === 'holder died') await query(`DELETE FROM ${tables.locks} WHERE slug = $1 AND token = $2`, [row.slug, row.token]);
      }
    },
    async writeRecord(record) {
      await query(
        `INSERT INTO ${tables.environments} (slug, record) VALUES ($1, $2) ON CONFLICT (slug) DO UPDATE SET record = EXCLUDED.record, updated_at = now()`,
        [record.slug, { ...record, owner: record.owner ?? options.owner }],
      );
    },
    async deleteRecord(slug) {
      await query(`DELETE FROM ${tables.environments} WHERE slug = $1`, [slug]);
    },
    async readRecord(slug) {
      const row = (await query<{ record: unknown }>(`SELECT record FROM ${tables.environments} WHERE slug = $1`, [slug])).rows[0];
      const parsed = row && environmentRecordSchema.safeParse(row.record);
      return parsed?.success ? parsed.data : undefined;
    },
    async readRecords() {
      const rows = (await query<{ record: unknown }>(`SELECT record FROM ${tables.environments} ORDER BY slug`)).rows;
      return rows.flatMap((row) => {
        const parsed = environmentRecordSchema.safeParse(row.record);
        return parsed.success ? [parsed.data] : [];
      });
    },
    close: () => pool.end(),
  };
}
