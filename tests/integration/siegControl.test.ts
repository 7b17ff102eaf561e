/**
 * The SIEG control rules that hang on the convention as a whole, on real SQLite files:
 * parameters fixed by the convention (changed before signature in its form, afterwards by
 * an avenant), the end of the entrustment and repayments, records kept ten years after the
 * CPO, and the de minimis ceiling of the single undertaking across its conventions.
 * Expected figures are worked out by hand in the comments.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { registerPickedFile } from '../../electron/backend/pickedFiles';
import { validConvention } from '../fixtures/conventionInput';
import { sharedFixture } from '../fixtures/sharedFixtures';
import { databaseDigest, rowCount } from './helpers/dbSnapshot';
import { testBackend, type TestBackend } from './helpers/testBackend';
import { conventionVersion } from './helpers/versions';

let backend: TestBackend;
afterEach(() => backend?.dispose());

const parameters = {
  reasonableProfitBp: 0,
  ocNetting: true,
  ocAverageOver: 'period' as const,
  controlPeriodYears: 3,
  compensationClause: 'article 6 de la convention',
};

describe('compensation parameters are fixed by the convention', () => {
  test('edited in the form before signature, refused there afterwards, changed by an avenant', async () => {
    backend = await testBackend();
    const unsigned = validConvention({ signedOn: null, ...parameters, controlPeriodYears: 1 });
    const { id: conventionId } = await backend.call('conventions.create', unsigned);
    let control = await backend.call('compensation.get', { conventionId });
    expect(control.settings.periodYears).toBe(1);
    expect(control.parameters).toEqual({
      clause: 'article 6 de la convention',
      source: null,
      signedOn: null,
    });
    expect(control.periods).toHaveLength(3);

    // Before signature the form changes them freely.
    await backend.call('conventions.update', {
      id: conventionId,
      version: await conventionVersion(backend, conventionId),
      values: { ...unsigned, controlPeriodYears: 3 },
    });
    // Signing keeps them as they are.
    const signed = { ...unsigned, controlPeriodYears: 3, signedOn: '2025-02-10' };
    await backend.call('conventions.update', {
      id: conventionId,
      version: await conventionVersion(backend, conventionId),
      values: signed,
    });
    expect((await backend.call('conventions.get', { id: conventionId })).controlPeriodYears).toBe(
      3,
    );

    // After signature the form refuses them, with a French message on each field.
    const digest = databaseDigest(backend.dataDir);
    await expect(
      backend.call('conventions.update', {
        id: conventionId,
        version: await conventionVersion(backend, conventionId),
        values: { ...signed, reasonableProfitBp: 150, ocNetting: false },
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
      fields: [
        {
          path: 'reasonableProfitBp',
          message: expect.stringMatching(/signée le 10\/02\/2025 : modifiez-le par un avenant/),
        },
        { path: 'ocNetting', message: expect.stringMatching(/avenant/) },
      ],
    });
    expect(databaseDigest(backend.dataDir)).toBe(digest);
    // What the CPO does not fix (the following convention) stays editable.
    await backend.call('conventions.update', {
      id: conventionId,
      version: await conventionVersion(backend, conventionId),
      values: { ...signed, followingConvention: 'CPO-O2R-TEST-002' },
    });

    // An avenant changes them from its effective date on (today is 23/11/2026).
    const amended = await backend.call('compensation.amendParameters', {
      conventionId,
      avenant: {
        signedOn: '2026-03-12',
        effectiveFrom: '2026-04-01',
        object: 'Bénéfice raisonnable et contrôle annuel',
      },
      parameters: {
        ...parameters,
        reasonableProfitBp: 100,
        controlPeriodYears: 1,
        compensationClause: 'article 2 de l’avenant n° 1',
      },
    });
    expect(amended.number).toBe(1);
    control = await backend.call('compensation.get', { conventionId });
    expect(control.settings.periodYears).toBe(1);
    expect(control.reasonableProfitBp).toBe(100);
    expect(control.parameters).toEqual({
      clause: 'article 2 de l’avenant n° 1',
      source: { avenantNumber: 1, signedOn: '2026-03-12', effectiveFrom: '2026-04-01' },
      signedOn: '2025-02-10',
    });
    // Listed with the other avenants, and logged.
    const avenants = await backend.call('avenants.list', { conventionId });
    expect(avenants.map((a) => [a.number, a.object])).toEqual([
      [1, 'Bénéfice raisonnable et contrôle annuel'],
    ]);
    const audit = await backend.call('audit.list', { conventionId, limit: 1 });
    expect(audit.rows[0]).toMatchObject({ entity: 'avenant', action: 'create' });

    // An avenant that takes effect later is not in force today.
    await backend.call('compensation.amendParameters', {
      conventionId,
      avenant: { signedOn: '2026-11-01', effectiveFrom: '2027-01-01', object: 'Contrôle triennal' },
      parameters: { ...parameters, compensationClause: 'article 1 de l’avenant n° 2' },
    });
    control = await backend.call('compensation.get', { conventionId });
    expect(control.parameters.source?.avenantNumber).toBe(1);
  });

  test('an avenant to a convention not signed yet is refused: the form is the place', async () => {
    backend = await testBackend();
    const { id: conventionId } = await backend.call(
      'conventions.create',
      validConvention({ signedOn: null }),
    );
    const digest = databaseDigest(backend.dataDir);
    await expect(
      backend.call('compensation.amendParameters', {
        conventionId,
        avenant: { signedOn: '2026-03-12', effectiveFrom: '2026-04-01', object: 'Contrôle annuel' },
        parameters: { ...parameters, compensationClause: 'article 1' },
      }),
    ).rejects.toMatchObject({ fields: [{ path: 'avenant.signedOn' }] });
    expect(databaseDigest(backend.dataDir)).toBe(digest);
  });
});

describe('end of the entrustment and repayments', () => {
  /**
   * Three years of forecast only (no FEC): C = the State's 100 000 € a year, K = row 64.
   * Year 1 costs 95 000 € (+5 000 €), years 2 and 3 cost 100 000 € (0).
   * One period of three years: OC = 5 000 € ≤ 10 000 € (10 % of Cavg 100 000 €).
   */
  async function forecastConvention(overrides: Parameters<typeof validConvention>[0] = {}) {
    const { id: conventionId } = await backend.call(
      'conventions.create',
      validConvention({
        stateContributions: [1, 2, 3].map((yearIndex) => ({ yearIndex, amountCents: 10_000_000 })),
        ...overrides,
      }),
    );
    for (const [yearIndex, costs] of [
      [1, 9_500_000],
      [2, 10_000_000],
      [3, 10_000_000],
    ] as const)
      await backend.call('budget.set', {
        conventionId,
        yearIndex,
        lines: [
          { row: '64', amountCents: costs },
          { row: '74_state_o2r', amountCents: 10_000_000 },
        ],
      });
    return conventionId;
  }

  test('5 000 € within the 10 % are due at the end unless a following convention deducts them', async () => {
    backend = await testBackend();
    const conventionId = await forecastConvention();
    let control = await backend.call('compensation.get', { conventionId });
    expect(control.periods[0]).toMatchObject({
      oc: 500_000,
      threshold: 1_000_000,
      outcome: 'due_at_end',
      last: true,
      amountDue: 500_000,
    });
    expect(control.totalDue).toBe(500_000);

    // A following convention of the same operator is recorded: the 5 000 € go to it.
    await backend.call(
      'conventions.create',
      validConvention({
        reference: 'CPO-O2R-TEST-002',
        signedOn: '2027-12-15',
        startDate: '2028-01-01',
        endDate: '2030-12-31',
      }),
    );
    await backend.call('conventions.update', {
      id: conventionId,
      version: await conventionVersion(backend, conventionId),
      values: {
        ...validConvention({
          stateContributions: [1, 2, 3].map((yearIndex) => ({
            yearIndex,
            amountCents: 10_000_000,
          })),
        }),
        followingConvention: 'CPO-O2R-TEST-002',
      },
    });
    control = await backend.call('compensation.get', { conventionId });
    expect(control.periods[0]).toMatchObject({
      outcome: 'carry_forward',
      carriedTo: 'next_convention',
      carriedOut: 500_000,
      amountDue: 0,
    });
    expect(control.endOfEntrustment).toMatchObject({
      followingConvention: 'CPO-O2R-TEST-002',
      linked: { reference: 'CPO-O2R-TEST-002' },
    });
    expect(control.totalDue).toBe(0);
  });

  test('a repayment made settles what is due, once', async () => {
    backend = await testBackend();
    const conventionId = await forecastConvention();
    // 3 000 € paid back for year 1 (a payment of kind repayment, received).
    await backend.call('payments.save', {
      conventionId,
      payment: {
        yearIndex: 1,
        kind: 'repayment',
        expectedOn: '2026-06-30',
        expectedCents: 300_000,
        receivedOn: '2026-07-02',
        receivedCents: 300_000,
      },
    });
    const control = await backend.call('compensation.get', { conventionId });
    // 5 000 € due at the end − 3 000 € repaid = 2 000 € left.
    expect(control.periods[0]).toMatchObject({ repaid: 300_000, amountDue: 200_000 });
    expect(control.totalRepaid).toBe(300_000);
    expect(control.totalDue).toBe(200_000);
  });
});

describe('records are kept ten years after the CPO', () => {
  async function withFec() {
    const { id } = await backend.call('conventions.create', validConvention());
    await backend.call('fec.import', {
      conventionId: id,
      fileName: '123456789FEC20251231.txt',
      // As the open dialog of the main process would hand it over.
      source: {
        kind: 'picked',
        fileId: registerPickedFile(sharedFixture('fec', '123456789FEC20251231.txt')),
      },
    });
    return id;
  }

  test('a convention with a FEC cannot be deleted before its end + 10 years; nothing is written', async () => {
    backend = await testBackend();
    const id = await withFec();
    const digest = databaseDigest(backend.dataDir);
    // The CPO ends 31/12/2027: records kept until 31/12/2037 included.
    await expect(backend.call('conventions.delete', { id })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(
        /des FEC importés.*au moins dix ans après la fin de la CPO, jusqu’au 31\/12\/2037/,
      ),
    });
    expect(databaseDigest(backend.dataDir)).toBe(digest);
    expect(rowCount(backend.dataDir, 'fec_imports')).toBe(1);
  });

  test('a convention with no records can go; after the ten years, one with records too', async () => {
    backend = await testBackend();
    const { id } = await backend.call('conventions.create', validConvention());
    await backend.call('conventions.delete', { id });
    backend.dispose();

    backend = await testBackend({ now: () => new Date('2038-01-02T09:00:00.000Z') });
    const kept = await withFec();
    await backend.call('conventions.delete', { id: kept });
    expect(rowCount(backend.dataDir, 'fec_imports')).toBe(0);
  });
});

describe('de minimis for the single undertaking', () => {
  test('two conventions of the same SIREN are counted together, at their signatures', async () => {
    backend = await testBackend();
    // Convention A: 3 × 150 000 € = 450 000 €, signed 10/02/2025.
    const { id: a } = await backend.call(
      'conventions.create',
      validConvention({
        regime: 'sieg_de_minimis',
        stateContributions: [1, 2, 3].map((yearIndex) => ({ yearIndex, amountCents: 15_000_000 })),
      }),
    );
    let watch = await backend.call('deMinimis.get', { conventionId: a, today: '2026-11-23' });
    expect(watch.current.total).toBe(45_000_000);
    expect(watch.level).toBe('ok');

    // Convention B: another establishment of the same association (same SIREN 775672272),
    // 2 × 200 000 € = 400 000 €, signed 01/03/2026.
    const b = validConvention({
      reference: 'CPO-NORMANDIE',
      dreetsRegion: 'Normandie',
      regime: 'sieg_de_minimis',
      signedOn: '2026-03-01',
      startDate: '2026-01-01',
      endDate: '2027-12-31',
      stateContributions: [1, 2].map((yearIndex) => ({ yearIndex, amountCents: 20_000_000 })),
    });
    const { id: bId } = await backend.call('conventions.create', {
      ...b,
      operator: { ...b.operator, siret: '77567227200025', city: 'Caen' },
    });
    // A convention of the same operator under the Decision is not de minimis aid.
    await backend.call(
      'conventions.create',
      validConvention({
        reference: 'CPO-DECISION',
        dreetsRegion: 'Occitanie',
        stateContributions: [{ yearIndex: 1, amountCents: 50_000_000 }],
      }),
    );

    // 450 000 + 400 000 = 850 000 € > 750 000 € from 01/03/2026, seen from either convention.
    for (const conventionId of [a, bId]) {
      watch = await backend.call('deMinimis.get', { conventionId, today: '2026-11-23' });
      expect(watch.undertaking.siren).toBe('775672272');
      expect(watch.current.total).toBe(85_000_000);
      expect(watch.headroom.total).toBe(0);
      expect(watch.level).toBe('over');
      expect(watch.crossesOn).toBe('2026-03-01');
      expect(watch.aids.map((aid) => [aid.conventionReference, aid.date, aid.amountCents])).toEqual(
        [
          ['CPO-O2R-TEST-001', '2025-02-10', 45_000_000],
          ['CPO-NORMANDIE', '2026-03-01', 40_000_000],
        ],
      );
    }
  });
});
