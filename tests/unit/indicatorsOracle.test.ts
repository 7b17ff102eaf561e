/**
 * The person indicators against a second reading of their rules (the header of
 * shared/domain/indicators.ts), written here the plain way: one filter per indicator,
 * dates compared as text. The module computes them in one pass on day numbers, and keeps
 * each frozen record's facts between calls; neither may change a figure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeIndicators, type IndicatorResult } from '../../shared/domain/indicators';
import { barrierCategories, exitTypes } from '../../shared/domain/peopleLists';
import type { IndicatorInputs, PersonRecord, YearWindow } from '../../shared/domain/records';
import { inputsArb, personArb, PROPERTY_YEARS } from '../helpers/indicatorArbitraries';

const inYear = (date: string | null, year: YearWindow) =>
  date !== null && year.start <= date && date <= year.end;

const accompaniedIn = (person: PersonRecord, year: YearWindow) => {
  const { accompanimentStart: start, exitDate } = person.pathway;
  return start !== null && start <= year.end && (exitDate === null || exitDate >= year.start);
};

const exitOf = (person: PersonRecord) =>
  exitTypes.find((type) => type.code === person.pathway.exitType);

/** What the rules say each person indicator of `year` is: code → value, terms and records. */
function byTheRules(inputs: IndicatorInputs, year: YearWindow) {
  // First occurrence wins, then id order; a barrier counts once, on the first person.
  const seen = new Set<number>();
  const persons = inputs.persons
    .filter((person) => !seen.has(person.id) && seen.add(person.id))
    .sort((a, b) => a.id - b.id);
  const seenBarriers = new Set<number>();
  const barriersOf = new Map(
    persons.map((person) => [
      person.id,
      person.barriers.filter(
        (barrier) => !seenBarriers.has(barrier.id) && seenBarriers.add(barrier.id),
      ),
    ]),
  );
  const ids = (list: PersonRecord[]) => list.map((person) => person.id);
  const accompanied = persons.filter((person) => accompaniedIn(person, year));
  const share = (numerator: PersonRecord[], denominator: number) => ({
    value: denominator === 0 ? null : (100 * numerator.length) / denominator,
    numerator: numerator.length,
    denominator,
    records: ids(numerator),
  });
  const exits = persons.filter((person) => inYear(person.pathway.exitDate, year));
  const typed = exits.filter((person) => exitOf(person) !== undefined);
  const group = (name: string) => typed.filter((person) => exitOf(person)?.group === name);
  const measured = exits.filter(
    ({ pathway }) =>
      pathway.accompanimentStart !== null && pathway.exitDate! >= pathway.accompanimentStart,
  );
  const withAge = accompanied.filter(
    (person) => person.birthYear !== null && person.pathway.accompanimentStart !== null,
  );
  const barriers = accompanied.flatMap((person) =>
    barriersOf.get(person.id)!.filter((barrier) => barrier.identifiedOn <= year.end),
  );
  const lifted = barriers.filter(
    (barrier) => barrier.liftedOn !== null && barrier.liftedOn <= year.end,
  );
  const followUps = persons.filter(
    ({ pathway }) => inYear(pathway.followUpDate, year) && pathway.followUpSituation !== null,
  );
  const followUp = (situation: string) =>
    followUps.filter((person) => person.pathway.followUpSituation === situation);
  const employment = group('employment');
  const durable = employment.filter((person) => {
    const type = exitOf(person);
    return type !== undefined && 'durable' in type && type.durable === true;
  });
  const perCategory: Record<string, number> = {};
  for (const { code } of barrierCategories) {
    perCategory[`${code}Identified`] = barriers.filter((b) => b.category === code).length;
    perCategory[`${code}Lifted`] = lifted.filter((b) => b.category === code).length;
  }
  const count = (list: PersonRecord[]) => ({ value: list.length, records: ids(list) });
  return {
    REP_PERSONS: count(persons.filter((p) => inYear(p.pathway.identifiedOn, year))),
    REMOB_PERSONS: count(persons.filter((p) => inYear(p.pathway.remobilisationStart, year))),
    ACC_ENTRIES: count(persons.filter((p) => inYear(p.pathway.accompanimentStart, year))),
    ACC_ACTIVE: count(
      accompanied.filter((p) => p.pathway.exitDate === null || p.pathway.exitDate > year.end),
    ),
    INVISIBLE_SHARE: share(
      accompanied.filter((p) => p.eligibilityGround === 'not_registered'),
      accompanied.length,
    ),
    WOMEN_SHARE: share(
      accompanied.filter((p) => p.sex === 'F'),
      accompanied.length,
    ),
    YOUTH_SHARE: share(
      withAge.filter((p) => Number(p.pathway.accompanimentStart!.slice(0, 4)) - p.birthYear! < 26),
      withAge.length,
    ),
    QPV_SHARE: share(
      accompanied.filter((p) => p.qpv),
      accompanied.length,
    ),
    ZRR_SHARE: share(
      accompanied.filter((p) => p.zrr),
      accompanied.length,
    ),
    DURATION_AVG: { denominator: measured.length, records: ids(measured) },
    EXIT_EMPLOYMENT: {
      ...count(employment),
      detail: { durable: durable.length, other: employment.length - durable.length },
    },
    EXIT_TRAINING: count(group('training')),
    EXIT_DROIT_COMMUN: count(group('droit_commun')),
    EXIT_POSITIVE_RATE: {
      ...share(
        typed.filter((p) => exitOf(p)?.positive === true),
        typed.length,
      ),
      detail: { exitsWithoutType: exits.length - typed.length },
    },
    DROP_OUT: count(group('drop_out')),
    BARRIERS_LIFTED: {
      value: barriers.length === 0 ? null : (100 * lifted.length) / barriers.length,
      numerator: lifted.length,
      denominator: barriers.length,
      records: lifted.map((barrier) => barrier.id).sort((a, b) => a - b),
      detail: perCategory,
    },
    FOLLOWUP_6M: {
      ...count([...followUp('employment'), ...followUp('training')].sort((a, b) => a.id - b.id)),
      detail: {
        employment: followUp('employment').length,
        training: followUp('training').length,
        followUps: followUps.length,
      },
    },
  } as Record<string, Partial<Omit<IndicatorResult, 'records'>> & { records: number[] }>;
}

/** The computed results in the oracle's shape, for the codes it covers. */
function computed(inputs: IndicatorInputs, year: YearWindow, codes: readonly string[]) {
  const results = computeIndicators(inputs, [year]);
  return Object.fromEntries(
    codes.map((code) => {
      const { value, numerator, denominator, records, detail } = results.find(
        (result) => result.code === code,
      )!;
      return [
        code,
        {
          ...(code === 'DURATION_AVG' ? {} : { value }),
          ...(numerator !== undefined ? { numerator } : {}),
          ...(denominator !== undefined ? { denominator } : {}),
          records: records.map((ref) => ref.id),
          ...(detail && code !== 'DURATION_AVG' ? { detail } : {}),
        },
      ];
    }),
  );
}

/** A deep copy, frozen the way the backend's read cache keeps records (readCache.ts). */
function frozen(person: PersonRecord): PersonRecord {
  return Object.freeze({
    ...person,
    pathway: Object.freeze({ ...person.pathway }),
    barriers: Object.freeze(person.barriers.map((barrier) => ({ ...barrier }))),
  }) as PersonRecord;
}

describe('person indicators, against their rules read the plain way', () => {
  it('give every figure, term and record the rules give, on any records', () => {
    fc.assert(
      fc.property(inputsArb, (inputs) => {
        for (const year of PROPERTY_YEARS) {
          const expected = byTheRules(inputs, year);
          expect(computed(inputs, year, Object.keys(expected))).toEqual(expected);
        }
      }),
      { seed: 20261130, numRuns: 300 },
    );
  });

  it('give the same figures when a frozen list is patched one person at a time', () => {
    // The backend's read cache hands the same frozen records after a change, but the
    // changed person's: kept facts must never outlive the record they were read from.
    const arb = fc.tuple(
      inputsArb.filter((inputs) => inputs.persons.length > 0),
      fc.array(fc.tuple(fc.nat(), personArb(0)), { minLength: 1, maxLength: 5 }),
    );
    fc.assert(
      fc.property(arb, ([inputs, changes]) => {
        let kept = inputs.persons.map(frozen);
        for (const year of PROPERTY_YEARS) computeIndicators({ ...inputs, persons: kept }, [year]);
        for (const [at, replacement] of changes) {
          const index = at % kept.length;
          kept = kept.map((person, i) =>
            i === index ? frozen({ ...replacement, id: person.id }) : person,
          );
          for (const year of PROPERTY_YEARS) {
            const expected = byTheRules({ ...inputs, persons: kept }, year);
            expect(computed({ ...inputs, persons: kept }, year, Object.keys(expected))).toEqual(
              expected,
            );
          }
        }
      }),
      { seed: 20261130, numRuns: 200 },
    );
  });
});
