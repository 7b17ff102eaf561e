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

describe('what real packages write (issue 13)', () => {
  test.each([
    // A sign position (space or -) then 15 integer digits: the value is what matters.
    [' 000000000001437,12', 143712],
    ['-000000000001437,12', -143712],
    ['000000000000000,00', 0],
    ['0000000000000000000000012,5', 1250],
    [' 00001437,12', 143712],
  ])('zero-padded %j → %i cents', (text, cents) => {
    expect(parseFecAmount(text)).toBe(cents);
  });

  test('padding does not lift the cap on significant digits', () => {
    // 14 significant digits before the comma: beyond 2^53 cents once read, refused.
    expect(parseFecAmount(' 012345678901234,00')).toMatch(/illisible/);
  });

  test('a stray empty field at the end is tolerated and flagged; a filled one is not', () => {
    const layout = readFecHeader(header18);
    const line = 'BQ|Banque|1|20250101|512000|Banque|||P|20250101|X|10,00|0,00|||20250101||';
    expect(readFecLine(line, layout)).toMatchObject({ trailingEmptyFields: false });
    expect(readFecLine(`${line}|`, layout)).toMatchObject({
      debitCents: 1000,
      trailingEmptyFields: true,
    });
    expect(readFecLine(`${line}| |`, layout)).toMatchObject({ trailingEmptyFields: true });
    expect(readFecLine(`${line}|oops`, layout)).toEqual([
      "19 colonnes au lieu de 18 (comme l'en-tête)",
    ]);
  });

  test('Sens as + / - or lower-case d / c', () => {
    const layout = readFecHeader(header18.replace('Debit|Credit', 'Montant|Sens'));
    const withSens = (sens: string) =>
      readFecLine(
        `BQ|Banque|1|20250101|512000|Banque|||P|20250101|X|10,00|${sens}|||20250101||`,
        layout,
      );
    expect(withSens('+')).toMatchObject({ debitCents: 1000, creditCents: 0 });
    expect(withSens('-')).toMatchObject({ debitCents: 0, creditCents: 1000 });
    expect(withSens('d')).toMatchObject({ debitCents: 1000 });
    expect(withSens('c')).toMatchObject({ creditCents: 1000 });
  });

  test('lower-case, reordered headers with an extra column; 8- and 10-digit accounts', () => {
    const names = header18.toLowerCase().split('|');
    const reordered = [names[4], names[0], ...names.slice(1, 4), ...names.slice(5), 'Section'];
    const layout = readFecHeader(reordered.join('\t'));
    expect(layout.index.compteNum).toBe(0);
    expect(layout.analytic).toBe(18);
    const values =
      'BQ|Banque|1|20250101|6063000000|Fournitures|||P|20250101|X|10,00|0,00|||20250101||'.split(
        '|',
      );
    const line = [values[4], values[0], ...values.slice(1, 4), ...values.slice(5), 'o2r'];
    expect(readFecLine(line.join('\t'), layout)).toMatchObject({
      compteNum: '6063000000',
      journalCode: 'BQ',
      debitCents: 1000,
      analytic: 'O2R',
    });
    expect(isKeptAccount('60630000')).toBe(true);
  });
});
