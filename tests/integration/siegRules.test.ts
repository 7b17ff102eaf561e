/**
 * What counts in C, R and K, on real SQLite files and the shared FEC fixtures: a time key,
 * free premises valued by hand, the city's subsidy booked without analytic code (2025 has no
 * analytic column). C, R, K, OC and the outcome are worked out here from
 * ../shared/fixtures/fec/expected.json and the fixtures README, not from the service. Also:
 * an unmapped account blocks the control, keys and a flat rate are exclusive, and keys of
 * two conventions of one operator never take more than 100 % of a cost.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { AppError } from '../../shared/errors';
import { validConvention } from '../fixtures/conventionInput';
import { sharedFixture } from '../fixtures/sharedFixtures';
import { databaseDigest } from './helpers/dbSnapshot';
import {
  CHARGE_ROWS,
  importFecFixtures,
  mapSuggestedRows,
  saveAuxiliaryRules,
  saveCityPremises,
  saveTimeKey as saveFixtureTimeKey,
} from './helpers/fixtureConvention';
import { testBackend, type TestBackend } from './helpers/testBackend';

let backend: TestBackend;
let scratch: string | null = null;
afterEach(() => {
  backend?.dispose();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = null;
});

const FEC_2025 = '123456789FEC20251231.txt';
const expected2025 = (
  JSON.parse(readFileSync(sharedFixture('fec', 'expected.json'), 'utf8')) as Record<
    string,
    { net_debit_by_class2_cents: Record<string, number> }
  >
)[FEC_2025]!.net_debit_by_class2_cents;
// The fixtures README: State 180 000 €, Département 40 000 €, FSE+ 30 000 €, the rest of
// the 741000 credit is the city's.
const STATE = 18_000_000;
const DEPARTMENT = 4_000_000;
const FSE = 3_000_000;
const PREMISES = 1_200_000; // 12 000 € of premises lent free by the city, entered by hand

/** 3/4 of an amount, rounded half away from zero as a key rounds each row. */
const threeQuarters = (cents: number) => Math.sign(cents) * Math.round(Math.abs(cents) * 0.75);

/** A fresh backend holding a one-year CPO (2025), with no FEC yet. */
async function emptyYear2025(): Promise<number> {
  backend = await testBackend();
  const { id: conventionId } = await backend.call(
    'conventions.create',
    validConvention({
      startDate: '2025-01-01',
      endDate: '2025-12-31',
      stateContributions: [{ yearIndex: 1, amountCents: STATE }],
    }),
  );
  return conventionId;
}

/** A one-year CPO (2025) on the 2025 fixture: the control over the year is the final one. */
async function year2025() {
  const conventionId = await emptyYear2025();
  await importFecFixtures(backend, conventionId, [FEC_2025]);
  await mapSuggestedRows(backend, conventionId, [1]);
  return conventionId;
}

/** The fixtures' time key (4 800 h of 6 400 h) for 2025, on `rows`. */
const saveTimeKey = (conventionId: number, rows = CHARGE_ROWS) =>
  saveFixtureTimeKey(backend, conventionId, 1, rows);

describe('C, R and K by the texts, on the 2025 fixture', () => {
  test('a key, free premises and a city subsidy without analytic code', async () => {
    const conventionId = await year2025();
    // The O2R subsidies are the SIEG's; the city's has no code and no rule: a common
    // (general-purpose) subsidy, shared like the common costs.
    await saveAuxiliaryRules(backend, conventionId, [
      ['DREETS', 'sieg'],
      ['CD35', 'sieg'],
      ['FSE', 'sieg'],
    ]);
    await saveTimeKey(conventionId);
    await saveCityPremises(
      backend,
      conventionId,
      PREMISES,
      'Convention de mise à disposition, 80 m²',
    );
    const result = await backend.call('compensation.get', { conventionId });

    // K: every charge is common (no analytic column), 3/4 of each row to the SIEG, plus the
    // premises (same value as in C). 86/87 (volunteering) count on neither side.
    const kFromAccounts = CHARGE_ROWS.reduce(
      (sum, row) => sum + threeQuarters(expected2025[row] ?? 0),
      0,
    );
    expect(kFromAccounts).toBe(27_336_006); // 14 775 + 19 350,01 + 15 510,02 + 5 400 + 215 175,03 + 3 150 €
    const k = kFromAccounts + PREMISES;
    // C: the State's contribution in force + Département + FSE+ + 3/4 of the city's subsidy
    // (741000 total − the three O2R funders) + the premises.
    const city = -expected2025['74']! - STATE - DEPARTMENT - FSE;
    expect(city).toBe(6_000_000);
    const c = STATE + DEPARTMENT + FSE + threeQuarters(city) + PREMISES;
    expect(c).toBe(30_700_000);
    // R: 3/4 of the common revenue: sales (70), dues (75), financial income (76).
    const r = ['70', '75', '76'].reduce((sum, row) => sum + threeQuarters(-expected2025[row]!), 0);
    expect(r).toBe(765_750); // 6 000 + 1 425 + 232,50 €
    const oc = c + r - k;
    expect(oc).toBe(2_929_744); // 29 297,44 €

    const year = result.years[0]!;
    expect([year.basis, year.c, year.r, year.k, year.rp]).toEqual(['actual', c, r, k, 0]);
    expect(year.detail.otherPublic).toEqual([
      { row: '74_commune', label: expect.any(String), amountCents: 4_500_000 },
      { row: '74_department', label: expect.any(String), amountCents: DEPARTMENT },
      { row: '74_eu', label: expect.any(String), amountCents: FSE },
    ]);
    expect(year.detail.costs).toMatchObject({ inKind: PREMISES, flat: 0, unallocatedGeneral: 0 });
    expect(result.blocked).toBeNull();

    // One year, the end of the entrustment: Cavg = C, threshold 3 070 000; 10·OC ≤ C, so the
    // OC is within 10 %, but with no next period inside the CPO it is due (finance.md §1).
    const control = result.periods[0]!;
    expect(control).toMatchObject({ c, r, k, oc, threshold: 3_070_000 });
    expect(10 * oc <= c).toBe(true);
    expect(control.outcome).toBe('due_at_end');
    expect(control.amountDue).toBe(oc);
  });

  test('the premises alone make no overcompensation; the city’s subsidy on the other activity stays out', async () => {
    const conventionId = await year2025();
    await saveAuxiliaryRules(backend, conventionId); // DREETS, CD35, FSE: SIEG; VILLE: other
    await saveTimeKey(conventionId);
    const before = (await backend.call('compensation.get', { conventionId })).years[0]!;
    await saveCityPremises(backend, conventionId, PREMISES, '');
    const after = (await backend.call('compensation.get', { conventionId })).years[0]!;
    // C and K both grow by 12 000 €, the balance does not move.
    expect(after.c - before.c).toBe(PREMISES);
    expect(after.k - before.k).toBe(PREMISES);
    expect(after.balance).toBe(before.balance);
    // A subsidy ruled onto the other activity is not the SIEG's: C = State + Dpt + FSE+.
    expect(before.c).toBe(STATE + DEPARTMENT + FSE);
  });

  test('an operator with no other activity: lines without code are the SIEG’s, R and K in full', async () => {
    const conventionId = await year2025();
    await backend.call('siegScope.set', {
      conventionId,
      scope: { siegOnly: true, specialRights: 'aucun droit spécial ou exclusif' },
    });
    const year = (await backend.call('compensation.get', { conventionId })).years[0]!;
    // K = class 6 (36 448 007, expected.json) − nothing: every charge is the SIEG's.
    const charges = CHARGE_ROWS.reduce((sum, row) => sum + (expected2025[row] ?? 0), 0);
    expect(year.k).toBe(charges);
    expect(charges).toBe(36_448_007);
    // C = State in force + the other 741000 funders in full (Dpt, FSE+, city: 130 000 €).
    expect(year.c).toBe(STATE + (-expected2025['74']! - STATE));
    // R = 70 + 75 + 76 in full: 8 000 + 1 900 + 310 €.
    expect(year.r).toBe(1_021_000);
    const scope = await backend.call('siegScope.get', { conventionId });
    expect(scope).toEqual({ siegOnly: true, specialRights: 'aucun droit spécial ou exclusif' });
  });
});

/** A one-entry-per-charge FEC of 2025 with an account the catalogue has no row for. */
function fecWithUnmappedAccount(): string {
  scratch = mkdtempSync(join(tmpdir(), 'siegRules-'));
  const header =
    'JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise';
  const row = (num: string, account: string, label: string, debit: string, credit: string) =>
    `OD\tOpérations diverses\t${num}\t20250630\t${account}\t${label}\t\t\tP${num}\t20250630\t${label}\t${debit}\t${credit}\t\t\t20250630\t\t`;
  const lines = [
    header,
    row('1', '641100', 'Salaires', '10000,00', '0,00'),
    row('1', '512000', 'Banque', '0,00', '10000,00'),
    row('2', '695000', 'Impôt sur les sociétés', '300,00', '0,00'),
    row('2', '512000', 'Banque', '0,00', '300,00'),
  ];
  const path = join(scratch, '123456789FEC20251231.txt');
  writeFileSync(path, `${lines.join('\n')}\n`, 'utf8');
  return path;
}

describe('the control is blocked rather than guessing', () => {
  test('an account with no CERFA row blocks the control until it is mapped', async () => {
    const conventionId = await emptyYear2025();
    await backend.call('fec.import', {
      conventionId,
      fileName: '123456789FEC20251231.txt',
      source: { kind: 'path', path: fecWithUnmappedAccount() },
    });
    await backend.call('analytic.saveRule', {
      conventionId,
      rule: { kind: 'prefix', value: '6', axis: 'sieg' },
    });
    let result = await backend.call('compensation.get', { conventionId });
    // 695000 is neither in K nor in C (the old default put it in a subsidy row, in C).
    expect(result.years[0]!.k).toBe(1_000_000);
    expect(result.years[0]!.c).toBe(STATE);
    expect(result.blocked).toMatchObject({
      unmapped: [
        {
          yearIndex: 1,
          account: '695000',
          label: 'Impôt sur les sociétés',
          netDebitCents: 30_000,
        },
      ],
      keyConflictYears: [],
      link: { tab: 'budget', section: 'correspondance', yearIndex: 1 },
    });
    expect(result.blocked!.reasons[0]).toMatch(
      /^Comptes sans ligne du compte rendu \(695000 en Année 1 \(2025\)\)/,
    );
    await backend.call('mapping.set', {
      conventionId,
      chartVersion: 'ANC_2022_06',
      prefix: '695',
      auxiliary: '',
      row: '63',
    });
    result = await backend.call('compensation.get', { conventionId });
    expect(result.blocked).toBeNull();
    expect(result.years[0]!.k).toBe(1_030_000);
  });

  test('keys and a flat rate the same year: refused either way, nothing written', async () => {
    const conventionId = await year2025();
    await saveTimeKey(conventionId, ['64']);
    const digest = databaseDigest(backend.dataDir);
    const flat = (await backend
      .call('keys.save', {
        conventionId,
        yearIndex: 1,
        key: {
          label: 'Forfait 10 %',
          basis: 'flat_percent',
          siegQuantity: 1_000,
          totalQuantity: 0,
          evidence: 'Article 5 de la convention',
          rows: [],
        },
      })
      .catch((error: unknown) => error)) as AppError;
    expect(flat.fields).toEqual([
      {
        path: 'key.basis',
        message: expect.stringMatching(
          /^Cette année répartit déjà les frais communs par clé \(« Temps passé »\) : un forfait s'y ajouterait/,
        ),
      },
    ]);
    expect(databaseDigest(backend.dataDir)).toBe(digest);
  });

  test('two conventions of one operator cannot share more than 100 % of a cost row', async () => {
    const conventionId = await year2025();
    await saveTimeKey(conventionId, ['64']); // 75 % of row 64 for this convention in 2025
    const { id: other } = await backend.call(
      'conventions.create',
      validConvention({
        reference: 'CPO-O2R-TEST-002',
        dreetsRegion: 'Normandie',
        startDate: '2025-01-01',
        endDate: '2026-12-31',
        stateContributions: [1, 2].map((yearIndex) => ({ yearIndex, amountCents: 100_000 })),
      }),
    );
    const digest = databaseDigest(backend.dataDir);
    const save = (siegQuantity: number) =>
      backend.call('keys.save', {
        conventionId: other,
        yearIndex: 1,
        key: {
          label: 'Temps passé (PLIE)',
          basis: 'time',
          siegQuantity,
          totalQuantity: 100,
          evidence: 'Feuilles de temps',
          rows: ['64', '61'],
        },
      });
    // 75 % + 30 % = 105 % of row 64 in 2025.
    const refused = (await save(30).catch((error: unknown) => error)) as AppError;
    expect(refused.fields).toEqual([
      {
        path: 'key.rows',
        message: expect.stringMatching(
          /^Ligne 64 — Charges de personnel : avec les clés de la convention CPO-O2R-TEST-001 pour le même exercice, l'organisme imputerait 105,0\s%/,
        ),
      },
    ]);
    expect(databaseDigest(backend.dataDir)).toBe(digest);
    // 75 % + 25 % = 100 %: allowed.
    await expect(save(25)).resolves.toMatchObject({ id: expect.any(Number) });
  });
});
