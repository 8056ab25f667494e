// Ties a database to one ephemeral stack: the first migrate run records STACK_NAME, and
// every later run (and the api at start) refuses a database recorded for another stack.
import type { Pool, PoolClient } from './db.ts';

export class EnvironmentMismatchError extends Error {
  constructor(recorded: string, expected: string) {
    super(`this database belongs to stack "${recorded}", not "${expected}"; check DATABASE_URL`);
    this.name = 'EnvironmentMismatchError';
  }
}

export async function recordEnvironment(client: PoolClient, stackName: string): Promise<void> {
  await client.query('INSERT INTO environment (stack_name) VALUES ($1) ON CONFLICT (id) DO NOTHING', [stackName]);
  await verifyEnvironment(client, stackName);
}

/** Throws unless the database was migrated for `stackName`. */
export async function verifyEnvironment(db: Pool | PoolClient, stackName: string): Promise<void> {
  const { rows } = await db.query<{ stack_name: string }>('SELECT stack_name FROM environment').catch((error: unknown) => {
    // undefined_table: migrate has not created the schema yet.
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === '42P01') {
      throw new Error('the database has no schema yet; run migrate first', { cause: error });
    }
    throw error;
  });
  const recorded = rows[0]?.stack_name;
  if (recorded === undefined) throw new Error('the database has no environment record; run migrate first');
  if (recorded !== stackName) throw new EnvironmentMismatchError(recorded, stackName);
}
