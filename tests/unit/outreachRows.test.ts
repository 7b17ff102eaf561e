import { describe, expect, test } from 'vitest';
import { outreachMapper, parseOutreachTable } from '../../shared/import/outreachRows';

const HEADERS = ['Date', 'Canal', 'Lieu', 'Zone', 'Nb personnes', 'Anonyme', 'N° dossier'];
const mapping = outreachMapper.guessMapping(HEADERS);

/** Rows given as header → cell; line numbers as in a CSV (header = line 1). */
function parse(rows: Record<string, string>[], headers = HEADERS, map = mapping) {
  return parseOutreachTable(
    {
      headers,
      rows: rows.map((row, index) => ({
        line: index + 2,
        cells: headers.map((header) => row[header] ?? ''),
      })),
    },
    map,
  );
}

const valid = { Date: '06/01/2026', Canal: 'Maraude', 'Nb personnes': '3' };

describe('outreach log rows', () => {
  test('headers are guessed from the words operators use, and no word names two fields', () => {
    expect(mapping).toEqual({
      date: 'Date',
      channel: 'Canal',
      commune: 'Lieu',
      zone: 'Zone',
      count: 'Nb personnes',
      anonymous: 'Anonyme',
      fileNumber: 'N° dossier',
    });
    expect(
      outreachMapper.guessMapping(['Date du contact', 'Type d’action', 'Nombre de contacts']),
    ).toEqual({ date: 'Date du contact', channel: 'Type d’action', count: 'Nombre de contacts' });
    expect(outreachMapper.ambiguousHeaderWords()).toEqual([]);
  });

  test('channels typed by hand are recognised, dates read as dd/mm/yyyy', () => {
    const { rows, issues } = parse([
      { ...valid, Canal: 'Maraude' },
      { ...valid, Canal: 'maraude  ' },
      { ...valid, Canal: ' PERMANENCE' },
      { ...valid, Canal: 'bouche à oreille', Date: '3/2/2026' },
    ]);
    expect(issues).toEqual([]);
    expect(rows.map((row) => row.values!.channel)).toEqual([
      'street',
      'street',
      'drop_in',
      'word_of_mouth',
    ]);
    expect(rows[3]!.values!.date).toBe('2026-02-03');
    expect(rows[3]!.display.date).toBe('03/02/2026');
  });

  test('zone and count are read as the log records them', () => {
    const { rows } = parse([{ ...valid, Zone: 'QPV Maurepas, ZRR', 'Nb personnes': '12' }]);
    expect(rows[0]!.values).toMatchObject({ qpv: true, zrr: true, count: 12, volet: 1 });
  });

  test('each refusal names the line, the column and the value, in French', () => {
    const { rows, issues } = parse([
      valid,
      { ...valid, Date: '2026/01/06' },
      { ...valid, Canal: 'Porte à porte' },
      { ...valid, 'Nb personnes': '3,5' },
      { ...valid, 'Nb personnes': '' },
      { ...valid, 'Nb personnes': '0' },
      { ...valid, Anonyme: 'peut-être' },
      { ...valid, Zone: 'centre-ville' },
    ]);
    expect(issues.map(({ line, column, value }) => [line, column, value])).toEqual([
      [3, 'Date', '2026/01/06'],
      [4, 'Canal', 'Porte à porte'],
      [5, 'Nb personnes', '3,5'],
      [6, 'Nb personnes', ''],
      [7, 'Nb personnes', '0'],
      [8, 'Anonyme', 'peut-être'],
      [9, 'Zone', 'centre-ville'],
    ]);
    expect(issues[0]!.reason).toMatch(/^Date illisible : attendu jj\/mm\/aaaa/);
    expect(issues[1]!.reason).toMatch(/^Canal non reconnu : attendu Maraude, /);
    expect(issues[3]!.reason).toBe('Nombre de contacts obligatoire.');
    expect(issues[4]!.reason).toBe('Au moins un contact.');
    // A row with an issue is never written.
    expect(rows.slice(1).every((row) => row.values === null)).toBe(true);
    expect(rows[0]!.values).not.toBeNull();
  });

  test('anonymous and file number must agree', () => {
    const { rows, issues } = parse([
      { ...valid, Anonyme: 'oui', 'N° dossier': 'R-001' },
      { ...valid, Anonyme: 'non' },
      { ...valid, Anonyme: 'non', 'N° dossier': 'R-001' },
      { ...valid, 'N° dossier': 'R-002' },
    ]);
    expect(issues.map(({ line, column }) => [line, column])).toEqual([
      [2, 'N° dossier'],
      [3, 'N° dossier'],
    ]);
    expect(rows[2]!.fileNumber).toBe('R-001');
    expect(rows[3]!.fileNumber).toBe('R-002');
  });

  test('a missing required column or a stray separator is refused', () => {
    const noCount = parse([valid], HEADERS, { date: 'Date', channel: 'Canal' });
    expect(noCount.issues).toEqual([
      expect.objectContaining({
        line: 1,
        reason: "Aucune colonne n'est associée au champ obligatoire « Nombre de contacts ».",
      }),
    ]);
    const stray = parseOutreachTable(
      {
        headers: HEADERS,
        rows: [{ line: 2, cells: ['06/01/2026', 'Maraude', '', '', '3', '', '', 'x'] }],
      },
      mapping,
    );
    expect(stray.issues).toEqual([expect.objectContaining({ line: 2, column: 'Colonne 8' })]);
    expect(stray.rows[0]!.values).toBeNull();
  });
});
