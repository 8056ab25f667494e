// Migration files: named NNN_name.sql, applied in numeric order, never edited once applied.
import { describe, expect, it } from 'vitest';
import {
  checksumOf,
  loadMigrations,
  PLANTED_MIGRATIONS_DIRECTORY,
  parseMigrationFileName,
  pendingMigrations,
  planMigrations,
  type Migration,
} from '../../../app/src/migrate/migrations.ts';

const migration = (version: number, fileName: string, sql = `-- ${fileName}`): Migration => ({
  version,
  fileName,
  sql,
  checksum: checksumOf(sql),
});

describe('planMigrations', () => {
  it('orders by numeric version, not by name', () => {
    const planned = planMigrations(['010_late.sql', '002_second.sql', '001_first.sql', '1000_much_later.sql']);
    expect(planned.map((file) => file.fileName)).toEqual([
      '001_first.sql',
      '002_second.sql',
      '010_late.sql',
      '1000_much_later.sql',
    ]);
  });

  it('ignores files that are not .sql', () => {
    expect(planMigrations(['README.md', '001_first.sql', '.keep'])).toHaveLength(1);
  });

  it('rejects a .sql file with a bad name', () => {
    expect(() => planMigrations(['001_first.sql', 'add-users.sql'])).toThrow(/add-users\.sql is not named NNN_/);
    expect(() => planMigrations(['01_short.sql'])).toThrow(/not named/);
  });

  it('rejects two files with the same version', () => {
    expect(() => planMigrations(['002_a.sql', '002_b.sql'])).toThrow(/002_a\.sql and 002_b\.sql share version 2/);
  });

  it('parses version and file name', () => {
    expect(parseMigrationFileName('042_add_index.sql')).toEqual({ version: 42, fileName: '042_add_index.sql' });
    expect(parseMigrationFileName('042_Add_Index.sql')).toBeUndefined();
  });
});

describe('pendingMigrations', () => {
  const all = [migration(1, '001_a.sql'), migration(2, '002_b.sql'), migration(3, '003_c.sql')];

  it('returns every migration for a new database', () => {
    expect(pendingMigrations(all, []).map((m) => m.version)).toEqual([1, 2, 3]);
  });

  it('returns only the ones not yet applied, in order', () => {
    const applied = all.slice(0, 2).map(({ version, fileName, checksum }) => ({ version, fileName, checksum }));
    expect(pendingMigrations(all, applied).map((m) => m.version)).toEqual([3]);
  });

  it('refuses when an applied migration was edited since', () => {
    const applied = [{ version: 1, fileName: '001_a.sql', checksum: checksumOf('something else') }];
    expect(() => pendingMigrations(all, applied)).toThrow(/001_a\.sql changed after it was applied/);
  });

  it('refuses when an applied migration has no file any more', () => {
    const applied = [{ version: 9, fileName: '009_gone.sql', checksum: 'x' }];
    expect(() => pendingMigrations(all, applied)).toThrow(/009_gone\.sql was applied but its file is missing/);
  });
});

describe('the app migrations directory', () => {
  it('holds contiguous versions starting at 1, each with SQL', async () => {
    const migrations = await loadMigrations();
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, index) => index + 1));
    for (const m of migrations) expect(m.sql.trim()).not.toBe('');
  });
});

describe('the planted migrations (the fault migration-breaks-old-rows)', () => {
  it('come after every real migration and add a NOT NULL column before its default', async () => {
    const [real, planted] = await Promise.all([loadMigrations(), loadMigrations(PLANTED_MIGRATIONS_DIRECTORY)]);
    expect(planted.map((m) => m.fileName)).toEqual(['900_items_reviewer_required.sql']);
    expect(Math.min(...planted.map((m) => m.version))).toBeGreaterThan(Math.max(...real.map((m) => m.version)));
    const sql = planted[0]!.sql;
    expect(sql.indexOf('NOT NULL')).toBeLessThan(sql.indexOf('SET DEFAULT'));
  });
});
