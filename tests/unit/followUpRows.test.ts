import { describe, expect, test } from 'vitest';
import { followUpMapper, parseFollowUpTable } from '../../shared/import/followUpRows';

const HEADERS = ['N° de dossier', 'Date de suivi', 'Situation à six mois'];
const mapping = followUpMapper.guessMapping(HEADERS);
const parse = (cells: string[]) =>
  parseFollowUpTable({ headers: HEADERS, rows: [{ line: 7, cells }] }, mapping);

describe('follow-up rows', () => {
  test('headers are guessed from the words operators use, and no word names two fields', () => {
    expect(mapping).toEqual({
      fileNumber: 'N° de dossier',
      followUpDate: 'Date de suivi',
      followUpSituation: 'Situation à six mois',
    });
    expect(followUpMapper.ambiguousHeaderWords()).toEqual([]);
  });

  test('situations typed by hand are recognised; dates read as French dates', () => {
    const cases: [string, string][] = [
      ['En emploi', 'employment'],
      ['CDI', 'employment'],
      ['formation', 'training'],
      ["En recherche d'emploi accompagnée", 'job_seeking'],
      ['Sans activité', 'inactive'],
      ['inconnue', 'unknown'],
    ];
    for (const [typed, code] of cases) {
      const { rows, issues } = parse([' S-001 ', '3/2/2026', typed]);
      expect(issues).toEqual([]);
      expect(rows[0]!.fileNumber).toBe('S-001');
      expect(rows[0]!.values).toEqual({ followUpDate: '2026-02-03', followUpSituation: code });
    }
  });

  test('a bad cell is refused naming its line and column, with the value as typed', () => {
    const { rows, issues } = parse(['', '31/02/2026', 'Retraite']);
    expect(rows[0]!.values).toBeNull();
    expect(issues.map(({ line, column, value }) => ({ line, column, value }))).toEqual([
      { line: 7, column: 'N° de dossier', value: '' },
      { line: 7, column: 'Date de suivi', value: '31/02/2026' },
      { line: 7, column: 'Situation à six mois', value: 'Retraite' },
    ]);
    expect(issues[2]!.reason).toMatch(/Situation à 6 mois non reconnue/);
  });

  test('a missing date or situation is refused, not left empty', () => {
    const { rows, issues } = parse(['S-001', '', '']);
    expect(rows[0]!.values).toBeNull();
    expect(issues.map((issue) => issue.column)).toEqual(['Date de suivi', 'Situation à six mois']);
  });
});
