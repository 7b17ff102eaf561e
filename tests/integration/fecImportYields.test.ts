/**
 * A large FEC import does not stall the other calls (issue 15: one user's long work does not
 * stall the others). The import writes in steps inside ONE transaction opened by hand
 * (backend.ts, inSteps); between steps the event loop answers queries from the read-only
 * connection (they see the state before the import), while other mutations wait for the
 * writer lock and run after the commit. A refusal found at the end rolls back every step.
 *
 * The steps only exist on the worker path (the in-thread reading cannot pause mid-file),
 * so the test names the built worker, out/main/fecWorker.js; without a build it is skipped
 * and says why. Timings are compared with the import's own duration, never with a
 * fixed number of milliseconds (the machine may be shared).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { useFecWorkerFile } from '../../electron/backend/fec/readForImport';
import { validConvention } from '../fixtures/conventionInput';
import { FIXED_NOW, testBackend, type TestBackend } from './helpers/testBackend';
import { writeBalancedFec } from '../helpers/generatedFec';

const WORKER = resolve('out/main/fecWorker.js');
const built = existsSync(WORKER);
if (!built) console.log(`fecImportYields skipped: ${WORKER} is absent (run npm run build first)`);

const LINES = 100_000;
/** The bench's balanced FEC (bench/fecImport.bench.ts); `badEntry` gets an unreadable debit. */
const generate = (path: string, badEntry: number | null) =>
  writeBalancedFec(path, { lines: LINES, analytic: () => 'O2R', badEntry });

/** Another DREETS: the same operator's conventions of one DREETS may not overlap. */
const otherConvention = (reference: string) =>
  validConvention({ reference, dreetsRegion: 'Normandie' });

function count(backend: TestBackend, table: string, via: 'read' | 'write' = 'read'): number {
  const sqlite = via === 'read' ? backend.database.readSqlite : backend.database.sqlite;
  return (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

describe.skipIf(!built)('a large FEC import lets other calls through', () => {
  let backend: TestBackend;
  let conventionId: number;
  const FILE = '123456789FEC20251231.txt';

  beforeAll(async () => {
    useFecWorkerFile(WORKER);
    backend = await testBackend();
    ({ id: conventionId } = await backend.call('conventions.create', validConvention()));
  });
  afterAll(() => {
    useFecWorkerFile(null);
    backend?.dispose();
  });

  test('queries answer during the import, a mutation waits for it and is kept', async () => {
    const path = join(backend.dataDir, FILE);
    generate(path, null);
    const today = FIXED_NOW.toISOString().slice(0, 10);
    const start = performance.now();
    let importEnd = 0;
    const importing = backend
      .call('fec.import', { conventionId, fileName: FILE, source: { kind: 'path', path } })
      .then((result) => {
        importEnd = performance.now();
        return result;
      });
    // Queries, one after the other, until the import has answered.
    const latencies: number[] = [];
    let mutation: Promise<{ id: number }> | null = null;
    let mutationEnd = 0;
    let uncommittedSeen = 0;
    let committedSeenDuring = -1;
    while (importEnd === 0) {
      const asked = performance.now();
      await backend.call('conventions.list', {});
      await backend.call('people.page', { conventionId, today, limit: 50 });
      latencies.push(performance.now() - asked);
      const writer = backend.database.sqlite;
      if (importEnd === 0 && writer.inTransaction) {
        // The import's transaction is open: its rows so far are visible on the writer
        // connection only; queries (read-only connection) still see none of them.
        uncommittedSeen = Math.max(uncommittedSeen, count(backend, 'ledger_lines', 'write'));
        committedSeenDuring = Math.max(committedSeenDuring, count(backend, 'ledger_lines'));
        mutation ??= backend
          .call('conventions.create', otherConvention('CPO-O2R-TEST-002'))
          .then((created) => {
            mutationEnd = performance.now();
            return created;
          });
      }
      await nextTurn();
    }
    const result = await importing;
    const importMs = importEnd - start;
    expect(result.keptLines).toBe(LINES / 2);
    // Answered many times, each far quicker than the import (which would be the wait if
    // the import held the event loop from its first row to its commit).
    expect(latencies.length).toBeGreaterThanOrEqual(10);
    expect(Math.max(...latencies)).toBeLessThan(importMs / 4);
    // The queries saw the import's rows only once committed; the writer saw them grow.
    expect(uncommittedSeen).toBeGreaterThan(0);
    expect(committedSeenDuring).toBe(0);
    // The mutation asked during the import ran after its commit, and is kept.
    expect(mutation).not.toBeNull();
    const created = await mutation!;
    expect(mutationEnd).toBeGreaterThanOrEqual(importEnd);
    const list = await backend.call('conventions.list', {});
    expect(list.map((convention) => convention.id)).toContain(created.id);
    expect(count(backend, 'ledger_lines')).toBe(LINES / 2);
  }, 120_000);

  test('a bad line near the end rolls back every step, earlier ones included', async () => {
    const fileName = FILE;
    mkdirSync(join(backend.dataDir, 'second'));
    const path = join(backend.dataDir, 'second', fileName);
    // The same year, other bytes: it would replace the first import (confirmed below).
    generate(path, LINES / 2 - 5);
    const before = {
      imports: count(backend, 'fec_imports'),
      lines: count(backend, 'ledger_lines'),
      audit: count(backend, 'audit_log'),
    };
    let uncommittedSeen = 0;
    let done = false;
    const importing = backend
      .call('fec.import', {
        conventionId,
        fileName,
        source: { kind: 'path', path },
        replace: true,
      })
      .finally(() => (done = true));
    const refused = importing.then(
      () => null,
      (error: unknown) => error as { message: string },
    );
    while (!done) {
      if (backend.database.sqlite.inTransaction) {
        uncommittedSeen = Math.max(
          uncommittedSeen,
          count(backend, 'ledger_lines', 'write') - before.lines,
        );
      }
      await nextTurn();
    }
    const error = await refused;
    expect(error?.message).toMatch(/refusé/);
    // Several steps had been written before the refusal…
    expect(uncommittedSeen).toBeGreaterThanOrEqual(20_000);
    // …and none of them stayed: nothing of the import, on either connection.
    expect(backend.database.sqlite.inTransaction).toBe(false);
    for (const via of ['read', 'write'] as const) {
      expect(count(backend, 'fec_imports', via)).toBe(before.imports);
      expect(count(backend, 'ledger_lines', via)).toBe(before.lines);
      expect(count(backend, 'audit_log', via)).toBe(before.audit);
    }
    // The writer is free again: a mutation goes through at once.
    await backend.call('session.setUser', { name: 'Camille Testeur' });
  }, 120_000);
});
