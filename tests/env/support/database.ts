// What the suites do in the environment's database, on either target: psql inside a db
// replica with that replica's own credentials (the password is expanded by its shell and
// never leaves it), a table lock held in a transaction of its own, and a wait for the
// statements queued behind it.
import { setTimeout as sleep } from 'node:timers/promises';
import { firstReplica, type StackAccess } from './stack-access.ts';

const DB_SERVICE = 'db';
const PSQL = ['sh', '-c', 'PGPASSWORD="$POSTGRES_PASSWORD" exec psql -v ON_ERROR_STOP=1 -At -h 127.0.0.1 -U "$POSTGRES_USER" -d "$POSTGRES_DB"'];
const LOCK_HELD = 'lock-held';

/** Runs SQL in the environment's database; returns psql's unaligned output. */
export async function runSql(access: StackAccess, sql: string): Promise<string> {
  const db = await firstReplica(access, DB_SERVICE);
  return (await access.exec(db, { argv: PSQL, input: sql, timeoutMs: 15_000 })).trim();
}

/** The transaction that holds the lock: reads go on, every write to the table waits. */
export function tableLockScript(table: string, seconds: number): string {
  if (!/^[a-z_]+$/.test(table)) throw new Error(`not a plain table name: ${table}`);
  return `BEGIN;\nLOCK TABLE ${table} IN SHARE ROW EXCLUSIVE MODE;\nSELECT '${LOCK_HELD}';\nSELECT pg_sleep(${Number(seconds)});\nCOMMIT;\n`;
}

export interface HeldLock {
  /** Settles when the holding transaction has committed. */
  released: Promise<void>;
}

/** Takes a SHARE ROW EXCLUSIVE lock on `table` for `seconds`; resolves once the lock is held. */
export async function holdTableLock(access: StackAccess, table: string, seconds: number): Promise<HeldLock> {
  const script = tableLockScript(table, seconds);
  const db = await firstReplica(access, DB_SERVICE);
  let seen = '';
  let held: () => void = () => undefined;
  const holder = access.exec(db, {
    argv: PSQL,
    input: script,
    timeoutMs: (seconds + 15) * 1_000,
    onStdout: (text) => {
      seen += text;
      if (seen.includes(LOCK_HELD)) held();
    },
  });
  await new Promise<void>((resolve, reject) => {
    held = resolve;
    // Settling a settled promise does nothing: once the lock is held, the holder's end
    // is `released`'s business.
    holder.then(() => reject(new Error('the lock holder ended before it held the lock')), reject);
  });
  return { released: holder.then(() => undefined) };
}

/** Waits until a statement starting with `queryPrefix` waits on a lock in the database. */
export async function waitForLockWaiters(access: StackAccess, queryPrefix: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const literal = queryPrefix.replace(/'/g, "''");
  while (Date.now() < deadline) {
    const waiting = await runSql(access, `SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '${literal}%';`);
    if (Number(waiting) > 0) return;
    await sleep(100);
  }
  throw new Error(`no statement starting "${queryPrefix}" waited on a lock within ${timeoutMs / 1_000} s`);
}
