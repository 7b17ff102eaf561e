import { describe, expect, test } from 'vitest';
import {
  ceilingCheck,
  GENERAL_DE_MINIMIS_CEILING,
  levelAgainst,
  SIEG_DE_MINIMIS_CEILING,
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
