/** A digest of every row of every table: equal digests mean the database content did not change. */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { DATABASE_FILE } from '../../../electron/backend/backend';

export function databaseDigest(dataDir: string): string {
  // A separate read-only connection sees exactly what was committed to the file.
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    const hash = createHash('sha256');
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all() as { name: string }[];
    for (const { name } of tables) {
      hash.update(`#${name}\n`);
      for (const row of db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()) {
        hash.update(`${JSON.stringify(row)}\n`);
      }
    }
    return hash.digest('hex');
  } finally {
    db.close();
  }
}

export function rowCount(dataDir: string, table: string): number {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}
