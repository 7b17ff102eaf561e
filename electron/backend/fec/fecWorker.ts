/**
 * Worker thread of the FEC import (built to out/main/fecWorker.js; see readForImport.ts):
 * reads and checks the file, posts the kept lines in batches, then the scan's figures.
 * It never runs more than BATCHES_AHEAD batches ahead of the writes.
 */
import { workerData } from 'node:worker_threads';
import { FecFormatError } from '../../../shared/fec/fecLine';
import { createRowBatcher, type RowGroup } from './keptRows';
import {
  BATCHES_AHEAD,
  CANCELLED,
  GROUPS_PER_BATCH,
  POSTED,
  TAKEN,
  type WorkerInput,
  type WorkerMessage,
} from './readForImport';
import { scanFec } from './scanFec';

const { port, state: buffer, path, ...options } = workerData as WorkerInput;
const state = new Int32Array(buffer);
let posted = 0;

class Cancelled extends Error {}
const ABANDONED_MS = 60_000;

function post(message: WorkerMessage) {
  port.postMessage(message);
  posted += 1;
  Atomics.store(state, POSTED, posted);
  Atomics.notify(state, POSTED);
}

function postRows(groups: RowGroup[]) {
  post({ kind: 'rows', groups });
  // Wait while the writer is BATCHES_AHEAD behind, so memory stays flat.
  const since = performance.now();
  for (;;) {
    if (Atomics.load(state, CANCELLED) !== 0) throw new Cancelled();
    const taken = Atomics.load(state, TAKEN);
    if (posted - taken <= BATCHES_AHEAD) return;
    // Nobody takes the rows any more (the import never reached its transaction): stop.
    if (performance.now() - since > ABANDONED_MS) throw new Cancelled();
    Atomics.wait(state, TAKEN, taken, 1000);
  }
}

try {
  const batcher = createRowBatcher(postRows, GROUPS_PER_BATCH);
  const scan = scanFec(path, { ...options, onKeptLine: batcher.add });
  batcher.flush();
  post({ kind: 'done', scan });
} catch (error) {
  if (!(error instanceof Cancelled)) {
    post({
      kind: 'failed',
      message: error instanceof Error ? error.message : String(error),
      format: error instanceof FecFormatError,
    });
  }
}
// No port.close() here: the main thread ends this worker once it has read the last message.
