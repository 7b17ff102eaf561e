/**
 * The outreach log import at 10 000 rows (tests/fixtures/imports/journal-reperage.csv's
 * rows repeated, Windows-1252, `;`). Baseline: a bare better-sqlite3 insert of the same
 * number of contacts in one transaction, measured in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, test } from 'vitest';
import { createBackend } from '../electron/backend/backend';
import { validConvention } from '../tests/fixtures/conventionInput';
import { LOG_FILE_NUMBERS, logPersonInput } from '../tests/fixtures/imports/logPeople';
import { report } from './report';
import { grownFixtureFile } from './importPeople';

const ROWS = 10_000;
const dataDir = mkdtempSync(join(tmpdir(), 'pilote-cpo-bench-outreach-'));
const backend = createBackend({ dataDir, mode: 'test', demo: false });
afterAll(() => {
  backend.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('outreach log import, 10 000 rows', async () => {
  await backend.call('session.setUser', { name: 'Bench' });
  const { id: conventionId } = await backend.call('conventions.create', validConvention());
  // The fixture's two non-anonymous rows name these people.
  for (const fileNumber of LOG_FILE_NUMBERS) {
    await backend.call('people.create', logPersonInput(conventionId, fileNumber));
  }
  const file = grownFixtureFile(
    conventionId,
    ['imports', 'journal-reperage.csv'],
    'journal.csv',
    ROWS,
  );

  let start = performance.now();
  const preview = await backend.call('outreach.importPreview', file);
  const previewMs = performance.now() - start;
  start = performance.now();
  await backend.call('outreach.importCommit', { ...file, mapping: preview.mapping });
  const commitMs = performance.now() - start;
  // Again: every row is recorded already, nothing is written (the idempotence check).
  start = performance.now();
  await backend.call('outreach.importCommit', { ...file, mapping: preview.mapping });
  const againMs = performance.now() - start;

  const bare = backend.database.sqlite;
  const insert = bare.prepare(
    'INSERT INTO outreach_contacts (convention_id, date, channel, count) VALUES (?, ?, ?, ?)',
  );
  start = performance.now();
  bare.transaction(() => {
    for (let index = 0; index < ROWS; index += 1)
      insert.run(conventionId, '2026-01-06', 'street', 3);
  })();
  const bareMs = performance.now() - start;

  const rate = (ms: number) => (ROWS / ms) * 1000;
  report({
    case: 'imports-outreach-10k',
    value: rate(commitMs),
    unit: 'lines/s',
    // As the people import's target (issue 13), audit rows included.
    target: 20_000,
    better: 'min',
    baseline: { label: 'bare better-sqlite3 insert of the same rows', value: rate(bareMs) },
    extra: { rows: ROWS, commitMs: Math.round(commitMs), previewMs: Math.round(previewMs) },
  });
  report({
    case: 'imports-outreach-reimport-10k',
    value: againMs,
    unit: 'ms',
    target: 3000,
    better: 'max',
    extra: { rows: ROWS },
  });
});
