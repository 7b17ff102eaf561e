import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  nextAvenantNumber,
  orderAvenants,
  termsInForce,
  type AvenantChange,
  type AvenantTerms,
  type BaseTerms,
} from '../../shared/domain/valuesInForce';

const base: BaseTerms = {
  targets: [
    { indicatorId: 10, yearIndex: 1, value: 100 },
    { indicatorId: 10, yearIndex: 2, value: 120 },
    { indicatorId: 20, yearIndex: 1, value: 5 },
  ],
  contributions: [
    { yearIndex: 1, amountCents: 10_000_000 },
    { yearIndex: 2, amountCents: 11_000_000 },
  ],
};

const target = (indicatorId: number, yearIndex: number, value: number): AvenantChange => ({
  kind: 'target',
  indicatorId,
  yearIndex,
  value,
});
const contribution = (yearIndex: number, amountCents: number): AvenantChange => ({
  kind: 'stateContribution',
  yearIndex,
  amountCents,
});

function findTarget(
  terms: ReturnType<typeof termsInForce>,
  indicatorId: number,
  yearIndex: number,
) {
  return terms.targets.find((t) => t.indicatorId === indicatorId && t.yearIndex === yearIndex);
}
function findContribution(terms: ReturnType<typeof termsInForce>, yearIndex: number) {
  return terms.contributions.find((c) => c.yearIndex === yearIndex);
}

describe('termsInForce', () => {
  const avenant1: AvenantTerms = {
    number: 1,
    effectiveFrom: '2026-01-01',
    changes: [target(10, 2, 150), contribution(2, 12_500_000)],
  };

  it('returns the signed convention, unchanged, before any avenant takes effect', () => {
    const terms = termsInForce(base, [avenant1], '2025-12-31');
    expect(terms.date).toBe('2025-12-31');
    expect(terms.applied).toEqual([]);
    expect(terms.targets).toEqual(
      base.targets.map((t) => ({ ...t, source: null, original: t.value })),
    );
    expect(terms.contributions).toEqual(
      base.contributions.map((c) => ({ ...c, source: null, original: c.amountCents })),
    );
  });

  it('applies an avenant from its effective date on (inclusive)', () => {
    const terms = termsInForce(base, [avenant1], '2026-01-01');
    expect(terms.applied).toEqual([1]);
    expect(findTarget(terms, 10, 2)).toEqual({
      indicatorId: 10,
      yearIndex: 2,
      value: 150,
      source: 1,
      original: 120,
    });
    expect(findContribution(terms, 2)).toEqual({
      yearIndex: 2,
      amountCents: 12_500_000,
      source: 1,
      original: 11_000_000,
    });
  });

  it('leaves values the avenant does not touch with the convention as source', () => {
    const terms = termsInForce(base, [avenant1], '2026-06-01');
    expect(findTarget(terms, 10, 1)).toEqual({
      indicatorId: 10,
      yearIndex: 1,
      value: 100,
      source: null,
      original: 100,
    });
    expect(findTarget(terms, 20, 1)).toMatchObject({ value: 5, source: null });
    expect(findContribution(terms, 1)).toMatchObject({ amountCents: 10_000_000, source: null });
    expect(terms.targets).toHaveLength(3);
    expect(terms.contributions).toHaveLength(2);
  });

  it('lets the later effective date win when two avenants change the same value, keeping the convention value as original', () => {
    const later: AvenantTerms = {
      number: 2,
      effectiveFrom: '2026-06-01',
      changes: [target(10, 2, 170), contribution(2, 13_000_000)],
    };
    // Input order must not matter: the later date wins even when listed first.
    const terms = termsInForce(base, [later, avenant1], '2026-07-01');
    expect(terms.applied).toEqual([1, 2]);
    expect(findTarget(terms, 10, 2)).toMatchObject({ value: 170, source: 2, original: 120 });
    expect(findContribution(terms, 2)).toMatchObject({
      amountCents: 13_000_000,
      source: 2,
      original: 11_000_000,
    });

    // Between the two dates, only avenant 1 is in force.
    const between = termsInForce(base, [later, avenant1], '2026-05-31');
    expect(between.applied).toEqual([1]);
    expect(findTarget(between, 10, 2)).toMatchObject({ value: 150, source: 1 });
  });

  it('lets the higher number win when two avenants share an effective date', () => {
    const a3: AvenantTerms = {
      number: 3,
      effectiveFrom: '2026-03-01',
      changes: [target(20, 1, 7)],
    };
    const a4: AvenantTerms = {
      number: 4,
      effectiveFrom: '2026-03-01',
      changes: [target(20, 1, 9)],
    };
    for (const order of [
      [a3, a4],
      [a4, a3],
    ]) {
      const terms = termsInForce(base, order, '2026-03-01');
      expect(terms.applied).toEqual([3, 4]);
      expect(findTarget(terms, 20, 1)).toMatchObject({ value: 9, source: 4, original: 5 });
    }
  });

  it('lets an earlier-numbered avenant with a later date win over a higher number', () => {
    const a2: AvenantTerms = {
      number: 2,
      effectiveFrom: '2027-01-01',
      changes: [contribution(1, 1)],
    };
    const a5: AvenantTerms = {
      number: 5,
      effectiveFrom: '2026-01-01',
      changes: [contribution(1, 2)],
    };
    const terms = termsInForce(base, [a5, a2], '2027-01-01');
    expect(terms.applied).toEqual([5, 2]);
    expect(findContribution(terms, 1)).toMatchObject({ amountCents: 1, source: 2 });
  });

  it('gives a null original to a value an avenant adds without a convention value', () => {
    const adds: AvenantTerms = {
      number: 1,
      effectiveFrom: '2026-01-01',
      changes: [target(30, 3, 42), contribution(3, 9_000_000)],
    };
    const terms = termsInForce(base, [adds], '2026-01-01');
    expect(findTarget(terms, 30, 3)).toEqual({
      indicatorId: 30,
      yearIndex: 3,
      value: 42,
      source: 1,
      original: null,
    });
    expect(findContribution(terms, 3)).toEqual({
      yearIndex: 3,
      amountCents: 9_000_000,
      source: 1,
      original: null,
    });

    // Changed again by a later avenant: still no original.
    const again: AvenantTerms = {
      number: 2,
      effectiveFrom: '2026-02-01',
      changes: [target(30, 3, 50)],
    };
    const later = termsInForce(base, [adds, again], '2026-02-01');
    expect(findTarget(later, 30, 3)).toMatchObject({ value: 50, source: 2, original: null });
  });

  it('sorts targets by indicator then year, and contributions by year', () => {
    const adds: AvenantTerms = {
      number: 1,
      effectiveFrom: '2026-01-01',
      changes: [target(5, 3, 1), target(10, 0, 1), contribution(0, 1), contribution(9, 1)],
    };
    const terms = termsInForce(base, [adds], '2026-01-01');
    expect(terms.targets.map((t) => [t.indicatorId, t.yearIndex])).toEqual([
      [5, 3],
      [10, 0],
      [10, 1],
      [10, 2],
      [20, 1],
    ]);
    expect(terms.contributions.map((c) => c.yearIndex)).toEqual([0, 1, 2, 9]);
  });

  it('does not modify its inputs', () => {
    const baseCopy = structuredClone(base);
    const avenants = [avenant1];
    const avenantsCopy = structuredClone(avenants);
    termsInForce(base, avenants, '2030-01-01');
    expect(base).toEqual(baseCopy);
    expect(avenants).toEqual(avenantsCopy);
  });

  describe('properties', () => {
    const targetArb = fc.record({
      indicatorId: fc.integer({ min: 1, max: 6 }),
      yearIndex: fc.integer({ min: 1, max: 4 }),
      value: fc.integer({ min: 0, max: 1000 }),
    });
    const contributionArb = fc.record({
      yearIndex: fc.integer({ min: 1, max: 4 }),
      amountCents: fc.integer({ min: 0, max: 1_000_000_000 }),
    });
    const baseArb: fc.Arbitrary<BaseTerms> = fc.record({
      targets: fc.uniqueArray(targetArb, {
        selector: (t) => `${t.indicatorId}:${t.yearIndex}`,
        maxLength: 24,
      }),
      contributions: fc.uniqueArray(contributionArb, {
        selector: (c) => c.yearIndex,
        maxLength: 4,
      }),
    });
    const dateArb = fc
      .integer({ min: 0, max: 3 * 365 })
      .map((days) => new Date(Date.UTC(2025, 0, 1) + days * 86_400_000).toISOString().slice(0, 10));
    const changeArb: fc.Arbitrary<AvenantChange> = fc.oneof(
      targetArb.map((t) => ({ kind: 'target' as const, ...t })),
      contributionArb.map((c) => ({ kind: 'stateContribution' as const, ...c })),
    );
    const avenantsArb = fc
      .uniqueArray(fc.integer({ min: 1, max: 12 }), { maxLength: 6 })
      .chain((numbers) =>
        fc.tuple(
          ...numbers.map((number) =>
            fc.record({
              number: fc.constant(number),
              // Few distinct dates, so ties on the effective date happen often.
              effectiveFrom: fc.constantFrom(
                '2025-06-01',
                '2026-01-01',
                '2026-07-01',
                '2027-01-01',
              ),
              changes: fc.array(changeArb, { maxLength: 5 }),
            }),
          ),
        ),
      )
      .map((avenants): AvenantTerms[] => avenants);

    it('without avenants, returns the base with source null and original = value, for any date', () => {
      fc.assert(
        fc.property(baseArb, dateArb, (terms, date) => {
          const result = termsInForce(terms, [], date);
          expect(result.applied).toEqual([]);
          expect(result.date).toBe(date);
          const expectedTargets = [...terms.targets]
            .sort((a, b) => a.indicatorId - b.indicatorId || a.yearIndex - b.yearIndex)
            .map((t) => ({ ...t, source: null, original: t.value }));
          const expectedContributions = [...terms.contributions]
            .sort((a, b) => a.yearIndex - b.yearIndex)
            .map((c) => ({ ...c, source: null, original: c.amountCents }));
          expect(result.targets).toEqual(expectedTargets);
          expect(result.contributions).toEqual(expectedContributions);
        }),
      );
    });

    it('does not depend on the order of the avenants array', () => {
      fc.assert(
        fc.property(
          baseArb,
          avenantsArb.chain((avenants) =>
            fc.tuple(
              fc.constant(avenants),
              fc.shuffledSubarray(avenants, { minLength: avenants.length }),
            ),
          ),
          dateArb,
          (terms, [avenants, shuffled], date) => {
            expect(termsInForce(terms, shuffled, date)).toEqual(
              termsInForce(terms, avenants, date),
            );
            expect(termsInForce(terms, [...avenants].reverse(), date)).toEqual(
              termsInForce(terms, avenants, date),
            );
          },
        ),
      );
    });

    it('applies exactly the avenants in force at the date, by date then number', () => {
      fc.assert(
        fc.property(baseArb, avenantsArb, dateArb, (terms, avenants, date) => {
          const expected = avenants
            .filter((a) => a.effectiveFrom <= date)
            .sort((a, b) =>
              a.effectiveFrom < b.effectiveFrom
                ? -1
                : a.effectiveFrom > b.effectiveFrom
                  ? 1
                  : a.number - b.number,
            )
            .map((a) => a.number);
          expect(termsInForce(terms, avenants, date).applied).toEqual(expected);
        }),
      );
    });

    it('matches a naive replay: each value is the last change in force, original is the base value', () => {
      fc.assert(
        fc.property(baseArb, avenantsArb, dateArb, (terms, avenants, date) => {
          const result = termsInForce(terms, avenants, date);
          const inForce = orderAvenants(avenants).filter((a) => a.effectiveFrom <= date);
          for (const t of result.targets) {
            let last: { value: number; source: number } | undefined;
            for (const a of inForce) {
              for (const c of a.changes) {
                if (
                  c.kind === 'target' &&
                  c.indicatorId === t.indicatorId &&
                  c.yearIndex === t.yearIndex
                ) {
                  last = { value: c.value, source: a.number };
                }
              }
            }
            const baseValue = terms.targets.find(
              (b) => b.indicatorId === t.indicatorId && b.yearIndex === t.yearIndex,
            );
            expect(t.original).toBe(baseValue ? baseValue.value : null);
            expect(t.value).toBe(last ? last.value : baseValue?.value);
            expect(t.source).toBe(last ? last.source : null);
          }
          for (const c of result.contributions) {
            let last: { amountCents: number; source: number } | undefined;
            for (const a of inForce) {
              for (const change of a.changes) {
                if (change.kind === 'stateContribution' && change.yearIndex === c.yearIndex) {
                  last = { amountCents: change.amountCents, source: a.number };
                }
              }
            }
            const baseValue = terms.contributions.find((b) => b.yearIndex === c.yearIndex);
            expect(c.original).toBe(baseValue ? baseValue.amountCents : null);
            expect(c.amountCents).toBe(last ? last.amountCents : baseValue?.amountCents);
            expect(c.source).toBe(last ? last.source : null);
          }
        }),
      );
    });
  });
});

describe('orderAvenants', () => {
  it('orders by effective date, then by number, without changing the input', () => {
    const avenants = [
      { number: 3, effectiveFrom: '2026-01-01', changes: [] },
      { number: 1, effectiveFrom: '2026-06-01', changes: [] },
      { number: 2, effectiveFrom: '2026-01-01', changes: [] },
    ];
    expect(orderAvenants(avenants).map((a) => a.number)).toEqual([2, 3, 1]);
    expect(avenants.map((a) => a.number)).toEqual([3, 1, 2]);
  });
});

describe('nextAvenantNumber', () => {
  it('is 1 when there is no avenant yet', () => {
    expect(nextAvenantNumber([])).toBe(1);
  });

  it('is one more than the highest number, whatever the order and gaps', () => {
    expect(nextAvenantNumber([{ number: 1 }, { number: 2 }])).toBe(3);
    expect(nextAvenantNumber([{ number: 4 }, { number: 1 }])).toBe(5);
  });

  it('property: is greater than every existing number', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1000 })), (numbers) => {
        const next = nextAvenantNumber(numbers.map((number) => ({ number })));
        for (const number of numbers) expect(next).toBeGreaterThan(number);
        expect(next).toBe(Math.max(0, ...numbers) + 1);
      }),
    );
  });
});
