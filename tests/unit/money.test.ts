import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatEuros } from '../../shared/format';
import { centsToEuros, eurosToCents, isCents, parseEurosText, sumCents } from '../../shared/money';

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

describe('parseEurosText', () => {
  it.each([
    ['1 234,56', 123456],
    ['1234.5', 123450],
    ['1234,5', 123450],
    ['1234.56', 123456],
    ['-12', -1200],
    ['+12', 1200],
    ['0', 0],
    ['0,01', 1],
    ['007', 700],
    ['1\u00a0234,56', 123456],
    ['1\u202f234,56', 123456],
    ['1 234,5 €', 123450],
    ['1\u00a0234,56\u00a0€', 123456],
    ['1234€', 123400],
    ['  42  ', 4200],
    ['-1 234,56 €', -123456],
    ['12 000 000', 1_200_000_000],
  ])('parses %j as %d cents', (text, cents) => {
    expect(parseEurosText(text)).toBe(cents);
  });

  it.each([
    '12,345',
    '1.234,56',
    '1,234.56',
    'abc',
    '',
    '€',
    '-',
    '12,',
    ',5',
    '.5',
    '1e3',
    '12-',
    '--12',
    '12 euros',
    '0x10',
  ])('returns null for %j', (text) => {
    expect(parseEurosText(text)).toBeNull();
  });

  it('never returns a negative zero', () => {
    expect(Object.is(parseEurosText('-0'), 0)).toBe(true);
    expect(Object.is(parseEurosText('-0,00'), 0)).toBe(true);
  });

  it('property: parses any formatted amount back to its cents', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000_000_000, max: 10_000_000_000_000 }), (cents) => {
        expect(parseEurosText(formatEuros(cents))).toBe(cents);
      }),
    );
  });

  it('property: parses plain "units,decimals" text exactly', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.integer({ min: 0, max: 1_000_000_000 }),
        fc.integer({ min: 0, max: 99 }),
        (negative, units, decimals) => {
          const text = `${negative ? '-' : ''}${units},${String(decimals).padStart(2, '0')}`;
          const expected = (units * 100 + decimals) * (negative ? -1 : 1);
          expect(parseEurosText(text) === expected).toBe(true);
          expect(parseEurosText(text.replace(',', '.')) === expected).toBe(true);
        },
      ),
    );
  });
});
