// What the suites do to their own environment's containers (names come from the stack
// outputs): restart one, wait for its health check, and run a short Node script inside
// one, fed on stdin so nothing it carries shows on a command line.
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { HealthWatcher } from '../../../scripts/readiness/health-watcher.ts';

export async function restartContainer(name: string, stopTimeoutSeconds = 10): Promise<void> {
  await execa('docker', ['restart', '-t', String(stopTimeoutSeconds), name]);
}

/**
 * Waits until the container's health check passes: the check Docker runs, run by the
 * driver's health watcher while Docker still says "starting" (Docker probes only once per
 * interval, 5 s here, so its own verdict lags the service by up to that).
 */
export async function waitHealthy(name: string, timeoutMs: number): Promise<void> {
  const watcher = new HealthWatcher({ intervalMs: 100, timeoutMs, signal: AbortSignal.timeout(timeoutMs + 5_000) });
  try {
    await watcher.waitFor(name);
  } catch (error) {
    throw new Error(`${name} is not healthy ${timeoutMs / 1_000} s after its restart: ${(error as Error).message}`, { cause: error });
  }
}

/** Runs an ES module script with the container's own Node and environment; returns its stdout. */
export async function runNodeInside(container: string, script: string, timeoutMs = 15_000): Promise<string> {
  const { stdout } = await execa('docker', ['exec', '--interactive', container, 'node', '--input-type=module'], {
    input: script,
    timeout: timeoutMs,
  });
  return stdout;
}

export interface InsideResponse {
  status: number;
  body: unknown;
}

/**
 * Requests made from inside an api container to that container's own port: the way to
 * reach a replica that is not published, without knowing its address or port.
 */
export async function requestInside(
  container: string,
  requests: { method: string; path: string; token?: string; json?: unknown }[],
  testId: string,
): Promise<InsideResponse[]> {
  const script = `
const requests = ${JSON.stringify(requests)};
const testId = ${JSON.stringify(testId)};
const base = 'http://127.0.0.1:' + (process.env.PORT || '8080');
const answers = [];
for (const request of requests) {
  const headers = { 'x-test-id': testId };
  if (request.token) headers.authorization = 'Bearer ' + request.token;
  if (request.json !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(base + request.path, {
    method: request.method,
    headers,
    body: request.json === undefined ? undefined : JSON.stringify(request.json),
  });
  const text = await response.text();
  answers.push({ status: response.status, body: text ? JSON.parse(text) : undefined });
}
process.stdout.write(JSON.stringify(answers));`;
  return JSON.parse(await runNodeInside(container, script)) as InsideResponse[];
}

/**
 * A correctly signed token minted inside an api container with its own key (which never
 * leaves the container), `ageSeconds` in the past and for `audience` (default: this stack).
 * Used for expired and foreign-stack tokens; such a token is useless outside the test.
 */
export async function mintTokenInside(
  container: string,
  subject: { id: string; email: string; role: 'user' | 'admin' },
  options: { ageSeconds: number; ttlSeconds: number; audience?: string },
): Promise<string> {
  const script = `
const { createTokenService } = await import('/app/src/api/auth/tokens.ts');
const service = createTokenService({
  secret: process.env.TOKEN_SECRET,
  ttlSeconds: ${Number(options.ttlSeconds)},
  audience: ${options.audience === undefined ? 'process.env.STACK_NAME' : JSON.stringify(options.audience)},
  now: () => new Date(Date.now() - ${Number(options.ageSeconds) * 1_000}),
});
const { token } = await service.issue(${JSON.stringify(subject)});
process.stdout.write(token);`;
  return (await runNodeInside(container, script)).trim();
}

// psql inside the database container, with the container's own credentials (the password
// is expanded by the container's shell and never leaves it).
const PSQL = ['sh', '-c', 'PGPASSWORD="$POSTGRES_PASSWORD" exec psql -v ON_ERROR_STOP=1 -At -h 127.0.0.1 -U "$POSTGRES_USER" -d "$POSTGRES_DB"'];

/** Runs SQL in the environment's database; returns psql's unaligned output. */
export async function runSql(dbContainer: string, sql: string): Promise<string> {
  const { stdout } = await execa('docker', ['exec', '--interactive', dbContainer, ...PSQL], { input: sql, timeout: 15_000 });
  return stdout.trim();
}

export interface HeldLock {
  /** Settles when the holding transaction has committed. */
  released: Promise<void>;
}

/**
 * Takes a SHARE ROW EXCLUSIVE lock on `table` for `seconds` in a transaction of its own:
 * reads go on, every write to the table waits. Resolves once the lock is held.
 */
export async function holdTableLock(dbContainer: string, table: string, seconds: number): Promise<HeldLock> {
  if (!/^[a-z_]+$/.test(table)) throw new Error(`not a plain table name: ${table}`);
  const script = `BEGIN;\nLOCK TABLE ${table} IN SHARE ROW EXCLUSIVE MODE;\nSELECT 'lock-held';\nSELECT pg_sleep(${Number(seconds)});\nCOMMIT;\n`;
  const holder = execa('docker', ['exec', '--interactive', dbContainer, ...PSQL], { input: script, timeout: (seconds + 15) * 1_000 });
  await new Promise<void>((resolve, reject) => {
    holder.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString('utf8').includes('lock-held')) resolve();
    });
    holder.catch(reject);
    void holder.then(() => reject(new Error('the lock holder ended before it held the lock')));
  });
  return { released: holder.then(() => undefined) };
}

/** Waits until `count` statements matching `queryPrefix` wait on a lock in the database. */
export async function waitForLockWaiters(dbContainer: string, queryPrefix: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const literal = queryPrefix.replace(/'/g, "''");
  while (Date.now() < deadline) {
    const waiting = await runSql(dbContainer, `SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '${literal}%';`);
    if (Number(waiting) > 0) return;
    await sleep(100);
  }
  throw new Error(`no statement starting "${queryPrefix}" waited on a lock within ${timeoutMs / 1_000} s`);
}
