/**
 * Reads a FEC for the import: every check of scanFec, and the kept lines handed to `write`
 * in row groups (see keptRows.ts). The reading and checking run in a worker thread
 * (fecWorker.ts) while this thread writes, so the two cores share the work. Batches are
 * taken off the port with receiveMessageOnPort (synchronous, so they can be written inside
 * one SQLite transaction). The worker runs at most BATCHES_AHEAD batches ahead, so memory
 * does not grow with the file; it is started before the transaction (during the import's
 * `prepare`), and ended when its steps end or by `cancel`, whatever happens.
 *
 * `steps` is a generator: through the backend it pauses (yield) every CHUNK_ROWS rows or
 * so, and while the worker has nothing ready, so the event loop answers other calls'
 * queries while the import's transaction stays open (backend.ts, inSteps); a caller that
 * cannot await (the demo, inside its own transaction) asks for blocking steps, which wait
 * for the worker with Atomics.wait and are run to their end by runSteps.
 *
 * Where the built worker is absent — the vitest suites run the TypeScript sources, with
 * no out/main/fecWorker.js — the same scan runs in this thread: same checks, same rows,
 * same errors, only slower, and in one step (scanFec cannot pause mid-file).
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
import { createRowBatcher, ROWS_PER_INSERT, type RowGroup } from './keptRows';
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
/**
 * Kept rows written between two pauses: ≈ 10-15 ms of writing, so a query waits at most
 * that long behind an import, while 100 pauses per million lines cost nothing measurable.
 */
export const CHUNK_ROWS = 5_000;
/** A worker that posts nothing for this long has died (out of memory, say). */
const STALL_MS = 120_000;

let workerOverride: string | null = null;
/**
 * Tests that run the TypeScript sources name a built worker (out/main/fecWorker.js) here,
 * to exercise the worker path; null goes back to looking next to the backend.
 */
export function useFecWorkerFile(path: string | null): void {
  workerOverride = path;
}

/** Atomics.waitAsync (Node 16+, Electron's too), absent from the TypeScript lib in use. */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      array: Int32Array,
      index: number,
      value: number,
      timeoutMs: number,
    ): { async: true; value: Promise<string> } | { async: false; value: string };
  }
).waitAsync;

/** The built worker next to the built backend (out/main/, the backend being in chunks/). */
function builtWorker(): string | null {
  if (workerOverride) return existsSync(workerOverride) ? workerOverride : null;
  if (typeof __dirname !== 'string') return null;
  for (const path of [join(__dirname, 'fecWorker.js'), join(__dirname, '..', 'fecWorker.js')]) {
    if (existsSync(path)) return path;
  }
  return null;
}

/**
 * What a step yields: a promise to await before the next step (the worker has posted
 * nothing yet: its next batch), or nothing (just let the event loop turn once).
 */
export type Pause = Promise<unknown> | undefined;

/**
 * A read under way: `steps` hands out its rows and returns the scan. `blocking` (callers
 * that cannot await: the demo's synchronous transaction) waits for the worker by blocking
 * this thread; otherwise the steps pause (yield) every CHUNK_ROWS rows or so, and while
 * the worker has nothing ready, with the promise of its next batch. `cancel` ends it.
 */
export interface FecReading {
  steps(write: (group: RowGroup) => void, blocking: boolean): Generator<Pause, FecScan, void>;
  cancel(): void;
}

/** Runs steps to their end without pausing: for blocking steps (see FecReading). */
export function runSteps<T>(steps: Generator<Pause, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Starts reading `path` in the worker (it begins at once, and may run ahead of the writes by
 * BATCHES_AHEAD batches), or, without a built worker, prepares to read it in this thread.
 */
export function startFecReading(path: string, options: ImportReadOptions): FecReading {
  const file = builtWorker();
  if (!file) {
    // eslint-disable-next-line require-yield -- one step: scanFec cannot pause mid-file
    const steps = function* (write: (group: RowGroup) => void): Generator<Pause, FecScan, void> {
      return readInThread(path, options, write);
    };
    return { steps, cancel: () => undefined };
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
  function* steps(
    write: (group: RowGroup) => void,
    blocking: boolean,
  ): Generator<Pause, FecScan, void> {
    try {
      return yield* drain(write, blocking);
    } finally {
      cancel();
    }
  }
  function* drain(
    write: (group: RowGroup) => void,
    blocking: boolean,
  ): Generator<Pause, FecScan, void> {
    let taken = 0;
    let sincePause = 0;
    let lastNews = performance.now();
    for (;;) {
      const received = receiveMessageOnPort(port1) as { message: WorkerMessage } | undefined;
      if (!received) {
        if (performance.now() - lastNews > STALL_MS) {
          throw new Error('la lecture du fichier s’est interrompue');
        }
        const posted = Atomics.load(state, POSTED);
        if (posted !== taken) continue;
        if (blocking) {
          Atomics.wait(state, POSTED, posted, 1000);
        } else {
          // The event loop stays free while the worker reads: answered when it posts.
          const wait = waitAsync(state, POSTED, posted, 1000);
          sincePause = 0;
          yield wait.async ? wait.value : undefined;
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
      for (const group of message.groups) {
        write(group);
        // A group holds ROWS_PER_INSERT rows (the file's last one fewer): close enough.
        sincePause += ROWS_PER_INSERT;
      }
      if (sincePause >= CHUNK_ROWS) {
        sincePause = 0;
        yield;
      }
    }
  }
  return { steps, cancel };
}
