import { afterEach, describe, expect, test } from 'vitest';
import type { AppError } from '../../shared/errors';
import { validConvention } from '../fixtures/conventionInput';
import { databaseDigest } from './helpers/dbSnapshot';
import { testBackend, type TestBackend } from './helpers/testBackend';

let backend: TestBackend;
afterEach(() => backend?.dispose());

async function setup() {
  backend = await testBackend();
  const { id } = await backend.call('conventions.create', validConvention());
  const { definitions } = await backend.call('indicators.list', { conventionId: id });
  const code = (c: string) => definitions.find((d) => d.code === c)!.id;
  return { id, code };
}

describe('targets and avenants', () => {
  test('targets are stored per indicator and year, and each change is logged old → new', async () => {
    const { id, code } = await setup();
    const entries = code('ACC_ENTRIES');
    expect(
      await backend.call('targets.set', {
        conventionId: id,
        targets: [
          { indicatorId: entries, yearIndex: 1, value: 80 },
          { indicatorId: entries, yearIndex: 2, value: 90 },
        ],
      }),
    ).toEqual({ changed: 2 });
    // Re-sending the same values changes nothing and logs nothing.
    const logged = (await backend.call('audit.list', { conventionId: id, limit: 500 })).total;
    expect(
      await backend.call('targets.set', {
        conventionId: id,
        targets: [{ indicatorId: entries, yearIndex: 1, value: 80 }],
      }),
    ).toEqual({ changed: 0 });
    expect((await backend.call('audit.list', { conventionId: id, limit: 500 })).total).toBe(logged);

    await backend.call('targets.set', {
      conventionId: id,
      targets: [{ indicatorId: entries, yearIndex: 1, value: 85 }],
    });
    const audit = await backend.call('audit.list', { conventionId: id, limit: 1 });
    expect(audit.rows[0]).toMatchObject({
      entity: 'cible',
      entityId: 'ACC_ENTRIES/année 1',
      oldValue: '80',
      newValue: '85',
    });
    const { targets } = await backend.call('indicators.list', { conventionId: id });
    expect(targets).toEqual([
      { indicatorId: entries, yearIndex: 1, value: 85 },
      { indicatorId: entries, yearIndex: 2, value: 90 },
    ]);
  });

  test('a target for a year the convention does not have, or a percentage over 100, is refused', async () => {
    const { id, code } = await setup();
    const digest = databaseDigest(backend.dataDir);
    const error = (await backend
      .call('targets.set', {
        conventionId: id,
        targets: [
          { indicatorId: code('ACC_ENTRIES'), yearIndex: 1, value: 10 },
          { indicatorId: code('ACC_ENTRIES'), yearIndex: 4, value: 10 },
          { indicatorId: code('WOMEN_SHARE'), yearIndex: 1, value: 120 },
        ],
      })
      .catch((e: unknown) => e)) as AppError;
    expect(error.fields.map((f) => f.path)).toEqual(['targets.1.yearIndex', 'targets.2.value']);
    expect(databaseDigest(backend.dataDir)).toBe(digest);
  });

  test('an avenant changes the values in force from its effective date; the original stays readable', async () => {
    const { id, code } = await setup();
    const entries = code('ACC_ENTRIES');
    await backend.call('targets.set', {
      conventionId: id,
      targets: [{ indicatorId: entries, yearIndex: 2, value: 90 }],
    });
    const created = await backend.call('avenants.create', {
      conventionId: id,
      signedOn: '2026-03-12',
      effectiveFrom: '2026-01-01',
      object: 'Avenant financier 2026',
      changes: [
        { kind: 'target', indicatorId: entries, yearIndex: 2, value: 100 },
        { kind: 'stateContribution', yearIndex: 2, amountCents: 13_000_000 },
      ],
    });
    expect(created.number).toBe(1);

    const before = await backend.call('terms.inForce', { conventionId: id, date: '2025-12-31' });
    expect(before.applied).toEqual([]);
    expect(
      before.targets.find((t) => t.indicatorId === entries && t.yearIndex === 2),
    ).toMatchObject({ value: 90, source: null });
    expect(before.contributions.find((c) => c.yearIndex === 2)).toMatchObject({
      amountCents: 12_000_000,
      source: null,
    });

    const after = await backend.call('terms.inForce', { conventionId: id, date: '2026-01-01' });
    expect(after.applied).toEqual([1]);
    expect(after.targets.find((t) => t.indicatorId === entries && t.yearIndex === 2)).toMatchObject(
      {
        value: 100,
        source: 1,
        original: 90,
      },
    );
    expect(after.contributions.find((c) => c.yearIndex === 2)).toMatchObject({
      amountCents: 13_000_000,
      source: 1,
      original: 12_000_000,
    });

    // The signed convention itself is unchanged: the avenant is a layer, not an overwrite.
    const { targets } = await backend.call('indicators.list', { conventionId: id });
    expect(targets.find((t) => t.yearIndex === 2)?.value).toBe(90);
    expect((await backend.call('conventions.get', { id })).stateContributions[1]?.amountCents).toBe(
      12_000_000,
    );

    const second = await backend.call('avenants.create', {
      conventionId: id,
      signedOn: '2027-02-01',
      effectiveFrom: '2027-01-01',
      object: 'Avenant 2027',
      changes: [{ kind: 'target', indicatorId: entries, yearIndex: 2, value: 95 }],
    });
    expect(second.number).toBe(2);
    const later = await backend.call('terms.inForce', { conventionId: id, date: '2027-06-01' });
    expect(later.applied).toEqual([1, 2]);
    expect(later.targets.find((t) => t.indicatorId === entries && t.yearIndex === 2)).toMatchObject(
      { value: 95, source: 2, original: 90 },
    );

    const list = await backend.call('avenants.list', { conventionId: id });
    expect(list.map((a) => [a.number, a.createdBy, a.changes.length])).toEqual([
      [1, 'Camille Testeur', 2],
      [2, 'Camille Testeur', 1],
    ]);
    const audit = await backend.call('audit.list', { conventionId: id, limit: 500 });
    expect(audit.rows).toContainEqual(
      expect.objectContaining({
        entity: 'avenant',
        entityId: 'n° 2',
        field: 'objet',
        newValue: 'Avenant 2027',
      }),
    );
  });

  test('an invalid avenant is refused with the line named and nothing written', async () => {
    const { id, code } = await setup();
    const other = await backend.call(
      'conventions.create',
      validConvention({ reference: 'OTHER', dreetsRegion: 'Normandie' }),
    );
    const foreign = (await backend.call('indicators.list', { conventionId: other.id }))
      .definitions[0]!.id;
    const digest = databaseDigest(backend.dataDir);
    const error = (await backend
      .call('avenants.create', {
        conventionId: id,
        signedOn: '2026-03-01',
        effectiveFrom: '2028-02-01',
        object: 'Avenant',
        changes: [
          { kind: 'target', indicatorId: foreign, yearIndex: 1, value: 1 },
          { kind: 'target', indicatorId: code('ACC_ENTRIES'), yearIndex: 5, value: 1 },
          { kind: 'stateContribution', yearIndex: 1, amountCents: -5 },
        ],
      })
      .catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('VALIDATION');
    // Schema errors come first (the negative amount), the rest once the schema passes.
    expect(error.fields).toEqual([
      expect.objectContaining({
        path: 'changes.2.amountCents',
        message: expect.stringMatching(/négatif/),
      }),
    ]);
    const second = (await backend
      .call('avenants.create', {
        conventionId: id,
        signedOn: '2026-03-01',
        effectiveFrom: '2028-02-01',
        object: 'Avenant',
        changes: [
          { kind: 'target', indicatorId: foreign, yearIndex: 1, value: 1 },
          { kind: 'target', indicatorId: code('ACC_ENTRIES'), yearIndex: 5, value: 1 },
        ],
      })
      .catch((e: unknown) => e)) as AppError;
    expect(second.fields.map((f) => f.path)).toEqual([
      'effectiveFrom',
      'changes.0.indicatorId',
      'changes.1.yearIndex',
    ]);
    expect(databaseDigest(backend.dataDir)).toBe(digest);
  });

  test('the catalogue is editable per convention: rename, deactivate, add; never delete', async () => {
    const { id } = await setup();
    const { definitions } = await backend.call('indicators.list', { conventionId: id });
    const edited = definitions.map((d) => ({
      id: d.id,
      code: d.code,
      label: d.code === 'PARTNERS' ? 'Partenaires mobilisés' : d.label,
      unit: d.unit,
      source: d.source,
      active: d.code !== 'COST_PER_PERSON',
    }));
    await backend.call('indicators.save', {
      conventionId: id,
      definitions: [
        ...edited,
        {
          code: 'SATISFACTION',
          label: 'Satisfaction des personnes',
          unit: 'percent',
          source: 'Enquête',
          active: true,
        },
      ],
    });
    const after = await backend.call('indicators.list', { conventionId: id });
    expect(after.definitions.find((d) => d.code === 'PARTNERS')?.label).toBe(
      'Partenaires mobilisés',
    );
    expect(after.definitions.find((d) => d.code === 'COST_PER_PERSON')?.active).toBe(false);
    expect(after.definitions.at(-1)).toMatchObject({ code: 'SATISFACTION', computed: false });

    const digest = databaseDigest(backend.dataDir);
    const error = (await backend
      .call('indicators.save', { conventionId: id, definitions: edited.slice(1) })
      .catch((e: unknown) => e)) as AppError;
    expect(error.message).toMatch(/ne se supprime pas/);
    expect(databaseDigest(backend.dataDir)).toBe(digest);
  });

  test('the dashboard counts targets in force and the days to each report', async () => {
    const { id, code } = await setup();
    await backend.call('targets.set', {
      conventionId: id,
      targets: [
        { indicatorId: code('ACC_ENTRIES'), yearIndex: 2, value: 90 },
        { indicatorId: code('REP_PERSONS'), yearIndex: 2, value: 150 },
      ],
    });
    const dashboard = await backend.call('dashboard.get', {
      conventionId: id,
      today: '2026-11-23',
    });
    const year2 = dashboard.years[1]!;
    expect(year2).toMatchObject({
      label: '2026',
      status: 'current',
      targetsSet: 2,
      indicatorsActive: 20,
      reportDue: '2027-06-30',
      daysToReport: 219,
    });
    expect(dashboard.years[0]).toMatchObject({ status: 'closed', daysToReport: -146 });
    expect(dashboard.nextDeadline).toEqual({
      yearIndex: 2,
      label: '2026',
      due: '2027-06-30',
      daysLeft: 219,
    });
  });
});
