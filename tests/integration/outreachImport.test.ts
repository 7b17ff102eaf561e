import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { DATABASE_FILE } from '../../electron/backend/backend';
import { AppError } from '../../shared/errors';
import { issuesToCsv } from '../../shared/import/peopleRows';
import { validConvention } from '../fixtures/conventionInput';
import { LOG_FILE_NUMBERS, logPersonInput } from '../fixtures/imports/logPeople';
import { databaseDigest, rowCount } from './helpers/dbSnapshot';
import { testBackend, type TestBackend } from './helpers/testBackend';

let backend: TestBackend;
afterEach(() => backend?.dispose());

// Expected values are worked out by hand from the fixture (see tests/fixtures/imports/README.md).
const DIR = join(process.cwd(), 'tests', 'fixtures', 'imports');
const LOG = 'journal-reperage.csv';
const LOG_WITH_ERRORS = 'journal-reperage-erreurs.csv';
const base64 = (name: string) => readFileSync(join(DIR, name)).toString('base64');

async function setup(withPeople = true, automaticBackups = false) {
  backend = await testBackend({ automaticBackups });
  const { id: conventionId } = await backend.call('conventions.create', validConvention());
  if (withPeople) {
    for (const fileNumber of LOG_FILE_NUMBERS) {
      await backend.call('people.create', logPersonInput(conventionId, fileNumber));
    }
  }
  return conventionId;
}

const file = (conventionId: number, name: string) => ({
  conventionId,
  fileName: name,
  contentBase64: base64(name),
});

/** The log as stored, read with a separate connection (not through the services). */
function storedContacts() {
  const db = new Database(join(backend.dataDir, DATABASE_FILE), { readonly: true });
  try {
    return db
      .prepare(
        `SELECT o.date, o.channel, o.commune, o.insee_code AS inseeCode, o.qpv, o.zrr, o.count,
                o.volet, o.staff, p.file_number AS fileNumber
           FROM outreach_contacts o LEFT JOIN persons p ON p.id = o.person_id ORDER BY o.id`,
      )
      .all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

describe('outreach log import', () => {
  test('the fixture is read, previewed, imported whole, and a second import adds nothing', async () => {
    const conventionId = await setup(true, true);
    const preview = await backend.call('outreach.importPreview', file(conventionId, LOG));
    expect(preview.encoding).toBe('windows-1252');
    expect(preview.delimiter).toBe(';');
    expect(preview.issues).toEqual([]);
    expect(preview.mapping).toEqual({
      date: 'Date',
      channel: 'Canal',
      commune: 'Lieu',
      inseeCode: 'Code INSEE',
      zone: 'Zone',
      count: 'Nombre de personnes rencontrées',
      anonymous: 'Anonyme',
      fileNumber: 'N° dossier',
      staff: 'Intervenant',
    });
    expect(preview.counts).toEqual({ rows: 8, toCreate: 8, toUpdate: 0, unchanged: 0 });
    expect(preview.sample[1]).toMatchObject({ line: '3', channel: 'Maraude', date: '06/01/2026' });

    const result = await backend.call('outreach.importCommit', {
      ...file(conventionId, LOG),
      mapping: preview.mapping,
    });
    expect(result).toEqual({ created: 8, unchanged: 0 });
    // A copy was taken just before the log was written: it holds the people, no contact.
    const copy = (await backend.call('backups.list', {})).copies.find(
      (c) => c.reason === 'avant-import-reperage',
    );
    expect(copy?.counts).toMatchObject({ conventions: 1, persons: 2 });

    const stored = storedContacts();
    expect(stored).toHaveLength(8);
    expect(stored.reduce((sum, row) => sum + Number(row.count), 0)).toBe(34);
    const byChannel: Record<string, number> = {};
    for (const row of stored)
      byChannel[String(row.channel)] = (byChannel[String(row.channel)] ?? 0) + 1;
    expect(byChannel).toEqual({
      street: 2,
      drop_in: 2,
      partner: 1,
      event: 1,
      digital: 1,
      word_of_mouth: 1,
    });
    expect(stored.filter((row) => row.qpv === 1)).toHaveLength(4);
    expect(stored.filter((row) => row.zrr === 1)).toHaveLength(1);
    expect(stored.map((row) => row.fileNumber).filter(Boolean)).toEqual(['R-001', 'R-002']);
    // What the operator typed is kept as typed: commune with its accents, 3/2/2026 as a date.
    expect(stored[4]).toMatchObject({
      date: '2026-02-03',
      commune: "Saint-Aubin-d'Aubigné",
      inseeCode: '35251',
      count: 12,
      staff: 'Équipe',
      volet: 1,
    });

    // The same file again: every row is already recorded, nothing is added.
    const again = await backend.call('outreach.importPreview', file(conventionId, LOG));
    expect(again.counts).toEqual({ rows: 8, toCreate: 0, toUpdate: 0, unchanged: 8 });
    const second = await backend.call('outreach.importCommit', {
      ...file(conventionId, LOG),
      mapping: again.mapping,
    });
    expect(second).toEqual({ created: 0, unchanged: 8 });
    expect(rowCount(backend.dataDir, 'outreach_contacts')).toBe(8);
    // The list the app shows reads the same log.
    const listed = await backend.call('outreach.list', { conventionId });
    expect(listed).toHaveLength(8);
  });

  test('the mapping chosen is remembered for the next log of the convention', async () => {
    const conventionId = await setup();
    const preview = await backend.call('outreach.importPreview', file(conventionId, LOG));
    // The operator leaves the staff column out.
    const { staff: _staff, ...mapping } = preview.mapping;
    await backend.call('outreach.importCommit', { ...file(conventionId, LOG), mapping });
    const next = await backend.call('outreach.importPreview', file(conventionId, LOG));
    expect(next.mapping).toEqual(mapping);
    const stored = storedContacts();
    expect(stored.every((row) => row.staff === '')).toBe(true);
  });

  test('a file with errors is refused whole, each error naming its line and column', async () => {
    const conventionId = await setup();
    const preview = await backend.call(
      'outreach.importPreview',
      file(conventionId, LOG_WITH_ERRORS),
    );
    expect(preview.issues.map(({ line, column }) => ({ line, column }))).toEqual([
      { line: 3, column: 'Date' },
      { line: 5, column: 'Canal' },
      { line: 6, column: 'Nombre de personnes rencontrées' },
    ]);
    expect(preview.issues[0]!.reason).toBe("Cette date n'existe pas dans le calendrier.");
    expect(preview.issues[1]!.value).toBe('Porte à porte');
    expect(preview.issues[2]!.reason).toBe('Nombre de contacts : nombre absent ou illisible.');
    // The list the operator saves opens in a French Excel: BOM, `;`, one line per issue.
    const csv = issuesToCsv(preview.issues);
    expect(csv.split('\r\n')[2]).toMatch(/^5;Canal;Porte à porte;Canal non reconnu/);

    const before = databaseDigest(backend.dataDir);
    const refusal = await backend
      .call('outreach.importCommit', {
        ...file(conventionId, LOG_WITH_ERRORS),
        mapping: preview.mapping,
      })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(refusal).toBeInstanceOf(AppError);
    const appError = refusal as AppError;
    expect(appError.message).toBe(
      "3 erreurs dans le fichier « journal-reperage-erreurs.csv » : rien n'a été importé.",
    );
    expect(JSON.stringify(appError)).toContain('Ligne 3, colonne « Date », valeur « 31/02/2026 »');
    expect(databaseDigest(backend.dataDir)).toBe(before);
    expect(rowCount(backend.dataDir, 'outreach_contacts')).toBe(0);
  });

  test('a non-anonymous contact must name a person recorded in the convention', async () => {
    const conventionId = await setup(false);
    const preview = await backend.call('outreach.importPreview', file(conventionId, LOG));
    expect(preview.issues).toEqual([
      expect.objectContaining({ line: 5, column: 'N° dossier', value: 'R-001' }),
      expect.objectContaining({ line: 8, column: 'N° dossier', value: 'R-002' }),
    ]);
    const before = databaseDigest(backend.dataDir);
    await expect(
      backend.call('outreach.importCommit', {
        ...file(conventionId, LOG),
        mapping: preview.mapping,
      }),
    ).rejects.toThrow(/2 erreurs/);
    expect(databaseDigest(backend.dataDir)).toBe(before);
  });
});
