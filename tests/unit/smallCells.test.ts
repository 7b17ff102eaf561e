import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SMALL_CELL_THRESHOLD,
  maskCount,
  maskShare,
  maskTable,
} from '../../shared/domain/smallCells';

const NBSP = '\u00a0';

describe('maskCount', () => {
  it('shows zero: nobody reveals no one', () => {
    expect(maskCount(0)).toEqual({ masked: false, text: '0' });
  });

  it('masks counts from 1 to threshold − 1', () => {
    for (const value of [1, 2, 3, 4])
      expect(maskCount(value)).toEqual({ masked: true, text: '< 5' });
  });

  it('shows counts from the threshold up, in French format', () => {
    expect(maskCount(5)).toEqual({ masked: false, text: '5' });
    expect(maskCount(1234)).toEqual({ masked: false, text: `1${NBSP}234` });
  });

  it('follows the convention threshold', () => {
    expect(DEFAULT_SMALL_CELL_THRESHOLD).toBe(5);
    expect(maskCount(9, 10)).toEqual({ masked: true, text: '< 10' });
    expect(maskCount(10, 10)).toEqual({ masked: false, text: '10' });
    expect(maskCount(1, 1)).toEqual({ masked: false, text: '1' });
  });

  it('masks exactly the small positive counts', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.integer({ min: 1, max: 50 }), (value, threshold) => {
        expect(maskCount(value, threshold).masked).toBe(value > 0 && value < threshold);
      }),
    );
  });
});

describe('maskShare', () => {
  it('shows a dash for a share of nobody', () => {
    expect(maskShare(0, 0)).toEqual({ masked: false, text: '—' });
  });

  it('masks when the numerator is small', () => {
    expect(maskShare(3, 100)).toEqual({ masked: true, text: 'effectif < 5' });
  });

  it('masks when the denominator is small, even with a numerator of 0', () => {
    expect(maskShare(0, 4)).toEqual({ masked: true, text: 'effectif < 5' });
    expect(maskShare(4, 4).masked).toBe(true);
  });

  it('shows the percentage otherwise', () => {
    expect(maskShare(0, 5)).toEqual({ masked: false, text: `0${NBSP}%` });
    expect(maskShare(5, 10)).toEqual({ masked: false, text: `50${NBSP}%` });
    expect(maskShare(12, 12)).toEqual({ masked: false, text: `100${NBSP}%` });
  });

  it('follows the threshold', () => {
    expect(maskShare(5, 20, 10)).toEqual({ masked: true, text: 'effectif < 10' });
    expect(maskShare(10, 20, 10).masked).toBe(false);
  });

  it('never shows a share built on fewer people than the threshold', () => {
    fc.assert(
      fc.property(fc.nat(200), fc.nat(200), (a, b) => {
        const [numerator, denominator] = a <= b ? [a, b] : [b, a];
        const cell = maskShare(numerator, denominator);
        const small = (n: number) => n > 0 && n < DEFAULT_SMALL_CELL_THRESHOLD;
        expect(cell.masked).toBe(small(numerator) || small(denominator));
      }),
    );
  });
});

describe('maskTable', () => {
  it('masks every cell of every row', () => {
    expect(
      maskTable([
        { identified: 12, lifted: 3 },
        { identified: 0, lifted: 0 },
      ]),
    ).toEqual([
      { identified: { masked: false, text: '12' }, lifted: { masked: true, text: '< 5' } },
      { identified: { masked: false, text: '0' }, lifted: { masked: false, text: '0' } },
    ]);
  });
});
