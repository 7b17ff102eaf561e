import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { DATABASE_FILE } from '../../electron/backend/backend';
import { validConvention } from '../fixtures/conventionInput';
import { databaseDigest, rowCount } from './helpers/dbSnapshot';
import { testBackend, type TestBackend } from './helpers/testBackend';
import { importFile } from '../fixtures/imports/importFile';

let backend: TestBackend;
afterEach(() => backend?.dispose());

// Expected values are worked out by hand from the fixture (see tests/fixtures/imports/README.md).
const file = importFile;

async function setup() {
  backend = await testBackend();
  const { id: conventionId } = await backend.call('conventions.create', validConvention());
  const ids: Record<string, number> = {};
  for (const [name, type] of [
    ['France Travail', 'france_travail'],
    ['Mission locale', 'mission_locale'],
    ['CMP Rennes', 'health'],
  ] as const) {
    ids[name] = (
      await backend.call('partners.save', { conventionId, partner: { name, type, commune: '' } })
    ).id;
  }
  return { conventionId, ids };
}

/** The actions as stored, read with a separate connection (not through the services). */
function storedActions() {
  const db = new Database(join(backend.dataDir, DATABASE_FILE), { readonly: true });
  try {
    return db
      .prepare(
        'SELECT date, kind, title, decisions, partner_ids AS partnerIds FROM coordination_events ORDER BY id',
      )
      .all() as {
      date: string;
      kind: string;
      title: string;
      decisions: string;
      partnerIds: string;
    }[];
  } finally {
    db.close();
  }
}

describe('coordination import', () => {
  test('the fixture is imported whole with its partners, and a second import adds nothing', async () => {
    const { conventionId, ids } = await setup();
    const preview = await backend.call(
      'coordination.importPreview',
      file(conventionId, 'coordination.csv'),
    );
    expect(preview.issues).toEqual([]);
    expect(preview.mapping).toEqual({
      date: 'Date',
      kind: 'Type',
      title: 'Objet',
      partners: 'Partenaires',
      decisions: 'Décisions',
    });
    expect(preview.counts).toEqual({ rows: 4, toCreate: 4, toUpdate: 0, unchanged: 0 });
    const result = await backend.call('coordination.importCommit', {
      ...file(conventionId, 'coordination.csv'),
      mapping: preview.mapping,
    });
    expect(result).toEqual({ created: 4, unchanged: 0 });

    const stored = storedActions();
    expect(stored.map((row) => row.kind)).toEqual(['copil', 'cte', 'coordination', 'coordination']);
    const sorted = (...names: string[]) =>
      JSON.stringify(names.map((name) => ids[name]!).sort((a, b) => a - b));
    expect(stored.map((row) => row.partnerIds)).toEqual([
      sorted('France Travail', 'Mission locale'),
      sorted('France Travail'),
      sorted('CMP Rennes', 'Mission locale'),
      '[]',
    ]);
    expect(stored[0]).toMatchObject({
      date: '2026-01-14',
      title: 'Comité de pilotage n°1',
      decisions: 'Objectifs 2026 validés',
    });

    const again = await backend.call('coordination.importCommit', {
      ...file(conventionId, 'coordination.csv'),
      mapping: preview.mapping,
    });
    expect(again).toEqual({ created: 0, unchanged: 4 });
    expect(rowCount(backend.dataDir, 'coordination_events')).toBe(4);
    expect(await backend.call('coordination.list', { conventionId })).toHaveLength(4);
  });

  test('a file with errors is refused whole, each error naming its line and column', async () => {
    const { conventionId } = await setup();
    const input = file(conventionId, 'coordination-erreurs.csv');
    const preview = await backend.call('coordination.importPreview', input);
    expect(preview.issues.map(({ line, column, value }) => [line, column, value])).toEqual([
      [3, 'Date', '2026-13-01'],
      [4, 'Type', 'Séminaire'],
      [5, 'Objet', ''],
      [6, 'Partenaires', 'Pôle emploi'],
    ]);
    expect(preview.issues[2]!.reason).toBe('Intitulé : champ obligatoire.');
    const before = databaseDigest(backend.dataDir);
    await expect(
      backend.call('coordination.importCommit', { ...input, mapping: preview.mapping }),
    ).rejects.toThrow(
      "4 erreurs dans le fichier « coordination-erreurs.csv » : rien n'a été importé.",
    );
    expect(databaseDigest(backend.dataDir)).toBe(before);
    expect(rowCount(backend.dataDir, 'coordination_events')).toBe(0);
  });
});
