/**
 * The barriers import: created, a lifted date filled in later set by a re-import, equal rows
 * left alone, and every refusal named by line and column with nothing written. Expected
 * values are worked out by hand from the fixtures (tests/fixtures/imports/README.md) and the
 * database is read back with a separate connection, not through the services.
 */
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

const file = importFile;
const MAPPING = {
  fileNumber: 'N° dossier',
  category: 'Type de frein',
  identifiedOn: 'Identifié le',
  liftedOn: 'Levé le',
};

async function setup() {
  backend = await testBackend();
  const { id: conventionId } = await backend.call('conventions.create', validConvention());
  for (const fileNumber of ['F-001', 'F-002', 'F-003']) {
    await backend.call('people.create', {
      ...logPersonInput(conventionId, fileNumber),
      pathway: { identifiedOn: '2026-03-01' },
    });
  }
  return conventionId;
}

function query(sql: string) {
  const db = new Database(join(backend.dataDir, DATABASE_FILE), { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

const storedBarriers = () =>
  query(
    `SELECT p.file_number AS fileNumber, b.category, b.identified_on AS identifiedOn, b.lifted_on AS liftedOn
     FROM barriers b JOIN persons p ON p.id = b.person_id ORDER BY p.file_number, b.identified_on, b.category`,
  );
const barrierAudit = () =>
  query(
    `SELECT action, entity_id AS entityId, field, old_value AS oldValue, new_value AS newValue
     FROM audit_log WHERE entity = 'frein' ORDER BY id`,
  ) as { action: string; entityId: string; field: string; oldValue: string; newValue: string }[];

async function commit(conventionId: number, name: string) {
  const preview = await backend.call('barriers.importPreview', file(conventionId, name));
  const result = await backend.call('barriers.importCommit', {
    ...file(conventionId, name),
    mapping: preview.mapping,
  });
  return { preview, result };
}

describe('barriers import', () => {
  test('creates the barriers of the sheet, with their audit rows', async () => {
    const conventionId = await setup();
    const { preview, result } = await commit(conventionId, 'freins.csv');
    // Every column guessed from its header alone.
    expect(preview.mapping).toEqual(MAPPING);
    expect(preview.issues).toEqual([]);
    expect(preview.counts).toEqual({ rows: 4, toCreate: 4, toUpdate: 0, unchanged: 0 });
    expect(preview.sample[2]).toMatchObject({
      fileNumber: 'F-002',
      category: 'Santé',
      identifiedOn: '01/04/2026',
    });
    expect(result).toEqual({ created: 4, updated: 0, unchanged: 0 });
    expect(storedBarriers()).toEqual([
      { fileNumber: 'F-001', category: 'housing', identifiedOn: '2026-03-10', liftedOn: null },
      {
        fileNumber: 'F-001',
        category: 'mobility',
        identifiedOn: '2026-03-10',
        liftedOn: '2026-05-15',
      },
      { fileNumber: 'F-002', category: 'health', identifiedOn: '2026-04-01', liftedOn: null },
      { fileNumber: 'F-003', category: 'childcare', identifiedOn: '2026-04-12', liftedOn: null },
    ]);
    // As barriers.add logs a barrier: one row per value given, on « <dossier>/<id> ».
    const audit = barrierAudit();
    expect(audit.every((row) => row.action === 'create')).toBe(true);
    expect(audit.filter((row) => row.field === 'categorie').map((row) => row.newValue)).toEqual([
      'housing',
      'mobility',
      'health',
      'childcare',
    ]);
    expect(audit.filter((row) => row.field === 'leveLe')).toEqual([
      expect.objectContaining({
        entityId: expect.stringMatching(/^F-001\/\d+$/),
        newValue: '2026-05-15',
      }),
    ]);
    const summary = query(
      "SELECT new_value AS value FROM audit_log WHERE entity = 'import' AND field = 'bilan'",
    ) as { value: string }[];
    expect(JSON.parse(summary.at(-1)!.value)).toMatchObject({
      type: 'freins',
      lignes: 4,
      creees: 4,
      inchangees: 0,
    });
  });

  test('a re-import sets the lifted dates filled in since, leaves equal rows, adds the new one', async () => {
    const conventionId = await setup();
    await commit(conventionId, 'freins.csv');
    const auditBefore = barrierAudit().length;
    const preview = await backend.call(
      'barriers.importPreview',
      file(conventionId, 'freins-leves.csv'),
    );
    expect(preview.issues).toEqual([]);
    // The plan's own counts: « À créer » 1, « À mettre à jour » 2, « Inchangées » 2.
    expect(preview.counts).toEqual({ rows: 5, toCreate: 1, toUpdate: 2, unchanged: 2 });
    const result = await backend.call('barriers.importCommit', {
      ...file(conventionId, 'freins-leves.csv'),
      mapping: preview.mapping,
    });
    expect(result).toEqual({ created: 1, updated: 2, unchanged: 2 });
    expect(storedBarriers()).toEqual([
      {
        fileNumber: 'F-001',
        category: 'housing',
        identifiedOn: '2026-03-10',
        liftedOn: '2026-06-20',
      },
      {
        fileNumber: 'F-001',
        category: 'mobility',
        identifiedOn: '2026-03-10',
        liftedOn: '2026-05-15',
      },
      { fileNumber: 'F-002', category: 'health', identifiedOn: '2026-04-01', liftedOn: null },
      { fileNumber: 'F-002', category: 'digital', identifiedOn: '2026-05-02', liftedOn: null },
      {
        fileNumber: 'F-003',
        category: 'childcare',
        identifiedOn: '2026-04-12',
        liftedOn: '2026-06-30',
      },
    ]);
    // The two lifts are logged as barriers.update logs one (leveLe: empty → the date).
    const added = barrierAudit().slice(auditBefore);
    expect(added.filter((row) => row.action === 'update')).toEqual([
      {
        action: 'update',
        entityId: expect.stringMatching(/^F-001\/\d+$/),
        field: 'leveLe',
        oldValue: null,
        newValue: '2026-06-20',
      },
      {
        action: 'update',
        entityId: expect.stringMatching(/^F-003\/\d+$/),
        field: 'leveLe',
        oldValue: null,
        newValue: '2026-06-30',
      },
    ]);
    expect(added.filter((row) => row.action === 'create' && row.field === 'categorie')).toEqual([
      expect.objectContaining({ newValue: 'digital' }),
    ]);

    // The same sheet once more: everything unchanged, and no barrier row touched.
    const barriersBefore = storedBarriers();
    const again = await commit(conventionId, 'freins-leves.csv');
    expect(again.preview.counts).toEqual({ rows: 5, toCreate: 0, toUpdate: 0, unchanged: 5 });
    expect(again.result).toEqual({ created: 0, updated: 0, unchanged: 5 });
    expect(storedBarriers()).toEqual(barriersBefore);
  });

  test('refusals name their line and column, and nothing is written', async () => {
    const conventionId = await setup();
    await commit(conventionId, 'freins.csv');
    await commit(conventionId, 'freins-leves.csv');
    const input = file(conventionId, 'freins-erreurs.csv');
    const preview = await backend.call('barriers.importPreview', input);
    expect(preview.issues.map(({ line, column, value }) => [line, column, value])).toEqual([
      [2, 'Levé le', '25/06/2026'],
      [3, 'Levé le', ''],
      [4, 'Levé le', '01/05/2026'],
      [5, 'N° dossier', 'F-009'],
      [6, 'Type de frein', 'Addiction'],
      [7, 'Identifié le', '31/02/2026'],
    ]);
    const reasons = preview.issues.map((issue) => issue.reason);
    expect(reasons[0]).toMatch(/déjà enregistré levé le 20\/06\/2026/);
    expect(reasons[1]).toMatch(/levé le 30\/06\/2026 : une cellule vide ne l'efface pas/);
    expect(reasons[2]).toBe("Un frein ne peut pas être levé avant d'avoir été identifié.");
    expect(reasons[3]).toMatch(/N° de dossier inconnu/);
    expect(reasons[4]).toMatch(/^Frein non reconnu : attendu Santé, Logement, Mobilité/);
    expect(reasons[5]).toBe("Cette date n'existe pas dans le calendrier.");
    // Lines 2 and 3 would change recorded barriers; the other refused lines and line 8 are new.
    expect(preview.counts).toEqual({ rows: 7, toCreate: 5, toUpdate: 2, unchanged: 0 });

    const before = databaseDigest(backend.dataDir);
    await expect(
      backend.call('barriers.importCommit', { ...input, mapping: preview.mapping }),
    ).rejects.toThrow("6 erreurs dans le fichier « freins-erreurs.csv » : rien n'a été importé.");
    expect(databaseDigest(backend.dataDir)).toBe(before);
  });

  test('the same barrier twice in one file is refused on the second line', async () => {
    const conventionId = await setup();
    const text =
      'N° dossier;Frein;Identifié le\r\nF-001;Santé;01/04/2026\r\nF-001;sante;2026-04-01\r\n';
    const input = {
      conventionId,
      fileName: 'doublon.csv',
      contentBase64: Buffer.from(text, 'utf8').toString('base64'),
    };
    const preview = await backend.call('barriers.importPreview', input);
    expect(preview.issues).toEqual([
      {
        line: 3,
        column: 'Frein',
        value: 'Santé',
        reason: expect.stringMatching(/figure déjà ligne 2/),
      },
    ]);
  });

  test('the mapping chosen is remembered for the next file of the convention', async () => {
    const conventionId = await setup();
    const text = 'Dossier;Difficulté;Depuis;Fin\r\nF-001;Logement;01/04/2026;\r\n';
    const input = {
      conventionId,
      fileName: 'autre.csv',
      contentBase64: Buffer.from(text, 'utf8').toString('base64'),
    };
    const guessed = await backend.call('barriers.importPreview', input);
    // « Difficulté » names no field: the required one is said missing, not guessed.
    expect(guessed.issues.map((issue) => issue.reason)).toContain(
      "Aucune colonne n'est associée au champ obligatoire « Frein ».",
    );
    const mapping = {
      fileNumber: 'Dossier',
      category: 'Difficulté',
      identifiedOn: 'Depuis',
      liftedOn: 'Fin',
    };
    await backend.call('barriers.importCommit', { ...input, mapping });
    const remembered = await backend.call('barriers.importPreview', input);
    expect(remembered.mapping).toEqual(mapping);
    expect(remembered.counts).toEqual({ rows: 1, toCreate: 0, toUpdate: 0, unchanged: 1 });
  });
});
