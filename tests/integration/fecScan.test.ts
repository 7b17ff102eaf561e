/**
 * The FEC reader against the independent fixtures: every figure of expected.json, and
 * every malformed file refused with its line named.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { scanFec } from '../../electron/backend/fec/scanFec';
import { FecFormatError } from '../../shared/fec/fecLine';
import { sharedFixture } from '../fixtures/sharedFixtures';

const expected = JSON.parse(readFileSync(sharedFixture('fec', 'expected.json'), 'utf8')) as Record<
  string,
  {
    lines: number;
    entries: number;
    total_debit_cents: number;
    total_credit_cents: number;
    charges_cents: number;
    produits_cents: number;
    result_cents: number;
    net_debit_by_class2_cents: Record<string, number>;
    net_debit_by_account_cents: Record<string, number>;
    net_debit_by_class_and_analytic_cents?: Record<string, number>;
  }
>;

describe('FEC fixtures', () => {
  for (const [file, figures] of Object.entries(expected)) {
    test(`${file}: every expected figure`, () => {
      const scan = scanFec(sharedFixture('fec', file));
      expect(scan.issues).toEqual([]);
      expect(scan.lines).toBe(figures.lines);
      expect(scan.entries).toBe(figures.entries);
      expect(scan.totalDebitCents).toBe(figures.total_debit_cents);
      expect(scan.totalCreditCents).toBe(figures.total_credit_cents);
      expect(scan.byClass['6']).toBe(figures.charges_cents);
      expect(-(scan.byClass['7'] ?? 0)).toBe(figures.produits_cents);
      expect(-(scan.byClass['7'] ?? 0) - (scan.byClass['6'] ?? 0)).toBe(figures.result_cents);
      const byAccount = Object.fromEntries(
        [...scan.byAccount].map(([account, total]) => [account, total.netDebitCents]),
      );
      expect(byAccount).toEqual(figures.net_debit_by_account_cents);
      const byGroup: Record<string, number> = {};
      for (const [account, cents] of Object.entries(byAccount))
        byGroup[account.slice(0, 2)] = (byGroup[account.slice(0, 2)] ?? 0) + cents;
      expect(byGroup).toEqual(figures.net_debit_by_class2_cents);
      if (figures.net_debit_by_class_and_analytic_cents) {
        expect(scan.hasAnalytic).toBe(true);
        expect(scan.byClassAndAnalytic).toEqual(figures.net_debit_by_class_and_analytic_cents);
      }
    });
  }

  test('the 2026 file is ISO-8859-15, |, CRLF, with an Analytique column; the 2025 one UTF-8 and TAB', () => {
    const y2026 = scanFec(sharedFixture('fec', '123456789FEC20261231.txt'));
    expect([y2026.encoding, y2026.separator, y2026.extraColumns]).toEqual([
      'ISO-8859-15',
      '|',
      ['Analytique'],
    ]);
    expect(y2026.byAccount.get('625100')?.label).toBe('Voyages et déplacements');
    const y2025 = scanFec(sharedFixture('fec', '123456789FEC20251231.txt'));
    expect([y2025.encoding, y2025.separator, y2025.hasAnalytic]).toEqual(['UTF-8', 'TAB', false]);
  });
});

describe('malformed files are refused with the line named', () => {
  const reasons: Record<string, RegExp> = {
    'amount-with-dot.txt': /point décimal/,
    'bad-date.txt': /date « \d{8} » impossible/,
    'missing-column.txt': /colonne\(s\) manquante\(s\) Idevise/,
    'text-in-amount.txt': /montant « .* » illisible/,
    'unbalanced-entry.txt': /déséquilibrée/,
    'empty.txt': /vide/,
    'not-a-fec.txt': /n'est pas un FEC/,
  };
  for (const file of readdirSync(sharedFixture('fec', 'malformed'))) {
    test(file, () => {
      const path = sharedFixture('fec', 'malformed', file);
      const reason = reasons[file];
      expect(reason, `no expectation written for ${file}`).toBeDefined();
      let scan;
      try {
        scan = scanFec(path);
      } catch (error) {
        expect(error).toBeInstanceOf(FecFormatError);
        expect((error as Error).message).toMatch(reason!);
        return;
      }
      expect(scan.issues.length).toBeGreaterThan(0);
      expect(scan.issues[0]!.line).toBeGreaterThan(1);
      expect(scan.issues.map((issue) => issue.reason).join('\n')).toMatch(reason!);
    });
  }
});

test('other layouts the rules allow: Montant + Sens, sign last, CR line ends, BOM, cash-basis columns', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pilote-cpo-fec-'));
  const header = [
    'JournalCode',
    'JournalLib',
    'EcritureNum',
    'EcritureDate',
    'CompteNum',
    'CompteLib',
    'CompAuxNum',
    'CompAuxLib',
    'PieceRef',
    'PieceDate',
    'EcritureLib',
    'Montant',
    'Sens',
    'EcritureLet',
    'DateLet',
    'ValidDate',
    'Montantdevise',
    'Idevise',
    'DateRglt',
    'ModeRglt',
    'NatOp',
    'IdClient',
  ];
  const row = (num: string, account: string, amount: string, sens: string) =>
    [
      'BQ',
      'Banque',
      num,
      '20250315',
      account,
      'Libellé',
      '',
      '',
      'P1',
      '20250315',
      'Réglement',
      amount,
      sens,
      '',
      '',
      '20250315',
      '',
      '',
      '20250316',
      'VIR',
      '',
      '',
    ].join('\t');
  const text =
    '\uFEFF' +
    [
      header.join('\t'),
      row('1', '606300', '120,50', 'D'),
      row('1', '512000', '120,50', 'C'),
      row('2', '706000', '80-', '+1'),
      row('2', '411000', '80-', '-1'),
    ].join('\r');
  const path = join(dir, 'variante.txt');
  writeFileSync(path, text, 'utf8');
  const scan = scanFec(path);
  rmSync(dir, { recursive: true, force: true });
  expect(scan.issues).toEqual([]);
  expect(scan.lines).toBe(4);
  expect(scan.entries).toBe(2);
  expect(scan.byAccount.get('606300')?.netDebitCents).toBe(12050);
  // "80-" is −80,00 debited: a negative debit on 706000 reads as a credit of 80,00.
  expect(scan.byAccount.get('706000')?.netDebitCents).toBe(-8000);
  expect(scan.extraColumns).toEqual([]);
});

describe('what real packages write (issue 13)', () => {
  const HEADER =
    'JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|PieceDate|EcritureLib|Debit|Credit|EcritureLet|DateLet|ValidDate|Montantdevise|Idevise';
  const row = (journal: string, num: string, account: string, debit: string, credit: string) =>
    `${journal}|Journal|${num}|20250315|${account}|Libellé|||P${num}|20250315|Pièce|${debit}|${credit}|||20250315||`;
  const write = (content: string | Buffer) => {
    const dir = mkdtempSync(join(tmpdir(), 'pilote-cpo-fec-'));
    const path = join(dir, 'fec.txt');
    writeFileSync(path, content);
    return {
      scan: () => {
        try {
          return scanFec(path);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  };

  test('an entry is its journal and number wherever its lines are: counted once, balanced as a whole', () => {
    // Lines sorted by account, as some packages export: entry AC 1 is split in three places,
    // and AC 1 of another journal (BQ) is a different entry.
    const scan = write(
      [
        HEADER,
        row('AC', '1', '401000', '', '120,00'),
        row('AC', '2', '401000', '', '50,00'),
        row('BQ', '1', '512000', '', '30,00'),
        row('AC', '1', '445660', '20,00', ''),
        row('AC', '2', '606300', '50,00', ''),
        row('BQ', '1', '627000', '30,00', ''),
        row('AC', '1', '606300', '100,00', ''),
      ].join('\n'),
    ).scan();
    expect(scan.issues).toEqual([]);
    expect(scan.entries).toBe(3);
    expect(scan.lines).toBe(7);
  });

  test('an entry balanced in its first run, unbalanced by a later line, is reported once', () => {
    const scan = write(
      [
        HEADER,
        row('AC', '1', '401000', '', '120,00'),
        row('AC', '1', '606300', '120,00', ''),
        row('AC', '2', '606300', '5,00', ''),
        row('AC', '2', '401000', '', '5,00'),
        row('AC', '1', '606300', '1,00', ''),
      ].join('\n'),
    ).scan();
    expect(scan.entries).toBe(2);
    expect(scan.issues).toEqual([
      {
        line: 2,
        reason: expect.stringMatching(/écriture 1 du journal AC \(lignes 2 à 6\) déséquilibrée/),
      },
    ]);
  });

  test('a stray empty last field is tolerated and counted; a broken line gives ONE error, not its imbalance', () => {
    const tolerated = write(
      [
        HEADER,
        `${row('AC', '1', '606300', '10,00', '')}|`,
        row('AC', '1', '401000', '', '10,00'),
      ].join('\n'),
    ).scan();
    expect(tolerated.issues).toEqual([]);
    expect(tolerated.trailingEmptyFieldLines).toBe(1);
    const broken = write(
      [
        HEADER,
        row('AC', '1', '606300', '10,00', '').replace('20250315|606300', '20251345|606300'),
        row('AC', '1', '401000', '', '10,00'),
      ].join('\n'),
    ).scan();
    // Both the date and nothing else: one issue, on line 2; entry AC 1 is not also
    // "déséquilibrée" because its other line was refused.
    expect(broken.issueCount).toBe(1);
    expect(broken.issues).toEqual([{ line: 2, reason: expect.stringMatching(/impossible/) }]);
    const twoReasons = write(
      [HEADER, row('AC', '1', '606300', '1.5', 'x').replace('20250315|606300', '2025|606300')].join(
        '\n',
      ),
    ).scan();
    expect(twoReasons.issueCount).toBe(1);
    expect(twoReasons.issues[0]!.reason).toMatch(/EcritureDate.* ; Debit.* ; Credit/);
  });

  test('UTF-8 header over an ISO-8859-15 body is refused, naming both lines; never stored garbled', () => {
    const body = Buffer.from(
      `${row('AC', '1', '606300', '10,00', '')}\n${row('AC', '1', '401000', '', '10,00').replace('Libellé', 'Dépôt')}\n`,
      'latin1',
    );
    const mixed = Buffer.concat([
      Buffer.from(`${HEADER.replace('JournalLib', 'JournalLib')}\n`, 'utf8'),
      Buffer.from(`${row('AC', '0', '606300', '0,00', '').replace('Libellé', 'Réel')}\n`, 'utf8'),
      body,
    ]);
    expect(() => write(mixed).scan()).toThrow(
      /encodages mélangés : la ligne 2 est en UTF-8 mais la ligne 3 ne l’est pas/,
    );
    // The same body alone is plain ISO-8859-15: read as such, labels intact.
    const latin = write(Buffer.concat([Buffer.from(`${HEADER}\n`), body])).scan();
    expect(latin.encoding).toBe('ISO-8859-15');
    expect(latin.issues).toEqual([]);
  });

  test('a NUL byte is refused with its line', () => {
    const text = [
      HEADER,
      row('AC', '1', '606300', '10,00', ''),
      row('AC', '1', '401000', '', '10,00'),
    ].join('\n');
    const withNul = Buffer.from(text.replace('401000', '40\u00001000'), 'utf8');
    expect(() => write(withNul).scan()).toThrow(/ligne 3 : octet nul/);
    const crOnly = Buffer.from(
      text.replaceAll('\n', '\r').replace('401000', '40\u00001000'),
      'utf8',
    );
    expect(() => write(crOnly).scan()).toThrow(/ligne 3 : octet nul/);
  });
});
