/**
 * Runs a document's preparation (services/reportDocument.ts: figures, masks, Word file) in
 * a worker thread, reportWorker.ts, built to out/main/reportWorker.js: at 10 000 people it
 * takes seconds, and the backend's thread must keep answering the other users meanwhile.
 * The worker opens its own read-only connection on the same database file; in WAL mode its
 * read transaction sees one consistent snapshot while the main thread keeps writing.
 *
 * The worker is handed the call's clock and signer as values (a test's fixed clock cannot
 * cross threads): the document is dated and tagged exactly as in this thread.
 *
 * Where the built worker is absent — the vitest suites run the TypeScript sources, with no
 * out/main/reportWorker.js — the same preparation runs in this thread, as readForImport.ts
 * does for the FEC: same function, same bytes, only blocking.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AppEvent } from '../../../shared/contract';
import type { Actor } from '../../../shared/contract/roles';
import { AppError, type AppErrorData } from '../../../shared/errors';
import type { QueryContext, RunMode } from '../context';
import { prepareReport, type PreparedReport, type Target } from '../services/reportDocument';

export type ReportRequest = Target & { allowDraft: boolean };

/** Everything the worker needs, as plain values (structured-cloned). */
export interface ReportWorkerInput {
  databasePath: string;
  request: ReportRequest;
  now: string;
  today: string;
  userName: string | null;
  actor?: Actor;
  mode: RunMode;
  dataDir: string;
  version: string;
}

export type ReportWorkerMessage =
  | { ok: true; prepared: Omit<PreparedReport, 'buffer'> & { bytes: Uint8Array } }
  | { ok: false; error: AppErrorData | null; message: string };

/** A worker that has not answered in this long is stuck (it reads and renders one document). */
const STALL_MS = 10 * 60_000;

/** Tests point this at the built worker; `undefined`: look for it next to the backend. */
let workerOverride: string | null | undefined;

/** For tests only: run the preparation in `file` (null: always in this thread). */
export function useReportWorker(file: string | null | undefined) {
  workerOverride = file;
}

/**
 * The built worker next to the built backend (out/main/, the backend being in chunks/), on
 * the team server only. Alone on a computer (the desktop app, the local bridge) nobody else
 * waits for the document, while a fresh worker costs about half a second to load docx and
 * vega: the document is then prepared in this thread, well under a second from the click.
 */
function builtWorker(mode: RunMode): string | null {
  if (workerOverride !== undefined) return workerOverride;
  if (mode !== 'team') return null;
  if (typeof __dirname !== 'string') return null;
  for (const path of [
    join(__dirname, 'reportWorker.js'),
    join(__dirname, '..', 'reportWorker.js'),
  ]) {
    if (existsSync(path)) return path;
  }
  return null;
}

/** The query context the worker rebuilds from the input: same clock, signer and mode. */
export function workerInputOf(ctx: QueryContext, request: ReportRequest): ReportWorkerInput {
  return {
    databasePath: ctx.databasePath,
    request,
    now: ctx.now().toISOString(),
    today: ctx.today(),
    userName: ctx.userName,
    ...(ctx.actor ? { actor: ctx.actor } : {}),
    mode: ctx.mode,
    dataDir: ctx.dataDir,
    version: ctx.version,
  };
}

export function prepareReportOffThread(
  ctx: QueryContext,
  request: ReportRequest,
): Promise<PreparedReport> {
  const file = builtWorker(ctx.mode);
  if (!file) return prepareReport(ctx, request);
  return runWorker(file, workerInputOf(ctx, request)).catch((error: unknown) => {
    if (!(error instanceof WorkerFailure)) throw error;
    // The thread itself failed (a module that would not load, memory): the document is
    // still owed, prepared here as without a built worker — the others wait, as before.
    console.warn(`Préparation du document dans le fil principal : ${error.message}`);
    return prepareReport(ctx, request);
  });
}

/** The worker died or would not start: not the preparation's own refusal or error. */
class WorkerFailure extends Error {}

function runWorker(file: string, input: ReportWorkerInput): Promise<PreparedReport> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(file, { workerData: input });
    } catch (error) {
      reject(new WorkerFailure((error as Error).message));
      return;
    }
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
      void worker.terminate();
    };
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(new AppError('INTERNAL', 'La préparation du document s’est interrompue.')),
        ),
      STALL_MS,
    );
    worker.once('message', (message: ReportWorkerMessage) => {
      settle(() => {
        if (!message.ok) {
          reject(message.error ? AppError.fromData(message.error) : new Error(message.message));
          return;
        }
        const { bytes, ...rest } = message.prepared;
        resolve({
          ...rest,
          buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        });
      });
    });
    worker.once('error', (error) => settle(() => reject(new WorkerFailure(error.message))));
    worker.once('exit', (code) =>
      settle(() => reject(new WorkerFailure(`le fil de préparation s’est arrêté (code ${code})`))),
    );
  });
}

/** The worker's events go nowhere: a preparation only reads. */
export const noEvents = (_event: AppEvent) => undefined;
