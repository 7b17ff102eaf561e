import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { DATABASE_FILE } from '../../electron/backend/backend';
import { AppError } from '../../shared/errors';
import { issuesToCsv } from '../../shared/import/peopleRows';
import { validConvention } from '../fixtures/conventionInput';
import { databaseDigest, rowCount } from './helpers/dbSnapshot';
import { testBackend, type TestBackend } from './helpers/testBackend';

let backend: TestBackend;
afterEach(() => backend?.dispose());

// The shared fixture, copied byte for byte so the tests have a fixed path (see the check below).
const FIXTURE_DIR = join(process.cwd(), 'tests', 'fixtures', 'people');
const SHARED_DIR = join(process.cwd(), '..', 'shared', 'fixtures', 'people');
const FIXTURE_FILE = 'suivi-2025-2026.csv';
const fixtureBytes = readFileSync(join(FIXTURE_DIR, FIXTURE_FILE));
const expected = JSON.parse(readFileSync(join(FIXTURE_DIR, 'expected.json'), 'utf8')) as {
  persons: number;
  women: number;
  entered_accompaniment_2025: number;
  exits_2025: number;
  positive_exits_2025: number;
};
const fixtureLines = iconv.decode(fixtureBytes, 'win1252').split('\r\n');
const TODAY = '2026-11-23';

const base64 = (bytes: Buffer | Uint8Array) => Buffer.from(bytes).toString('base64');
/** The fixture with some cells changed: `line` is the file's line number (header = 1). */
function editedFixture(edits: { line: number; column: number; value: string }[]): Buffer {
  const lines = [...fixtureLines];
  for (const edit of edits) {
    const cells = lines[edit.line - 1]!.split(';');
    cells[edit.column] = edit.value;
    lines[edit.line - 1] = cells.join(';');
  }
  return iconv.encode(lines.join('\r\n'), 'win1252');
}
const COL = {
  fileNumber: 0,
  lastName: 1,
  firstName: 2,
  sex: 3,
  identifiedOn: 10,
  barriers: 13,
  referent: 14,
};

async function setup() {
  backend = await testBackend();
  const { id } = await backend.call('conventions.create', validConvention());
  return id;
}

const preview = (
  conventionId: number,
  bytes: Buffer,
  fileName = FIXTURE_FILE,
  mapping?: Record<string, string>,
) =>
  backend.call('people.importPreview', {
    conventionId,
    fileName,
    contentBase64: base64(bytes),
    mapping,
  });

async function commit(
  conventionId: number,
  bytes: Buffer,
  fileName = FIXTURE_FILE,
  mapping?: Record<string, string>,
) {
  const used = mapping ?? (await preview(conventionId, bytes, fileName)).mapping;
  return backend.call('people.importCommit', {
    conventionId,
    fileName,
    contentBase64: base64(bytes),
    mapping: used,
  });
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

function auditRows(dataDir: string) {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    return db.prepare('SELECT * FROM audit_log ORDER BY id').all() as {
      entity: string;
      entity_id: string;
      action: string;
      field: string | null;
      old_value: string | null;
      new_value: string | null;
    }[];
  } finally {
    db.close();
  }
}

describe('people import: the operators’ spreadsheet', () => {
  test.runIf(existsSync(join(SHARED_DIR, FIXTURE_FILE)))(
    'the copied fixture is the shared one, byte for byte',
    () => {
      expect(fixtureBytes.equals(readFileSync(join(SHARED_DIR, FIXTURE_FILE)))).toBe(true);
      expect(JSON.parse(readFileSync(join(SHARED_DIR, 'expected.json'), 'utf8'))).toEqual(expected);
    },
  );

  test('the fixture previews: Windows-1252, `;`, every column recognised, 240 to create, no issue, no identity shown', async () => {
    const conventionId = await setup();
    const result = await preview(conventionId, fixtureBytes);
    expect(result).toMatchObject({ format: 'csv', encoding: 'windows-1252', delimiter: ';' });
    expect(result.headers).toHaveLength(17);
    expect(result.mapping).toEqual({
      fileNumber: 'N° dossier',
      lastName: 'Nom',
      firstName: 'Prénom',
      sex: 'Sexe',
      birthYear: 'Année de naissance',
      commune: 'Commune',
      inseeCode: 'Code INSEE',
      zone: 'Quartier / zone',
      eligibility: "Situation à l'entrée",
      channel: 'Canal de repérage',
      identifiedOn: 'Date de repérage',
      remobilisationStart: 'Date remobilisation',
      accompanimentStart: 'Date entrée accompagnement',
      barriers: 'Freins',
      referent: 'Référent',
      exitDate: 'Date de sortie',
      exitType: 'Type de sortie',
    });
    expect(result.counts).toEqual({ rows: 240, toCreate: 240, toUpdate: 0, unchanged: 0 });
    expect(result.issues).toEqual([]);
    expect(result.fields.find((f) => f.key === 'fileNumber')).toEqual({
      key: 'fileNumber',
      label: 'N° dossier',
      required: true,
    });
    expect(result.sample).toHaveLength(10);
    expect(result.sample[1]).toMatchObject({
      line: '3',
      fileNumber: 'HE-0002',
      lastName: '•••',
      firstName: '•••',
      sex: 'Femme',
      zone: 'QPV Le Blosne',
      identifiedOn: '09/09/2025',
      accompanimentStart: '21/11/2025',
      barriers: 'Mobilité, Logement, Finances',
      exitType: 'Déménagement',
    });
    // Names never leave the backend in a preview.
    expect(JSON.stringify(result)).not.toMatch(/Moreau|Sophie|Julie/);
    // A preview reads: nothing is written.
    expect(rowCount(backend.dataDir, 'persons')).toBe(0);
  });

  test('the fixture imports, and the indicators give the expected figures', async () => {
    const conventionId = await setup();
    expect(await commit(conventionId, fixtureBytes)).toEqual({
      created: 240,
      updated: 0,
      unchanged: 0,
    });

    const people = await backend.call('people.list', { conventionId, today: TODAY });
    expect(people).toHaveLength(expected.persons);
    expect(people.filter((p) => p.sex === 'F')).toHaveLength(expected.women);

    const realised = await backend.call('indicators.realised', { conventionId, date: TODAY });
    const year1 = (code: string) => realised.find((r) => r.code === code && r.yearIndex === 1)!;
    expect(year1('ACC_ENTRIES').value).toBe(expected.entered_accompaniment_2025);
    expect(year1('EXIT_POSITIVE_RATE')).toMatchObject({
      numerator: expected.positive_exits_2025,
      denominator: expected.exits_2025,
    });

    // One person read back field by field: zone, coded values, dates, barriers dated at entry.
    const he2 = people.find((p) => p.fileNumber === 'HE-0002')!;
    const detail = await backend.call('people.get', { id: he2.id, today: TODAY });
    expect(detail.person).toMatchObject({
      sex: 'F',
      birthYear: 1988,
      commune: 'Rennes',
      inseeCode: '35238',
      qpv: true,
      qpvName: 'Le Blosne',
      zrr: false,
      eligibilityGround: 'registered_no_support',
    });
    expect(detail.identity).toEqual({
      lastName: 'Moreau',
      firstName: 'Julie',
      phone: '',
      email: '',
    });
    expect(detail.pathway).toMatchObject({
      identifiedOn: '2025-09-09',
      identificationChannel: 'digital',
      remobilisationStart: '2025-10-09',
      accompanimentStart: '2025-11-21',
      exitDate: '2026-05-14',
      exitType: 'moved',
      referent: 'M. Tanguy',
    });
    expect(detail.barriers.map((b) => [b.category, b.identifiedOn, b.liftedOn])).toEqual([
      ['mobility', '2025-11-21', null],
      ['housing', '2025-11-21', null],
      ['money', '2025-11-21', null],
    ]);
    const he7 = await backend.call('people.get', {
      id: people.find((p) => p.fileNumber === 'HE-0007')!.id,
      today: TODAY,
    });
    expect(he7.person).toMatchObject({ zrr: true, qpv: false, qpvName: '' });
    // Barriers without accompaniment are dated at the remobilisation start.
    const he3 = await backend.call('people.get', {
      id: people.find((p) => p.fileNumber === 'HE-0003')!.id,
      today: TODAY,
    });
    expect(he3.barriers.map((b) => [b.category, b.identifiedOn])).toEqual([
      ['language', '2025-06-13'],
    ]);

    // One summary row for the import, with its counts.
    const summary = auditRows(backend.dataDir).filter((row) => row.entity === 'import');
    expect(summary).toHaveLength(1);
    expect(summary[0]).toMatchObject({ entity_id: FIXTURE_FILE, action: 'create', field: 'bilan' });
    expect(JSON.parse(summary[0]!.new_value!)).toMatchObject({
      lignes: 240,
      creees: 240,
      misesAJour: 0,
      inchangees: 0,
    });
  });

  test('every column of the shared fixture is mapped by guess alone, whatever the channel header says', async () => {
    // The fixture's own channel labels, written out here rather than read from the code.
    const CHANNEL_CODES: Record<string, string> = {
      Maraude: 'street',
      'Maraude numérique': 'digital',
      'Orientation partenaire': 'partner',
      Évènement: 'event',
      Permanence: 'drop_in',
      'Bouche-à-oreille': 'word_of_mouth',
    };
    const headers = fixtureLines[0]!.split(';');
    const channelColumn = headers.indexOf('Canal de repérage');
    expect(channelColumn).toBeGreaterThan(-1);
    const wanted = new Map<string, string>();
    for (const line of fixtureLines.slice(1).filter(Boolean)) {
      const cells = line.split(';');
      wanted.set(cells[COL.fileNumber]!, CHANNEL_CODES[cells[channelColumn]!]!);
    }
    expect([...wanted.values()].every(Boolean)).toBe(true);
    for (const header of [
      'Canal de repérage',
      'Comment la personne a été repérée',
      '  COMMENT LA PERSONNE A-T-ELLE ÉTÉ REPÉRÉE ?  ',
      'Mode  de  repérage',
    ]) {
      const conventionId = await setup();
      const renamed = [...fixtureLines];
      renamed[0] = headers.map((h, i) => (i === channelColumn ? header : h)).join(';');
      const bytes = iconv.encode(renamed.join('\r\n'), 'win1252');
      const result = await preview(conventionId, bytes);
      // The mapping covers every header of the file: none left out, none read twice.
      expect(Object.values(result.mapping).sort(), header).toEqual([...result.headers].sort());
      expect(result.mapping.channel).toBe(result.headers[channelColumn]);
      expect(result.issues).toEqual([]);
      await commit(conventionId, bytes, FIXTURE_FILE, result.mapping);
      const people = await backend.call('people.list', { conventionId, today: TODAY });
      expect(people).toHaveLength(expected.persons);
      const stored = backend.database.sqlite
        .prepare(
          `SELECT p.file_number AS fileNumber, w.identification_channel AS channel
             FROM persons p JOIN pathways w ON w.person_id = p.id WHERE p.convention_id = ?`,
        )
        .all(conventionId) as { fileNumber: string; channel: string | null }[];
      expect(new Map(stored.map((row) => [row.fileNumber, row.channel])), header).toEqual(wanted);
      backend.dispose();
    }
  });

  test('the audit rows of an import are those the row-by-row import wrote, in one transaction', async () => {
    const conventionId = await setup();
    const before = auditRows(backend.dataDir).length;
    await commit(conventionId, fixtureBytes);
    const rows = auditRows(backend.dataDir).slice(before);
    // Counts written by the row-by-row code (people.ts insertPerson per line, before the
    // bulk writer) for this very fixture: the bulk writer must not lose or add any row.
    const byEntity: Record<string, number> = {};
    for (const row of rows)
      byEntity[`${row.entity}/${row.action}`] = (byEntity[`${row.entity}/${row.action}`] ?? 0) + 1;
    expect(byEntity).toEqual({ 'personne/create': 3435, 'frein/create': 684, 'import/create': 1 });
    expect(rows).toHaveLength(4120);
    // Rows stay grouped per person, in file order, each barrier right after its person.
    const he2 = rows.filter(
      (row) => row.entity_id === 'HE-0002' || row.entity_id.startsWith('HE-0002/'),
    );
    expect(he2.map((row) => row.field)).toEqual([
      'fileNumber',
      'sex',
      'birthYear',
      'commune',
      'inseeCode',
      'qpv',
      'qpvName',
      'zrr',
      'eligibilityGround',
      'identifiedOn',
      'identificationChannel',
      'remobilisationStart',
      'accompanimentStart',
      'exitDate',
      'exitType',
      'referent',
      'identite',
      'categorie',
      'identifieLe',
      'categorie',
      'identifieLe',
      'categorie',
      'identifieLe',
    ]);
    expect(rows.findIndex((row) => row.entity_id === 'HE-0002')).toBeGreaterThan(
      rows.findLastIndex((row) => row.entity_id.startsWith('HE-0001')),
    );
  });

  test('identity values never reach the audit log', async () => {
    const conventionId = await setup();
    // Only what the import wrote: the convention's own rows name its legal representative.
    const before = auditRows(backend.dataDir).length;
    await commit(conventionId, fixtureBytes);
    const rows = auditRows(backend.dataDir).slice(before);
    expect(rows.length).toBeGreaterThan(240);
    const dump = JSON.stringify(rows);
    const names = new Set<string>();
    for (const line of fixtureLines.slice(1).filter(Boolean)) {
      const cells = line.split(';');
      names.add(cells[COL.lastName]!);
      names.add(cells[COL.firstName]!);
    }
    expect(names.size).toBeGreaterThan(20);
    for (const name of names) {
      expect(dump, `« ${name} » found in the audit log`).not.toContain(name);
    }
    expect(
      rows
        .filter((row) => row.field === 'identite')
        .every((row) => row.new_value === 'renseignée (valeurs non journalisées)'),
    ).toBe(true);
  });

  test('a file with errors imports nothing and lists each error with its line and column', async () => {
    const conventionId = await setup();
    const broken = editedFixture([
      { line: 6, column: COL.identifiedOn, value: '31/02/2025' },
      { line: 11, column: COL.sex, value: 'Z' },
      { line: 21, column: COL.fileNumber, value: 'HE-0003' },
    ]);
    const shown = await preview(conventionId, broken);
    expect(shown.issues).toEqual([
      {
        line: 6,
        column: 'Date de repérage',
        value: '31/02/2025',
        reason: "Cette date n'existe pas dans le calendrier.",
      },
      {
        line: 11,
        column: 'Sexe',
        value: 'Z',
        reason: expect.stringMatching(/^Sexe non reconnu : attendu F ou Femme/),
      },
      {
        line: 21,
        column: 'N° dossier',
        value: 'HE-0003',
        reason: 'N° de dossier en double : déjà présent ligne 4. Une personne par ligne.',
      },
    ]);
    expect(shown.counts.rows).toBe(240);
    // The list the screen offers as a file.
    const csv = issuesToCsv(shown.issues);
    expect(csv.split('\r\n').slice(0, 2)).toEqual([
      '\uFEFFLigne;Colonne;Valeur;Motif',
      "6;Date de repérage;31/02/2025;Cette date n'existe pas dans le calendrier.",
    ]);

    const before = databaseDigest(backend.dataDir);
    const error = await refusal(commit(conventionId, broken, FIXTURE_FILE, shown.mapping));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toBe(
      `3 erreurs dans le fichier « ${FIXTURE_FILE} » : rien n'a été importé.`,
    );
    expect(error.fields).toEqual([
      {
        path: 'line.6',
        message:
          "Ligne 6, colonne « Date de repérage », valeur « 31/02/2025 » : Cette date n'existe pas dans le calendrier.",
      },
      {
        path: 'line.11',
        message: expect.stringMatching(
          /^Ligne 11, colonne « Sexe », valeur « Z » : Sexe non reconnu/,
        ),
      },
      {
        path: 'line.21',
        message: expect.stringMatching(
          /^Ligne 21, colonne « N° dossier », valeur « HE-0003 » : N° de dossier en double/,
        ),
      },
    ]);
    expect(databaseDigest(backend.dataDir)).toBe(before);
    expect(rowCount(backend.dataDir, 'persons')).toBe(0);
  });

  test('rules of the pathway schema come out as issues on the right column', async () => {
    const conventionId = await setup();
    const broken = editedFixture([
      // Accompaniment before identification (HE-0002 was identified on 09/09/2025).
      { line: 3, column: 12, value: '01/09/2025' },
      // An exit type without an exit date (HE-0001).
      { line: 2, column: 16, value: 'Abandon' },
      // A birth year out of range, an unknown barrier.
      { line: 4, column: 4, value: '1890' },
      { line: 5, column: COL.barriers, value: 'Logement, Astrologie' },
    ]);
    const { issues } = await preview(conventionId, broken);
    expect(issues).toEqual([
      { line: 2, column: 'Date de sortie', value: '', reason: 'Indiquez la date de sortie.' },
      {
        line: 3,
        column: 'Date entrée accompagnement',
        value: '01/09/2025',
        reason: expect.stringMatching(/accompagnement ne peut pas précéder .*remobilisation/),
      },
      {
        line: 4,
        column: 'Année de naissance',
        value: '1890',
        reason: 'Année de naissance invalide.',
      },
      {
        line: 5,
        column: 'Freins',
        value: 'Logement, Astrologie',
        reason: expect.stringMatching(
          /^Frein non reconnu : attendu Santé, Logement.*« Astrologie »/,
        ),
      },
    ]);
  });

  test('more than 200 errors: the first 200 are listed, the message gives the total', async () => {
    const conventionId = await setup();
    const edits = Array.from({ length: 230 }, (_, index) => ({
      line: index + 2,
      column: COL.sex,
      value: '?',
    }));
    const broken = editedFixture(edits);
    const error = await refusal(commit(conventionId, broken));
    expect(error.fields).toHaveLength(200);
    expect(error.message).toMatch(/^230 erreurs .*Les 200 premières sont listées/);
  });

  test('re-importing the same file creates no duplicate and writes only the summary', async () => {
    const conventionId = await setup();
    await commit(conventionId, fixtureBytes);
    const persons = rowCount(backend.dataDir, 'persons');
    const barriers = rowCount(backend.dataDir, 'barriers');
    const auditBefore = auditRows(backend.dataDir).length;

    const again = await preview(conventionId, fixtureBytes);
    expect(again.counts).toEqual({ rows: 240, toCreate: 0, toUpdate: 0, unchanged: 240 });
    expect(await commit(conventionId, fixtureBytes)).toEqual({
      created: 0,
      updated: 0,
      unchanged: 240,
    });
    expect(rowCount(backend.dataDir, 'persons')).toBe(persons);
    expect(rowCount(backend.dataDir, 'barriers')).toBe(barriers);
    const added = auditRows(backend.dataDir).slice(auditBefore);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ entity: 'import', entity_id: FIXTURE_FILE });
    expect(JSON.parse(added[0]!.new_value!)).toMatchObject({
      creees: 0,
      misesAJour: 0,
      inchangees: 240,
    });
  });

  test('a changed value updates only that person and logs it; a new barrier is added, none removed', async () => {
    const conventionId = await setup();
    await commit(conventionId, fixtureBytes);
    const auditBefore = auditRows(backend.dataDir).length;
    const changed = editedFixture([
      { line: 8, column: COL.referent, value: 'A. Nouveau' },
      // HE-0002 had Mobilité, Logement, Finances: Logement is dropped, Justice added.
      { line: 3, column: COL.barriers, value: 'Mobilité, Finances, Justice' },
    ]);
    expect((await preview(conventionId, changed)).counts).toEqual({
      rows: 240,
      toCreate: 0,
      toUpdate: 2,
      unchanged: 238,
    });
    expect(await commit(conventionId, changed)).toEqual({ created: 0, updated: 2, unchanged: 238 });

    const added = auditRows(backend.dataDir).slice(auditBefore);
    expect(
      added
        .filter((row) => row.entity !== 'import')
        .map((row) => [
          row.entity,
          row.entity_id.split('/')[0],
          row.field,
          row.old_value,
          row.new_value,
        ]),
    ).toEqual([
      ['frein', 'HE-0002', 'categorie', null, 'justice'],
      ['frein', 'HE-0002', 'identifieLe', null, '2025-11-21'],
      ['parcours', 'HE-0007', 'referent', 'S. Ouali', 'A. Nouveau'],
    ]);
    const people = await backend.call('people.list', { conventionId, today: TODAY });
    const he2 = await backend.call('people.get', {
      id: people.find((p) => p.fileNumber === 'HE-0002')!.id,
      today: TODAY,
    });
    expect(he2.barriers.map((b) => b.category).sort()).toEqual([
      'housing',
      'justice',
      'mobility',
      'money',
    ]);
  });

  test('an erased identity is never written again by a re-import', async () => {
    const conventionId = await setup();
    await commit(conventionId, fixtureBytes);
    const people = await backend.call('people.list', { conventionId, today: TODAY });
    const id = people.find((p) => p.fileNumber === 'HE-0001')!.id;
    await backend.call('privacy.erasePerson', {
      personId: id,
      reason: 'Demande écrite du 2 novembre',
    });
    expect((await backend.call('people.get', { id, today: TODAY })).identity).toBeNull();

    expect(await commit(conventionId, fixtureBytes)).toEqual({
      created: 0,
      updated: 0,
      unchanged: 240,
    });
    const detail = await backend.call('people.get', { id, today: TODAY });
    expect(detail.identity).toBeNull();
    expect(detail.anonymisedAt).not.toBeNull();
  });

  test('a UTF-8, comma-separated file with ISO dates, other header names and a multi-line cell', async () => {
    const conventionId = await setup();
    const text = [
      "Numéro de dossier,Nom,Prénom,Genre,Année de naissance,Ville,Code INSEE,QPV,Éligibilité,Canal,Date repérage,Date de remobilisation,Date d'entrée en accompagnement,Freins,Référent,Date sortie,Motif de sortie",
      'U-1,Dupont,Zoé,femme ,1999,Saint-Malo,35288,QPV La Découverte,non inscrite,Maraude,2025-02-03,2025-02-20,2025-03-01,"Santé, Logement",É. Lemoine,2025-09-30,Formation qualifiante',
      '',
      'U-2,Kerjean,"Anaïs',
      'Marie",H,1985,Dinan,22050,ZRR,Inscrit sans accompagnement,Permanence,2025-04-01,,,,É. Lemoine,,',
      'U-3,,,X,2001,Rennes,35238,,,,2025-05-06,,,,,,',
      '',
    ].join('\n');
    const bytes = Buffer.from(text, 'utf8');
    const shown = await preview(conventionId, bytes, 'export.csv');
    expect(shown).toMatchObject({ encoding: 'UTF-8', delimiter: ',', issues: [] });
    expect(Object.keys(shown.mapping)).toHaveLength(17);
    expect(shown.sample.map((row) => row.line)).toEqual(['2', '4', '6']);
    expect(shown.counts).toEqual({ rows: 3, toCreate: 3, toUpdate: 0, unchanged: 0 });
    expect(await commit(conventionId, bytes, 'export.csv')).toEqual({
      created: 3,
      updated: 0,
      unchanged: 0,
    });
    const people = await backend.call('people.list', { conventionId, today: TODAY });
    const u1 = await backend.call('people.get', {
      id: people.find((p) => p.fileNumber === 'U-1')!.id,
      today: TODAY,
    });
    expect(u1.person).toMatchObject({
      sex: 'F',
      qpv: true,
      qpvName: 'La Découverte',
      eligibilityGround: 'not_registered',
    });
    expect(u1.identity).toMatchObject({ lastName: 'Dupont', firstName: 'Zoé' });
    expect(u1.pathway).toMatchObject({
      identifiedOn: '2025-02-03',
      exitDate: '2025-09-30',
      exitType: 'training',
      referent: 'É. Lemoine',
    });
    expect(u1.barriers.map((b) => [b.category, b.identifiedOn])).toEqual([
      ['health', '2025-03-01'],
      ['housing', '2025-03-01'],
    ]);

    // A bad value after the multi-line cell is reported on the line a text editor shows.
    const broken = Buffer.from(text.replace('U-3,,,X', 'U-3,,,Z'), 'utf8');
    expect((await preview(conventionId, broken, 'export.csv')).issues).toEqual([
      expect.objectContaining({ line: 6, column: 'Genre', value: 'Z' }),
    ]);
  });

  test('identity values stay out of the issues too', async () => {
    const conventionId = await setup();
    const text = 'N° dossier;Nom;E-mail\r\nA-1;Durand;pas-une-adresse\r\n';
    const { issues } = await preview(conventionId, Buffer.from(text, 'utf8'), 'contacts.csv');
    expect(issues).toEqual([
      { line: 2, column: 'E-mail', value: '•••', reason: 'Adresse e-mail invalide.' },
    ]);
  });

  test('an XLSX workbook imports: dates in UTC without shifting the day, numbers, formulas, rich text', async () => {
    const conventionId = await setup();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Suivi');
    sheet.addRow([
      'N° dossier',
      'Sexe',
      'Année de naissance',
      'Commune',
      'Code INSEE',
      'Quartier / zone',
      'Date de repérage',
      'Date entrée accompagnement',
      'Freins',
      'Date de sortie',
      'Type de sortie',
    ]);
    sheet.addRow([
      'X-1',
      'Femme',
      1990,
      'Bourg-en-Bresse',
      1053,
      'QPV Reyssouze',
      new Date(Date.UTC(2025, 0, 31)),
      new Date(Date.UTC(2025, 1, 28)),
      'Mobilité',
      new Date(Date.UTC(2025, 11, 31, 23, 30)),
      'Emploi durable',
    ]);
    sheet.addRow([]);
    sheet.addRow([
      'X-2',
      { richText: [{ text: 'Hom' }, { font: { bold: true }, text: 'me' }] },
      { formula: '2000-5', result: 1995 },
      'Rennes',
      '35238',
      '',
      new Date(Date.UTC(2024, 1, 29)),
      null,
      null,
      null,
      null,
    ]);
    sheet.getColumn(7).numFmt = 'dd/mm/yyyy';
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());

    const shown = await preview(conventionId, bytes, 'suivi.xlsx');
    expect(shown).toMatchObject({ format: 'xlsx', encoding: null, delimiter: null, issues: [] });
    expect(shown.sample).toEqual([
      expect.objectContaining({
        line: '2',
        sex: 'Femme',
        birthYear: '1990',
        inseeCode: '01053',
        identifiedOn: '31/01/2025',
        accompanimentStart: '28/02/2025',
        exitDate: '31/12/2025',
      }),
      expect.objectContaining({
        line: '4',
        sex: 'Homme',
        birthYear: '1995',
        identifiedOn: '29/02/2024',
      }),
    ]);
    // A file without an extension is still recognised by its signature.
    expect(await commit(conventionId, bytes, 'suivi')).toEqual({
      created: 2,
      updated: 0,
      unchanged: 0,
    });
    const people = await backend.call('people.list', { conventionId, today: TODAY });
    const x1 = await backend.call('people.get', {
      id: people.find((p) => p.fileNumber === 'X-1')!.id,
      today: TODAY,
    });
    expect(x1.person).toMatchObject({ inseeCode: '01053', birthYear: 1990, qpvName: 'Reyssouze' });
    expect(x1.pathway).toMatchObject({
      identifiedOn: '2025-01-31',
      accompanimentStart: '2025-02-28',
      exitDate: '2025-12-31',
      exitType: 'employment_durable',
    });
  });

  test('the mapping is remembered for the convention', async () => {
    const conventionId = await setup();
    const text = 'Réf. interne;Sexe (F/H);Repéré(e) le\r\nR-1;F;02/01/2025\r\n';
    const bytes = Buffer.from(text, 'utf8');
    const guessed = await preview(conventionId, bytes, 'maison.csv');
    // « Repéré(e) le » reads, little words aside, as « Repéré le »; the other two are unknown.
    expect(guessed.mapping).toEqual({ identifiedOn: 'Repéré(e) le' });
    expect(guessed.issues).toEqual([
      {
        line: 1,
        column: '',
        value: '',
        reason: "Aucune colonne n'est associée au champ obligatoire « N° dossier ».",
      },
    ]);
    const mapping = { fileNumber: 'Réf. interne', sex: 'Sexe (F/H)', identifiedOn: 'Repéré(e) le' };
    expect(await commit(conventionId, bytes, 'maison.csv', mapping)).toEqual({
      created: 1,
      updated: 0,
      unchanged: 0,
    });

    const remembered = await preview(conventionId, bytes, 'maison.csv');
    expect(remembered.mapping).toEqual(mapping);
    expect(remembered.counts).toEqual({ rows: 1, toCreate: 0, toUpdate: 0, unchanged: 1 });
    // Another file: the remembered columns it has are kept, the others guessed from the headers.
    const fixture = await preview(conventionId, fixtureBytes);
    expect(fixture.mapping.fileNumber).toBe('N° dossier');
    expect(fixture.issues).toEqual([]);
  });

  test('a wrong mapping is refused with French messages on the header line', async () => {
    const conventionId = await setup();
    const error = await refusal(
      commit(conventionId, fixtureBytes, FIXTURE_FILE, { fileNumber: 'N° dossier', sex: 'Genre' }),
    );
    expect(error.fields).toEqual([
      {
        path: 'line.1',
        message:
          "Ligne 1, colonne « Genre », valeur vide : Cette colonne, choisie pour « Sexe », n'existe pas dans le fichier.",
      },
    ]);
  });

  test('empty, header-only and .xls files get a clear French message', async () => {
    const conventionId = await setup();
    const empty = await refusal(preview(conventionId, Buffer.from('\r\n\r\n'), 'vide.csv'));
    expect(empty.message).toBe('Le fichier « vide.csv » est vide : aucune ligne à importer.');
    const headerOnly = await refusal(
      preview(conventionId, Buffer.from(`${fixtureLines[0]}\r\n`, 'latin1'), 'entete.csv'),
    );
    expect(headerOnly.message).toMatch(/ne contient que la ligne d'en-tête \(ligne 1\)/);
    const xls = await refusal(
      preview(
        conventionId,
        Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
        'ancien.xls',
      ),
    );
    expect(xls.message).toMatch(/\.xls.*enregistrez-le au format \.xlsx ou CSV/);
    const notXlsx = await refusal(
      preview(conventionId, Buffer.from('PK\u0003\u0004 pas une archive'), 'faux.xlsx'),
    );
    expect(notXlsx.message).toMatch(/^Le classeur « faux\.xlsx » ne peut pas être lu/);
  });
});
