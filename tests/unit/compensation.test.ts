import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  compensationControl,
  controlPeriods,
  DEFAULT_CONTROL_SETTINGS,
  changedParameters,
  outcomeOf,
  overcompensation,
  parametersInForce,
  reasonableProfit,
  totalDue,
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

  // Was « carry_forward » with nothing due: at the end of the CPO there is no next period,
  // so the 9 000 € are due unless a following convention will deduct them (item 3).
  test('OC = 9 000 € ≤ 12 000 € (10 % of Cavg = 120 000 €) at the end of the CPO: due', () => {
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
      outcome: 'due_at_end',
      last: true,
      amountDue: euros(9_000),
      carriedOut: 0,
      carriedTo: null,
    });
  });

  test('the same 9 000 € with a following convention recorded: carried to it, nothing due', () => {
    const result = compensationControl(
      [...example, year(3, 120_000, 31_000, 149_000)],
      DEFAULT_CONTROL_SETTINGS,
      { followingConvention: true },
    );
    expect(result.periods[0]).toMatchObject({
      oc: euros(9_000),
      outcome: 'carry_forward',
      amountDue: 0,
      carriedOut: euros(9_000),
      carriedTo: 'next_convention',
    });
    expect(totalDue(result)).toBe(0);
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
    // 10 000 € ≤ 10 % of Cavg (10 000 €), but the single period ends the CPO: due.
    expect(control.periods[0]).toMatchObject({
      oc: euros(10_000),
      outcome: 'due_at_end',
      amountDue: euros(10_000),
    });
  });

  test('yearly periods carry forward into the next one; the whole CPO is checked at its end', () => {
    const years = [
      year(1, 100_000, 0, 95_000),
      year(2, 100_000, 0, 100_000),
      year(3, 100_000, 0, 103_000),
    ];
    const result = compensationControl(years, { ...DEFAULT_CONTROL_SETTINGS, periodYears: 1 });
    expect(result.periods.map((p) => [p.carriedIn, p.oc, p.outcome, p.amountDue])).toEqual([
      [0, euros(5_000), 'carry_forward', 0],
      // The 5 000 € received ahead count as compensation of year 2…
      [euros(5_000), euros(5_000), 'carry_forward', 0],
      // …and of year 3, where a shortfall of 3 000 € absorbs part of it; the CPO ends there.
      [euros(5_000), euros(2_000), 'due_at_end', euros(2_000)],
    ]);
    // The final control sees the same 2 000 €, already due at the last period: not again.
    expect(result.final).toMatchObject({
      yearIndexes: [1, 2, 3],
      carriedIn: 0,
      oc: euros(2_000),
      disposedBefore: euros(2_000),
      amountDue: 0,
    });
    expect(totalDue(result)).toBe(euros(2_000));
  });

  test('the average over the whole CPO instead of the period', () => {
    const years = [year(1, 50_000, 0, 50_000), year(2, 150_000, 0, 138_000)];
    const period = compensationControl(years, { ...DEFAULT_CONTROL_SETTINGS, periodYears: 1 });
    // Year 2 closes the CPO: within the 10 % but due, as there is no next period.
    expect(period.periods[1]).toMatchObject({ threshold: euros(15_000), outcome: 'due_at_end' });
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

describe('the end of the entrustment (item 3)', () => {
  // C = 100 000 € a year, so the 10 % threshold of a yearly period is 10 000 €.
  const fiveThousandEachYear = [
    year(1, 100_000, 0, 95_000), // +5 000
    year(2, 100_000, 0, 100_000), // 0
    year(3, 100_000, 0, 100_000), // 0
  ];
  const yearly = { ...DEFAULT_CONTROL_SETTINGS, periodYears: 1 };

  test('yearly periods: the 5 000 € carried each year are due at the end, once', () => {
    const result = compensationControl(fiveThousandEachYear, yearly);
    // Year 1: 5 000 € ≤ 10 000 €, carried; years 2 and 3 carry it on (5 000 € each time).
    expect(result.periods.map((p) => [p.oc, p.outcome, p.carriedOut, p.amountDue])).toEqual([
      [euros(5_000), 'carry_forward', euros(5_000), 0],
      [euros(5_000), 'carry_forward', euros(5_000), 0],
      // No period follows year 3 inside the CPO, and no following convention: due.
      [euros(5_000), 'due_at_end', 0, euros(5_000)],
    ]);
    // The whole CPO: OC = 5 000 €, all of it already due at the last period.
    expect(result.final).toMatchObject({
      oc: euros(5_000),
      disposedBefore: euros(5_000),
      amountDue: 0,
    });
    expect(totalDue(result)).toBe(euros(5_000));
  });

  test('with a following convention recorded, the 5 000 € go to it and nothing is due', () => {
    const result = compensationControl(fiveThousandEachYear, yearly, { followingConvention: true });
    expect(result.periods[2]).toMatchObject({
      outcome: 'carry_forward',
      carriedTo: 'next_convention',
      carriedOut: euros(5_000),
      amountDue: 0,
    });
    // The final control counts the 5 000 € as carried out of the CPO: not carried twice.
    expect(result.final).toMatchObject({
      disposedBefore: euros(5_000),
      carriedOut: 0,
      amountDue: 0,
    });
    expect(totalDue(result)).toBe(0);
  });

  test('an overcompensation above 10 % at the end is repaid whatever follows', () => {
    // OC = 12 000 € > 10 000 €.
    const result = compensationControl([year(1, 100_000, 0, 88_000)], yearly, {
      followingConvention: true,
    });
    expect(result.periods[0]).toMatchObject({ outcome: 'repay', amountDue: euros(12_000) });
  });
});

describe('repayments are counted once (item 4)', () => {
  const yearly = { ...DEFAULT_CONTROL_SETTINGS, periodYears: 1 };
  // Year 1: C 100 000 €, K 80 000 € → +20 000 € > 10 000 € (10 % of 100 000 €).
  const years = [
    year(1, 100_000, 0, 80_000),
    year(2, 100_000, 0, 100_000),
    year(3, 100_000, 0, 100_000),
  ];

  test('20 000 € in year 1: due at the year-1 control, not again at the final one', () => {
    const result = compensationControl(years, yearly);
    expect(result.periods.map((p) => [p.outcome, p.amountDue])).toEqual([
      ['repay', euros(20_000)],
      ['none', 0],
      ['none', 0],
    ]);
    // Over the CPO: OC = 20 000 € > 10 000 € (10 % of Cavg 100 000 €) — the same 20 000 €.
    expect(result.final).toMatchObject({
      oc: euros(20_000),
      outcome: 'repay',
      disposedBefore: euros(20_000),
      amountDue: 0,
    });
    // The old rule printed 20 000 € twice (40 000 €); 20 000 € are due in all.
    expect(totalDue(result)).toBe(euros(20_000));
  });

  test('a repayment made for year 1 settles it: nothing left to repay', () => {
    const result = compensationControl(years, yearly, { followingConvention: false }, [
      { yearIndex: 1, amountCents: euros(20_000) },
    ]);
    expect(result.periods[0]).toMatchObject({
      oc: euros(20_000),
      outcome: 'repay',
      repaid: euros(20_000),
      amountDue: 0,
    });
    expect(result.final).toMatchObject({ repaid: euros(20_000), amountDue: 0 });
    expect(totalDue(result)).toBe(0);
  });

  test('a deduction of 15 000 € on a later payment leaves 5 000 € to repay', () => {
    const result = compensationControl(years, yearly, { followingConvention: false }, [
      { yearIndex: 1, amountCents: euros(15_000) },
    ]);
    expect(result.periods[0]).toMatchObject({ repaid: euros(15_000), amountDue: euros(5_000) });
    expect(totalDue(result)).toBe(euros(5_000));
  });

  test('a carry-forward repaid early is not carried any more', () => {
    // Year 1: +5 000 € carried; the operator repays 5 000 € for year 1 straight away.
    const result = compensationControl(
      [year(1, 100_000, 0, 95_000), year(2, 100_000, 0, 100_000)],
      yearly,
      { followingConvention: false },
      [{ yearIndex: 1, amountCents: euros(5_000) }],
    );
    expect(result.periods[0]).toMatchObject({ outcome: 'carry_forward', carriedOut: 0 });
    expect(result.periods[1]).toMatchObject({ carriedIn: 0, oc: 0, amountDue: 0 });
    expect(result.final).toMatchObject({
      oc: euros(5_000),
      disposedBefore: euros(5_000),
      amountDue: 0,
    });
  });
});

describe('parameters fixed by the convention', () => {
  const convention = {
    reasonableProfitBp: 0,
    ocNetting: true,
    ocAverageOver: 'period' as const,
    controlPeriodYears: 3,
    compensationClause: 'article 6 de la convention',
  };
  const amendment = {
    ...convention,
    controlPeriodYears: 1,
    compensationClause: 'article 2 de l’avenant n° 1',
    avenantNumber: 1,
    signedOn: '2026-03-12',
    effectiveFrom: '2026-04-01',
  };

  test('the convention’s until an avenant takes effect, then the avenant’s', () => {
    expect(parametersInForce(convention, [amendment], '2026-03-31')).toMatchObject({
      controlPeriodYears: 3,
      compensationClause: 'article 6 de la convention',
      source: null,
    });
    expect(parametersInForce(convention, [amendment], '2026-04-01')).toMatchObject({
      controlPeriodYears: 1,
      compensationClause: 'article 2 de l’avenant n° 1',
      source: { avenantNumber: 1, signedOn: '2026-03-12', effectiveFrom: '2026-04-01' },
    });
  });

  test('the changed parameters are named', () => {
    expect(changedParameters(convention, { ...convention, reasonableProfitBp: 100 })).toEqual([
      'reasonableProfitBp',
    ]);
    expect(changedParameters(convention, convention)).toEqual([]);
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
        fc.boolean(),
        (years, netting, averageOver, periodYears, followingConvention) => {
          const result = compensationControl(
            years,
            { netting, averageOver, periodYears },
            { followingConvention },
          );
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
            // What is due and what is carried is the overcompensation, less what the
            // periods already disposed of (final control only).
            const rest = Math.max(0, control.oc - control.disposedBefore);
            expect(control.amountDue + control.carriedOut).toBe(
              control.outcome === 'none' ? 0 : rest,
            );
          }
          // Never due twice: the periods already dispose of everything the final control sees.
          expect(result.final?.amountDue ?? 0).toBe(0);
          // Nothing is carried past the end without a following convention to take it.
          const last = result.periods.at(-1)!;
          if (!followingConvention) expect(last.carriedOut).toBe(0);
          for (const y of result.years) expect(Number.isSafeInteger(y.balance)).toBe(true);
        },
      ),
    );
  });
});
