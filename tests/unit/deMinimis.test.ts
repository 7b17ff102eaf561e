import { describe, expect, test } from 'vitest';
import {
  ceilingCheck,
  conventionGrants,
  GENERAL_DE_MINIMIS_CEILING,
  levelAgainst,
  SIEG_DE_MINIMIS_CEILING,
  sirenOf,
} from '../../shared/domain/deMinimis';

describe('de minimis ceilings', () => {
  test('near from 90 % of a ceiling, over once past it', () => {
    expect(levelAgainst(89_999, 100_000)).toBe('ok');
    expect(levelAgainst(90_000, 100_000)).toBe('near');
    expect(levelAgainst(100_000, 100_000)).toBe('near');
    expect(levelAgainst(100_001, 100_000)).toBe('over');
  });

  test('the general ceiling alone can make the check near or over', () => {
    const aid = (amountCents: number) => ({
      date: '2025-03-01',
      amountCents,
      regulation: 'general' as const,
      expected: false,
    });
    expect(ceilingCheck([aid(GENERAL_DE_MINIMIS_CEILING * 0.95)], '2025-06-01').level).toBe('near');
    expect(ceilingCheck([aid(GENERAL_DE_MINIMIS_CEILING + 1)], '2025-06-01').level).toBe('over');
    expect(GENERAL_DE_MINIMIS_CEILING + 1).toBeLessThan(SIEG_DE_MINIMIS_CEILING);
  });
});

/**
 * Item 5: aid counts when the legal right is granted (signature of the CPO or of an
 * avenant), over any period of three years, not at the payment dates.
 */
describe('de minimis counted at the grant date', () => {
  const sieg = (grant: { date: string; amountCents: number; expected: boolean }) => ({
    ...grant,
    regulation: 'sieg' as const,
  });

  test('a CPO of 840 000 € signed on one day is over the ceiling from that day', () => {
    // 3 × 280 000 € = 840 000 € > 750 000 €, paid later in four instalments of 210 000 €.
    const grants = conventionGrants({
      signedOn: '2025-01-15',
      startDate: '2025-01-01',
      contributions: [1, 2, 3].map((yearIndex) => ({ yearIndex, amountCents: 28_000_000 })),
      avenants: [],
    });
    expect(grants).toEqual([
      { date: '2025-01-15', amountCents: 84_000_000, expected: false, avenantNumber: null },
    ]);
    // Two weeks after signature, before any payment: already over.
    const check = ceilingCheck(grants.map(sieg), '2025-02-01');
    expect(check.current.total).toBe(84_000_000);
    expect(check.level).toBe('over');
    expect(check.crossesOn).toBe('2025-01-15');
    // Nothing can be granted any more: 750 000 € − 840 000 € is below zero.
    expect(check.headroom.total).toBe(0);
  });

  test('an avenant counts at its own signature, for what it adds', () => {
    // CPO 3 × 200 000 € = 600 000 € signed 15/01/2025; avenant n° 1 signed 01/06/2026 raises
    // year 2 to 300 000 € (+100 000 €); avenant n° 2 signed 01/02/2028 raises year 3 to
    // 300 000 € (+100 000 €).
    const grants = conventionGrants({
      signedOn: '2025-01-15',
      startDate: '2025-01-01',
      contributions: [1, 2, 3].map((yearIndex) => ({ yearIndex, amountCents: 20_000_000 })),
      avenants: [
        {
          number: 2,
          signedOn: '2028-02-01',
          changes: [{ kind: 'stateContribution', yearIndex: 3, amountCents: 30_000_000 }],
        },
        {
          number: 1,
          signedOn: '2026-06-01',
          changes: [
            { kind: 'stateContribution', yearIndex: 2, amountCents: 30_000_000 },
            { kind: 'target', yearIndex: 2 },
          ],
        },
      ],
    });
    expect(grants.map((g) => [g.date, g.amountCents, g.avenantNumber])).toEqual([
      ['2025-01-15', 60_000_000, null],
      ['2026-06-01', 10_000_000, 1],
      ['2028-02-01', 10_000_000, 2],
    ]);
    const aids = grants.map(sieg);
    // On 01/06/2026: 600 000 + 100 000 = 700 000 € ≥ 675 000 € (90 %): near.
    expect(ceilingCheck(aids, '2026-06-01')).toMatchObject({
      current: { total: 70_000_000 },
      headroom: { total: 5_000_000 },
      level: 'near',
    });
    // Any period of three years ending 01/02/2028 starts 02/02/2025: the signature of
    // 15/01/2025 has left it; 100 000 + 100 000 = 200 000 €.
    expect(ceilingCheck(aids, '2028-02-01').current.total).toBe(20_000_000);
  });

  test('a convention not signed yet is projected at its start: a warning, not granted', () => {
    const grants = conventionGrants({
      signedOn: null,
      startDate: '2026-01-01',
      contributions: [{ yearIndex: 1, amountCents: 80_000_000 }],
      avenants: [],
    });
    const check = ceilingCheck(grants.map(sieg), '2025-12-01');
    expect(check.current.total).toBe(0);
    expect(check).toMatchObject({ level: 'over', crossesOn: '2026-01-01' });
  });

  test('the headroom is what was granted in the window, the general ceiling on its own', () => {
    // 400 000 € SIEG + 250 000 € general = 650 000 € → 100 000 € left under 750 000 €;
    // general aid alone: 300 000 − 250 000 = 50 000 €.
    const check = ceilingCheck(
      [
        sieg({ date: '2025-01-15', amountCents: 40_000_000, expected: false }),
        { date: '2025-06-01', amountCents: 25_000_000, regulation: 'general', expected: false },
      ],
      '2025-12-31',
    );
    expect(check.headroom).toEqual({ total: 10_000_000, general: 5_000_000 });
  });

  test('the single undertaking is the SIREN: every establishment of the operator', () => {
    expect(sirenOf('12345678900011')).toBe('123456789');
    expect(sirenOf('123 456 789 00029')).toBe('123456789');
  });
});
