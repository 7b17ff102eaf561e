/**
 * The few reads that every screen of a convention repeats — every person's record and the
 * indicators computed from them, ~10 000 people — kept until the database changes. Opening
 * a convention asks for the indicators, the report check and the people list at once; each
 * read them again (≈ 30 ms per read at 10 000 people, several per call).
 *
 * Only on the read-only connection (queries): there SQLite's `PRAGMA data_version` changes
 * as soon as any other connection commits, so a kept value is never older than the last
 * write. The writer's connection (mutations) reads afresh: its own writes do not change
 * its data_version. Kept values are frozen, so a caller that tried to change one would
 * fail loudly instead of changing what the next screen is shown.
 */
import type Database from 'better-sqlite3';
import type { Db } from '../db/open';

interface Entries {
  version: number;
  values: Map<string, unknown>;
}

const byConnection = new WeakMap<Database.Database, Entries>();

export function cachedRead<T>(db: Db, key: string, read: () => T): T {
  const connection = (db as unknown as { $client?: Database.Database }).$client;
  if (!connection?.readonly) return read();
  const version = connection.pragma('data_version', { simple: true }) as number;
  let entries = byConnection.get(connection);
  if (!entries || entries.version !== version) {
    entries = { version, values: new Map() };
    byConnection.set(connection, entries);
  }
  if (entries.values.has(key)) return entries.values.get(key) as T;
  const value = deepFreeze(read());
  entries.values.set(key, value);
  return value;
}

function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const item of Object.values(value)) deepFreeze(item);
  return value;
}
