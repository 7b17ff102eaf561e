import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { DATABASE_FILE } from '../../electron/backend/backend';
import { validConvention } from '../fixtures/conventionInput';
import { logPersonInput } from '../fixtures/imports/logPeople';
import { databaseDigest } from './helpers/dbSnapshot';
import { testBackend, type TestBackend } from './helpers/testBackend';
import { importFile } from '../fixtures/imports/importFile';

let backend: TestBackend;
afterEach(() => backend?.dispose());

// Expected values are worked out by hand from the fixtures (see tests/fixtures/imports/README.md).
const file = importFile;

/** S-001 and S-002 have left the programme (exits 15/12/2025, 10/01/2026); S-003 has not. */
async function setup() {
  backend = await testBackend();
  const { id: conventionId } = await backend.call('conventions.create', validConvention());
  const exits: [string, string | null][] = [
    ['S-001', '2025-12-15'],
    ['S-002', '2026-01-10'],
    ['S-003', null],
  ];
  for (const [fileNumber, exitDate] of exits) {
    await backend.call('people.create', {
      ...logPersonInput(conventionId, fileNumber),
      pathway: exitDate
        ? {
            identifiedOn: '2025-03-01',
            accompanimentStart: '2025-04-01',
            exitDate,
            exitType: 'employment_durable',
          }
        : { identifiedOn: '2025-03-01' },
    });
  }
  return conventionId;
}

/** The follow-ups as stored, read with a separate connection (not through the services). */
function storedFollowUps() {
  const db = new Database(join(backend.dataDir, DATABASE_FILE), { readonly: true });
  try {
    return db
      .prepare(
        `SELECT p.file_number AS fileNumber, w.follow_up_date AS date, w.follow_up_situation AS situation
         FROM persons p JOIN pathways w ON w.person_id = p.id ORDER BY p.file_number`,
      )
      .all();
  } finally {
    db.close();
  }
}

/** Every row of a table, read with a separate connection. */
function allRows(table: string) {
  const db = new Database(join(backend.dataDir, DATABASE_FILE), { readonly: true });
  try {
    return db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all();
  } finally {
    db.close();
  }
}

describe('six-month follow-up import', () => {
  test("the fixture sets each person's follow-up, and a second import changes nothing", async () => {
    const conventionId = await setup();
    const preview = await backend.call(
      'followUps.importPreview',
      file(conventionId, 'suivis-6-mois.csv'),
    );
    expect(preview.issues).toEqual([]);
    expect(preview.mapping).toEqual({
      fileNumber: 'N° dossier',
      followUpDate: 'Date du suivi',
      followUpSituation: 'Situation à 6 mois',
    });
    expect(preview.counts).toEqual({ rows: 2, toCreate: 2, toUpdate: 0, unchanged: 0 });
    const result = await backend.call('followUps.importCommit', {
      ...file(conventionId, 'suivis-6-mois.csv'),
      mapping: preview.mapping,
    });
    expect(result).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(storedFollowUps()).toEqual([
      { fileNumber: 'S-001', date: '2026-06-15', situation: 'employment' },
      { fileNumber: 'S-002', date: '2026-07-10', situation: 'training' },
      { fileNumber: 'S-003', date: null, situation: null },
    ]);

    const pathwaysBefore = allRows('pathways');
    const auditBefore = allRows('audit_log').length;
    const again = await backend.call('followUps.importCommit', {
      ...file(conventionId, 'suivis-6-mois.csv'),
      mapping: preview.mapping,
    });
    expect(again).toEqual({ created: 0, updated: 0, unchanged: 2 });
    // The pathways are untouched; the audit log gains only the import summary.
    expect(allRows('pathways')).toEqual(pathwaysBefore);
    expect(allRows('audit_log')).toHaveLength(auditBefore + 1);
  });

  test('a follow-up that differs from the recorded one is counted and written as an update', async () => {
    const conventionId = await setup();
    const first = await backend.call(
      'followUps.importPreview',
      file(conventionId, 'suivis-6-mois.csv'),
    );
    await backend.call('followUps.importCommit', {
      ...file(conventionId, 'suivis-6-mois.csv'),
      mapping: first.mapping,
    });
    // S-001's situation changed since (training instead of employment); S-002's did not.
    const changed = {
      conventionId,
      fileName: 'suivis-modifies.csv',
      contentBase64: Buffer.from(
        'N° dossier;Date du suivi;Situation à 6 mois\r\nS-001;15/06/2026;En formation\r\nS-002;10/07/2026;formation\r\n',
        'utf8',
      ).toString('base64'),
    };
    const preview = await backend.call('followUps.importPreview', changed);
    expect(preview.issues).toEqual([]);
    expect(preview.counts).toEqual({ rows: 2, toCreate: 0, toUpdate: 1, unchanged: 1 });
    const auditBefore = allRows('audit_log').length;
    const result = await backend.call('followUps.importCommit', {
      ...changed,
      mapping: preview.mapping,
    });
    expect(result).toEqual({ created: 0, updated: 1, unchanged: 1 });
    expect(storedFollowUps()[0]).toEqual({
      fileNumber: 'S-001',
      date: '2026-06-15',
      situation: 'training',
    });
    // One audit row for the situation changed, one for the import summary.
    const added = allRows('audit_log').slice(auditBefore) as { entity: string; field: string }[];
    expect(added.map((row) => [row.entity, row.field])).toEqual([
      ['parcours', 'followUpSituation'],
      ['import', 'bilan'],
    ]);
  });

  test('unknown file number, person without exit and bad date are refused by line and column', async () => {
    const conventionId = await setup();
    const input = file(conventionId, 'suivis-6-mois-erreurs.csv');
    const preview = await backend.call('followUps.importPreview', input);
    expect(preview.issues.map(({ line, column, value }) => [line, column, value])).toEqual([
      [3, 'N° dossier', 'S-009'],
      [4, 'N° dossier', 'S-003'],
      [5, 'Date du suivi', '31/02/2026'],
    ]);
    expect(preview.issues[0]!.reason).toMatch(/N° de dossier inconnu/);
    expect(preview.issues[1]!.reason).toMatch(/pas de date de sortie/);
    const before = databaseDigest(backend.dataDir);
    await expect(
      backend.call('followUps.importCommit', { ...input, mapping: preview.mapping }),
    ).rejects.toThrow(
      "3 erreurs dans le fichier « suivis-6-mois-erreurs.csv » : rien n'a été importé.",
    );
    expect(databaseDigest(backend.dataDir)).toBe(before);
    expect(storedFollowUps().every((row) => (row as { date: unknown }).date === null)).toBe(true);
  });
});
