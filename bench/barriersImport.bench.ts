/**
 * The barriers import at 10 000 rows: two barriers for each of 5 000 people (set up straight
 * in the database), then the same sheet again with every « Levé le » filled in (10 000
 * lifted dates set). Baseline: a bare better-sqlite3 insert of 10 000 barriers in one
 * transaction, measured in the same run.
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
const PEOPLE = ROWS / 2;
const dataDir = mkdtempSync(join(tmpdir(), 'pilote-cpo-bench-barriers-'));
const backend = createBackend({ dataDir, mode: 'test', demo: false });
afterAll(() => {
  backend.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('barriers import, 10 000 rows', async () => {
  await backend.call('session.setUser', { name: 'Bench' });
  const { id: conventionId } = await backend.call('conventions.create', validConvention());
  recordPeopleWithExit(backend.database.sqlite, conventionId, PEOPLE);
  const sheet = (lifted: boolean) => [
    'N° dossier;Type de frein;Identifié le;Levé le',
    ...Array.from({ length: PEOPLE }, (_, i) => [
      `${benchFileNumber(i)};Logement;01/03/2025;${lifted ? '15/09/2025' : ''}`,
      `${benchFileNumber(i)};mobilité;2025-03-01;${lifted ? '2025-10-01' : ''}`,
    ]).flat(),
  ];
  const file = csvFile(conventionId, 'freins.csv', sheet(false));
  const lifted = csvFile(conventionId, 'freins-leves.csv', sheet(true));

  let start = performance.now();
  const preview = await backend.call('barriers.importPreview', file);
  const previewMs = performance.now() - start;
  if (preview.issues.length > 0) throw new Error(JSON.stringify(preview.issues.slice(0, 3)));
  start = performance.now();
  const done = await backend.call('barriers.importCommit', { ...file, mapping: preview.mapping });
  const commitMs = performance.now() - start;
  if (done.created !== ROWS) throw new Error(`created ${done.created}`);
  start = performance.now();
  const again = await backend.call('barriers.importCommit', {
    ...lifted,
    mapping: preview.mapping,
  });
  const liftMs = performance.now() - start;
  if (again.updated !== ROWS) throw new Error(`updated ${again.updated}`);

  const bare = backend.database.sqlite;
  const insert = bare.prepare(
    'INSERT INTO barriers (person_id, category, identified_on, lifted_on) VALUES (?, ?, ?, ?)',
  );
  const personIds = bare
    .prepare('SELECT id FROM persons WHERE convention_id = ? ORDER BY id')
    .pluck()
    .all(conventionId) as number[];
  start = performance.now();
  bare.transaction(() => {
    for (let index = 0; index < ROWS; index += 1)
      insert.run(personIds[index % PEOPLE], 'health', '2025-03-02', null);
  })();
  const bareMs = performance.now() - start;

  const rate = (ms: number) => (ROWS / ms) * 1000;
  const baseline = { label: 'bare better-sqlite3 insert of the same rows', value: rate(bareMs) };
  report({
    case: 'imports-barriers-10k',
    value: rate(commitMs),
    unit: 'lines/s',
    // As the outreach and people imports' target (issue 13), audit rows included.
    target: 20_000,
    better: 'min',
    baseline,
    extra: { rows: ROWS, commitMs: Math.round(commitMs), previewMs: Math.round(previewMs) },
  });
  report({
    case: 'imports-barriers-lift-10k',
    value: rate(liftMs),
    unit: 'lines/s',
    target: 20_000,
    better: 'min',
    baseline,
    extra: { rows: ROWS, commitMs: Math.round(liftMs) },
  });
});
