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
 * fail loudly instead of changing what the next screen is shown (see `freeze`).
 */
import type Database from 'better-sqlite3';
import type { Db } from '../db/open';

interface Entries {
  version: number;
  values: Map<string, unknown>;
}

const byConnection = new WeakMap<Database.Database, Entries>();

/** The better-sqlite3 connection under a drizzle handle (drizzle keeps it as `$client`). */
export function connectionOf(db: Db): Database.Database {
  return (db as unknown as { $client: Database.Database }).$client;
}

export function cachedRead<T>(db: Db, key: string, read: () => T): T {
  const connection = connectionOf(db);
  if (!connection.readonly) return read();
  const version = connection.pragma('data_version', { simple: true }) as number;
  let entries = byConnection.get(connection);
  if (!entries || entries.version !== version) {
    entries = { version, values: new Map() };
    byConnection.set(connection, entries);
  }
  if (entries.values.has(key)) return entries.values.get(key) as T;
  const value = freeze(read());
  entries.values.set(key, value);
  return value;
}

/**
 * Frozen two levels down: the value, its lists and fields, and the items of those lists
 * (each person, each result) — what a caller could sort, push to or assign by mistake.
 * Deeper (a person's pathway, a result's record list) is left as is: freezing 10 000
 * people's every nested object costs more than the read it saves.
 */
function freeze<T>(value: T, depth = 0): T {
  if (typeof value !== 'object' || value === null || depth > 2) return value;
  Object.freeze(value);
  if (Array.isArray(value)) for (const item of value) freeze(item, depth + 1);
  else for (const key in value) freeze((value as Record<string, unknown>)[key], depth + 1);
  return value;
}
