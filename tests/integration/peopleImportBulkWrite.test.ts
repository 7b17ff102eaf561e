/**
 * How the people import writes in bulk (issue 13), checked on the database file:
 * - it holds SQLite's automatic checkpoint during its transaction and runs one right after
 *   (db/deferredCheckpoint.ts): the database FILE alone (without its WAL) holds the import
 *   once that has run, and the threshold is given back after a commit or a rollback;
 * - its audit rows are the very rows the previous writer produced (SHA-256 of all of them).
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { DATABASE_FILE } from '../../electron/backend/backend';
import { deferCheckpoint } from '../../electron/backend/db/deferredCheckpoint';
import { validConvention } from '../fixtures/conventionInput';
import { testBackend, type TestBackend } from './helpers/testBackend';

const FIXTURE_FILE = 'suivi-2025-2026.csv';
const fixture = readFileSync(join(process.cwd(), 'tests', 'fixtures', 'people', FIXTURE_FILE));
const expected = JSON.parse(
  readFileSync(join(process.cwd(), 'tests', 'fixtures', 'people', 'expected.json'), 'utf8'),
) as { persons: number };

const AUDIT_ROWS = 4146;
const AUDIT_SHA256 = 'e7a6e747233b732ceb3aeca92d9ef2ba67fe38e7f329dc53eaebcc92ff6b1f68';

let backend: TestBackend;
afterEach(() => backend.dispose());

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** Persons in the database file without its WAL: what a checkpoint has copied back. */
function personsInMainFile(): number {
  const copy = join(backend.dataDir, 'sans-wal.sqlite');
  copyFileSync(join(backend.dataDir, DATABASE_FILE), copy);
  const db = new Database(copy, { readonly: true });
  try {
    // Right after the migrations, the file alone may not even have the table yet.
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'persons'").get();
    return table ? (db.prepare('SELECT count(*) AS n FROM persons').get() as { n: number }).n : 0;
  } finally {
    db.close();
  }
}

async function importFile(bytes: Buffer) {
  const { id: conventionId } = await backend.call('conventions.create', validConvention());
  const file = { conventionId, fileName: FIXTURE_FILE, contentBase64: bytes.toString('base64') };
  const { mapping } = await backend.call('people.importPreview', file);
  return backend.call('people.importCommit', { ...file, mapping });
}

test('after an import, the database file itself holds it and the threshold is back', async () => {
  backend = await testBackend();
  const threshold = backend.database.sqlite.pragma('wal_autocheckpoint', { simple: true });
  expect(threshold).toBeGreaterThan(0);
  // The fixture is far under the automatic threshold: without the deferred checkpoint, the
  // rows would still be in the WAL only.
  expect(personsInMainFile()).toBe(0);
  const result = await importFile(fixture);
  expect(result.created).toBe(expected.persons);
  await nextTurn();
  expect(backend.database.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(threshold);
  expect(personsInMainFile()).toBe(expected.persons);
});

test('the threshold is given back after a rollback, and not lost to a second hold', async () => {
  backend = await testBackend();
  const sqlite = backend.database.sqlite;
  const threshold = sqlite.pragma('wal_autocheckpoint', { simple: true });
  const failing = sqlite.transaction(() => {
    deferCheckpoint(sqlite);
    throw new Error('refusé');
  });
  expect(() => failing()).toThrow('refusé');
  // A second bulk write before the first one's checkpoint ran: it must not read back the 0.
  sqlite.transaction(() => deferCheckpoint(sqlite))();
  expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
  await nextTurn();
  expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(threshold);
});

test('the fixture import writes the same audit rows as before the speed work (issue 13)', async () => {
  backend = await testBackend();
  await importFile(fixture);
  const db = new Database(join(backend.dataDir, DATABASE_FILE), { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT id, at, user, convention_id, entity, entity_id, action, field, old_value, new_value
         FROM audit_log ORDER BY id`,
      )
      .all();
    // Every row of the file (the convention's creation, then the import), pinned with the
    // previous writer (a new array sliced per statement, before db/deferredCheckpoint.ts and
    // the reused buffer): every value and the order are the same.
    expect(rows.length).toBe(AUDIT_ROWS);
    expect(createHash('sha256').update(JSON.stringify(rows)).digest('hex')).toBe(AUDIT_SHA256);
  } finally {
    db.close();
  }
});
