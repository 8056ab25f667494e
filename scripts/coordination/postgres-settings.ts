// What a postgres:// backend URL means to the tool: the connection for node-postgres
// (Pulumi's own `table` parameter removed: PostgreSQL would take it for a server setting)
// and the names of the tool's tables, beside Pulumi's `pulumi_state` (or `?table=`). Pure.
import { usageError } from '../errors.ts';

export function isPostgresBackend(url: string): boolean {
  return url.startsWith('postgres://') || url.startsWith('postgresql://');
}

export interface PostgresSettings {
  /** For node-postgres: the URL without Pulumi's `table` parameter. */
  connectionString: string;
  tables: { locks: string; environments: string; meta: string };
}

const identifier = /^[a-z_][a-z0-9_]{0,40}$/;

export function postgresSettings(url: string): PostgresSettings {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw usageError('PULUMI_BACKEND_URL is not a valid postgres:// URL', 'use postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=disable (percent-encode special characters in the password)');
  }
  if (!parsed.hostname || parsed.pathname.length <= 1) {
    throw usageError('PULUMI_BACKEND_URL names no host or no database', 'use postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=disable');
  }
  const table = parsed.searchParams.get('table') ?? 'pulumi_state';
  if (!identifier.test(table)) {
    throw usageError(`the backend's table name ${JSON.stringify(table)} is not a plain SQL identifier`, 'use lower-case letters, digits and _ in ?table=');
  }
  parsed.searchParams.delete('table');
  // Pulumi's default table keeps the plain names; a team that picked its own table gets its own set.
  const prefix = table === 'pulumi_state' ? 'ephemeral' : `${table}_ephemeral`;
  return {
    connectionString: parsed.toString(),
    tables: { locks: `${prefix}_locks`, environments: `${prefix}_environments`, meta: `${prefix}_meta` },
  };
}
