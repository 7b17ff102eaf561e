import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import type { AppError } from '../../shared/errors';
import { validConvention } from '../fixtures/conventionInput';
import { sharedFixture } from '../fixtures/sharedFixtures';
import { databaseDigest } from './helpers/dbSnapshot';
import { testBackend, type TestBackend } from './helpers/testBackend';

let backend: TestBackend;
afterEach(() => backend?.dispose());

const FEC_2025 = '123456789FEC20251231.txt';
const expected = JSON.parse(readFileSync(sharedFixture('fec', 'expected.json'), 'utf8'))[
  FEC_2025
] as {
  charges_cents: number;
  produits_cents: number;
  net_debit_by_class2_cents: Record<string, number>;
  net_debit_by_account_cents: Record<string, number>;
};

async function withActuals() {
  backend = await testBackend();
  const { id } = await backend.call('conventions.create', validConvention());
  await backend.call('fec.import', {
    conventionId: id,
    fileName: FEC_2025,
    source: { kind: 'path', path: sharedFixture('fec', FEC_2025) },
  });
  return id;
}

// The 2025 fixture's subsidies are all on 741000, told apart by their auxiliary account
// (read from the file's 741000 lines: two instalments each).
const funders2025 = {
  DREETS: { cents: -18_000_000, suggested: '74_state_o2r' },
  CD35: { cents: -4_000_000, suggested: '74_department' },
  FSE: { cents: -3_000_000, suggested: '74_eu' },
  VILLE: { cents: -6_000_000, suggested: '74_commune' },
};

describe('account mapping', () => {
  test('seeded for the chart in force (ANC 2022-06 from 2025); subsidies wait for their funder', async () => {
    const conventionId = await withActuals();
    const mapping = await backend.call('mapping.get', { conventionId, yearIndex: 1 });
    expect(mapping.chartVersion).toBe('ANC_2022_06');
    expect(mapping.rules).toContainEqual({
      prefix: '757',
      auxiliary: '',
      row: '75',
      source: 'catalogue',
    });
    expect(mapping.accounts.find((a) => a.account === '641100')).toMatchObject({
      row: '64',
      auxiliary: '',
      toAssign: false,
      suggestedRow: null,
    });
    const subsidies = mapping.accounts.filter((a) => a.account === '741000');
    expect(subsidies.map((a) => a.auxiliary).sort()).toEqual(Object.keys(funders2025).sort());
    for (const subsidy of subsidies) {
      const funder = funders2025[subsidy.auxiliary as keyof typeof funders2025];
      expect(subsidy).toMatchObject({
        row: '74_to_assign',
        toAssign: true,
        netDebitCents: funder.cents,
        suggestedRow: funder.suggested,
      });
    }
    // The split adds up to the account's total of expected.json.
    expect(subsidies.reduce((sum, a) => sum + a.netDebitCents, 0)).toBe(
      expected.net_debit_by_account_cents['741000'],
    );

    await backend.call('mapping.set', {
      conventionId,
      chartVersion: 'ANC_2022_06',
      prefix: '741000',
      auxiliary: 'DREETS',
      row: '74_state_o2r',
    });
    const after = await backend.call('mapping.get', { conventionId, yearIndex: 1 });
    expect(after.accounts.filter((a) => a.toAssign).map((a) => a.auxiliary)).toEqual([
      'CD35',
      'FSE',
      'VILLE',
    ]);
    const audit = await backend.call('audit.list', { conventionId, limit: 5 });
    expect(audit.rows[0]).toMatchObject({
      entity: 'correspondance',
      entityId: 'ANC_2022_06/741000/DREETS',
      oldValue: null,
      newValue: '74_state_o2r',
    });

    // Accepting the suggestions is one action; every funder then has its own row.
    const { changed } = await backend.call('mapping.setMany', {
      conventionId,
      chartVersion: 'ANC_2022_06',
      rules: after.accounts
        .filter((a) => a.toAssign && a.suggestedRow)
        .map((a) => ({ prefix: a.account, auxiliary: a.auxiliary, row: a.suggestedRow })),
    });
    expect(changed).toBe(3);
    const vs = await backend.call('budget.vsActual', {
      conventionId,
      yearIndex: 1,
      scope: 'operator',
    });
    const actual = (row: string) => vs.rows.find((r) => r.row === row)?.actualCents;
    expect(actual('74_state_o2r')).toBe(18_000_000);
    expect(actual('74_department')).toBe(4_000_000);
    expect(actual('74_eu')).toBe(3_000_000);
    expect(actual('74_commune')).toBe(6_000_000);
    expect(actual('74_to_assign')).toBe(0);
    expect(vs.rows.find((r) => r.row === '74_commune')?.accounts).toEqual([
      {
        account: '741000',
        auxiliary: 'VILLE',
        label: expect.any(String),
        netDebitCents: -6_000_000,
      },
    ]);
    const lines = await backend.call('fec.accountLines', {
      conventionId,
      fiscalYearEnd: '2025-12-31',
      account: '741000',
      auxiliary: 'VILLE',
    });
    expect(lines.total).toBe(2);
    expect(lines.netDebitCents).toBe(-6_000_000);
  });

  test('a rule by auxiliary account is refused outside subsidies, and nothing is written', async () => {
    const conventionId = await withActuals();
    const before = databaseDigest(backend.dataDir);
    await expect(
      backend.call('mapping.set', {
        conventionId,
        chartVersion: 'ANC_2022_06',
        prefix: '641100',
        auxiliary: 'SALARIE',
        row: '64',
      }),
    ).rejects.toMatchObject({ fields: [{ path: 'auxiliary' }] });
    expect(databaseDigest(backend.dataDir)).toBe(before);
  });

  test('a rule for a convention that is gone is refused in French, not by the foreign key', async () => {
    await withActuals();
    await expect(
      backend.call('mapping.set', {
        conventionId: 999_999,
        chartVersion: 'ANC_2022_06',
        prefix: '641',
        auxiliary: '',
        row: '64',
      }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'Cette convention est introuvable (elle a peut-être été supprimée).',
    });
  });
});

describe('budget vs actual', () => {
  test('actuals per CERFA row reproduce the fixture; gaps over ±15 % or 5 000 € need an explanation', async () => {
    const conventionId = await withActuals();
    await backend.call('mapping.set', {
      conventionId,
      chartVersion: 'ANC_2022_06',
      prefix: '741',
      row: '74_state_o2r',
    });
    await backend.call('budget.set', {
      conventionId,
      yearIndex: 1,
      lines: [
        { row: '64', amountCents: 28_000_000 }, // actual 286 900,04: +2,5 % but +6 900 € → significant by amount
        { row: '60', amountCents: 1_950_000 }, // actual 19 700: +1 %, +200 € → not significant
        { row: '62', amountCents: 1_500_000 }, // actual 20 680,02: +37,9 % → significant by ratio
        { row: '74_state_o2r', amountCents: 31_000_000 }, // exactly met
      ],
    });
    const report = await backend.call('budget.vsActual', {
      conventionId,
      yearIndex: 1,
      scope: 'operator',
    });
    expect(report.hasActuals).toBe(true);
    const row = (code: string) => report.rows.find((r) => r.row === code)!;
    for (const group of ['60', '61', '62', '63', '64', '68']) {
      expect(row(group).actualCents, group).toBe(expected.net_debit_by_class2_cents[group]);
    }
    expect(row('70').actualCents).toBe(800_000);
    expect(row('74_state_o2r').actualCents).toBe(31_000_000);
    expect(row('86').actualCents).toBe(1_200_000);
    expect(row('87').actualCents).toBe(1_200_000);
    expect(report.charges.actualCents).toBe(expected.charges_cents);
    expect(report.produits.actualCents).toBe(expected.produits_cents);
    expect(report.balance.actualCents).toBe(expected.produits_cents - expected.charges_cents);
    expect(row('64')).toMatchObject({
      forecastCents: 28_000_000,
      gapCents: 690_004,
      significant: true,
    });
    expect(row('60')).toMatchObject({ gapCents: 20_000, significant: false });
    expect(row('62').significant).toBe(true);
    expect(row('74_state_o2r')).toMatchObject({ gapCents: 0, significant: false });
    expect(row('641' as string)).toBeUndefined();
    expect(row('64').accounts.map((a) => a.account)).toEqual([
      '641100',
      '641200',
      '645100',
      '645200',
      '647500',
    ]);
    const unexplained = report.unexplained;
    // The rows the fixture's gaps put over the threshold, none explained yet.
    expect(report.rows.filter((r) => r.significant && !r.explanation).map((r) => r.row)).toEqual([
      '61',
      '62',
      '63',
      '64',
      '86',
      '70',
      '87',
    ]);
    expect(unexplained).toBe(7);
    await backend.call('budget.explainGap', {
      conventionId,
      yearIndex: 1,
      row: '64',
      text: 'Recrutement anticipé d’un conseiller en novembre.',
    });
    const explained = await backend.call('budget.vsActual', {
      conventionId,
      yearIndex: 1,
      scope: 'operator',
    });
    expect(explained.unexplained).toBe(unexplained - 1);
    expect(explained.rows.find((r) => r.row === '64')?.explanation).toMatch(/Recrutement/);
    // A stricter threshold makes the 1 % gap on 60 significant too.
    await backend.call('budget.setThreshold', { conventionId, basisPoints: 50, cents: 100_000 });
    expect(
      (
        await backend.call('budget.vsActual', { conventionId, yearIndex: 1, scope: 'operator' })
      ).rows.find((r) => r.row === '60')?.significant,
    ).toBe(true);
  });

  test('a year without a FEC shows the forecast only; copying a year carries every line', async () => {
    backend = await testBackend();
    const { id: conventionId } = await backend.call('conventions.create', validConvention());
    await backend.call('budget.set', {
      conventionId,
      yearIndex: 1,
      lines: [
        { row: '64', amountCents: 100 },
        { row: '70', amountCents: 50 },
      ],
    });
    await backend.call('budget.set', {
      conventionId,
      yearIndex: 2,
      lines: [{ row: '61', amountCents: 7 }],
    });
    expect(await backend.call('budget.copyYear', { conventionId, fromYear: 1, toYear: 2 })).toEqual(
      { copied: 3 },
    );
    const budget = await backend.call('budget.get', { conventionId });
    expect(budget.filter((b) => b.yearIndex === 2)).toEqual([
      { yearIndex: 2, row: '64', amountCents: 100 },
      { yearIndex: 2, row: '70', amountCents: 50 },
    ]);
    const report = await backend.call('budget.vsActual', {
      conventionId,
      yearIndex: 2,
      scope: 'operator',
    });
    expect(report).toMatchObject({
      hasActuals: false,
      balance: { forecastCents: -50, actualCents: 0 },
      unexplained: 0,
    });
  });

  test('a negative amount or an unknown row is refused and nothing is written', async () => {
    backend = await testBackend();
    const { id: conventionId } = await backend.call('conventions.create', validConvention());
    const digest = databaseDigest(backend.dataDir);
    const negative = (await backend
      .call('budget.set', {
        conventionId,
        yearIndex: 1,
        lines: [
          { row: '64', amountCents: 10 },
          { row: '60', amountCents: -5 },
        ],
      })
      .catch((e: unknown) => e)) as AppError;
    expect(negative.fields).toEqual([
      {
        path: 'lines.1.amountCents',
        message: 'Montant prévu : le montant ne peut pas être négatif.',
      },
    ]);
    await expect(
      backend.call('budget.set', {
        conventionId,
        yearIndex: 1,
        lines: [{ row: '99' as '60', amountCents: 1 }],
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(
      backend.call('budget.set', {
        conventionId,
        yearIndex: 4,
        lines: [{ row: '60', amountCents: 1 }],
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(databaseDigest(backend.dataDir)).toBe(digest);
  });
});

describe('cumulated and SIEG-only views', () => {
  test('the whole CPO sums the years; the SIEG view uses K and the SIEG revenue', async () => {
    backend = await testBackend();
    const { id: conventionId } = await backend.call('conventions.create', validConvention());
    for (const file of ['123456789FEC20251231.txt', '123456789FEC20261231.txt']) {
      await backend.call('fec.import', {
        conventionId,
        fileName: file,
        source: { kind: 'path', path: sharedFixture('fec', file) },
      });
    }
    await backend.call('budget.set', {
      conventionId,
      yearIndex: 1,
      lines: [{ row: '64', amountCents: 28_000_000 }],
    });
    await backend.call('budget.set', {
      conventionId,
      yearIndex: 2,
      lines: [{ row: '64', amountCents: 29_000_000 }],
    });
    const all = await backend.call('budget.vsActual', {
      conventionId,
      yearIndex: null,
      scope: 'operator',
    });
    expect(all.years).toEqual([1, 2, 3]);
    expect(all.rows.find((r) => r.row === '64')).toMatchObject({
      forecastCents: 57_000_000,
      actualCents: 28_690_004 + 28_689_999,
      significant: false,
    });
    expect(all.charges.actualCents).toBe(36_448_007 + 36_447_997);

    const sieg = await backend.call('budget.vsActual', {
      conventionId,
      yearIndex: 2,
      scope: 'sieg',
    });
    const costs = await backend.call('siegCosts.get', { conventionId, yearIndex: 2 });
    expect(sieg.charges.actualCents).toBe(costs.total);
    expect(sieg.charges.actualCents).toBe(24_720_000);
    expect(sieg.produits.actualCents).toBe(25_000_000);
  });
});

describe('an avenant changes the budget', () => {
  test('the forecast in force follows the avenant; the budget as entered is kept', async () => {
    backend = await testBackend();
    const { id: conventionId } = await backend.call('conventions.create', validConvention());
    await backend.call('budget.set', {
      conventionId,
      yearIndex: 1,
      lines: [{ row: '64', amountCents: 28_000_000 }],
    });
    const avenant = await backend.call('avenants.create', {
      conventionId,
      signedOn: '2025-06-15',
      effectiveFrom: '2025-01-01',
      object: 'Avenant budgétaire 2025 : renfort de personnel',
      changes: [{ kind: 'budgetLine', yearIndex: 1, row: '64', amountCents: 30_000_000 }],
    });
    expect(avenant.number).toBe(1);
    // The fixed clock of the tests is in November 2026: the avenant is in force.
    const report = await backend.call('budget.vsActual', {
      conventionId,
      yearIndex: 1,
      scope: 'operator',
    });
    expect(report.rows.find((r) => r.row === '64')?.forecastCents).toBe(30_000_000);
    expect((await backend.call('budget.get', { conventionId }))[0]?.amountCents).toBe(28_000_000);
    const before = await backend.call('terms.inForce', { conventionId, date: '2024-12-31' });
    expect(before.budget).toEqual([
      { yearIndex: 1, row: '64', amountCents: 28_000_000, source: null, original: 28_000_000 },
    ]);
    const after = await backend.call('terms.inForce', { conventionId, date: '2025-01-01' });
    expect(after.budget).toEqual([
      { yearIndex: 1, row: '64', amountCents: 30_000_000, source: 1, original: 28_000_000 },
    ]);
    const listed = await backend.call('avenants.list', { conventionId });
    expect(listed[0]?.changes).toEqual([
      { kind: 'budgetLine', yearIndex: 1, row: '64', amountCents: 30_000_000 },
    ]);
  });
});
