/**
 * Opens the app's database: one writable connection for mutations and one read-only
 * connection for queries, so code that only reads (screens, reports, exports) cannot
 * write even by mistake.
 */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bundledMigrations, type Migration } from './migrations';
import { migrate, type MigrateResult } from './migrate';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema>;

export interface OpenDatabase {
  path: string;
  sqlite: Database.Database;
  db: Db;
  readSqlite: Database.Database;
  readDb: Db;
  migration: MigrateResult;
  close(): void;
}

export function openDatabase(
  path: string,
  options: {
    migrations?: readonly Migration[];
    backupDir?: string | null;
    /** Takes the copy before a migration (the backup service); returns its path. */
    beforeMigration?: (sqlite: Database.Database) => string;
  } = {},
): OpenDatabase {
  mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // FULL: a commit the app reported is on disk even if the power goes right after.
    sqlite.pragma('synchronous = FULL');
    // Deleted rows (erased identities) are overwritten with zeros, not left in free pages.
    sqlite.pragma('secure_delete = ON');
    // 8 MiB of page cache: bulk imports (FEC) write hundreds of thousands of rows.
    sqlite.pragma('cache_size = -8192');
    const migration = migrate(sqlite, options.migrations ?? bundledMigrations(), {
      backup: options.beforeMigration,
      backupDir:
        options.backupDir === undefined ? join(dirname(path), 'sauvegardes') : options.backupDir,
    });
    const readSqlite = new Database(path, { readonly: true });
    readSqlite.pragma('busy_timeout = 5000');
    return {
      path,
      sqlite,
      db: drizzle(sqlite, { schema }),
      readSqlite,
      readDb: drizzle(readSqlite, { schema }),
      migration,
      close() {
        readSqlite.close();
        sqlite.close();
      },
    };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}
