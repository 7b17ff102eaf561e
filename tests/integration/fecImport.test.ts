import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { AppError } from '../../shared/errors';
import { validConvention } from '../fixtures/conventionInput';
import { sharedFixture } from '../fixtures/sharedFixtures';
import { databaseDigest, rowCount } from './helpers/dbSnapshot';
import { testBackend, type TestBackend } from './helpers/testBackend';

let backend: TestBackend;
afterEach(() => backend?.dispose());

const FEC_2025 = '123456789FEC20251231.txt';
const FEC_2026 = '123456789FEC20261231.txt';
const expected = JSON.parse(readFileSync(sharedFixture('fec', 'expected.json'), 'utf8')) as Record<
  string,
  {
    lines: number;
    entries: number;
    net_debit_by_account_cents: Record<string, number>;
    net_debit_by_class_and_analytic_cents?: Record<string, number>;
  }
>;

async function setup() {
  backend = await testBackend();
  const { id } = await backend.call('conventions.create', validConvention());
  return id;
}

const fromFixture = (...parts: string[]) => ({
  kind: 'path' as const,
  path: sharedFixture('fec', ...parts),
});

describe('FEC import', () => {
  test('both fixture years import; each account total is read back from the stored lines', async () => {
    const conventionId = await setup();
    for (const file of [FEC_2025, FEC_2026]) {
      const preview = await backend.call('fec.preview', {
        conventionId,
        fileName: file,
        source: fromFixture(file),
      });
      expect(preview).toMatchObject({
        lines: expected[file]!.lines,
        entries: expected[file]!.entries,
        issueCount: 0,
        duplicateOf: null,
        replaces: null,
      });
      expect(preview.fiscalYear).toMatchObject({
        start: `${file.slice(12, 16)}-01-01`,
        end: `${file.slice(12, 16)}-12-31`,
        from: 'fileName',
        why: expect.stringMatching(/le nom du fichier et les dates concordent/),
        // The test clock is 23/11/2026: the 2026 year is not closed yet.
        provisional: file === FEC_2026,
      });
      expect(preview.outOfYear.count).toBe(0);
      const result = await backend.call('fec.import', {
        conventionId,
        fileName: file,
        source: fromFixture(file),
      });
      expect(result.lines).toBe(expected[file]!.lines);
      const year = `${file.slice(12, 16)}-12-31`;
      for (const [account, cents] of Object.entries(expected[file]!.net_debit_by_account_cents)) {
        const lines = await backend.call('fec.accountLines', {
          conventionId,
          fiscalYearEnd: year,
          account,
        });
        expect(lines.netDebitCents, `account ${account} of ${file}`).toBe(cents);
      }
    }
    const analytic = expected[FEC_2026]!.net_debit_by_class_and_analytic_cents!;
    for (const [key, cents] of Object.entries(analytic)) {
      const [accountClass, code] = key.split(':');
      const lines = await backend.call('fec.accountLines', {
        conventionId,
        fiscalYearEnd: '2026-12-31',
        account: accountClass!,
        analytic: code!,
        limit: 5000,
      });
      expect(lines.netDebitCents, key).toBe(cents);
    }
    const history = await backend.call('fec.history', { conventionId });
    // Imported on 23/11/2026 (the test clock): the 2026 year was not closed, so provisional.
    expect(history.map((h) => [h.fileName, h.replacedBy, h.provisional])).toEqual([
      [FEC_2026, null, true],
      [FEC_2025, null, false],
    ]);
    // Only classes 6, 7, 86, 87 are kept; extra columns are kept with them.
    const stored = await backend.call('fec.accountLines', {
      conventionId,
      fiscalYearEnd: '2026-12-31',
      account: '5',
    });
    expect(stored.total).toBe(0);
    const audit = await backend.call('audit.list', { conventionId, limit: 500 });
    expect(audit.rows).toContainEqual(
      expect.objectContaining({
        entity: 'import FEC',
        entityId: FEC_2025,
        field: 'lignes',
        newValue: String(expected[FEC_2025]!.lines),
      }),
    );
  });

  test('every malformed file is refused with its line named, and nothing is written', async () => {
    const conventionId = await setup();
    for (const file of readdirSync(sharedFixture('fec', 'malformed'))) {
      const digest = databaseDigest(backend.dataDir);
      const error = (await backend
        .call('fec.import', {
          conventionId,
          fileName: file,
          source: fromFixture('malformed', file),
        })
        .catch((e: unknown) => e)) as AppError;
      expect(error, file).toBeInstanceOf(AppError);
      expect(error.code, file).toBe('VALIDATION');
      expect(error.fields[0]?.path, file).toMatch(/^line\.\d+$/);
      expect(error.fields[0]?.message, file).toMatch(/ligne|Ligne|FEC|vide/);
      expect(databaseDigest(backend.dataDir), file).toBe(digest);
    }
    expect(rowCount(backend.dataDir, 'ledger_lines')).toBe(0);
  });

  test('the same file twice is refused; a newer file of the same year replaces it after confirmation', async () => {
    const conventionId = await setup();
    await backend.call('fec.import', {
      conventionId,
      fileName: FEC_2025,
      source: fromFixture(FEC_2025),
    });
    const digest = databaseDigest(backend.dataDir);
    await expect(
      backend.call('fec.import', {
        conventionId,
        fileName: FEC_2025,
        source: fromFixture(FEC_2025),
      }),
    ).rejects.toMatchObject({
      fields: [
        expect.objectContaining({
          path: 'source',
          message: expect.stringMatching(/déjà été importé/),
        }),
      ],
    });
    // A corrected export of the same year: one amount moved between two lines of an entry.
    const dir = mkdtempSync(join(tmpdir(), 'pilote-cpo-fec-'));
    const corrected = join(dir, FEC_2025);
    const text = readFileSync(sharedFixture('fec', FEC_2025), 'utf8').replace(
      'Reprise des soldes',
      'Reprise des soldes (corrigée)',
    );
    writeFileSync(corrected, text);
    const preview = await backend.call('fec.preview', {
      conventionId,
      fileName: FEC_2025,
      source: { kind: 'path', path: corrected },
    });
    expect(preview.replaces).toMatchObject({ fileName: FEC_2025 });
    await expect(
      backend.call('fec.import', {
        conventionId,
        fileName: FEC_2025,
        source: { kind: 'path', path: corrected },
      }),
    ).rejects.toMatchObject({ fields: [expect.objectContaining({ path: 'replace' })] });
    expect(databaseDigest(backend.dataDir)).toBe(digest);
    const result = await backend.call('fec.import', {
      conventionId,
      fileName: FEC_2025,
      source: { kind: 'path', path: corrected },
      replace: true,
    });
    expect(result.replaced).not.toBeNull();
    const history = await backend.call('fec.history', { conventionId });
    expect(history).toHaveLength(2);
    expect(history.filter((h) => h.replacedBy === null)).toHaveLength(1);
    // Figures come from the active file only.
    const lines = await backend.call('fec.accountLines', {
      conventionId,
      fiscalYearEnd: '2025-12-31',
      account: '641100',
    });
    expect(lines.netDebitCents).toBe(expected[FEC_2025]!.net_debit_by_account_cents['641100']);
  });

  test('lines dated outside the financial year ask a question before importing', async () => {
    const conventionId = await setup();
    const dir = mkdtempSync(join(tmpdir(), 'pilote-cpo-fec-'));
    const path = join(dir, '123456789FEC20251231.txt');
    const text = readFileSync(sharedFixture('fec', FEC_2025), 'utf8').replace(
      /\t20250103\t/,
      '\t20260103\t',
    );
    writeFileSync(path, text);
    const preview = await backend.call('fec.preview', {
      conventionId,
      fileName: 'export.txt',
      source: { kind: 'path', path },
    });
    // Without SIREN/date in its name, the year comes from the dates (here the last is in 2026).
    expect(preview.fiscalYear.from).toBe('dates');
    const named = await backend.call('fec.preview', {
      conventionId,
      fileName: FEC_2025,
      source: { kind: 'path', path },
    });
    expect(named.outOfYear.count).toBeGreaterThan(0);
    const refused = (await backend
      .call('fec.import', { conventionId, fileName: FEC_2025, source: { kind: 'path', path } })
      .catch((e: unknown) => e)) as AppError;
    expect(refused.fields[0]).toMatchObject({
      path: 'acceptOutOfYear',
      message: expect.stringMatching(/hors de l'exercice du 01\/01\/2025 au 31\/12\/2025/),
    });
    const done = await backend.call('fec.import', {
      conventionId,
      fileName: FEC_2025,
      source: { kind: 'path', path },
      acceptOutOfYear: true,
    });
    expect(done.lines).toBe(expected[FEC_2025]!.lines);
  });

  test('an upload is read from the data folder and removed once imported', async () => {
    const conventionId = await setup();
    const folder = join(backend.dataDir, 'televersements');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(folder, { recursive: true });
    copyFileSync(sharedFixture('fec', FEC_2026), join(folder, 'abcdef12-3456'));
    await backend.call('fec.import', {
      conventionId,
      fileName: FEC_2026,
      source: { kind: 'upload', uploadId: 'abcdef12-3456' },
    });
    expect(readdirSync(folder)).toEqual([]);
    await expect(
      backend.call('fec.preview', {
        conventionId,
        fileName: FEC_2026,
        source: { kind: 'upload', uploadId: '../../etc/passwd' },
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});

test('checking a file reports its progress as events, up to its size', async () => {
  const conventionId = await setup();
  const events: { type: string; done?: number; total?: number | null; label?: string }[] = [];
  const unsubscribe = backend.subscribe((event) => events.push(event));
  await backend.call('fec.preview', {
    conventionId,
    fileName: FEC_2026,
    source: fromFixture(FEC_2026),
  });
  unsubscribe();
  const progress = events.filter((event) => event.type === 'progress');
  expect(progress.length).toBeGreaterThan(0);
  const last = progress.at(-1)!;
  expect(last.done).toBe(last.total);
  expect(last.label).toMatch(/Vérification de « 123456789FEC20261231\.txt »/);
});

test('the lookup index dropped for a bulk import is back after it, and after a refusal', async () => {
  const conventionId = await setup();
  const indexes = () =>
    (
      backend.database.readSqlite
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ledger_lines'",
        )
        .all() as { name: string }[]
    ).map((row) => row.name);
  await backend.call('fec.import', {
    conventionId,
    fileName: FEC_2025,
    source: fromFixture(FEC_2025),
  });
  expect(indexes()).toContain('ledger_lines_import_account_idx');
  // The refusal itself is asserted: a swallowed outcome would let an import that
  // wrongly succeeded (and so never reached the rollback) pass this test.
  const refusal = await backend
    .call('fec.import', {
      conventionId,
      fileName: 'x.txt',
      source: fromFixture('malformed', 'unbalanced-entry.txt'),
      // Without it the file (of the same year) is refused before the transaction, for the
      // unconfirmed replacement, and the index is never dropped: the test would prove nothing.
      replace: true,
    })
    .then(
      () => null,
      (error: unknown) => error,
    );
  expect(refusal).toBeInstanceOf(AppError);
  expect((refusal as AppError).code).toBe('VALIDATION');
  expect((refusal as AppError).message).toMatch(/« x\.txt » refusé/);
  expect((refusal as AppError).fields[0]?.message).toMatch(/déséquilibrée/);
  expect(indexes()).toContain('ledger_lines_import_account_idx');
});

describe('years of real exports (issue 13)', () => {
  const HEADER =
    'JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise';
  const entry = (num: string, date: string, account: string, cents: string) =>
    [
      `AC\tAchats\t${num}\t${date}\t${account}\tCharge\t\t\tP${num}\t${date}\tFacture\t${cents}\t0,00\t\t\t${date}\t\t`,
      `AC\tAchats\t${num}\t${date}\t401000\tFournisseur\t\t\tP${num}\t${date}\tFacture\t0,00\t${cents}\t\t\t${date}\t\t`,
    ].join('\n');
  const fileOf = (name: string, text: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'pilote-cpo-fec-'));
    const path = join(dir, name);
    writeFileSync(path, text);
    return { conventionId: 0, fileName: name, source: { kind: 'path' as const, path } };
  };

  test('a year from 1 May to 30 April, in a file named with its export date: the dates decide, said in the preview', async () => {
    backend = await testBackend();
    const { id: conventionId } = await backend.call(
      'conventions.create',
      validConvention({ startDate: '2025-05-01', endDate: '2028-04-30', fiscalYearEnd: '04-30' }),
    );
    const text = [
      HEADER,
      entry('1', '20250501', '606300', '100,00'),
      entry('2', '20251231', '613200', '250,50'),
      entry('3', '20260430', '606300', '9,50'),
    ].join('\n');
    // Exported on 20/05/2026: taken as a close, that date would put every line out of the year.
    const file = { ...fileOf('123456789FEC20260520.txt', text), conventionId };
    const preview = await backend.call('fec.preview', file);
    expect(preview.fiscalYear).toMatchObject({
      start: '2025-05-01',
      end: '2026-04-30',
      from: 'dates',
      provisional: false,
      why: expect.stringMatching(/20\/05\/2026, est sans doute celle de l’export/),
    });
    expect(preview.outOfYear.count).toBe(0);
    expect(preview.layout.join(' ')).toMatch(
      /Séparateur : tabulation.*Exercice du 01\/05\/2025 au 30\/04\/2026/,
    );
    // A name's date BEFORE the entries is no export date: the name is taken at its word (here
    // a year before the convention's first, so refused, naming that year).
    const before = (await backend
      .call('fec.preview', { ...fileOf('123456789FEC20250430.txt', text), conventionId })
      .catch((e: unknown) => e)) as AppError;
    expect(before.fields[0]!.message).toMatch(/exercice du 01\/05\/2024 au 30\/04\/2025/);
    // The import reads with the name's year first, then again with the dates' year.
    const done = await backend.call('fec.import', file);
    expect(done.keptLines).toBe(3);
    const history = await backend.call('fec.history', { conventionId });
    expect(history.map((h) => [h.fiscalYearEnd, h.provisional])).toEqual([['2026-04-30', false]]);
    const lines = await backend.call('fec.accountLines', {
      conventionId,
      fiscalYearEnd: '2026-04-30',
      account: '6',
    });
    expect([lines.total, lines.netDebitCents]).toEqual([3, 36000]);
  });

  test('a FEC of a year outside the convention is refused, naming the convention years; nothing written', async () => {
    const conventionId = await setup();
    const file = {
      ...fileOf(
        '123456789FEC20181231.txt',
        [HEADER, entry('1', '20180315', '606300', '10,00')].join('\n'),
      ),
      conventionId,
    };
    const message =
      /exercice du 01\/01\/2018 au 31\/12\/2018.*convention.*2025 \(clos le 31\/12\/2025\), 2026 .*2027/;
    const previewed = (await backend
      .call('fec.preview', file)
      .catch((e: unknown) => e)) as AppError;
    expect(previewed).toBeInstanceOf(AppError);
    expect(previewed.fields[0]!.message).toMatch(message);
    const before = databaseDigest(backend.dataDir);
    const refused = (await backend.call('fec.import', file).catch((e: unknown) => e)) as AppError;
    expect(refused.fields[0]!.message).toMatch(message);
    expect(databaseDigest(backend.dataDir)).toBe(before);
    // Without a date in its name, the same refusal from its dates.
    const unnamed = { ...file, fileName: 'export.txt' };
    const again = (await backend.call('fec.preview', unnamed).catch((e: unknown) => e)) as AppError;
    expect(again.fields[0]!.message).toMatch(message);
  });

  test("a year not closed yet is provisional, and the closed year's file replaces it", async () => {
    const conventionId = await setup();
    // The test clock is 23/11/2026: a FEC of 2026 so far.
    const early = {
      ...fileOf(
        '123456789FEC20261231.txt',
        [HEADER, entry('1', '20260315', '606300', '10,00')].join('\n'),
      ),
      conventionId,
    };
    const preview = await backend.call('fec.preview', early);
    expect(preview.fiscalYear.provisional).toBe(true);
    expect(preview.layout.join(' ')).toMatch(/import provisoire/);
    await backend.call('fec.import', early);
    const closed = {
      ...fileOf(
        '123456789FEC20261231.txt',
        [
          HEADER,
          entry('1', '20260315', '606300', '10,00'),
          entry('2', '20261120', '606300', '5,00'),
        ].join('\n'),
      ),
      conventionId,
    };
    const second = await backend.call('fec.import', { ...closed, replace: true });
    expect(second.replaced).not.toBeNull();
  });
});
