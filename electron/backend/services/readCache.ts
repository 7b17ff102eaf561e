/**
 * The few reads that every screen of a convention repeats — every person's record and the
 * indicators computed from them, ~10 000 people, the SIEG control, the dashboard's
 * gatherings — kept until something they read changes. Opening a convention asks for the
 * indicators, the report check and the people list at once; each read them again
 * (≈ 30 ms per read at 10 000 people, several per call).
 *
 * Only on the read-only connection (queries); the writer's connection (mutations) reads
 * afresh. A kept value says which topics it reads (shared/contract/topics.ts, the same
 * table that tells the screens what to refetch) and is dropped when one of them changes:
 * with 30 staff writing, a payment saved keeps the indicators, a person saved keeps the
 * budget. Two ways of learning about a change:
 * - the backend's mutation dispatch reports each commit with the topics it touched
 *   (`beginWrite`, called inside the write transaction, then the returned function after
 *   the commit): only the values reading those topics go;
 * - SQLite's `PRAGMA data_version` on the read-only connection changes as soon as any
 *   other connection commits. A change the dispatch did not report (another process on
 *   the same file, a writer outside the dispatch) drops every kept value, as before, so a
 *   kept value is never older than the last write it depends on. A restore reopens the
 *   database: a new connection starts with nothing kept.
 *
 * Every person's record is the one read that a day's work changes all the time (an action,
 * a barrier lifted, a pathway date) and the one that costs most (10 000 people read, then
 * every indicator and list built from them). A mutation on one person says which
 * (`MutationContext.changedPeople`): a value read with `cachedPersonRead` is then patched
 * with those persons read again instead of being read whole. Any change that did not name
 * its persons (an import, a purge, a convention change) still drops it.
 *
 * Kept values are frozen, so a caller that tried to change one would fail loudly instead
 * of changing what the next screen is shown (see `freeze`).
 */
import type Database from 'better-sqlite3';
import type { Channel } from '../../../shared/contract';
import { callTopics, topics, type Topic } from '../../../shared/contract/topics';
import type { Db } from '../db/open';

interface Entry {
  value: unknown;
  reads: readonly Topic[];
  /** `State.clock` when the value was read. */
  readAt: number;
}

interface State {
  /** The connection's data_version once every change up to it has been accounted for. */
  version: number;
  /** Counts the reported commits. */
  clock: number;
  /** The clock of the last reported commit touching each topic. */
  changedAt: Map<Topic, number>;
  /**
   * The persons each recent commit touching `people` changed, by its clock; null when the
   * commit did not name them. The last PERSON_LOG commits only: older reads are read again.
   */
  personChanges: Map<number, ReadonlySet<number> | null>;
  values: Map<string, Entry>;
}

/** How many commits' persons are remembered: a value older than that is read whole. */
const PERSON_LOG = 256;

const byConnection = new WeakMap<Database.Database, State>();

/** The better-sqlite3 connection under a drizzle handle (drizzle keeps it as `$client`). */
export function connectionOf(db: Db): Database.Database {
  return (db as unknown as { $client: Database.Database }).$client;
}

const dataVersion = (connection: Database.Database) =>
  connection.pragma('data_version', { simple: true }) as number;

/** The connection's kept values, all dropped if a change was not reported. */
function stateOf(connection: Database.Database): State {
  const version = dataVersion(connection);
  let state = byConnection.get(connection);
  if (!state) {
    state = { version, clock: 0, changedAt: new Map(), personChanges: new Map(), values: new Map() };
    byConnection.set(connection, state);
  } else if (state.version !== version) {
    state.values.clear();
    state.version = version;
  }
  return state;
}

/**
 * `read()`, or the value it gave since nothing in `reads` changed. `reads` defaults to
 * every topic (dropped at any change, the safe choice for a read that does not say).
 */
export function cachedRead<T>(
  db: Db,
  key: string,
  read: () => T,
  reads: readonly Topic[] = topics,
): T {
  const connection = connectionOf(db);
  if (!connection.readonly) return read();
  const state = stateOf(connection);
  const kept = state.values.get(key);
  if (kept && kept.reads.every((topic) => (state.changedAt.get(topic) ?? 0) <= kept.readAt))
    return kept.value as T;
  const value = freeze(read());
  state.values.set(key, { value, reads, readAt: state.clock });
  return value;
}

/**
 * `cachedRead` for a value made of one part per person (every person's record): when the
 * only changes since it was read are to `people` by commits that named the persons they
 * changed, `patch(kept, persons)` builds the new value from the kept one and those persons
 * (it returns null to have the value read whole instead: a person added, a file number
 * changed). What `patch` returns is kept as a read value would be.
 */
export function cachedPersonRead<T>(
  db: Db,
  key: string,
  read: () => T,
  reads: readonly Topic[],
  patch: (kept: T, persons: ReadonlySet<number>) => T | null,
): T {
  const connection = connectionOf(db);
  if (!connection.readonly) return read();
  const state = stateOf(connection);
  const kept = state.values.get(key);
  if (kept) {
    const changed = kept.reads.filter(
      (topic) => (state.changedAt.get(topic) ?? 0) > kept.readAt,
    );
    if (changed.length === 0) return kept.value as T;
    const persons = changed.every((topic) => topic === 'people')
      ? personsChangedSince(state, kept.readAt)
      : null;
    const patched = persons ? patch(kept.value as T, persons) : null;
    if (patched !== null) {
      const value = freeze(patched);
      state.values.set(key, { value, reads, readAt: state.clock });
      return value;
    }
  }
  const value = freeze(read());
  state.values.set(key, { value, reads, readAt: state.clock });
  return value;
}

/** Every person changed by the commits after `since`, or null if one did not say which. */
function personsChangedSince(state: State, since: number): ReadonlySet<number> | null {
  if (state.clock - since > PERSON_LOG) return null;
  const persons = new Set<number>();
  for (let clock = since + 1; clock <= state.clock; clock += 1) {
    const changed = state.personChanges.get(clock);
    // Absent: a commit that did not touch people. Null: one that did without naming whom.
    if (changed === null) return null;
    if (changed) for (const id of changed) persons.add(id);
  }
  return persons;
}

/**
 * A query's whole answer for `key` (its input), kept while none of the topics the contract
 * says it reads has changed — the same topics after which the screens refetch it — but
 * for `session`: no answer kept here depends on who is using the app (the dashboard's
 * gatherings read « everything », a name typed at the start must not recompute them).
 */
export function cachedQuery<T>(
  db: Db,
  channel: Exclude<Channel, `session.${string}` | `accounts.${string}` | 'app.info'>,
  key: string,
  read: () => T,
): T {
  const reads = callTopics[channel].filter((topic) => topic !== 'session');
  return cachedRead(db, `${channel}:${key}`, read, reads);
}

/**
 * Called by the mutation dispatch inside its write transaction (the write lock held: no
 * other connection can commit until ours does), with the read-only connection; the
 * function returned is called once the transaction has committed, with the topics the
 * call touched and, when it named them, the persons it changed (null: not named). Only the
 * values reading those topics are dropped — unless a change was not reported before this
 * one, then all of them.
 */
export function beginWrite(
  readDb: Db,
): (touched: readonly Topic[], persons?: ReadonlySet<number> | null) => void {
  const connection = connectionOf(readDb);
  const before = dataVersion(connection);
  return (touched, persons = null) => {
    const state = byConnection.get(connection);
    if (!state) return;
    if (state.version !== before) state.values.clear();
    state.clock += 1;
    for (const topic of touched) state.changedAt.set(topic, state.clock);
    if (touched.includes('people')) state.personChanges.set(state.clock, persons);
    state.personChanges.delete(state.clock - PERSON_LOG);
    state.version = dataVersion(connection);
  };
}

/**
 * Frozen two levels down: the value, its lists and fields, and the items of those lists
 * (each person, each result) — what a caller could sort, push to or assign by mistake.
 * Deeper (a person's pathway, a result's record list) is left as is: freezing 10 000
 * people's every nested object costs more than the read it saves.
 */
function freeze<T>(value: T, depth = 0): T {
  // Already frozen: a part kept from the value a patch started from (see cachedPersonRead),
  // frozen with its own parts then. Going through 10 000 of them again would cost the
  // patch what it saves.
  if (typeof value !== 'object' || value === null || depth > 2 || Object.isFrozen(value))
    return value;
  Object.freeze(value);
  if (Array.isArray(value)) for (const item of value) freeze(item, depth + 1);
  else for (const key in value) freeze((value as Record<string, unknown>)[key], depth + 1);
  return value;
}
