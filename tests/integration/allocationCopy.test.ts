/**
 * « Reprendre les clés de l'année précédente » and the analytic guide of a year whose FEC
 * has no analytic code, on real SQLite files: the copy keeps the quantities and flags the
 * evidence, writes audit rows, and every refusal leaves the file byte for byte as it was
 * (database digest). The guide's figures are checked against the 2025 fixture's README
 * amounts (State 180 000 €, Département 40 000 €, FSE+ 30 000 €), not the service.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { AppError } from '../../shared/errors';
import { validConvention } from '../fixtures/conventionInput';
import { databaseDigest } from './helpers/dbSnapshot';
import { importFecFixtures, mapSuggestedRows } from './helpers/fixtureConvention';
import { testBackend, type TestBackend } from './helpers/testBackend';

let backend: TestBackend;
afterEach(() => backend?.dispose());

const timeKey = {
  label: 'Temps passé',
  basis: 'time' as const,
  siegQuantity: 4_800,
  totalQuantity: 6_400,
  evidence: 'Feuilles de temps 2025 : 4 800 h sur 6 400 h',
  rows: ['64'],
};
const premisesKey = {
  label: 'Surface des locaux',
  basis: 'floor_area' as const,
  siegQuantity: 120,
  totalQuantity: 200,
  evidence: 'Plan des locaux',
  rows: ['61', '62'],
};

async function convention() {
  backend = await testBackend();
  const { id } = await backend.call('conventions.create', validConvention());
  return id;
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = (await promise.then(
    () => null,
    (caught: unknown) => caught,
  )) as AppError | null;
  expect(error, 'the call should have been refused').not.toBeNull();
  return [error!.message, ...(error!.fields ?? []).map((field) => field.message)].join(' ');
}

describe('keys.copyPrevious', () => {
  test("copies year 1's keys into year 2: quantities kept, evidence to update, audited", async () => {
    const conventionId = await convention();
    await backend.call('keys.save', { conventionId, yearIndex: 1, key: timeKey });
    await backend.call('keys.save', { conventionId, yearIndex: 1, key: premisesKey });

    const result = await backend.call('keys.copyPrevious', { conventionId, yearIndex: 2 });
    expect(result).toEqual({ copied: 2, replaced: 0 });

    const copied = await backend.call('keys.list', { conventionId, yearIndex: 2 });
    expect(
      copied.map(({ label, basis, siegQuantity, totalQuantity, rows }) => ({
        label,
        basis,
        siegQuantity,
        totalQuantity,
        rows,
      })),
    ).toEqual([
      {
        label: 'Temps passé',
        basis: 'time',
        siegQuantity: 4_800,
        totalQuantity: 6_400,
        rows: ['64'],
      },
      {
        label: 'Surface des locaux',
        basis: 'floor_area',
        siegQuantity: 120,
        totalQuantity: 200,
        rows: ['61', '62'],
      },
    ]);
    // The evidence is year 1's, flagged: the user must say what backs year 2.
    expect(copied[0]!.evidence).toMatch(/^« à mettre à jour »/);
    expect(copied[0]!.evidence).toContain(timeKey.evidence);
    // Year 1 is untouched.
    const year1 = await backend.call('keys.list', { conventionId, yearIndex: 1 });
    expect(year1.map((key) => key.evidence)).toEqual([timeKey.evidence, premisesKey.evidence]);

    const audit = await backend.call('audit.list', {
      conventionId,
      entities: ['clé de répartition'],
      action: 'create',
      limit: 500,
    });
    const year2Entries = new Set(
      audit.rows.filter((row) => row.entityId.startsWith('année 2/')).map((row) => row.entityId),
    );
    expect([...year2Entries].sort()).toEqual(['année 2/Surface des locaux', 'année 2/Temps passé']);
  });

  test('replaces the keys of the year only when asked, in one go', async () => {
    const conventionId = await convention();
    await backend.call('keys.save', { conventionId, yearIndex: 1, key: timeKey });
    await backend.call('keys.save', {
      conventionId,
      yearIndex: 2,
      key: { ...premisesKey, label: 'Ancienne clé' },
    });
    const result = await backend.call('keys.copyPrevious', {
      conventionId,
      yearIndex: 2,
      replace: true,
    });
    expect(result).toEqual({ copied: 1, replaced: 1 });
    const year2 = await backend.call('keys.list', { conventionId, yearIndex: 2 });
    expect(year2.map((key) => key.label)).toEqual(['Temps passé']);
    const deleted = await backend.call('audit.list', {
      conventionId,
      entities: ['clé de répartition'],
      action: 'delete',
      limit: 500,
    });
    expect(deleted.rows.map((row) => row.entityId)).toContain('année 2/Ancienne clé');
  });

  test('refusals write nothing (digest) and say why in French', async () => {
    const conventionId = await convention();
    const before0 = databaseDigest(backend.dataDir);
    // Nothing to copy from.
    expect(
      await refusal(backend.call('keys.copyPrevious', { conventionId, yearIndex: 2 })),
    ).toMatch(/L'année 1 n'a aucune clé/);
    expect(
      await refusal(backend.call('keys.copyPrevious', { conventionId, yearIndex: 1 })),
    ).toMatch(/pas d'année précédente/);
    expect(databaseDigest(backend.dataDir)).toBe(before0);

    await backend.call('keys.save', { conventionId, yearIndex: 1, key: timeKey });
    await backend.call('keys.save', {
      conventionId,
      yearIndex: 2,
      key: {
        basis: 'flat_percent',
        label: 'Forfait',
        siegQuantity: 1_000,
        totalQuantity: 0,
        evidence: 'Forfait 10 %',
        rows: [],
      },
    });
    const before = databaseDigest(backend.dataDir);
    // Year 2 has its own key (a flat rate): the copy would mix keys and a flat rate, or
    // silently drop the user's key; refused without the explicit replace.
    expect(
      await refusal(backend.call('keys.copyPrevious', { conventionId, yearIndex: 2 })),
    ).toMatch(/déjà 1 clé\(s\).*confirmez leur remplacement/);
    expect(databaseDigest(backend.dataDir)).toBe(before);
    expect(
      (await backend.call('keys.list', { conventionId, yearIndex: 2 })).map((k) => k.basis),
    ).toEqual(['flat_percent']);
  });

  test("refused when a sibling convention's keys would put more than 100 % of a row on SIEGs", async () => {
    const conventionId = await convention();
    await backend.call('keys.save', { conventionId, yearIndex: 1, key: timeKey });
    // Another convention of the same operator, same years, takes 50 % of row 64 in year 2.
    const sibling = await backend.call(
      'conventions.create',
      validConvention({ reference: 'CPO-O2R-TEST-002', dreetsRegion: 'Normandie' }),
    );
    await backend.call('keys.save', {
      conventionId: sibling.id,
      yearIndex: 2,
      key: { ...timeKey, siegQuantity: 3_200, evidence: 'Feuilles de temps' },
    });
    const before = databaseDigest(backend.dataDir);
    expect(
      await refusal(backend.call('keys.copyPrevious', { conventionId, yearIndex: 2 })),
    ).toMatch(/imputerait 125,0/);
    expect(databaseDigest(backend.dataDir)).toBe(before);
  });
});

describe('the analytic guide of a year without analytic codes (2025 fixture)', () => {
  test('counts coded lines, groups by row, proposes, and the confirmed rules fill the SIEG', async () => {
    backend = await testBackend();
    const { id: conventionId } = await backend.call(
      'conventions.create',
      validConvention({
        startDate: '2025-01-01',
        endDate: '2025-12-31',
        stateContributions: [{ yearIndex: 1, amountCents: 18_000_000 }],
      }),
    );
    await importFecFixtures(backend, conventionId, ['123456789FEC20251231.txt']);
    await mapSuggestedRows(backend, conventionId, [1]);

    const analytic = await backend.call('analytic.get', { conventionId, yearIndex: 1 });
    expect(analytic.totalLines).toBeGreaterThan(0);
    expect(analytic.codedLines).toBe(0);
    const state = analytic.guide.find((row) => row.row === '74_state_o2r')!;
    // README: the State's O2R contribution is 2 × 90 000 €.
    expect(state.amountCents).toBe(18_000_000);
    expect(state.proposal).toBe('sieg');
    expect(state.decided).toBe(false);
    expect(state.accounts.map((account) => account.auxiliary)).toEqual(['DREETS']);
    const personnel = analytic.guide.find((row) => row.row === '64')!;
    expect(personnel.proposal).toBe('general');

    // Nothing is placed on the SIEG before the user confirms.
    const beforeCosts = await backend.call('siegCosts.get', { conventionId, yearIndex: 1 });
    expect(beforeCosts.siegRevenue.find((row) => row.row === '74_state_o2r')).toBeUndefined();

    const applied = await backend.call('analytic.applyRules', {
      conventionId,
      rules: [{ kind: 'auxiliary', value: 'DREETS', axis: 'sieg' }],
    });
    expect(applied).toEqual({ created: 1, updated: 0 });
    // Applying the same proposal again changes nothing (no duplicate rule).
    expect(
      await backend.call('analytic.applyRules', {
        conventionId,
        rules: [{ kind: 'auxiliary', value: 'DREETS', axis: 'sieg' }],
      }),
    ).toEqual({ created: 0, updated: 0 });

    const after = await backend.call('analytic.get', { conventionId, yearIndex: 1 });
    expect(after.guide.find((row) => row.row === '74_state_o2r')!.decided).toBe(true);
    expect(after.rules.filter((rule) => rule.value === 'DREETS')).toHaveLength(1);
    const costs = await backend.call('siegCosts.get', { conventionId, yearIndex: 1 });
    expect(costs.siegRevenue.find((row) => row.row === '74_state_o2r')?.amountCents).toBe(
      18_000_000,
    );
  });
});
