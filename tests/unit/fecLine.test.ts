import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  isKeptAccount,
  parseFecAmount,
  parseFecDate,
  readFecHeader,
  readFecLine,
  FecFormatError,
} from '../../shared/fec/fecLine';

const header18 =
  'JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|PieceDate|EcritureLib|Debit|Credit|EcritureLet|DateLet|ValidDate|Montantdevise|Idevise';

describe('amounts', () => {
  test.each([
    ['1234,56', 123456],
    ['0,00', 0],
    ['', 0],
    ['12,5', 1250],
    ['-12,50', -1250],
    ['12,50-', -1250],
    ['+3', 300],
    ['3+', 300],
    [' 7,10 ', 710],
    ['-0,00', 0],
  ])('%j → %i cents', (text, cents) => {
    expect(parseFecAmount(text)).toBe(cents);
  });

  test.each([
    ['84213.57', /point décimal/],
    ['12,345', /plus de deux décimales/],
    ['12a', /illisible/],
    ['1 234,56', /illisible/],
    [',5', /illisible/],
    ['5,', /illisible/],
    ['--5', /illisible/],
    ['1,2,3', /illisible/],
  ])('%j is refused in French', (text, reason) => {
    expect(parseFecAmount(text)).toMatch(reason);
  });

  test('property: any amount written the FEC way, sign first or last, reads back to its cents', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -99_999_999_999, max: 99_999_999_999 }),
        fc.boolean(),
        (cents, signLast) => {
          const abs = Math.abs(cents);
          const body = `${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
          const text = cents < 0 ? (signLast ? `${body}-` : `-${body}`) : body;
          expect(parseFecAmount(text)).toBe(cents);
        },
      ),
    );
  });
});

describe('dates', () => {
  test('AAAAMMJJ to ISO; impossible and malformed dates refused', () => {
    expect(parseFecDate('20250101')).toBe('2025-01-01');
    expect(parseFecDate('20240229')).toBe('2024-02-29');
    expect(parseFecDate('20250229')).toEqual({ reason: 'date « 20250229 » impossible' });
    expect(parseFecDate('20251301')).toEqual({ reason: 'date « 20251301 » impossible' });
    expect(parseFecDate('2025-01-01')).toEqual({ reason: expect.stringMatching(/illisible/) });
    expect(parseFecDate('01/01/2025')).toEqual({ reason: expect.stringMatching(/illisible/) });
  });

  test('property: every real calendar day round-trips', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1990-01-01T00:00:00Z'),
          max: new Date('2099-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (date) => {
          const iso = date.toISOString().slice(0, 10);
          expect(parseFecDate(iso.replaceAll('-', ''))).toBe(iso);
        },
      ),
    );
  });
});

describe('header and lines', () => {
  test('TAB or |, extra columns kept, an analytic column found', () => {
    const layout = readFecHeader(`${header18}|Analytique`);
    expect(layout.separator).toBe('|');
    expect(layout.extras).toEqual([{ name: 'Analytique', index: 18 }]);
    const line = readFecLine(
      'AC|Achats|AC1|20260103|625100|Voyages|401X|Fourn|F1|20260103|Train|120,00|0,00|||20260103|||o2r',
      layout,
    );
    expect(line).toMatchObject({
      compteNum: '625100',
      debitCents: 12000,
      creditCents: 0,
      analytic: 'O2R',
      extras: { Analytique: 'o2r' },
    });
    expect(readFecHeader(header18.replaceAll('|', '\t')).separator).toBe('\t');
  });

  test('Montant + Sens replaces Debit/Credit', () => {
    const layout = readFecHeader(header18.replace('Debit|Credit', 'Montant|Sens'));
    expect(
      readFecLine('BQ|Banque|1|20250101|512000|Banque|||P|20250101|X|10,00|C|||20250101||', layout),
    ).toMatchObject({ debitCents: 0, creditCents: 1000 });
    expect(
      readFecLine(
        'BQ|Banque|1|20250101|512000|Banque|||P|20250101|X|10,00|+1|||20250101||',
        layout,
      ),
    ).toMatchObject({ debitCents: 1000 });
    expect(
      readFecLine('BQ|Banque|1|20250101|512000|Banque|||P|20250101|X|10,00|Z|||20250101||', layout),
    ).toEqual([expect.stringMatching(/Sens « Z »/)]);
  });

  test('a line with the wrong column count names both counts', () => {
    const layout = readFecHeader(header18);
    expect(readFecLine('AN|A nouveaux|1', layout)).toEqual([
      "3 colonnes au lieu de 18 (comme l'en-tête)",
    ]);
  });

  test('a file that is not a FEC, or lacks a column, is refused in French', () => {
    expect(() => readFecHeader('Date;Libellé;Montant')).toThrow(FecFormatError);
    expect(() => readFecHeader(header18.replace('|Idevise', ''))).toThrow(
      /colonne\(s\) manquante\(s\) Idevise/,
    );
  });

  test('kept accounts: classes 6 and 7, contributions in kind 86/87', () => {
    expect(['606300', '741000', '864000', '875000'].every(isKeptAccount)).toBe(true);
    expect(['512000', '401000', '102000', '890000'].some(isKeptAccount)).toBe(false);
  });
});
