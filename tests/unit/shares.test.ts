import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { largestRemainderShares } from '../../shared/domain/shares';

describe('largestRemainderShares', () => {
  it('makes the demo’s contacts by place add up to 100, not 101', () => {
    // Contacts by place of the demo, 2025: rounded one by one they add up to 101.
    const counts = [114, 94, 86, 85, 73, 40, 35];
    expect(counts.map((c) => Math.round((100 * c) / 527)).reduce((a, b) => a + b)).toBe(101);
    expect(largestRemainderShares(counts)).toEqual([22, 18, 16, 16, 14, 7, 7]);
  });

  it('gives the extra point to the largest remainders, ties to the larger count then the first', () => {
    expect(largestRemainderShares([1, 1, 1])).toEqual([34, 33, 33]);
    expect(largestRemainderShares([2, 1, 1, 2])).toEqual([33, 17, 17, 33]);
    expect(largestRemainderShares([2, 2, 1])).toEqual([40, 40, 20]);
    expect(largestRemainderShares([3, 3, 1])).toEqual([43, 43, 14]);
    expect(largestRemainderShares([0, 0])).toEqual([0, 0]);
    expect(largestRemainderShares([5])).toEqual([100]);
  });

  it('refuses what is not a count', () => {
    expect(() => largestRemainderShares([1.5, 2])).toThrow(RangeError);
    expect(() => largestRemainderShares([-1, 2])).toThrow(RangeError);
  });

  it('over random counts: adds up to the total, each share within one point of its exact value', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(10_000), { minLength: 1, maxLength: 12 }), (counts) => {
        const shares = largestRemainderShares(counts);
        const total = counts.reduce((a, b) => a + b, 0);
        if (total === 0) return shares.every((share) => share === 0);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(100);
        counts.forEach((count, index) => {
          const exact = (100 * count) / total;
          expect(shares[index]!).toBeGreaterThanOrEqual(Math.floor(exact));
          expect(shares[index]!).toBeLessThanOrEqual(Math.ceil(exact));
        });
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
