/**
 * The whole chain on real SQLite files: the two FEC fixtures, the subsidies split by
 * funder, the analytic axis, an allocation key, a forecast for the year without a FEC and
 * the payments, down to the overcompensation control — checked against a hand computation
 * written here from the fixture's expected.json (and, for the per-row split of the general
 * costs of 2026, from the raw file read independently of the importer).
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { validConvention } from '../fixtures/conventionInput';
import { sharedFixture } from '../fixtures/sharedFixtures';
import { databaseDigest } from './helpers/dbSnapshot';
import {
  CHARGE_ROWS,
  importFecFixtures,
  mapSuggestedRows,
  saveAuxiliaryRules,
  saveCityPremises,
  saveTimeKey,
} from './helpers/fixtureConvention';
import { testBackend, type TestBackend } from './helpers/testBackend';

let backend: TestBackend;
afterEach(() => backend?.dispose());

const FEC_2025 = '123456789FEC20251231.txt';
const FEC_2026 = '123456789FEC20261231.txt';
const expected = JSON.parse(readFileSync(sharedFixture('fec', 'expected.json'), 'utf8')) as Record<
  string,
  {
    net_debit_by_class2_cents: Record<string, number>;
    net_debit_by_class_and_analytic_cents?: Record<string, number>;
  }
>;
const STATE = 18_000_000; // 180 000 € a year, the fixture organisation's contribution

/** The 2026 general costs per two-digit group, summed straight from the raw file. */
function generalCosts2026(): Record<string, number> {
  const text = readFileSync(sharedFixture('fec', FEC_2026), 'latin1');
  const [header, ...lines] = text.split('\r\n').filter((line) => line !== '');
  const names = header!.split('|');
  const at = (name: string) => names.indexOf(name);
  const cents = (value: string) => Math.round(Number(value.replace(',', '.')) * 100);
  const byGroup: Record<string, number> = {};
  for (const line of lines) {
    const fields = line.split('|');
    const account = fields[at('CompteNum')]!;
    if (!account.startsWith('6') || fields[at('Analytique')] !== 'GEN') continue;
    const group = account.slice(0, 2);
    byGroup[group] =
      (byGroup[group] ?? 0) + cents(fields[at('Debit')]!) - cents(fields[at('Credit')]!);
  }
  return byGroup;
}

const threeQuarters = (cents: number) => Math.sign(cents) * Math.round(Math.abs(cents) * 0.75);

async function chain() {
  backend = await testBackend();
  const { id: conventionId } = await backend.call(
    'conventions.create',
    validConvention({
      stateContributions: [1, 2, 3].map((yearIndex) => ({ yearIndex, amountCents: STATE })),
    }),
  );
  await importFecFixtures(backend, conventionId, [FEC_2025, FEC_2026]);
  // Subsidies by funder, from the suggestions (DREETS, Département, FSE+, city).
  await mapSuggestedRows(backend, conventionId, [1]);
  // 2025 has no analytic column: the O2R subsidies are the SIEG's, the city's goes to the
  // other activity, everything else is a general cost shared by the key.
  await saveAuxiliaryRules(backend, conventionId); // DREETS, CD35, FSE: SIEG; VILLE: other
  for (const yearIndex of [1, 2]) await saveTimeKey(backend, conventionId, yearIndex);
  // 2027 has no FEC yet: its forecast stands in.
  await backend.call('budget.set', {
    conventionId,
    yearIndex: 3,
    lines: [
      { row: '64', amountCents: 26_000_000 },
      { row: '61', amountCents: 2_000_000 },
      { row: '74_state_o2r', amountCents: STATE },
      { row: '74_department', amountCents: 4_000_000 },
      { row: '74_eu', amountCents: 3_000_000 },
      { row: '70', amountCents: 500_000 },
      // The operator's own funds in the action are not SIEG revenue.
      { row: 'own', amountCents: 1_000_000 },
    ],
  });
  for (const payment of [
    { yearIndex: 1, kind: 'advance', expectedOn: '2025-03-15', receivedOn: '2025-04-02' },
    { yearIndex: 1, kind: 'balance', expectedOn: '2025-09-30', receivedOn: '2025-10-14' },
    { yearIndex: 2, kind: 'advance', expectedOn: '2026-03-15', receivedOn: '2026-03-20' },
    { yearIndex: 2, kind: 'balance', expectedOn: '2026-09-30', receivedOn: null },
  ] as const)
    await backend.call('payments.save', {
      conventionId,
      payment: {
        ...payment,
        expectedCents: STATE / 2,
        receivedCents: payment.receivedOn ? STATE / 2 : null,
      },
    });
  return conventionId;
}

describe('SIEG compensation from the FEC fixtures', () => {
  test('C, R, K per year and the control over the CPO match the hand computation', async () => {
    const conventionId = await chain();
    const result = await backend.call('compensation.get', { conventionId });

    // Year 1 (2025): every charge is a general cost, three quarters go to the SIEG.
    const groups2025 = expected[FEC_2025]!.net_debit_by_class2_cents;
    const k1 = CHARGE_ROWS.reduce((sum, row) => sum + threeQuarters(groups2025[row] ?? 0), 0);
    // C = the State's 180 000 € + the Département's 40 000 € + FSE+ 30 000 €.
    const c1 = STATE + 4_000_000 + 3_000_000;
    // Year 2 (2026): direct O2R costs + three quarters of each group of general costs.
    const analytic2026 = expected[FEC_2026]!.net_debit_by_class_and_analytic_cents!;
    const general = generalCosts2026();
    expect(Object.values(general).reduce((a, b) => a + b, 0)).toBe(analytic2026['6:GEN']);
    const k2 =
      analytic2026['6:O2R']! +
      Object.values(general).reduce((sum, cents) => sum + threeQuarters(cents), 0);
    // The SIEG's produits of 2026 are its three public subsidies: C, no other revenue.
    const c2 = -analytic2026['7:O2R']!;
    expect(c2).toBe(STATE + 4_000_000 + 3_000_000);
    // R (decision 2012/21/UE art. 5 §4, revenue « de toute nature »): common revenue is
    // shared by the key like the common costs. 2025: sales 70, dues 75, financial income 76
    // are all common; 2026: the common produits are 75 and 76 (its 70 is the other activity's).
    const r1 = ['70', '75', '76'].reduce((sum, row) => sum + threeQuarters(-groups2025[row]!), 0);
    const groups2026 = expected[FEC_2026]!.net_debit_by_class2_cents;
    expect(groups2026['75']! + groups2026['76']!).toBe(analytic2026['7:GEN']);
    const r2 = threeQuarters(-groups2026['75']!) + threeQuarters(-groups2026['76']!);
    // Year 3 (2027): the forecast.
    const k3 = 26_000_000 + 2_000_000;
    const c3 = STATE + 4_000_000 + 3_000_000;
    const r3 = 500_000;

    expect(result.years.map((y) => [y.basis, y.c, y.r, y.k, y.rp])).toEqual([
      ['actual', c1, r1, k1, 0],
      ['actual', c2, r2, k2, 0],
      ['forecast', c3, r3, k3, 0],
    ]);
    expect(result.years[0]!.detail).toMatchObject({
      stateContribution: STATE,
      stateBooked: STATE,
      otherPublic: [
        { row: '74_department', amountCents: 4_000_000 },
        { row: '74_eu', amountCents: 3_000_000 },
      ],
      costs: { direct: 0, allocated: k1, unallocatedGeneral: 0 },
    });

    const oc = c1 + c2 + c3 + r1 + r2 + r3 - (k1 + k2 + k3);
    expect(result.periods).toHaveLength(1);
    expect(result.final).toBeNull();
    const control = result.periods[0]!;
    expect(control).toMatchObject({
      label: 'Toute la CPO (contrôle final)',
      yearIndexes: [1, 2, 3],
      c: c1 + c2 + c3,
      k: k1 + k2 + k3,
      oc,
      cAvg: (c1 + c2 + c3) / 3,
      threshold: (c1 + c2 + c3) / 30,
    });
    // The single period ends the CPO and no following convention is recorded: within the
    // 10 % it is due, not carried (there is no next period).
    expect(control.outcome).toBe(
      oc <= 0 ? 'none' : oc * 30 <= c1 + c2 + c3 ? 'due_at_end' : 'repay',
    );
    expect(control.amountDue).toBe(Math.max(0, oc));
    expect(result.warnings).toEqual([
      'Année 3 (2027) : pas de FEC importé, les chiffres viennent du budget prévisionnel.',
    ]);
  });

  test('yearly periods, a reasonable profit and manual public support change the control', async () => {
    const conventionId = await chain();
    // The convention is signed: yearly periods come from an avenant, in force from 2025.
    await backend.call('compensation.amendParameters', {
      conventionId,
      avenant: {
        signedOn: '2025-06-01',
        effectiveFrom: '2025-01-01',
        object: 'Contrôle de la surcompensation chaque année',
      },
      parameters: {
        reasonableProfitBp: 0,
        ocNetting: true,
        ocAverageOver: 'period',
        controlPeriodYears: 1,
        compensationClause: 'article 1 de l’avenant n° 1',
      },
    });
    const before = await backend.call('compensation.get', { conventionId });
    await saveCityPremises(
      backend,
      conventionId,
      1_200_000,
      'Convention de mise à disposition, 80 m² à 12 500 € par an',
    );
    const after = await backend.call('compensation.get', { conventionId });
    expect(after.periods).toHaveLength(3);
    expect(after.final?.yearIndexes).toEqual([1, 2, 3]);
    // Premises lent free are public support (C) and a cost of the service (K), the same
    // value on both sides: they make no overcompensation by themselves.
    expect(after.years[0]!.c).toBe(before.years[0]!.c + 1_200_000);
    expect(after.years[0]!.k).toBe(before.years[0]!.k + 1_200_000);
    expect(after.periods[0]!.oc).toBe(before.periods[0]!.oc);
    // A year-1 surplus carried forward counts as compensation of year 2.
    // A year-1 surplus carried forward counts as compensation of year 2. Year 1 has no surplus
    // yet (OC < 0), so a subsidy paid to the service but not booked (C only, 30 000 €) makes
    // one: OC₁ + 30 000 € > 0, under 10 % of year 1's compensation, so it is carried.
    expect(after.periods[0]!.oc).toBeLessThan(0);
    await backend.call('supports.save', {
      conventionId,
      support: {
        yearIndex: 1,
        kind: 'subsidy',
        funder: 'Région Bretagne',
        amountCents: 3_000_000,
        evidence: 'Arrêté de subvention non comptabilisée sur l’exercice',
      },
    });
    const carried = await backend.call('compensation.get', { conventionId });
    const first = carried.periods[0]!;
    expect(first.oc).toBe(after.periods[0]!.oc + 3_000_000);
    expect(first.outcome).toBe('carry_forward');
    expect(10 * first.oc).toBeLessThanOrEqual(first.c);
    expect(first.carriedOut).toBe(first.oc);
    expect(carried.periods[1]!.carriedIn).toBe(first.oc);
    expect(carried.periods[1]!.oc).toBe(
      carried.periods[1]!.c +
        carried.periods[1]!.r -
        carried.periods[1]!.k -
        carried.periods[1]!.rp +
        first.oc,
    );
    // The final control is net of what the periods already required: never due twice.
    expect(after.final!.amountDue).toBe(0);
    expect(after.totalDue).toBe(after.periods.reduce((sum, p) => sum + p.amountDue, 0));
    const audit = await backend.call('audit.list', { conventionId, limit: 1 });
    expect(audit.rows[0]).toMatchObject({ entity: 'soutien public', action: 'create' });
  });

  test('late and missing payments are flagged', async () => {
    const conventionId = await chain();
    const view = await backend.call('payments.list', { conventionId, today: '2026-11-23' });
    expect(view.payments.map((p) => p.status)).toEqual([
      'received',
      'received',
      'received',
      'late',
    ]);
    expect(view.payments[3]!.daysLate).toBe(54);
    expect(view.years[1]).toMatchObject({
      grantedCents: STATE,
      scheduledCents: STATE,
      receivedCents: STATE / 2,
    });
    // The whole CPO (the dashboard's figure): year 1 paid in full, year 2 half, year 3 not
    // yet scheduled; three years of contribution granted.
    expect(view.whole).toEqual({
      grantedCents: 3 * STATE,
      scheduledCents: 2 * STATE,
      receivedCents: STATE + STATE / 2,
      repaidCents: 0,
    });
    expect(view.alerts).toEqual([
      {
        level: 'late',
        text: expect.stringMatching(
          /^Solde de l'année 2 \(90\s000,00\s€\) attendu le 30\/09\/2026 : 54 jours de retard\.$/,
        ),
      },
    ]);
    // In 2027 the third year has begun and nothing is scheduled for it.
    const later = await backend.call('payments.list', { conventionId, today: '2027-02-01' });
    expect(later.alerts.map((a) => a.level)).toEqual(['late', 'missing']);
    // Scheduling more than the contribution in force is flagged.
    await backend.call('payments.save', {
      conventionId,
      payment: { yearIndex: 1, kind: 'instalment', expectedOn: '2025-06-30', expectedCents: 1 },
    });
    const excess = await backend.call('payments.list', { conventionId, today: '2026-11-23' });
    expect(excess.alerts.find((a) => a.level === 'excess')?.text).toMatch(
      /^Année 1 \(2025\) : l'échéancier \(180\s000,01\s€\) dépasse la contribution en vigueur/,
    );
  });

  test('a payment received without its amount is refused and nothing is written', async () => {
    const conventionId = await chain();
    const digest = databaseDigest(backend.dataDir);
    await expect(
      backend.call('payments.save', {
        conventionId,
        payment: {
          yearIndex: 3,
          kind: 'advance',
          expectedOn: '2027-03-15',
          expectedCents: STATE / 2,
          receivedOn: '2027-03-20',
          receivedCents: null,
        },
      }),
    ).rejects.toMatchObject({ fields: [{ path: 'payment.receivedCents' }] });
    await expect(
      backend.call('payments.save', {
        conventionId,
        payment: { yearIndex: 4, kind: 'advance', expectedOn: '2027-03-15', expectedCents: 1 },
      }),
    ).rejects.toMatchObject({ fields: [{ path: 'payment.yearIndex' }] });
    expect(databaseDigest(backend.dataDir)).toBe(digest);
  });
});

describe('SIEG de minimis', () => {
  // Was counted at the payment dates; now at the signature of the CPO and of each avenant
  // (regulation 2023/2832 art. 3), for the whole undertaking (see siegControl.test.ts).
  test('the rolling three-year sum counts grants and other aid, and warns before the ceiling', async () => {
    backend = await testBackend();
    const { id: conventionId } = await backend.call(
      'conventions.create',
      validConvention({
        regime: 'sieg_de_minimis',
        // 3 × 200 000 € = 600 000 €, all granted at the signature of 10/02/2025.
        stateContributions: [1, 2, 3].map((yearIndex) => ({ yearIndex, amountCents: 20_000_000 })),
      }),
    );
    // Payments change nothing: only the grant counts.
    await backend.call('payments.save', {
      conventionId,
      payment: {
        yearIndex: 1,
        kind: 'advance',
        expectedOn: '2025-03-01',
        expectedCents: 20_000_000,
        receivedOn: '2025-03-10',
        receivedCents: 20_000_000,
      },
    });
    let watch = await backend.call('deMinimis.get', { conventionId, today: '2026-11-23' });
    expect(watch.applies).toBe(true);
    expect(watch.current).toEqual({ total: 60_000_000, general: 0, windowStart: '2023-11-24' });
    expect(watch.headroom).toEqual({ total: 15_000_000, general: 15_000_000 });
    expect(watch.aids.map((aid) => [aid.source, aid.date, aid.amountCents])).toEqual([
      ['convention', '2025-02-10', 60_000_000],
    ]);
    expect(watch.level).toBe('ok');

    await backend.call('deMinimis.saveAid', {
      conventionId,
      aid: {
        grantor: 'Région Bretagne',
        grantedOn: '2024-06-01',
        amountCents: 10_000_000,
        regulation: 'general',
      },
    });
    watch = await backend.call('deMinimis.get', { conventionId, today: '2026-11-23' });
    // 600 000 + 100 000 = 700 000 € ≥ 675 000 € (90 % of 750 000 €).
    expect(watch.current.total).toBe(70_000_000);
    expect(watch.peak).toEqual({ date: '2025-02-10', total: 70_000_000, general: 10_000_000 });
    expect(watch.level).toBe('near');
    expect(watch.crossesOn).toBeNull();

    await backend.call('deMinimis.saveAid', {
      conventionId,
      aid: {
        grantor: 'Département',
        grantedOn: '2026-01-15',
        amountCents: 6_000_000,
        regulation: 'sieg',
      },
    });
    watch = await backend.call('deMinimis.get', { conventionId, today: '2026-11-23' });
    // 760 000 € on 15/01/2026 (the Région's aid of 01/06/2024 is still in the window).
    expect(watch.level).toBe('over');
    expect(watch.crossesOn).toBe('2026-01-15');
  });
});
