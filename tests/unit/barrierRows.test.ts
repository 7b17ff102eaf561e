/** The barriers import's row reader (shared/import/barrierRows.ts), without a database. */
import { describe, expect, test } from 'vitest';
import { barrierCategories } from '../../shared/domain/peopleLists';
import { barrierMapper, parseBarrierTable } from '../../shared/import/barrierRows';

const HEADERS = ['N° dossier', 'Frein', 'Identifié le', 'Levé le'];
const MAPPING = {
  fileNumber: 'N° dossier',
  category: 'Frein',
  identifiedOn: 'Identifié le',
  liftedOn: 'Levé le',
};
const read = (...cells: string[]) =>
  parseBarrierTable({ headers: HEADERS, rows: [{ line: 2, cells }] }, MAPPING).rows[0]!;

describe('barrier rows', () => {
  test('every type is accepted by its French label and by its code', () => {
    for (const item of barrierCategories) {
      for (const text of [item.label, item.code, item.label.toUpperCase()]) {
        expect(read('F-1', text, '01/04/2026', '').values?.category, text).toBe(item.code);
      }
    }
  });

  test('an unknown type is refused on its line and column, listing the types', () => {
    const row = read('F-1', 'Addiction', '01/04/2026', '');
    expect(row.values).toBeNull();
    expect(row.issues).toEqual([
      {
        line: 2,
        column: 'Frein',
        value: 'Addiction',
        reason: `Frein non reconnu : attendu ${barrierCategories.map((item) => item.label).join(', ')}.`,
      },
    ]);
  });

  test('the lifted date is optional, never before the identified date', () => {
    expect(read('F-1', 'Santé', '01/04/2026', '').values).toEqual({
      category: 'health',
      identifiedOn: '2026-04-01',
      liftedOn: null,
    });
    expect(read('F-1', 'Santé', '01/04/2026', '01/04/2026').values?.liftedOn).toBe('2026-04-01');
    expect(read('F-1', 'Santé', '01/04/2026', '31/03/2026').issues).toEqual([
      {
        line: 2,
        column: 'Levé le',
        value: '31/03/2026',
        reason: "Un frein ne peut pas être levé avant d'avoir été identifié.",
      },
    ]);
    expect(read('F-1', 'Santé', '', '').issues[0]).toMatchObject({
      column: 'Identifié le',
      reason: "Date d'identification du frein obligatoire.",
    });
  });

  test('headers as operators write them are guessed', () => {
    expect(
      barrierMapper.guessMapping([
        'Numéro de dossier',
        'Type de frein',
        "Date d'identification",
        'Date de levée',
      ]),
    ).toEqual({
      fileNumber: 'Numéro de dossier',
      category: 'Type de frein',
      identifiedOn: "Date d'identification",
      liftedOn: 'Date de levée',
    });
    expect(barrierMapper.ambiguousHeaderWords()).toEqual([]);
  });
});
