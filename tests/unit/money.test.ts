import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centsToEuros, eurosToCents, isCents, sumCents } from '../../shared/money';

describe('eurosToCents', () => {
  it('converts euro amounts with up to two decimals', () => {
    expect(eurosToCents(1234.56)).toBe(123456);
    expect(eurosToCents(1234.5)).toBe(123450);
    expect(eurosToCents(-12)).toBe(-1200);
    expect(eurosToCents(0)).toBe(0);
  });

  it('absorbs float drift', () => {
    expect(eurosToCents(0.1 + 0.2)).toBe(30);
    expect(eurosToCents(1.15)).toBe(115); // 1.15 * 100 = 114.99999999999999
    expect(eurosToCents(19.99)).toBe(1999);
    expect(eurosToCents(4.35)).toBe(435); // 4.35 * 100 = 434.99999999999994
  });

  it('property: round-trips through centsToEuros for any whole number of cents up to 100 billion euros', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000_000_000, max: 10_000_000_000_000 }), (cents) => {
        expect(eurosToCents(centsToEuros(cents))).toBe(cents);
      }),
    );
  });
});

describe('centsToEuros', () => {
  it('divides by 100', () => {
    expect(centsToEuros(123456)).toBe(1234.56);
    expect(centsToEuros(-5)).toBe(-0.05);
  });
});

describe('isCents', () => {
  it('accepts safe integers only', () => {
    expect(isCents(0)).toBe(true);
    expect(isCents(-1200)).toBe(true);
    expect(isCents(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(isCents(12.5)).toBe(false);
    expect(isCents(Number.NaN)).toBe(false);
    expect(isCents(Number.POSITIVE_INFINITY)).toBe(false);
    expect(isCents(Number.MAX_SAFE_INTEGER + 1)).toBe(false);
  });
});

describe('sumCents', () => {
  it('adds amounts, 0 for none', () => {
    expect(sumCents([])).toBe(0);
    expect(sumCents([100, 250, -50])).toBe(300);
  });

  it('property: equals the integer sum', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e12, max: 1e12 })), (values) => {
        expect(sumCents(values)).toBe(values.reduce((a, b) => a + b, 0));
      }),
    );
  });
});
