/**
 * One small synthetic FEC per accounting package, each with the quirks its public
 * documentation or code shows (tests/fixtures/fec-packages/README.md): every file is
 * previewed and imported, and every total — lines, entries, debit, credit, each class,
 * two-digit group, kept account and analytic code, read back from the stored lines — equals
 * what the independent reader of tests/helpers/fecReference.ts works out from the bytes.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { validConvention } from '../fixtures/conventionInput';
import { referenceTotals } from '../helpers/fecReference';
import { testBackend, type TestBackend } from './helpers/testBackend';

const FOLDER = join(__dirname, '..', 'fixtures', 'fec-packages');
const files = readdirSync(FOLDER).filter((name) => /\.(txt|csv)$/.test(name));

let backend: TestBackend;
afterEach(() => backend?.dispose());

/** Isacompta's file is of a year from 1 May to 30 April: its convention follows that calendar. */
const conventionFor = (file: string) =>
  file.startsWith('isacompta')
    ? validConvention({ startDate: '2025-05-01', endDate: '2028-04-30', fiscalYearEnd: '04-30' })
    : validConvention();

/** The packages issue 13 names, plus those found on the way: each has its file here. */
const PACKAGES = [
  'acd',
  'akuiteo',
  'cegid',
  'ciel',
  'dolibarr',
  'ebp',
  'isacompta',
  'odoo',
  'pennylane',
  'quadra',
  'sage-100',
  'sage-x3',
  'sunsystems',
  'tiime',
  'tryton',
];

test('every package has its file, one file per package', () => {
  expect(files.map((file) => file.replace(/-\d{9}FEC\d{8}\.(txt|csv)$/, '')).sort()).toEqual(
    PACKAGES,
  );
});

describe('FEC exports of real packages', () => {
  for (const file of files) {
    test(file, async () => {
      const expected = referenceTotals(join(FOLDER, file));
      // A fixture that reads as nothing would make every comparison below trivially true.
      expect(expected.lines).toBeGreaterThan(10);
      expect(expected.keptLines).toBeGreaterThan(5);
      backend = await testBackend();
      const { id: conventionId } = await backend.call('conventions.create', conventionFor(file));
      const input = {
        conventionId,
        fileName: file,
        source: { kind: 'path' as const, path: join(FOLDER, file) },
      };
      const preview = await backend.call('fec.preview', input);
      expect(preview.issues).toEqual([]);
      expect(preview).toMatchObject({
        lines: expected.lines,
        entries: expected.entries,
        keptLines: expected.keptLines,
        totalDebitCents: expected.totalDebitCents,
        totalCreditCents: expected.totalCreditCents,
        byClass: expected.byClass,
      });
      expect(preview.layout.length).toBeGreaterThanOrEqual(4);
      const yearEnd = file.startsWith('isacompta') ? '2026-04-30' : '2025-12-31';
      expect(preview.fiscalYear.end).toBe(yearEnd);
      const done = await backend.call('fec.import', input);
      expect([done.lines, done.keptLines]).toEqual([expected.lines, expected.keptLines]);
      const stored = async (account: string, analytic?: string) =>
        (
          await backend.call('fec.accountLines', {
            conventionId,
            fiscalYearEnd: yearEnd,
            account,
            analytic,
            limit: 1,
          })
        ).netDebitCents;
      for (const [account, cents] of Object.entries(expected.byAccount))
        expect(await stored(account), `account ${account}`).toBe(cents);
      for (const [group, cents] of Object.entries(expected.byGroup))
        expect(await stored(group), `group ${group}`).toBe(cents);
      for (const accountClass of ['6', '7'])
        expect(await stored(accountClass), `class ${accountClass}`).toBe(
          expected.byClass[accountClass] ?? 0,
        );
      if (expected.byClassAndAnalytic) {
        expect(preview.hasAnalytic).toBe(true);
        for (const [key, cents] of Object.entries(expected.byClassAndAnalytic)) {
          const [accountClass, code] = key.split(':') as [string, string];
          expect(await stored(accountClass, code), `analytic ${key}`).toBe(cents);
        }
      }
    });
  }
});
