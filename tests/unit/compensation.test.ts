import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  compensationControl,
  controlPeriods,
  DEFAULT_CONTROL_SETTINGS,
  outcomeOf,
  overcompensation,
  reasonableProfit,
  type CompensationYear,
} from '../../shared/domain/compensation';

const euros = (value: number) => value * 100;
const year = (yearIndex: number, c: number, r: number, k: number, rp = 0): CompensationYear => ({
  yearIndex,
  c: euros(c),
  r: euros(r),
  k: euros(k),
  rp: euros(rp),
});

describe('the worked example of finance.md §1 (RP = 0)', () => {
  const example = [year(1, 120_000, 30_000, 145_000), year(2, 120_000, 32_000, 150_000)];

  test('OC = 9 000 € ≤ 12 000 € (10 % of Cavg = 120 000 €): may be carried forward', () => {
    const result = compensationControl([...example, year(3, 120_000, 31_000, 149_000)]);
    expect(result.years.map((y) => y.balance)).toEqual([euros(5_000), euros(2_000), euros(2_000)]);
    expect(result.periods).toHaveLength(1);
    expect(result.final).toBeNull();
    expect(result.periods[0]).toMatchObject({
      yearIndexes: [1, 2, 3],
      c: euros(360_000),
      r: euros(93_000),
      k: euros(444_000),
      rp: 0,
      oc: euros(9_000),
      cAvg: euros(120_000),
      threshold: euros(12_000),
      outcome: 'carry_forward',
      amountDue: 0,
      carriedOut: euros(9_000),
    });
  });

  test('with year-3 costs of 140 000 €, OC = 18 000 € > 12 000 €: all of it is repaid', () => {
    const result = compensationControl([...example, year(3, 120_000, 31_000, 140_000)]);
    expect(result.periods[0]).toMatchObject({
      k: euros(435_000),
      oc: euros(18_000),
      threshold: euros(12_000),
      outcome: 'repay',
      amountDue: euros(18_000),
      carriedOut: 0,
    });
  });
});

describe('settings and periods', () => {
  test('without netting, a shortfall does not offset a surplus', () => {
    const years = [year(1, 100_000, 0, 90_000), year(2, 100_000, 0, 120_000)];
    expect(overcompensation(years, true)).toBe(euros(-10_000));
    expect(overcompensation(years, false)).toBe(euros(10_000));
    const control = compensationControl(years, { ...DEFAULT_CONTROL_SETTINGS, netting: false });
    expect(control.periods[0]).toMatchObject({ oc: euros(10_000), outcome: 'carry_forward' });
  });

  test('yearly periods carry forward into the next one; the whole CPO is checked at its end', () => {
    const years = [
      year(1, 100_000, 0, 95_000),
      year(2, 100_000, 0, 100_000),
      year(3, 100_000, 0, 103_000),
    ];
    const result = compensationControl(years, { ...DEFAULT_CONTROL_SETTINGS, periodYears: 1 });
    expect(result.periods.map((p) => [p.carriedIn, p.oc, p.outcome])).toEqual([
      [0, euros(5_000), 'carry_forward'],
      // The 5 000 € received ahead count as compensation of year 2…
      [euros(5_000), euros(5_000), 'carry_forward'],
      // …and of year 3, where a shortfall of 3 000 € absorbs part of it.
      [euros(5_000), euros(2_000), 'carry_forward'],
    ]);
    expect(result.final).toMatchObject({ yearIndexes: [1, 2, 3], carriedIn: 0, oc: euros(2_000) });
  });

  test('the average over the whole CPO instead of the period', () => {
    const years = [year(1, 50_000, 0, 50_000), year(2, 150_000, 0, 138_000)];
    const period = compensationControl(years, { ...DEFAULT_CONTROL_SETTINGS, periodYears: 1 });
    expect(period.periods[1]).toMatchObject({ threshold: euros(15_000), outcome: 'carry_forward' });
    const cpo = compensationControl(years, {
      ...DEFAULT_CONTROL_SETTINGS,
      periodYears: 1,
      averageOver: 'cpo',
    });
    expect(cpo.periods[1]).toMatchObject({ threshold: euros(10_000), outcome: 'repay' });
  });

  test('periods are at most three years', () => {
    expect(controlPeriods([1, 2, 3, 4], 5)).toEqual([[1, 2, 3], [4]]);
    expect(controlPeriods([1, 2, 3], 2)).toEqual([[1, 2], [3]]);
    expect(controlPeriods([1, 2], 0)).toEqual([[1], [2]]);
  });

  test('reasonable profit is a rate of the SIEG cost, rounded half up to the cent', () => {
    expect(reasonableProfit(euros(200_000), 250)).toBe(euros(5_000));
    expect(reasonableProfit(333, 150)).toBe(5); // 4,995 cents
    expect(reasonableProfit(euros(200_000), 0)).toBe(0);
  });
});

// Cents between −10 M€ and +10 M€, as the app stores them.
const cents = fc.integer({ min: -1_000_000_000, max: 1_000_000_000 });
const positiveCents = fc.integer({ min: 0, max: 1_000_000_000 });
const compensationYears = fc
  .array(fc.tuple(positiveCents, positiveCents, positiveCents, positiveCents), {
    minLength: 1,
    maxLength: 6,
  })
  .map((rows) => rows.map(([c, r, k, rp], index) => ({ yearIndex: index + 1, c, r, k, rp })));

describe('properties', () => {
  test('with netting, OC is additive over years: OC(P ∪ Q) = OC(P) + OC(Q)', () => {
    fc.assert(
      fc.property(compensationYears, fc.nat(), (years, cut) => {
        const at = cut % (years.length + 1);
        const left = years.slice(0, at);
        const right = years.slice(at);
        expect(overcompensation(years, true)).toBe(
          overcompensation(left, true) + overcompensation(right, true),
        );
      }),
    );
  });

  test('the outcome changes exactly at 10 % of the average compensation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000_000 }),
        fc.integer({ min: 1, max: 3 }),
        (tenPercent, years) => {
          // A compensation whose 10 % average is a whole number of cents.
          const base = { c: tenPercent * 10 * years, years };
          expect(outcomeOf(tenPercent, base)).toBe('carry_forward');
          expect(outcomeOf(tenPercent + 1, base)).toBe('repay');
          expect(outcomeOf(0, base)).toBe('none');
          expect(outcomeOf(1, base)).toBe('carry_forward');
        },
      ),
    );
  });

  test('the outcome matches the 10 % rule read with exact fractions', () => {
    fc.assert(
      fc.property(cents, positiveCents, fc.integer({ min: 1, max: 3 }), (oc, c, years) => {
        const outcome = outcomeOf(oc, { c, years });
        // oc ≤ c / years / 10 written with BigInt: no floating point anywhere.
        const within = BigInt(oc) * 10n * BigInt(years) <= BigInt(c);
        expect(outcome).toBe(oc <= 0 ? 'none' : within ? 'carry_forward' : 'repay');
      }),
    );
  });

  test('all arithmetic stays in integer cents', () => {
    fc.assert(
      fc.property(
        compensationYears,
        fc.boolean(),
        fc.constantFrom<'period' | 'cpo'>('period', 'cpo'),
        fc.integer({ min: 1, max: 3 }),
        (years, netting, averageOver, periodYears) => {
          const result = compensationControl(years, { netting, averageOver, periodYears });
          for (const control of [...result.periods, ...(result.final ? [result.final] : [])]) {
            for (const value of [
              control.c,
              control.r,
              control.k,
              control.rp,
              control.oc,
              control.cAvg,
              control.threshold,
              control.amountDue,
              control.carriedOut,
              control.carriedIn,
            ])
              expect(Number.isSafeInteger(value)).toBe(true);
            // What is due and what is carried never exceed the overcompensation.
            expect(control.amountDue + control.carriedOut).toBe(Math.max(0, control.oc));
          }
          for (const y of result.years) expect(Number.isSafeInteger(y.balance)).toBe(true);
        },
      ),
    );
  });
});
