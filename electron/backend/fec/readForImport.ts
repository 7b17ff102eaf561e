/**
 * Reads a FEC for the import: every check of scanFec, and the kept lines handed to `write`
 * in row groups (see keptRows.ts). The reading and checking run in a worker thread
 * (fecWorker.ts) while this thread writes, so the two cores share the work; the import's
 * `apply` is synchronous (one SQLite transaction), so batches are taken off the port
 * with receiveMessageOnPort and waited for with Atomics.wait, never through the event loop.
 * The worker runs at most BATCHES_AHEAD batches ahead, so memory does not grow with the
 * file; it is started before the transaction (during the import's `prepare`), and ended
 * by `take` or `cancel` whatever happens.
 *
 * Where the built worker is absent — the vitest suites run the TypeScript sources, with
 * no out/main/fecWorker.js — the same scan runs in this thread: same checks, same rows,
 * same errors, only slower.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  type MessagePort,
} from 'node:worker_threads';
import { FecFormatError } from '../../../shared/fec/fecLine';
import type { FecEncoding } from './fecText';
import { createRowBatcher, type RowGroup } from './keptRows';
import { scanFec, type FecScan } from './scanFec';

export interface ImportReadOptions {
  encoding: FecEncoding;
  year: { start: string; end: string };
  /** The import will be refused if a line is out of the year: stop writing at the first. */
  refuseOutOfYear: boolean;
}

export interface WorkerInput extends ImportReadOptions {
  path: string;
  port: MessagePort;
  /** Int32 slots: messages posted, batches taken, cancelled. */
  state: SharedArrayBuffer;
}

export type WorkerMessage =
  | { kind: 'rows'; groups: RowGroup[] }
  | { kind: 'done'; scan: FecScan }
  | { kind: 'failed'; message: string; format: boolean };

export const POSTED = 0;
export const TAKEN = 1;
export const CANCELLED = 2;
/** 40 groups of 25 rows: 1 000 kept lines a message. */
export const GROUPS_PER_BATCH = 40;
/**
 * How far the worker may run ahead of the writes, in batches: ~4 MB at most, whatever the
 * file's size. Enough for it to keep reading while the import checks the bytes and opens
 * its transaction, so that time is not lost.
 */
export const BATCHES_AHEAD = 32;
/** A worker that posts nothing for this long has died (out of memory, say). */
const STALL_MS = 120_000;

/** The built worker next to the built backend (out/main/, the backend being in chunks/). */
function builtWorker(): string | null {
  if (typeof __dirname !== 'string') return null;
  for (const path of [join(__dirname, 'fecWorker.js'), join(__dirname, '..', 'fecWorker.js')]) {
    if (existsSync(path)) return path;
  }
  return null;
}

/** A read under way: `take` hands out its rows then returns the scan; `cancel` ends it. */
export interface FecReading {
  take(write: (group: RowGroup) => void): FecScan;
  cancel(): void;
}

/**
 * Starts reading `path` in the worker (it begins at once, and may run ahead of `take` by
 * BATCHES_AHEAD batches), or, without a built worker, prepares to read it in this thread.
 */
export function startFecReading(path: string, options: ImportReadOptions): FecReading {
  const file = builtWorker();
  if (!file) {
    return { take: (write) => readInThread(path, options, write), cancel: () => undefined };
  }
  return startWorker(file, path, options);
}

function readInThread(
  path: string,
  options: ImportReadOptions,
  write: (group: RowGroup) => void,
): FecScan {
  const batcher = createRowBatcher((groups) => groups.forEach(write), GROUPS_PER_BATCH);
  const scan = scanFec(path, { ...options, onKeptLine: batcher.add });
  batcher.flush();
  return scan;
}

function startWorker(file: string, path: string, options: ImportReadOptions): FecReading {
  const state = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  const { port1, port2 } = new MessageChannel();
  const input: WorkerInput = { ...options, path, port: port2, state: state.buffer };
  const worker = new Worker(file, { workerData: input, transferList: [port2] });
  // Never keeps the process alive; its failures come as a 'failed' message, and a crash
  // shows as silence (STALL_MS).
  worker.unref();
  worker.on('error', () => undefined);
  let ended = false;
  const cancel = () => {
    if (ended) return;
    ended = true;
    Atomics.store(state, CANCELLED, 1);
    Atomics.notify(state, TAKEN);
    port1.close();
    void worker.terminate();
  };
  const take = (write: (group: RowGroup) => void): FecScan => {
    try {
      return drain(write);
    } finally {
      cancel();
    }
  };
  const drain = (write: (group: RowGroup) => void): FecScan => {
    let taken = 0;
    let lastNews = performance.now();
    for (;;) {
      const received = receiveMessageOnPort(port1) as { message: WorkerMessage } | undefined;
      if (!received) {
        const posted = Atomics.load(state, POSTED);
        if (posted === taken) Atomics.wait(state, POSTED, posted, 1000);
        if (performance.now() - lastNews > STALL_MS) {
          throw new Error('la lecture du fichier s’est interrompue');
        }
        continue;
      }
      lastNews = performance.now();
      taken += 1;
      const message = received.message;
      if (message.kind === 'done') return message.scan;
      if (message.kind === 'failed') {
        throw message.format ? new FecFormatError(message.message) : new Error(message.message);
      }
      Atomics.store(state, TAKEN, taken);
      Atomics.notify(state, TAKEN);
      for (const group of message.groups) write(group);
    }
  };
  return { take, cancel };
}
