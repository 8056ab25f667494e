// The PostgreSQL the bench's case (s) keeps its state in: a container from the project's
// postgres base image, published on 127.0.0.1 on a port the engine picks, labelled with
// the bench's own label, and removed when disposed (after the rounds, on failure or SIGINT).
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import pg from 'pg';

export const benchPostgresLabel = 'ephemeral.bench-postgres';

export interface BenchPostgres extends AsyncDisposable {
  name: string;
  /** `postgres://…` for PULUMI_BACKEND_URL; holds the password, so never printed. */
  backendUrl: string;
  /** The team passphrase the runs of (s) share, as a team's runners do. */
  passphrase: string;
}

/** `docker run` arguments: 127.0.0.1 only; durability off, as a throwaway test database. Pure. */
export function benchPostgresArgs(name: string, image: string): string[] {
  return [
    'run',
    '--detach',
    '--name',
    name,
    '--label',
    `${benchPostgresLabel}=${name}`,
    // The password comes from the environment of the docker CLI, never its command line.
    '--env',
    'POSTGRES_PASSWORD',
    '--env',
    'POSTGRES_DB=bench',
    '--publish',
    '127.0.0.1::5432',
    image,
    'postgres',
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
  ];
}

/** The host port of `docker port NAME 5432/tcp`'s answer. Pure. */
export function parsePublishedPort(output: string): string | undefined {
  return /127\.0\.0\.1:(\d+)\s*$/m.exec(output)?.[1];
}

/** Resolves once a PostgreSQL at `url` answers a query (the bench's, or a test's). */
export async function waitUntilAccepting(url: string, signal?: AbortSignal, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`PostgreSQL at 127.0.0.1 did not accept connections within ${timeoutMs / 1000} s: ${(error as Error).message}`);
      await sleep(250);
    }
  }
}

export async function removeBenchPostgres(name: string): Promise<void> {
  await execa('docker', ['rm', '--force', '--volumes', name], { reject: false });
}

export async function startBenchPostgres(image: string, signal: AbortSignal): Promise<BenchPostgres> {
  const name = `bench-pg-${randomBytes(3).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  const dispose = () => removeBenchPostgres(name);
  try {
    await execa('docker', benchPostgresArgs(name, image), { env: { POSTGRES_PASSWORD: password } });
    const port = parsePublishedPort((await execa('docker', ['port', name, '5432/tcp'])).stdout);
    if (!port) throw new Error(`docker port ${name} named no port on 127.0.0.1`);
    const backendUrl = `postgres://postgres:${password}@127.0.0.1:${port}/bench?sslmode=disable`;
    await waitUntilAccepting(backendUrl, signal);
    return { name, backendUrl, passphrase: randomBytes(16).toString('hex'), [Symbol.asyncDispose]: dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
