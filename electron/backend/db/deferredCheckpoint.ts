/**
 * Holds SQLite's automatic WAL checkpoint for one bulk transaction (an import of thousands
 * of rows) and runs a PASSIVE checkpoint right after it, outside the call.
 *
 * Why: such a transaction leaves thousands of pages in the WAL, far over the automatic
 * threshold, and SQLite would copy them all back into the database file (and sync it)
 * inside the COMMIT, before the import can answer. Durability does not depend on that copy:
 * with journal_mode=WAL and synchronous=FULL a commit is on disk once the WAL is synced, and
 * a crash before the checkpoint replays the WAL at the next open (tests/integration/killNine).
 */
import type Database from 'better-sqlite3';

/** The automatic threshold (pages) of each connection whose checkpoint is being held. */
const held = new WeakMap<Database.Database, number>();

export function deferCheckpoint(sqlite: Database.Database): void {
  // Two imports may commit before the first one's checkpoint runs: the threshold is the one
  // read before the first hold, never the 0 set by it.
  if (held.has(sqlite)) return;
  held.set(sqlite, sqlite.pragma('wal_autocheckpoint', { simple: true }) as number);
  sqlite.pragma('wal_autocheckpoint = 0');
  // The transaction is synchronous: this runs once it has committed or rolled back, either
  // way, so the threshold is always given back.
  setImmediate(() => {
    const threshold = held.get(sqlite)!;
    held.delete(sqlite);
    if (!sqlite.open) return;
    sqlite.pragma(`wal_autocheckpoint = ${threshold}`);
    // PASSIVE: never waits for a reader; what it cannot copy now, the next one will.
    if (!sqlite.inTransaction) sqlite.pragma('wal_checkpoint(PASSIVE)');
  });
}
