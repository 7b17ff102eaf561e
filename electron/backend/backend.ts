/**
 * The backend: opens the database and answers calls. Both transports (Electron's
 * utility process and the web bridge) hand it a channel name and raw input; it validates
 * the input against the contract, runs the handler (a mutation in one transaction with
 * its audit rows), and returns the output or a French AppError. Transports add nothing.
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  contract,
  isChannel,
  type AppEvent,
  type CallOutput,
  type Channel,
} from '../../shared/contract';
import { AppError, fieldErrorsFromIssues } from '../../shared/errors';
import { toIso } from '../../shared/domain/conventionYears';
import type { BaseContext, MutationContext, QueryContext, RunMode } from './context';
import { openDatabase, type OpenDatabase } from './db/open';
import type { Migration } from './db/migrations';
import { handlers, type PreparedMutation } from './handlers';
import { AuditWriter } from './services/audit';
import { UPLOAD_FOLDER } from './services/actuals';
import { loadDemoOnFirstStart } from './services/demo';
import { readSetting } from './services/settings';

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
}

export interface Backend {
  dataDir: string;
  call<C extends Channel>(channel: C, input: unknown): Promise<CallOutput<C>>;
  /** For transports: any name, validated here. */
  callRaw(channel: string, input: unknown): Promise<unknown>;
  subscribe(listener: (event: AppEvent) => void): () => void;
  database: OpenDatabase;
  close(): void;
}

export const DATABASE_FILE = 'pilote-cpo.sqlite';

export function createBackend(options: BackendOptions): Backend {
  const databasePath = join(options.dataDir, DATABASE_FILE);
  const database = openDatabase(databasePath, { migrations: options.migrations });
  const now = options.now ?? (() => new Date());
  const listeners = new Set<(event: AppEvent) => void>();
  if (options.onEvent) listeners.add(options.onEvent);
  const emit = (event: AppEvent) => {
    for (const listener of listeners) listener(event);
  };
  const checkOutputs = options.checkOutputs ?? true;

  const base = (): Omit<BaseContext, 'db'> => ({
    now,
    today: () => toIso(now()),
    userName: readSetting(database.db, 'currentUser'),
    mode: options.mode,
    dataDir: options.dataDir,
    databasePath,
    version: options.version ?? '0.0.0',
    emit,
  });

  async function callRaw(channel: string, rawInput: unknown): Promise<unknown> {
    if (!isChannel(channel)) {
      throw new AppError('NOT_FOUND', `Action inconnue : « ${channel} ».`);
    }
    const definition = contract[channel];
    const parsed = definition.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      throw AppError.validation(fieldErrorsFromIssues(parsed.error.issues));
    }
    let output: unknown;
    if (definition.mutates) {
      const context = base();
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
      const run = database.sqlite.transaction(() => {
        const ctx: MutationContext = {
          ...context,
          kind: 'mutation',
          db: database.db,
          sqlite: database.sqlite,
          audit: new AuditWriter(
            database.sqlite,
            userName ?? (parsed.data as { name?: string }).name ?? 'inconnu',
            now().toISOString(),
          ),
        };
        const result =
          typeof handler === 'function'
            ? handler(parsed.data, ctx)
            : handler.apply(parsed.data as never, prepared, ctx);
        if (result instanceof Promise) {
          throw new Error(`Mutation ${channel} must be synchronous to run in one transaction`);
        }
        return result;
      });
      output = run.immediate();
    } else {
      const ctx: QueryContext = { ...base(), kind: 'query', db: database.readDb };
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
    if (definition.mutates) emit({ type: 'changed', channel });
    return output;
  }

  if (options.demo ?? true) {
    loadDemoOnFirstStart(database.db, database.sqlite, now());
  }

  removeStaleUploads(options.dataDir, now());

  return {
    dataDir: options.dataDir,
    call: (channel, input) => callRaw(channel, input) as Promise<never>,
    callRaw,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    database,
    close: () => database.close(),
  };
}

/** Uploads left by an interrupted import: gone after a day. */
function removeStaleUploads(dataDir: string, now: Date) {
  const folder = join(dataDir, UPLOAD_FOLDER);
  if (!existsSync(folder)) return;
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (now.getTime() - statSync(path).mtimeMs > 86_400_000) rmSync(path, { force: true });
  }
}

/** Turns anything thrown into the data a transport sends back. */
export function toErrorData(error: unknown) {
  if (error instanceof AppError) return error.toData();
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('INTERNAL', `Erreur inattendue : ${message}`).toData();
}
