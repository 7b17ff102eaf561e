import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import type { AppError } from '../../shared/errors';
import { validConvention } from '../fixtures/conventionInput';
import { sharedFixture } from '../fixtures/sharedFixtures';
import { databaseDigest } from './helpers/dbSnapshot';
import { testBackend, type TestBackend } from './helpers/testBackend';

let backend: TestBackend;
afterEach(() => backend?.dispose());

const FEC_2026 = '123456789FEC20261231.txt';
// From fec/expected.json, net debit by class and analytic code of the 2026 file.
const SIEG_DIRECT = 24_720_000;
const GENERAL = 4_967_999;
const OTHER = 6_759_998;

async function year2026() {
  backend = await testBackend();
  const { id } = await backend.call('conventions.create', validConvention());
  await backend.call('fec.import', {
    conventionId: id,
    fileName: FEC_2026,
    source: { kind: 'path', path: sharedFixture('fec', FEC_2026) },
  });
  return id;
}

const allCharges = ['60', '61', '62', '63', '64', '65', '66', '67', '68'];

/**
 * Net debit of the general-axis (GEN) charge lines per two-digit group, read straight from the
 * fixture (ISO-8859-15, `|`, decimal comma): an independent reading of what the keys share.
 */
function generalChargesByRow(fileName: string): Record<string, number> {
  const [header, ...lines] = readFileSync(sharedFixture('fec', fileName), 'latin1')
    .split(/\r?\n/)
    .filter((line) => line.length > 0);
  const columns = header!.split('|');
  const at = (name: string) => columns.indexOf(name);
  const cents = (text: string) => Number(text.replace(',', '')) * (text.includes(',') ? 1 : 100);
  const byRow: Record<string, number> = {};
  for (const line of lines) {
    const fields = line.split('|');
    const account = fields[at('CompteNum')]!;
    if (!account.startsWith('6') || fields[at('Analytique')] !== 'GEN') continue;
    const group = account.slice(0, 2);
    byRow[group] = (byRow[group] ?? 0) + cents(fields[at('Debit')]!) - cents(fields[at('Credit')]!);
  }
  return byRow;
}

describe('analytic axis', () => {
  test("the file's codes give the axis; O2R → SIEG, GEN → general, AUT → other", async () => {
    const conventionId = await year2026();
    const analytic = await backend.call('analytic.get', { conventionId, yearIndex: 2 });
    expect(analytic.codes.map((c) => [c.code, c.axis]).sort()).toEqual([
      ['AUT', 'other'],
      ['GEN', 'general'],
      ['O2R', 'sieg'],
    ]);
    expect(analytic.byAxis.sieg).toBe(SIEG_DIRECT - 25_000_000);
    await backend.call('analytic.setCode', { conventionId, code: 'AUT', axis: 'general' });
    expect(
      (await backend.call('analytic.get', { conventionId, yearIndex: 2 })).codes.find(
        (c) => c.code === 'AUT',
      ),
    ).toMatchObject({ axis: 'general', saved: true });
  });

  test('without a code, rules by account, prefix or journal decide; else general', async () => {
    backend = await testBackend();
    const { id: conventionId } = await backend.call('conventions.create', validConvention());
    await backend.call('fec.import', {
      conventionId,
      fileName: '123456789FEC20251231.txt',
      source: { kind: 'path', path: sharedFixture('fec', '123456789FEC20251231.txt') },
    });
    await backend.call('analytic.saveRule', {
      conventionId,
      rule: { kind: 'prefix', value: '64', axis: 'sieg' },
    });
    await backend.call('analytic.saveRule', {
      conventionId,
      rule: { kind: 'account', value: '645200', axis: 'other' },
    });
    const costs = await backend.call('siegCosts.get', { conventionId, yearIndex: 1 });
    const staff = costs.rows.find((r) => r.row === '64')!;
    // 645200 (15 600,01 €) goes to other activities; the rest of 64 is SIEG; 60–68 else general.
    expect(staff.other).toBe(1_560_001);
    expect(staff.sieg).toBe(28_690_004 - 1_560_001);
    expect(costs.rows.find((r) => r.row === '60')).toMatchObject({ sieg: 0, general: 1_970_000 });
  });
});

describe('allocation keys and the SIEG cost K', () => {
  test('K = direct SIEG costs + general costs shared by the keys, line by line', async () => {
    const conventionId = await year2026();
    let costs = await backend.call('siegCosts.get', { conventionId, yearIndex: 2 });
    expect(costs).toMatchObject({
      direct: SIEG_DIRECT,
      allocated: 0,
      total: SIEG_DIRECT,
      unallocatedGeneral: GENERAL,
    });
    expect(costs.rows.reduce((sum, r) => sum + r.other, 0)).toBe(OTHER);
    expect(costs.siegRevenue.reduce((sum, r) => sum + r.amountCents, 0)).toBe(25_000_000);

    await backend.call('keys.save', {
      conventionId,
      yearIndex: 2,
      key: {
        label: 'Temps passé',
        basis: 'time',
        siegQuantity: 4_800,
        totalQuantity: 6_400,
        evidence: 'Feuilles de temps 2026 : 4 800 h sur 6 400 h',
        rows: allCharges,
      },
    });
    costs = await backend.call('siegCosts.get', { conventionId, yearIndex: 2 });
    expect(costs.unallocatedGeneral).toBe(0);
    expect(costs.total).toBe(SIEG_DIRECT + costs.allocated);
    // Each CERFA row gets three quarters of its general costs, rounded to the cent: worked out
    // here from the raw file (GEN lines summed per two-digit group), not from the service.
    const generalByRow = generalChargesByRow(FEC_2026);
    expect(Object.values(generalByRow).reduce((a, b) => a + b, 0)).toBe(GENERAL);
    for (const row of costs.rows) {
      const general = generalByRow[row.row] ?? 0;
      expect(row.general, `row ${row.row}`).toBe(general);
      // general × 3 / 4 is exact in binary: Math.round gives the cent half away from zero.
      expect(row.allocated, `row ${row.row}`).toBe(Math.round((general * 3) / 4));
    }
    expect(costs.allocated).toBe(
      Object.values(generalByRow).reduce((sum, general) => sum + Math.round((general * 3) / 4), 0),
    );
    expect(costs.rows.find((r) => r.row === '64')).toMatchObject({
      keyLabel: 'Temps passé',
      share: 0.75,
    });
    for (const row of costs.rows) expect(row.siegCost).toBe(row.sieg + row.allocated);

    const keys = await backend.call('keys.list', { conventionId, yearIndex: 2 });
    expect(keys[0]).toMatchObject({
      share: 0.75,
      evidence: expect.stringMatching(/Feuilles de temps/),
    });
    await backend.call('keys.save', {
      conventionId,
      yearIndex: 2,
      key: {
        id: keys[0]!.id,
        label: 'Temps passé',
        basis: 'time',
        siegQuantity: 6_400,
        totalQuantity: 6_400,
        evidence: 'Tout le temps',
        rows: allCharges,
      },
    });
    expect((await backend.call('siegCosts.get', { conventionId, yearIndex: 2 })).total).toBe(
      SIEG_DIRECT + GENERAL,
    );
  });

  test('a flat rate adds a % of the direct SIEG costs', async () => {
    const conventionId = await year2026();
    await backend.call('keys.save', {
      conventionId,
      yearIndex: 2,
      key: {
        label: 'Forfait frais de structure',
        basis: 'flat_percent',
        siegQuantity: 1_000,
        totalQuantity: 0,
        evidence: 'Article 5 de la convention : 10 %',
        rows: [],
      },
    });
    const costs = await backend.call('siegCosts.get', { conventionId, yearIndex: 2 });
    expect(costs.flat).toBe(2_472_000);
    expect(costs.total).toBe(SIEG_DIRECT + 2_472_000);
  });

  test('bad keys are refused with the field named; one key per line and year', async () => {
    const conventionId = await year2026();
    const digest = databaseDigest(backend.dataDir);
    const over = (await backend
      .call('keys.save', {
        conventionId,
        yearIndex: 2,
        key: {
          label: 'Surface',
          basis: 'floor_area',
          siegQuantity: 120,
          totalQuantity: 100,
          evidence: 'Bail',
          rows: ['61'],
        },
      })
      .catch((e: unknown) => e)) as AppError;
    expect(over.fields).toEqual([
      { path: 'key.siegQuantity', message: 'La part du SIEG ne peut pas dépasser le total.' },
    ]);
    const noEvidence = (await backend
      .call('keys.save', {
        conventionId,
        yearIndex: 2,
        key: {
          label: 'Surface',
          basis: 'floor_area',
          siegQuantity: 80,
          totalQuantity: 100,
          evidence: '',
          rows: ['61'],
        },
      })
      .catch((e: unknown) => e)) as AppError;
    expect(noEvidence.fields[0]?.path).toBe('key.evidence');
    expect(databaseDigest(backend.dataDir)).toBe(digest);
    await backend.call('keys.save', {
      conventionId,
      yearIndex: 2,
      key: {
        label: 'Surface',
        basis: 'floor_area',
        siegQuantity: 80,
        totalQuantity: 100,
        evidence: 'Bail : 80 m² sur 100',
        rows: ['61'],
      },
    });
    await expect(
      backend.call('keys.save', {
        conventionId,
        yearIndex: 2,
        key: {
          label: 'Temps',
          basis: 'time',
          siegQuantity: 1,
          totalQuantity: 2,
          evidence: 'x',
          rows: ['61', '64'],
        },
      }),
    ).rejects.toMatchObject({
      fields: [expect.objectContaining({ path: 'key.rows', message: expect.stringMatching(/61/) })],
    });
  });
});
