import { describe, expect, test } from 'vitest';
import {
  coordinationMapper,
  parseCoordinationTable,
  splitPartnerNames,
} from '../../shared/import/coordinationRows';

const HEADERS = ['Date de la réunion', 'Instance', 'Objet', 'Partenaires présents', 'Compte rendu'];
const mapping = coordinationMapper.guessMapping(HEADERS);
const parse = (cells: string[]) =>
  parseCoordinationTable({ headers: HEADERS, rows: [{ line: 2, cells }] }, mapping);

describe('coordination rows', () => {
  test('headers are guessed from the words operators use, and no word names two fields', () => {
    expect(mapping).toEqual({
      date: 'Date de la réunion',
      kind: 'Instance',
      title: 'Objet',
      partners: 'Partenaires présents',
      decisions: 'Compte rendu',
    });
    expect(coordinationMapper.ambiguousHeaderWords()).toEqual([]);
  });

  test('kinds typed by hand are recognised; title and decisions kept as typed', () => {
    const kinds = [
      'COPIL',
      'comité de pilotage',
      ' CTE ',
      'Comité territorial',
      'coordination',
      'autre instance',
    ].map((kind) => parse(['14/01/2026', kind, 'Réunion', '', '']).rows[0]!.values?.kind);
    expect(kinds).toEqual(['copil', 'copil', 'cte', 'cte', 'coordination', 'other_committee']);
    const { rows } = parse([
      '3/2/2026',
      'copil',
      'COPIL n°2',
      '',
      'Budget  validé ; suite en mars',
    ]);
    expect(rows[0]!.values).toEqual({
      date: '2026-02-03',
      kind: 'copil',
      title: 'COPIL n°2',
      decisions: 'Budget  validé ; suite en mars',
    });
  });

  test('partner names are split on , ; / + and line breaks', () => {
    expect(splitPartnerNames('France Travail, Mission locale / CMP\n  CCAS  de Rennes +')).toEqual([
      'France Travail',
      'Mission locale',
      'CMP',
      'CCAS de Rennes',
    ]);
  });

  test('refusals name the line and the column, in French', () => {
    const { rows, issues } = parse(['31/02/2026', 'séminaire', '', '', '']);
    expect(issues.map(({ line, column }) => [line, column])).toEqual([
      [2, 'Date de la réunion'],
      [2, 'Instance'],
      [2, 'Objet'],
    ]);
    expect(issues[1]!.reason).toMatch(/^Type non reconnu : attendu Action de coordination, /);
    expect(rows[0]!.values).toBeNull();
  });
});
