import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  axisOf,
  guessAxis,
  keyShare,
  siegCosts,
  type AllocationKey,
} from '../../shared/domain/allocation';

const key = (overrides: Partial<AllocationKey>): AllocationKey => ({
  id: 1,
  label: 'Temps',
  basis: 'time',
  siegQuantity: 3,
  totalQuantity: 4,
  evidence: 'x',
  rows: ['64'],
  ...overrides,
});

describe('axis of a line', () => {
  test('a code wins; then account, longest prefix, journal; else general', () => {
    const codes = new Map([['AUT', 'other' as const]]);
    const rules = [
      { kind: 'prefix' as const, value: '6', axis: 'other' as const },
      { kind: 'prefix' as const, value: '64', axis: 'sieg' as const },
      { kind: 'account' as const, value: '645200', axis: 'general' as const },
      { kind: 'journal' as const, value: 'OD', axis: 'sieg' as const },
    ];
    expect(axisOf({ analytic: 'AUT', account: '641100', journal: 'OD' }, codes, rules)).toEqual({
      axis: 'other',
      from: 'code',
    });
    expect(axisOf({ analytic: '', account: '645200', journal: 'OD' }, codes, rules).axis).toBe(
      'general',
    );
    expect(axisOf({ analytic: '', account: '641100', journal: 'OD' }, codes, rules).axis).toBe(
      'sieg',
    );
    expect(axisOf({ analytic: '', account: '606300', journal: 'OD' }, codes, rules).axis).toBe(
      'other',
    );
    expect(axisOf({ analytic: '', account: '706000', journal: 'OD' }, codes, rules)).toEqual({
      axis: 'sieg',
      from: 'rule',
    });
    expect(axisOf({ analytic: '', account: '706000', journal: 'VT' }, codes, rules)).toEqual({
      axis: 'general',
      from: 'default',
    });
    expect([guessAxis('O2R'), guessAxis('GEN'), guessAxis('AUT')]).toEqual([
      'sieg',
      'general',
      'other',
    ]);
  });
});

describe('SIEG costs', () => {
  test('keys share general costs line by line; uncovered lines stay out of K', () => {
    const costs = siegCosts(
      [
        { row: '64', sieg: 1000, other: 500, general: 401 },
        { row: '61', sieg: 0, other: 0, general: 200 },
      ],
      [key({})],
    );
    expect(costs.rows[0]).toMatchObject({ allocated: 301, siegCost: 1301, share: 0.75 });
    expect(costs).toMatchObject({
      direct: 1000,
      allocated: 301,
      unallocatedGeneral: 200,
      total: 1301,
    });
    expect(keyShare(key({ basis: 'flat_percent', siegQuantity: 1250 }))).toBe(0.125);
  });

  test('property: integer cents, 0 ≤ allocated ≤ general, K = direct + allocated + flat', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            sieg: fc.integer({ min: 0, max: 1e9 }),
            other: fc.integer({ min: 0, max: 1e9 }),
            general: fc.integer({ min: 0, max: 1e9 }),
          }),
          { minLength: 1, maxLength: 9 },
        ),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 1000 }),
        (amounts, part, whole) => {
          const rows = amounts.map((amount, index) => ({ row: String(60 + index), ...amount }));
          const costs = siegCosts(rows, [
            key({
              siegQuantity: Math.min(part, whole),
              totalQuantity: whole,
              rows: rows.map((r) => r.row),
            }),
          ]);
          for (const row of costs.rows) {
            expect(Number.isSafeInteger(row.allocated)).toBe(true);
            expect(row.allocated).toBeGreaterThanOrEqual(0);
            expect(row.allocated).toBeLessThanOrEqual(row.general);
          }
          expect(costs.total).toBe(costs.direct + costs.allocated + costs.flat);
        },
      ),
    );
  });
});
