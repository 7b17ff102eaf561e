/**
 * The people import's bulk writer (issue 13, third pass), on a real database file:
 * - persons and barriers are written by multi-row statements with the ids AUTOINCREMENT
 *   would have given (db/rowBuffer.ts), also after deletions, when sqlite_sequence is ahead
 *   of the largest id, and mixed with updates of recorded persons;
 * - the audit writer's buffered layouts write the very rows the row-by-row writer writes;
 * - the commit that reuses its preview's reading never imports another mapping or file.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { DATABASE_FILE } from '../../electron/backend/backend';
import { AuditWriter } from '../../electron/backend/services/audit';
import { validConvention } from '../fixtures/conventionInput';
import { testBackend, type TestBackend } from './helpers/testBackend';

let backend: TestBackend;
afterEach(() => backend?.dispose());

const HEADER = 'N° dossier;Sexe;Date de repérage;Freins;Référent';
const csv = (...lines: string[]) =>
  Buffer.from([HEADER, ...lines].join('\r\n'), 'utf8').toString('base64');

async function importCsv(conventionId: number, contentBase64: string, fileName = 'suivi.csv') {
  const file = { conventionId, fileName, contentBase64 };
  const { mapping } = await backend.call('people.importPreview', file);
  return backend.call('people.importCommit', { ...file, mapping });
}

function readFile<T>(sql: string): T[] {
  const db = new Database(join(backend.dataDir, DATABASE_FILE), { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

const sequence = (table: string) =>
  readFile<{ seq: number }>(`SELECT seq FROM sqlite_sequence WHERE name = '${table}'`)[0]?.seq;

test('imported persons and barriers get the ids AUTOINCREMENT gives, after deletions too', async () => {
  backend = await testBackend();
  // A first convention's people, deleted with it: sqlite_sequence stays ahead of max(id).
  const first = await backend.call('conventions.create', validConvention());
  await importCsv(
    first.id,
    csv('A-1;F;01/03/2025;Mobilité;R', 'A-2;F;01/03/2025;Logement, Santé;R', 'A-3;H;;;R'),
  );
  await backend.call('conventions.delete', { id: first.id });
  const { id: conventionId } = await backend.call(
    'conventions.create',
    validConvention({ reference: 'SECONDE', dreetsRegion: 'Normandie' }),
  );
  // One person recorded by hand, with a barrier deleted afterwards (its id is never reused).
  const recorded = await backend.call('people.create', {
    conventionId,
    person: {
      fileNumber: 'B-1',
      sex: 'F',
      birthYear: 1990,
      commune: '',
      inseeCode: '',
      qpv: false,
      qpvName: '',
      zrr: false,
      eligibilityGround: null,
      lastReferentContact: null,
      situationFlags: [],
    },
    pathway: { identifiedOn: '2025-02-01' },
  });
  const dropped = await backend.call('barriers.add', {
    personId: recorded.id,
    category: 'digital',
    identifiedOn: '2025-02-01',
  });
  await backend.call('barriers.delete', { id: dropped.id });
  const personSeq = sequence('persons')!;
  const barrierSeq = sequence('barriers')!;
  expect(personSeq).toBe(recorded.id);
  expect(barrierSeq).toBe(dropped.id);

  // New, updated (a referent changed and a barrier added), new: writes in between buffered rows.
  const result = await importCsv(
    conventionId,
    csv(
      'B-2;F;01/03/2025;Mobilité, Logement;Mme A',
      'B-1;F;01/02/2025;Santé;Mme B',
      'B-3;H;01/04/2025;Numérique;Mme C',
    ),
  );
  expect(result).toEqual({ created: 2, updated: 1, unchanged: 0 });

  const persons = readFile<{ id: number; file_number: string }>(
    `SELECT id, file_number FROM persons WHERE convention_id = ${conventionId} ORDER BY id`,
  );
  expect(persons).toEqual([
    { id: recorded.id, file_number: 'B-1' },
    { id: personSeq + 1, file_number: 'B-2' },
    { id: personSeq + 2, file_number: 'B-3' },
  ]);
  const barriers = readFile<{ id: number; person_id: number; category: string }>(
    `SELECT id, person_id, category FROM barriers ORDER BY id`,
  );
  // In file order, numbered after the deleted one.
  expect(barriers).toEqual([
    { id: barrierSeq + 1, person_id: personSeq + 1, category: 'mobility' },
    { id: barrierSeq + 2, person_id: personSeq + 1, category: 'housing' },
    { id: barrierSeq + 3, person_id: recorded.id, category: 'health' },
    { id: barrierSeq + 4, person_id: personSeq + 2, category: 'digital' },
  ]);
  expect(sequence('persons')).toBe(personSeq + 2);
  expect(sequence('barriers')).toBe(barrierSeq + 4);
  // Each new person has its pathway; the audit names each barrier by the id it was given.
  const pathways = readFile<{ person_id: number; referent: string }>(
    `SELECT person_id, referent FROM pathways WHERE person_id > ${personSeq} ORDER BY person_id`,
  );
  expect(pathways).toEqual([
    { person_id: personSeq + 1, referent: 'Mme A' },
    { person_id: personSeq + 2, referent: 'Mme C' },
  ]);
  const barrierAudit = readFile<{ entity_id: string; new_value: string }>(
    `SELECT entity_id, new_value FROM audit_log
     WHERE entity = 'frein' AND field = 'categorie' AND convention_id = ${conventionId}
     ORDER BY id`,
  );
  expect(barrierAudit).toEqual([
    { entity_id: `B-1/${dropped.id}`, new_value: 'digital' },
    { entity_id: `B-2/${barrierSeq + 1}`, new_value: 'mobility' },
    { entity_id: `B-2/${barrierSeq + 2}`, new_value: 'housing' },
    { entity_id: `B-1/${barrierSeq + 3}`, new_value: 'health' },
    { entity_id: `B-3/${barrierSeq + 4}`, new_value: 'digital' },
  ]);
});

test('buffered audit rows are the rows the row-by-row writer writes, in the same order', async () => {
  backend = await testBackend();
  const sqlite = backend.database.sqlite;
  const many = Object.fromEntries(
    Array.from({ length: 1_234 }, (_, index) => [`champ${index}`, `valeur ${index}`]),
  );
  // Creations in two conventions and none, updates, an empty creation and a deletion, and
  // more than a statement's worth of rows: every change of layout and of convention.
  const writeAll = (audit: AuditWriter) => {
    audit.created('personne', 'P-1', 1, {
      sexe: 'F',
      annee: 1990,
      vide: '',
      liste: [],
      rien: null,
    });
    audit.created('frein', 'P-1/1', 1, { categorie: 'mobility', leveLe: null });
    audit.created('personne', 'P-2', 2, many);
    audit.updated('personne', 'P-1', 1, { sexe: 'F', annee: 1990 }, { sexe: 'H', annee: 1990 });
    audit.created('frein', 'P-1/2', 1, { categorie: 'housing' });
    audit.created('parametre', 'x', null, { valeur: true });
    audit.created('vide', 'V-1', 1, {});
    audit.created('personne', 'P-3', 1, many);
    audit.deleted('frein', 'P-1/1', 1, { categorie: 'mobility' });
    audit.created('personne', 'P-4', 1, { sexe: 'X' });
  };
  const columns = 'at, user, convention_id, entity, entity_id, action, field, old_value, new_value';
  const rowsAfter = (id: number) =>
    sqlite.prepare(`SELECT ${columns} FROM audit_log WHERE id > ? ORDER BY id`).all(id);
  const lastId = () =>
    (sqlite.prepare('SELECT coalesce(max(id), 0) AS id FROM audit_log').get() as { id: number }).id;

  const start = lastId();
  sqlite.transaction(() => writeAll(new AuditWriter(sqlite, 'Camille', '2026-11-23T09:30:00Z')))();
  const oneByOne = rowsAfter(start);
  const middle = lastId();
  sqlite.transaction(() => {
    const audit = new AuditWriter(sqlite, 'Camille', '2026-11-23T09:30:00Z');
    audit.batched(() => writeAll(audit));
  })();
  const batched = rowsAfter(middle);
  expect(oneByOne.length).toBe(2 * 1_234 + 9);
  expect(batched).toEqual(oneByOne);
});

test("the commit reads its own mapping and file, not the preview's", async () => {
  backend = await testBackend();
  const { id: conventionId } = await backend.call('conventions.create', validConvention());
  const first = csv('C-1;F;01/03/2025;;Mme A');
  const file = { conventionId, fileName: 'suivi.csv', contentBase64: first };
  const { mapping } = await backend.call('people.importPreview', file);
  expect(mapping.referent).toBe('Référent');
  // The referent column left out after the preview: the commit must not take it.
  const { referent: _left, ...withoutReferent } = mapping;
  await backend.call('people.importCommit', { ...file, mapping: withoutReferent });
  // A file of the same name, changed after its preview: the commit imports what it is sent.
  await backend.call('people.importPreview', { ...file, contentBase64: csv('C-2;F;;;Mme B') });
  await backend.call('people.importCommit', {
    ...file,
    contentBase64: csv('C-3;H;;;Mme C'),
    mapping,
  });
  const rows = readFile<{ file_number: string; referent: string }>(
    `SELECT file_number, referent FROM persons JOIN pathways ON pathways.person_id = persons.id
     ORDER BY persons.id`,
  );
  expect(rows).toEqual([
    { file_number: 'C-1', referent: '' },
    { file_number: 'C-3', referent: 'Mme C' },
  ]);
});
