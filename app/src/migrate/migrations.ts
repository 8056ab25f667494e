// The migration files: which names count (NNN_name.sql), the order they apply in, and
// which of them a database still needs. Pure apart from reading the directory.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIGRATIONS_DIRECTORY = fileURLToPath(new URL('../../migrations/', import.meta.url));
/** A planted fault's migrations (never applied unless MIGRATIONS_PLANTED is set). */
export const PLANTED_MIGRATIONS_DIRECTORY = fileURLToPath(new URL('../../migrations-planted/', import.meta.url));

const FILE_NAME_PATTERN = /^(\d{3,})_([a-z0-9][a-z0-9_]*)\.sql$/;

export interface MigrationFile {
  version: number;
  fileName: string;
}

export interface Migration extends MigrationFile {
  sql: string;
  checksum: string;
}

export interface AppliedMigration {
  version: number;
  fileName: string;
  checksum: string;
}

export function parseMigrationFileName(fileName: string): MigrationFile | undefined {
  const match = FILE_NAME_PATTERN.exec(fileName);
  return match ? { version: Number(match[1]), fileName } : undefined;
}

/**
 * Orders the .sql files of the migrations directory by version. A .sql file that does
 * not follow NNN_name.sql, or two files sharing a version, is an error: silently skipping
 * or reordering either would leave databases that differ.
 */
export function planMigrations(fileNames: readonly string[]): MigrationFile[] {
  const planned: MigrationFile[] = [];
  const byVersion = new Map<number, string>();
  for (const fileName of fileNames) {
    if (!fileName.endsWith('.sql')) continue;
    const migration = parseMigrationFileName(fileName);
    if (!migration) throw new Error(`migration file ${fileName} is not named NNN_lower_snake_name.sql`);
    const clash = byVersion.get(migration.version);
    if (clash) throw new Error(`migrations ${clash} and ${fileName} share version ${migration.version}`);
    byVersion.set(migration.version, fileName);
    planned.push(migration);
  }
  return planned.sort((a, b) => a.version - b.version);
}

export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

/**
 * The migrations still to apply, in order. An applied migration whose file changed or
 * disappeared is an error: the database no longer matches what the files describe.
 */
export function pendingMigrations(all: readonly Migration[], applied: readonly AppliedMigration[]): Migration[] {
  const files = new Map(all.map((migration) => [migration.version, migration]));
  for (const done of applied) {
    const file = files.get(done.version);
    if (!file) throw new Error(`migration ${done.fileName} was applied but its file is missing`);
    if (file.checksum !== done.checksum) {
      throw new Error(`migration ${file.fileName} changed after it was applied; add a new migration instead`);
    }
  }
  const appliedVersions = new Set(applied.map((done) => done.version));
  return all.filter((migration) => !appliedVersions.has(migration.version));
}

export async function loadMigrations(directory = MIGRATIONS_DIRECTORY): Promise<Migration[]> {
  const planned = planMigrations(await readdir(directory));
  return Promise.all(
    planned.map(async (file) => {
      const sql = await readFile(join(directory, file.fileName), 'utf8');
      return { ...file, sql, checksum: checksumOf(sql) };
    }),
  );
}
