/**
 * The six-month follow-ups import at 10 000 rows: one follow-up for each of 10 000 people
 * who have left (set up straight in the database). Baseline: a bare better-sqlite3 update
 * of the same 10 000 pathways in one transaction, measured in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, test } from 'vitest';
import { createBackend } from '../electron/backend/backend';
import { validConvention } from '../tests/fixtures/conventionInput';
import { benchFileNumber, csvFile, recordPeopleWithExit } from './importPeople';
import { report } from './report';

const ROWS = 10_000;
const dataDir = mkdtempSync(join(tmpdir(), 'pilote-cpo-bench-followups-'));
const backend = createBackend({ dataDir, mode: 'test', demo: false });
afterAll(() => {
  backend.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('follow-ups import, 10 000 rows', async () => {
  await backend.call('session.setUser', { name: 'Bench' });
  const { id: conventionId } = await backend.call('conventions.create', validConvention());
  recordPeopleWithExit(backend.database.sqlite, conventionId, ROWS);
  const situations = ['En emploi', 'formation', 'inactif', 'inconnue'];
  const lines = [
    'N° dossier;Date du suivi;Situation à 6 mois',
    ...Array.from(
      { length: ROWS },
      (_, i) => `${benchFileNumber(i)};15/06/2026;${situations[i % situations.length]}`,
    ),
  ];
  const file = csvFile(conventionId, 'suivis.csv', lines);

  let start = performance.now();
  const preview = await backend.call('followUps.importPreview', file);
  const previewMs = performance.now() - start;
  if (preview.issues.length > 0) throw new Error(JSON.stringify(preview.issues.slice(0, 3)));
  start = performance.now();
  const done = await backend.call('followUps.importCommit', { ...file, mapping: preview.mapping });
  const commitMs = performance.now() - start;
  if (done.created !== ROWS) throw new Error(`created ${done.created}`);

  const bare = backend.database.sqlite;
  const update = bare.prepare(
    `UPDATE pathways SET follow_up_date = ?, follow_up_situation = ?
     WHERE person_id = (SELECT id FROM persons WHERE convention_id = ? AND file_number = ?)`,
  );
  start = performance.now();
  bare.transaction(() => {
    for (let index = 0; index < ROWS; index += 1)
      update.run('2026-06-16', 'training', conventionId, benchFileNumber(index));
  })();
  const bareMs = performance.now() - start;

  const rate = (ms: number) => (ROWS / ms) * 1000;
  report({
    case: 'imports-followups-10k',
    value: rate(commitMs),
    unit: 'lines/s',
    // As the outreach and people imports' target (issue 13), audit rows included.
    target: 20_000,
    better: 'min',
    baseline: { label: 'bare better-sqlite3 update of the same pathways', value: rate(bareMs) },
    extra: { rows: ROWS, commitMs: Math.round(commitMs), previewMs: Math.round(previewMs) },
  });
});
