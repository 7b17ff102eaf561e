/**
 * Worker thread of document generation (built to out/main/reportWorker.js; see
 * reportThread.ts): opens the database read-only, prepares the document from one snapshot
 * (services/reportDocument.ts, the very function the main thread runs without a worker),
 * posts its bytes back and ends. It never writes: the archive row and the audit are written
 * by the main thread, in the call's transaction.
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import type { QueryContext } from '../context';
import * as schema from '../db/schema';
import { prepareReport } from '../services/reportDocument';
import { noEvents, type ReportWorkerInput, type ReportWorkerMessage } from './reportThread';

async function main(input: ReportWorkerInput): Promise<ReportWorkerMessage> {
  const sqlite = new Database(input.databasePath, { readonly: true, fileMustExist: true });
  try {
    sqlite.pragma('busy_timeout = 5000');
    const now = new Date(input.now);
    const ctx: QueryContext = {
      kind: 'query',
      db: drizzle(sqlite, { schema }),
      now: () => now,
      today: () => input.today,
      userName: input.userName,
      ...(input.actor ? { actor: input.actor } : {}),
      mode: input.mode,
      dataDir: input.dataDir,
      databasePath: input.databasePath,
      version: input.version,
      emit: noEvents,
    };
    const { buffer, ...rest } = await prepareReport(ctx, input.request);
    return { ok: true, prepared: { ...rest, bytes: new Uint8Array(buffer) } };
  } finally {
    sqlite.close();
  }
}

main(workerData as ReportWorkerInput).then(
  (message) => {
    const transfer = message.ok ? [message.prepared.bytes.buffer as ArrayBuffer] : [];
    parentPort?.postMessage(message, transfer);
  },
  (error: unknown) => {
    parentPort?.postMessage({
      ok: false,
      error: error instanceof AppError ? error.toData() : null,
      message: error instanceof Error ? error.message : String(error),
    } satisfies ReportWorkerMessage);
  },
);
