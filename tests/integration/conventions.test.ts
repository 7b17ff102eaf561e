import { afterEach, describe, expect, test } from 'vitest';
import { AppError } from '../../shared/errors';
import { validConvention } from '../fixtures/conventionInput';
import { databaseDigest, rowCount } from './helpers/dbSnapshot';
import { testBackend, type TestBackend } from './helpers/testBackend';
import { conventionVersion } from './helpers/versions';

let backend: TestBackend;
afterEach(() => backend?.dispose());

async function expectRefused(promise: Promise<unknown>, path: string, messagePart: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect(appError.code).toBe('VALIDATION');
  const field = appError.fields.find((f) => f.path === path);
  expect(
    field,
    `expected an error on ${path}, got ${JSON.stringify(appError.fields)}`,
  ).toBeDefined();
  expect(field!.message).toMatch(messagePart);
}

describe('conventions on a real SQLite file', () => {
  test('create then read back every field, with the derived years', async () => {
    backend = await testBackend();
    const { id, warnings } = await backend.call('conventions.create', validConvention());
    expect(warnings).toEqual([]);
    const detail = await backend.call('conventions.get', { id });
    expect(detail.reference).toBe('CPO-O2R-TEST-001');
    expect(detail.operator.siret).toBe('77567227200017');
    expect(detail.operator.representativeName).toBe('Jeanne Martin');
    expect(detail.territories).toEqual([
      { inseeCode: '29019', commune: 'Brest', qpv: true, zrr: false },
      { inseeCode: '29075', commune: 'Guipavas', qpv: false, zrr: false },
    ]);
    expect(detail.volets.map((v) => v.covered)).toEqual([true, true, true, false]);
    expect(detail.stateContributions.map((c) => c.amountCents)).toEqual([
      12_000_000, 12_000_000, 12_000_000,
    ]);
    expect(detail.years.map((y) => [y.label, y.reportDue])).toEqual([
      ['2025', '2026-06-30'],
      ['2026', '2027-06-30'],
      ['2027', '2028-06-30'],
    ]);
    expect(detail.isDemo).toBe(false);
    const list = await backend.call('conventions.list', {});
    expect(list).toEqual([
      expect.objectContaining({ id, operatorName: 'Association Tremplin Test', yearCount: 3 }),
    ]);
    // The default indicator catalogue is given to the new convention.
    const indicators = await backend.call('indicators.list', { conventionId: id });
    expect(indicators.definitions.map((d) => d.code)).toContain('ACC_ENTRIES');
    expect(indicators.definitions).toHaveLength(20);
  });

  test('every field written at creation and every change goes to the audit log', async () => {
    backend = await testBackend();
    const { id } = await backend.call('conventions.create', validConvention());
    const created = await backend.call('audit.list', { conventionId: id, limit: 500 });
    expect(created.rows.every((row) => row.user === 'Camille Testeur')).toBe(true);
    expect(created.rows).toContainEqual(
      expect.objectContaining({
        entity: 'convention',
        action: 'create',
        field: 'reference',
        newValue: 'CPO-O2R-TEST-001',
      }),
    );

    await backend.call('conventions.update', {
      id,
      version: await conventionVersion(backend, id),
      values: validConvention({ endDate: '2027-06-30', title: 'Nouvel intitulé' }),
    });
    const after = await backend.call('audit.list', { conventionId: id, limit: 500 });
    const updates = after.rows.filter((row) => row.action === 'update');
    expect(updates).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field: 'endDate',
          oldValue: '2027-12-31',
          newValue: '2027-06-30',
          entity: 'convention',
        }),
        expect.objectContaining({
          field: 'title',
          oldValue: 'O2R Pays de Brest',
          newValue: 'Nouvel intitulé',
        }),
      ]),
    );
    expect(updates).toHaveLength(2);
    const detail = await backend.call('conventions.get', { id });
    expect(detail.endDate).toBe('2027-06-30');
    expect(detail.warnings[0]).toMatch(/3 ans/);
  });

  test('saving unchanged values writes nothing to the log', async () => {
    backend = await testBackend();
    const { id } = await backend.call('conventions.create', validConvention());
    const before = await backend.call('audit.list', { conventionId: id, limit: 500 });
    await backend.call('conventions.update', {
      id,
      version: await conventionVersion(backend, id),
      values: validConvention(),
    });
    const after = await backend.call('audit.list', { conventionId: id, limit: 500 });
    expect(after.total).toBe(before.total);
  });

  describe('bad input gets a French message on the field and leaves the file unchanged', () => {
    const cases: [string, () => ReturnType<typeof validConvention>, string, RegExp][] = [
      [
        'end before start',
        () => validConvention({ startDate: '2025-01-01', endDate: '2024-12-31' }),
        'endDate',
        /postérieure/,
      ],
      [
        'a SIRET that fails its checksum',
        () =>
          validConvention({ operator: { ...validConvention().operator, siret: '77567227200018' } }),
        'operator.siret',
        /clé de contrôle/,
      ],
      [
        'a negative amount',
        () => validConvention({ stateContributions: [{ yearIndex: 1, amountCents: -100 }] }),
        'stateContributions.0.amountCents',
        /négatif/,
      ],
      [
        'overlapping years',
        () =>
          validConvention({
            stateContributions: [
              { yearIndex: 1, amountCents: 100 },
              { yearIndex: 1, amountCents: 200 },
            ],
          }),
        'stateContributions.1.yearIndex',
        /chevaucher/,
      ],
      [
        'an impossible date',
        () => validConvention({ startDate: '2025-02-30' }),
        'startDate',
        /Date invalide/,
      ],
    ];
    for (const [name, input, path, message] of cases) {
      test(name, async () => {
        backend = await testBackend();
        await backend.call('conventions.create', validConvention({ reference: 'EXISTING' }));
        const digest = databaseDigest(backend.dataDir);
        await expectRefused(backend.call('conventions.create', input()), path, message);
        expect(databaseDigest(backend.dataDir)).toBe(digest);
      });
    }

    test('a duplicate reference', async () => {
      backend = await testBackend();
      await backend.call('conventions.create', validConvention());
      const digest = databaseDigest(backend.dataDir);
      await expectRefused(
        backend.call(
          'conventions.create',
          validConvention({
            dreetsRegion: 'Normandie',
            operator: { ...validConvention().operator, siret: '12345678900015' },
          }),
        ),
        'reference',
        /déjà utilisée/,
      );
      expect(databaseDigest(backend.dataDir)).toBe(digest);
    });

    test('a second CPO of the same operator with the same DREETS over the same period', async () => {
      backend = await testBackend();
      await backend.call('conventions.create', validConvention());
      const digest = databaseDigest(backend.dataDir);
      await expectRefused(
        backend.call(
          'conventions.create',
          validConvention({ reference: 'CPO-2', startDate: '2026-01-01', endDate: '2028-12-31' }),
        ),
        'startDate',
        /chevauche la convention CPO-O2R-TEST-001/,
      );
      expect(databaseDigest(backend.dataDir)).toBe(digest);
      // The renewal that starts after the first one ends is fine.
      await backend.call(
        'conventions.create',
        validConvention({ reference: 'CPO-2', startDate: '2028-01-01', endDate: '2030-12-31' }),
      );
    });

    test('an update refused halfway writes none of it (operator changes included)', async () => {
      backend = await testBackend();
      const { id } = await backend.call('conventions.create', validConvention());
      await backend.call(
        'conventions.create',
        validConvention({ reference: 'OTHER', dreetsRegion: 'Normandie' }),
      );
      const digest = databaseDigest(backend.dataDir);
      // The operator's name would be updated before the reference clash is found: all or nothing.
      await expectRefused(
        backend.call('conventions.update', {
          id,
          version: await conventionVersion(backend, id),
          values: validConvention({
            reference: 'OTHER',
            operator: { ...validConvention().operator, name: 'Renamed' },
          }),
        }),
        'reference',
        /déjà utilisée/,
      );
      expect(databaseDigest(backend.dataDir)).toBe(digest);
    });
  });

  test('the operator is one row per SIRET, shared by its conventions', async () => {
    backend = await testBackend();
    await backend.call('conventions.create', validConvention());
    await backend.call(
      'conventions.create',
      validConvention({ reference: 'CPO-NORMANDIE', dreetsRegion: 'Normandie' }),
    );
    expect(rowCount(backend.dataDir, 'operators')).toBe(1);
  });

  test('shortening the convention removes the targets of the years that no longer exist, logged', async () => {
    backend = await testBackend();
    const { id } = await backend.call('conventions.create', validConvention());
    const { definitions } = await backend.call('indicators.list', { conventionId: id });
    const indicatorId = definitions[0]!.id;
    await backend.call('targets.set', {
      conventionId: id,
      targets: [1, 2, 3].map((yearIndex) => ({ indicatorId, yearIndex, value: 10 * yearIndex })),
    });
    await backend.call('conventions.update', {
      id,
      version: await conventionVersion(backend, id),
      values: validConvention({
        endDate: '2026-12-31',
        stateContributions: [{ yearIndex: 1, amountCents: 1 }],
      }),
    });
    const { targets } = await backend.call('indicators.list', { conventionId: id });
    expect(targets.map((t) => t.yearIndex)).toEqual([1, 2]);
    const audit = await backend.call('audit.list', { conventionId: id, limit: 500 });
    expect(audit.rows).toContainEqual(
      expect.objectContaining({
        entity: 'cible',
        action: 'delete',
        entityId: 'REP_CONTACTS/année 3',
      }),
    );
  });

  test('a mutation is refused until the user has given a name; queries work', async () => {
    backend = await testBackend({ userName: null });
    expect(await backend.call('conventions.list', {})).toEqual([]);
    const error = await backend
      .call('conventions.create', validConvention())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNAUTHORISED' });
    expect(rowCount(backend.dataDir, 'conventions')).toBe(0);
  });

  test('deleting a convention removes its children and its operator, and is logged', async () => {
    backend = await testBackend();
    const { id } = await backend.call('conventions.create', validConvention());
    await backend.call('conventions.delete', { id });
    expect(rowCount(backend.dataDir, 'conventions')).toBe(0);
    expect(rowCount(backend.dataDir, 'operators')).toBe(0);
    expect(rowCount(backend.dataDir, 'indicator_definitions')).toBe(0);
    expect(rowCount(backend.dataDir, 'territories')).toBe(0);
    const global = await backend.call('audit.list', { conventionId: null, limit: 50 });
    expect(global.rows).toContainEqual(
      expect.objectContaining({ entity: 'convention', action: 'delete' }),
    );
  });
});
