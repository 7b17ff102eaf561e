/**
 * The backend: opens the database and answers calls. Both transports (Electron's
 * utility process and the web bridge) hand it a channel name and raw input; it validates
 * the input against the contract, runs the handler (a mutation in one transaction with
 * its audit rows), and returns the output or a French AppError. Transports add nothing.
 */
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import {
  contract,
  isChannel,
  type AppEvent,
  type CallOutput,
  type Channel,
} from '../../shared/contract';
import { AppError, fieldErrorsFromIssues } from '../../shared/errors';
import { refusal, type Actor } from '../../shared/contract/roles';
import { toIso } from '../../shared/domain/conventionYears';
import type { BaseContext, MutationContext, QueryContext, RunMode } from './context';
import { openDatabase, type OpenDatabase } from './db/open';
import type { Migration } from './db/migrations';
import { handlers } from './handlers';
import type { PreparedMutation } from './handlerTypes';
import { AuditWriter } from './services/audit';
import { UPLOAD_FOLDER } from './services/actuals';
import { loadDemoOnFirstStart } from './services/demo';
import { readSetting } from './services/settings';
import {
  BackupService,
  checkIntegrity,
  damagedError,
  type BackupControl,
} from './services/backups';
import { writeDurably } from './services/backupFiles';
import type { BackupReason } from '../../shared/contract/backups';
import { changed } from '../../shared/contract/events';
import { touchedBy } from '../../shared/contract/topics';
import { beginWrite } from './services/readCache';
import { registerPickedFile } from './pickedFiles';

export interface BackendOptions {
  dataDir: string;
  mode: RunMode;
  version?: string;
  /** Fixed clock for tests. */
  now?: () => Date;
  /** Load the demo convention on first start (default true). */
  demo?: boolean;
  /** Check every output against the contract too (default on; costs little). */
  checkOutputs?: boolean;
  migrations?: readonly Migration[];
  onEvent?: (event: AppEvent) => void;
  /** Copies at start, daily and before imports/purges (default: on, except in tests). */
  automaticBackups?: boolean;
}

export interface Backend {
  dataDir: string;
  /**
   * In-process calls (tests, tools): trusted, so a file may also be named by its path,
   * `source: {kind: 'path', path}`, registered here as if picked in the open dialog.
   */
  call<C extends Channel>(channel: C, input: unknown, actor?: Actor): Promise<CallOutput<C>>;
  /**
   * For transports (IPC from the page, the web bridge): any name, validated here; no path.
   * `actor`: the team server's authenticated account; its role must allow the call
   * (shared/contract/roles.ts) and it signs the changes. Without one: the local mode.
   */
  callRaw(channel: string, input: unknown, actor?: Actor): Promise<unknown>;
  /** For the main process's own open dialog only: the opaque id a call may name. */
  registerFile(path: string): string;
  subscribe(listener: (event: AppEvent) => void): () => void;
  /**
   * Runs `work` alone on the writable connection, as mutations do (one writer at a time):
   * for writes made outside calls (the team server's logins and logouts), which must never
   * land inside another call's open transaction (a FEC import between two of its steps).
   */
  exclusive<T>(work: () => T | Promise<T>): Promise<T>;
  /** Throws the French "damaged" error while the database could not be opened. */
  database: OpenDatabase;
  backups: BackupService;
  close(): void;
}

/** Calls that change many rows at once: a copy is taken just before they write. */
const COPY_BEFORE: Partial<Record<Channel, BackupReason>> = {
  'fec.import': 'avant-import-fec',
  'people.importCommit': 'avant-import-personnes',
  'outreach.importCommit': 'avant-import-reperage',
  'coordination.importCommit': 'avant-import-coordination',
  'followUps.importCommit': 'avant-import-suivis',
  'barriers.importCommit': 'avant-import-freins',
  'conventions.importFile': 'avant-import-convention',
  'privacy.purge': 'avant-purge',
};
/** Calls that erase identities: the copies and the WAL must forget them too. */
const ERASES_IDENTITIES = new Set<Channel>(['privacy.erasePerson', 'privacy.purge']);

export const DATABASE_FILE = 'pilote-cpo.sqlite';

export function createBackend(options: BackendOptions): Backend {
  const databasePath = join(options.dataDir, DATABASE_FILE);
  const now = options.now ?? (() => new Date());
  let database: OpenDatabase | null = null;
  const writer = writerLock();
  const exclusive = async <T>(work: () => T | Promise<T>): Promise<T> => {
    const release = await writer.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  };
  // quick_check before opening: a damaged file is never opened for writing (see restore).
  let damage = checkIntegrity(databasePath);
  const backups = new BackupService({
    dataDir: options.dataDir,
    databasePath,
    now,
    source: () => database?.sqlite ?? null,
    userName: () => (database ? readSetting(database.db, 'currentUser') : null),
    exclusive,
  });
  const open = () =>
    openDatabase(databasePath, {
      migrations: options.migrations,
      beforeMigration: (sqlite) => backups.createBeforeMigration(sqlite),
    });
  if (!damage) database = open();
  const requireDatabase = (): OpenDatabase => {
    if (!database) throw damagedError();
    return database;
  };
  const automaticBackups = options.automaticBackups ?? options.mode !== 'test';
  const listeners = new Set<(event: AppEvent) => void>();
  if (options.onEvent) listeners.add(options.onEvent);
  const emit = (event: AppEvent) => {
    for (const listener of listeners) listener(event);
  };
  const checkOutputs = options.checkOutputs ?? true;

  const control: BackupControl = {
    service: backups,
    damage: () => damage,
    async restore(file, passphrase, by) {
      const plain = backups.readCopy(file, passphrase);
      const staging = join(options.dataDir, '.restauration.sqlite');
      writeDurably(staging, plain);
      const problem = checkIntegrity(staging);
      if (problem) {
        rmSync(staging, { force: true });
        throw new AppError(
          'INTERNAL',
          `La copie « ${file} » est elle-même endommagée : ${problem} Elle n'est pas restaurée.`,
        );
      }
      // The current state first, so a restore can itself be undone.
      const preRestoreCopy = database
        ? (await backups.create('avant-restauration', by ?? undefined)).file
        : null;
      // No mutation's transaction may be open on the connection closed here.
      return exclusive(() => swapIn(file, staging, preRestoreCopy));
    },
  };

  /** The checked copy becomes the database (the writer lock held: no transaction open). */
  function swapIn(file: string, staging: string, preRestoreCopy: string | null) {
    database?.close();
    database = null;
    if (damage && existsSync(databasePath)) {
      // The damaged file is kept aside (for a specialist), never deleted.
      const aside = join(
        options.dataDir,
        `pilote-cpo-endommagee-${now().toISOString().replace(/[:.]/g, '-')}.sqlite`,
      );
      renameSync(databasePath, aside);
      if (existsSync(`${databasePath}-wal`)) renameSync(`${databasePath}-wal`, `${aside}-wal`);
    }
    rmSync(`${databasePath}-wal`, { force: true });
    rmSync(`${databasePath}-shm`, { force: true });
    renameSync(staging, databasePath);
    try {
      database = open();
      damage = null;
    } catch (error) {
      damage = `La copie restaurée n'a pas pu être ouverte : ${(error as Error).message}`;
      throw error;
    }
    emit(changed('backups.restore'));
    return { restored: file, preRestoreCopy };
  }

  const base = (actor?: Actor): Omit<BaseContext, 'db'> => ({
    now,
    today: () => toIso(now()),
    userName: actor ? actor.account : database ? readSetting(database.db, 'currentUser') : null,
    ...(actor ? { actor: { account: actor.account, role: actor.role } } : {}),
    mode: options.mode,
    dataDir: options.dataDir,
    databasePath,
    version: options.version ?? '0.0.0',
    emit,
    backups: control,
  });

  async function callRaw(channel: string, rawInput: unknown, actor?: Actor): Promise<unknown> {
    if (!isChannel(channel)) {
      throw new AppError('NOT_FOUND', `Action inconnue : « ${channel} ».`);
    }
    // The role first: a refused call learns nothing about its input, nor the database's state.
    const refused = actor ? refusal(channel, actor) : null;
    if (refused) throw AppError.forbidden(refused);
    if (damage && !channel.startsWith('backups.')) throw damagedError();
    const definition = contract[channel];
    const parsed = definition.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      throw AppError.validation(fieldErrorsFromIssues(parsed.error.issues));
    }
    // Some calls are allowed for part of their inputs only (a role's own document).
    const limited = actor ? refusal(channel, actor, parsed.data) : null;
    if (limited) throw AppError.forbidden(limited);
    let output: unknown;
    if (definition.mutates) {
      const database = requireDatabase();
      const context = base(actor);
      const userName = context.userName;
      if (!userName && channel !== 'session.setUser') {
        throw new AppError(
          'UNAUTHORISED',
          "Indiquez d'abord votre nom : chaque modification est enregistrée dans l'historique à votre nom.",
        );
      }
      const handler = handlers[channel] as
        ((input: unknown, ctx: MutationContext) => unknown) | PreparedMutation<Channel, unknown>;
      // Slow or asynchronous preparation (file decoding) happens before the transaction.
      const prepared =
        typeof handler === 'function'
          ? undefined
          : await handler.prepare(parsed.data as never, {
              ...context,
              kind: 'query',
              db: database.readDb,
            });
      const afterCommit: (() => void)[] = [];
      const copyReason = COPY_BEFORE[channel];
      if (copyReason && automaticBackups) await backups.create(copyReason, context.userName);
      // One writer at a time: a mutation waits here while another one's transaction is open
      // (a FEC import between two of its steps) or a copy is being made.
      const release = await writer.acquire();
      try {
        // Read again: a restore may have reopened the database while this call waited.
        const current = requireDatabase();
        // The persons the call says it changed, if it says (readCache.ts patches their records).
        let changedPersons: Set<number> | null = null;
        const ctx: MutationContext = {
          afterCommit: (action) => afterCommit.push(action),
          changedPeople: (...ids) => {
            changedPersons ??= new Set();
            for (const id of ids) changedPersons.add(id);
          },
          ...context,
          kind: 'mutation',
          db: current.db,
          sqlite: current.sqlite,
          audit: new AuditWriter(
            current.sqlite,
            userName ?? (parsed.data as { name?: string }).name ?? 'inconnu',
            now().toISOString(),
          ),
        };
        // Reported to the read cache once committed (readCache.ts); a mutation in steps is not:
        // its commit is then seen as an unreported change, and every kept read is dropped.
        let committed: ReturnType<typeof beginWrite> | undefined;
        try {
          output =
            typeof handler !== 'function' && handler.steps
              ? await inSteps(current.sqlite, handler.steps(parsed.data as never, prepared, ctx))
              : current.sqlite
                  .transaction(() => {
                    committed = beginWrite(database.readDb);
                    const result =
                      typeof handler === 'function'
                        ? handler(parsed.data, ctx)
                        : handler.apply(parsed.data as never, prepared, ctx);
                    if (result instanceof Promise) {
                      throw new Error(
                        `Mutation ${channel} must be synchronous to run in one transaction`,
                      );
                    }
                    return result;
                  })
                  .immediate();
        } catch (error) {
          throw asUserError(error);
        }
        committed?.(touchedBy(channel), changedPersons);
        // Committed: what waited for it (removing an imported upload) may run now.
        for (const action of afterCommit) {
          try {
            action();
          } catch {
            // A leftover file is removed at the next start; the import itself succeeded.
          }
        }
        if (ERASES_IDENTITIES.has(channel)) forgetErasedIdentities(current, backups);
      } finally {
        release();
      }
    } else {
      const ctx = { ...base(actor), kind: 'query' } as QueryContext;
      // Backup calls run while the database is closed (damaged mode): db only when asked.
      Object.defineProperty(ctx, 'db', { get: () => requireDatabase().readDb, enumerable: true });
      const handler = handlers[channel] as (input: unknown, ctx: QueryContext) => unknown;
      output = await handler(parsed.data, ctx);
    }
    if (checkOutputs) {
      const checked = definition.output.safeParse(output);
      if (!checked.success) {
        throw new AppError(
          'INTERNAL',
          `Réponse inattendue du moteur pour « ${channel} » : ${checked.error.issues[0]?.message ?? ''}`,
        );
      }
      output = checked.data;
    }
    if (definition.mutates) emit(changed(channel));
    return output;
  }

  if (database && (options.demo ?? true)) {
    loadDemoOnFirstStart(database.db, database.sqlite, now());
  }
  if (database && automaticBackups) backups.startAutomatic();

  removeStaleUploads(options.dataDir);

  return {
    dataDir: options.dataDir,
    call: (channel, input, actor) =>
      callRaw(channel, withPickedPath(input), actor) as Promise<never>,
    callRaw,
    registerFile: registerPickedFile,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    exclusive,
    get database() {
      return requireDatabase();
    },
    backups,
    close: () => {
      backups.stop();
      database?.close();
      database = null;
    },
  };
}

/** One writer at a time on the writable connection: the callers wait in turn (FIFO). */
function writerLock() {
  let tail: Promise<void> = Promise.resolve();
  return {
    /** Resolves, once every earlier holder has released, to this holder's release. */
    acquire(): Promise<() => void> {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const turn = tail.then(() => release);
      tail = tail.then(() => released);
      return turn;
    },
  };
}

/**
 * A mutation written in steps, in one transaction opened and closed by hand (better-sqlite3's
 * `transaction()` cannot span awaits): between two steps the event loop answers other calls
 * (queries read the read-only connection's snapshot, from before this transaction; other
 * mutations wait for the writer lock). A step that throws rolls back everything, the rows
 * of earlier steps included; kill -9 midway leaves the database as before (the WAL's
 * uncommitted frames are ignored at the next open).
 */
async function inSteps<T>(
  sqlite: Database.Database,
  steps: Generator<Promise<unknown> | undefined, T, void>,
): Promise<T> {
  sqlite.exec('BEGIN IMMEDIATE');
  try {
    let step = steps.next();
    while (!step.done) {
      await (step.value ?? nextTurn());
      step = steps.next();
    }
    sqlite.exec('COMMIT');
    return step.value;
  } catch (error) {
    // Closed meanwhile (the app quitting): closing rolled the transaction back already.
    if (sqlite.open && sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw error;
  }
}

/**
 * After an erasure or a purge has committed: the WAL is checkpointed and truncated (the
 * erased rows must not linger in it; secure_delete, set at open, zeroes the freed cells),
 * then every backup copy loses the same identities.
 */
function forgetErasedIdentities(database: OpenDatabase, backups: BackupService) {
  database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const erased = database.sqlite
    .prepare('SELECT id FROM persons WHERE anonymised_at IS NOT NULL')
    .all() as { id: number }[];
  backups.scrubCopies(erased.map((row) => row.id));
}

/**
 * Uploads left by an import that was killed or never committed: no page of an earlier run
 * can name them any more (its token died with it), so they go at start. Those written in
 * the last minute are spared: another process on the same folder may be receiving one.
 * The wall clock, not the backend's (a test's fixed clock would make every file recent).
 */
export function removeStaleUploads(dataDir: string, graceMs = 60_000) {
  const folder = join(dataDir, UPLOAD_FOLDER);
  if (!existsSync(folder)) return;
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > graceMs) rmSync(path, { force: true });
    } catch {
      // Removed meanwhile by another process: nothing to do.
    }
  }
}

/** A trusted caller's `{kind: 'path'}` file becomes a picked file's id (see pickedFiles.ts). */
function withPickedPath(input: unknown): unknown {
  if (typeof input !== 'object' || input === null) return input;
  const source = (input as { source?: unknown }).source;
  if (typeof source !== 'object' || source === null) return input;
  const { kind, path } = source as { kind?: unknown; path?: unknown };
  if (kind !== 'path' || typeof path !== 'string') return input;
  return { ...input, source: { kind: 'picked', fileId: registerPickedFile(path) } };
}

/**
 * SQLite's refusals, in French: a constraint the services did not check first (a row
 * naming a convention that does not exist, a duplicate) is the caller's mistake, not a
 * failure of the engine, so it is a 4xx and says what to do. Anything else passes as is.
 */
export function asUserError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_CONSTRAINT')) return error;
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return AppError.notFound(
      'Enregistrement refusé : il fait référence à un élément introuvable (peut-être supprimé entre-temps). Rechargez la page.',
    );
  }
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new AppError('CONFLICT', 'Enregistrement refusé : cet élément existe déjà.');
  }
  return AppError.validation(
    [],
    'Enregistrement refusé : une valeur ne respecte pas les règles de la base. Rien n’a été enregistré.',
  );
}

/** Turns anything thrown into the data a transport sends back. */
export function toErrorData(raw: unknown) {
  const error = asUserError(raw);
  if (error instanceof AppError) return error.toData();
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('INTERNAL', `Erreur inattendue : ${message}`).toData();
}
