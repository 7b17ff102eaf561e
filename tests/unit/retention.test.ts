import { describe, expect, test } from 'vitest';
import {
  recordsKeptUntil,
  recordsUnderRetention,
  retentionSentence,
} from '../../shared/domain/retention';

// Decision 2012/21/EU art. 8: during the entrustment and at least ten years after its end.
describe('records of a CPO are kept ten years after its end', () => {
  test('a CPO ending 31/12/2027 keeps its records until 31/12/2037 included', () => {
    expect(recordsKeptUntil('2027-12-31')).toBe('2037-12-31');
    expect(recordsUnderRetention('2027-12-31', '2026-05-01')).toBe(true);
    expect(recordsUnderRetention('2027-12-31', '2037-12-31')).toBe(true);
    expect(recordsUnderRetention('2027-12-31', '2038-01-01')).toBe(false);
  });

  test('a CPO ending on 29 February keeps them until 28 February ten years on', () => {
    expect(recordsKeptUntil('2028-02-29')).toBe('2038-02-28');
  });

  test('the annex sentence gives the date in French', () => {
    expect(retentionSentence('2027-12-31')).toMatch(/jusqu’au 31\/12\/2037 au moins/);
  });
});
