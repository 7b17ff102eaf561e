import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createBackend, DATABASE_FILE } from '../../electron/backend/backend';
import { bundledMigrations, parseMigration } from '../../electron/backend/db/migrations';
import { openDatabase } from '../../electron/backend/db/open';
import { validConvention } from '../fixtures/conventionInput';
import { databaseDigest } from './helpers/dbSnapshot';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function appliedTags(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return (
      db.prepare('SELECT tag FROM schema_migrations ORDER BY idx').all() as { tag: string }[]
    ).map((r) => r.tag);
  } finally {
    db.close();
  }
}

describe('migrations', () => {
  test('a new database gets every migration drizzle-kit generated, once', () => {
    dir = mkdtempSync(join(tmpdir(), 'pilote-cpo-mig-'));
    const path = join(dir, DATABASE_FILE);
    const first = openDatabase(path);
    expect(first.migration.applied).toEqual(bundledMigrations().map((m) => m.tag));
    expect(first.migration.backupPath).toBeNull(); // nothing to back up in a new file
    first.close();
    const second = openDatabase(path);
    expect(second.migration.applied).toEqual([]);
    second.close();
    expect(appliedTags(path)).toEqual(bundledMigrations().map((m) => m.tag));
  });

  test('a failed migration leaves the previous database intact, with a backup copy beside it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'pilote-cpo-mig-'));
    const backend = createBackend({ dataDir: dir, mode: 'test', demo: false });
    await backend.call('session.setUser', { name: 'Test' });
    await backend.call('conventions.create', validConvention());
    backend.close();
    const digest = databaseDigest(dir);

    const broken = [
      ...bundledMigrations(),
      parseMigration(
        '9999_broken',
        'CREATE TABLE half_done (id INTEGER PRIMARY KEY);\n--> statement-breakpoint\nALTER TABLE no_such_table ADD COLUMN x TEXT;',
      ),
    ];
    expect(() =>
      createBackend({ dataDir: dir, mode: 'test', demo: false, migrations: broken }),
    ).toThrow(
      /La mise à jour de la base de données a échoué \(migration « 9999_broken »\).*état précédent/,
    );
    // Same content, the first statement of the failed migration rolled back too.
    expect(databaseDigest(dir)).toBe(digest);
    // The copy and its manifest (services/backups.ts).
    const backups = readdirSync(join(dir, 'sauvegardes')).filter((n) => n.endsWith('.sqlite'));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/^avant-migration-.*\.sqlite$/);

    // The app still opens on the previous version, data included.
    const reopened = createBackend({ dataDir: dir, mode: 'test', demo: false });
    expect(await reopened.call('conventions.list', {})).toHaveLength(1);
    reopened.close();
  });

  test('a successful migration of an existing database is preceded by a copy of it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'pilote-cpo-mig-'));
    const path = join(dir, DATABASE_FILE);
    openDatabase(path).close();
    const next = [
      ...bundledMigrations(),
      parseMigration('9999_extra', 'CREATE TABLE extra (id INTEGER PRIMARY KEY);'),
    ];
    const opened = openDatabase(path, { migrations: next });
    expect(opened.migration.applied).toEqual(['9999_extra']);
    expect(opened.migration.backupPath && existsSync(opened.migration.backupPath)).toBe(true);
    opened.close();
    // The copy is the database as it was: without the new table.
    const copy = new Database(opened.migration.backupPath!, { readonly: true });
    expect(
      copy.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'extra'").get(),
    ).toEqual({ n: 0 });
    copy.close();
  });

  test('a database written by another version (unknown or altered migration) is refused untouched', () => {
    dir = mkdtempSync(join(tmpdir(), 'pilote-cpo-mig-'));
    const path = join(dir, DATABASE_FILE);
    openDatabase(path).close();
    const altered = bundledMigrations().map((m, i) => (i === 0 ? { ...m, hash: 'different' } : m));
    const digest = databaseDigest(dir);
    expect(() => openDatabase(path, { migrations: altered })).toThrow(
      /autre version de Pilote CPO/,
    );
    expect(databaseDigest(dir)).toBe(digest);
  });
});
