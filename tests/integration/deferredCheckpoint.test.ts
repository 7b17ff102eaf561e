/**
 * The people import holds SQLite's automatic checkpoint during its transaction and runs one
 * right after (db/deferredCheckpoint.ts). These tests read the database FILE alone (without
 * its WAL): it holds the import once that checkpoint has run, and the connection's automatic
 * threshold is given back whether the transaction committed or rolled back.
 */
import Database from 'better-sqlite3';
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
