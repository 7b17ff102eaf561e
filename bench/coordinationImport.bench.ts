/**
 * The coordination actions import at 10 000 rows (tests/fixtures/imports/coordination.csv's
 * rows repeated, Windows-1252, `;`, its three partners recorded first). Baseline: a bare
 * better-sqlite3 insert of the same number of actions in one transaction, same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, test } from 'vitest';
import { createBackend } from '../electron/backend/backend';
import { validConvention } from '../tests/fixtures/conventionInput';
import { report } from './report';
import { grownFixtureFile } from './importPeople';

const ROWS = 10_000;
const dataDir = mkdtempSync(join(tmpdir(), 'pilote-cpo-bench-coordination-'));
const backend = createBackend({ dataDir, mode: 'test', demo: false });
afterAll(() => {
  backend.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('coordination import, 10 000 rows', async () => {
  await backend.call('session.setUser', { name: 'Bench' });
  const { id: conventionId } = await backend.call('conventions.create', validConvention());
  // The partners the fixture names (tests/fixtures/imports/README.md).
  for (const [name, type] of [
    ['France Travail', 'france_travail'],
    ['Mission locale', 'mission_locale'],
    ['CMP Rennes', 'health'],
  ] as const) {
    await backend.call('partners.save', { conventionId, partner: { name, type, commune: '' } });
  }
  const file = grownFixtureFile(
    conventionId,
    ['imports', 'coordination.csv'],
    'coordination.csv',
    ROWS,
  );

  let start = performance.now();
  const preview = await backend.call('coordination.importPreview', file);
  const previewMs = performance.now() - start;
  if (preview.issues.length > 0) throw new Error(JSON.stringify(preview.issues.slice(0, 3)));
  start = performance.now();
  const done = await backend.call('coordination.importCommit', {
    ...file,
    mapping: preview.mapping,
  });
  const commitMs = performance.now() - start;
  if (done.created !== ROWS) throw new Error(`created ${done.created}`);

  const bare = backend.database.sqlite;
  const insert = bare.prepare(
    `INSERT INTO coordination_events (convention_id, date, kind, title, decisions, partner_ids)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  start = performance.now();
  bare.transaction(() => {
    for (let index = 0; index < ROWS; index += 1)
      insert.run(conventionId, '2026-02-03', 'copil', 'Comité de pilotage', '', '[1,2]');
  })();
  const bareMs = performance.now() - start;

  const rate = (ms: number) => (ROWS / ms) * 1000;
  report({
    case: 'imports-coordination-10k',
    value: rate(commitMs),
    unit: 'lines/s',
    // As the outreach and people imports' target (issue 13), audit rows included.
    target: 20_000,
    better: 'min',
    baseline: { label: 'bare better-sqlite3 insert of the same rows', value: rate(bareMs) },
    extra: { rows: ROWS, commitMs: Math.round(commitMs), previewMs: Math.round(previewMs) },
  });
});
