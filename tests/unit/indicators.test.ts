import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeIndicators,
  computedIndicatorCodes,
  type IndicatorResult,
} from '../../shared/domain/indicators';
import type { ExitTypeCode } from '../../shared/domain/peopleLists';
import type {
  BarrierRecord,
  CoordinationRecord,
  IndicatorInputs,
  OutreachRecord,
  PathwayDates,
  PersonRecord,
  YearWindow,
} from '../../shared/domain/records';
import catalogue from '../../resources/catalogue/indicators.json';
import { personRecord } from '../fixtures/personRecord';
import {
  inputsArb,
  isoFromUtcDays,
  PROPERTY_YEARS,
  utcDays,
} from '../helpers/indicatorArbitraries';

const Y2025: YearWindow = { index: 1, start: '2025-01-01', end: '2025-12-31' };
const Y2026: YearWindow = { index: 2, start: '2026-01-01', end: '2026-12-31' };
const YEARS = [Y2025, Y2026];

const person = personRecord;

/** A person accompanied from `start`, optionally exited. */
function accompanied(
  id: number,
  start: string,
  overrides: Partial<Omit<PersonRecord, 'pathway'>> = {},
  pathway: Partial<PathwayDates> = {},
): PersonRecord {
  return person(id, overrides, { accompanimentStart: start, ...pathway });
}

function exited(id: number, start: string, exitDate: string, exitType: ExitTypeCode | null) {
  return accompanied(id, start, {}, { exitDate, exitType });
}

function barrier(
  id: number,
  category: BarrierRecord['category'],
  identifiedOn: string,
  liftedOn: string | null = null,
): BarrierRecord {
  return { id, category, identifiedOn, liftedOn };
}

function outreach(
  id: number,
  date: string,
  count: number,
  channel: OutreachRecord['channel'] = 'street',
): OutreachRecord {
  return { id, date, channel, commune: 'Rennes', qpv: false, zrr: false, count };
}

function coordination(
  id: number,
  date: string,
  partnerIds: number[],
  kind: CoordinationRecord['kind'] = 'coordination',
): CoordinationRecord {
  return { id, date, kind, partnerIds };
}

function inputs(parts: Partial<IndicatorInputs>): IndicatorInputs {
  return { persons: [], outreach: [], coordination: [], ...parts };
}

function result(results: IndicatorResult[], code: string, yearIndex = 1): IndicatorResult {
  const found = results.find((item) => item.code === code && item.yearIndex === yearIndex);
  if (!found) throw new Error(`no ${code} for year ${yearIndex}`);
  return found;
}

function compute(parts: Partial<IndicatorInputs>, years: readonly YearWindow[] = YEARS) {
  return computeIndicators(inputs(parts), years);
}

const ids = (r: IndicatorResult) => r.records.map((ref) => ref.id);

describe('computedIndicatorCodes', () => {
  it('lists every catalogue indicator but COST_PER_PERSON, in catalogue order', () => {
    const catalogueCodes = catalogue.indicators.map((indicator) => indicator.code);
    expect(computedIndicatorCodes).toEqual(
      catalogueCodes.filter((code) => code !== 'COST_PER_PERSON'),
    );
  });

  it('gives one result per year and code, in that order', () => {
    const results = compute({});
    expect(results.map((r) => `${r.yearIndex}:${r.code}`)).toEqual([
      ...computedIndicatorCodes.map((code) => `1:${code}`),
      ...computedIndicatorCodes.map((code) => `2:${code}`),
    ]);
  });

  it('returns nothing without years', () => {
    expect(computeIndicators(inputs({ persons: [accompanied(1, '2025-03-01')] }), [])).toEqual([]);
  });
});

describe('REP_CONTACTS', () => {
  it('sums the counts of the outreach records dated in the year, per channel', () => {
    const results = compute({
      outreach: [
        outreach(3, '2025-01-01', 4, 'street'),
        outreach(1, '2025-12-31', 10, 'digital'),
        outreach(2, '2025-06-15', 2, 'street'),
        outreach(4, '2024-12-31', 100),
        outreach(5, '2026-01-01', 7, 'event'),
      ],
    });
    const r2025 = result(results, 'REP_CONTACTS', 1);
    expect(r2025.value).toBe(16);
    expect(r2025.records).toEqual([
      { kind: 'outreach', id: 1 },
      { kind: 'outreach', id: 2 },
      { kind: 'outreach', id: 3 },
    ]);
    expect(r2025.detail).toMatchObject({ street: 6, digital: 10, event: 0 });
    expect(result(results, 'REP_CONTACTS', 2).value).toBe(7);
  });

  it('is 0 with no outreach', () => {
    const r = result(compute({}), 'REP_CONTACTS');
    expect(r.value).toBe(0);
    expect(r.records).toEqual([]);
  });

  it('counts a record loaded twice once', () => {
    const r = result(
      compute({ outreach: [outreach(1, '2025-02-01', 3), outreach(1, '2025-02-01', 3)] }),
      'REP_CONTACTS',
    );
    expect(r.value).toBe(3);
    expect(ids(r)).toEqual([1]);
  });
});

describe('REP_PERSONS, REMOB_PERSONS, ACC_ENTRIES', () => {
  const persons = [
    person(
      5,
      {},
      {
        identifiedOn: '2025-01-01',
        remobilisationStart: '2025-12-31',
        accompanimentStart: '2026-01-01',
      },
    ),
    person(
      2,
      {},
      {
        identifiedOn: '2025-12-31',
        remobilisationStart: '2026-01-01',
        accompanimentStart: '2026-02-01',
      },
    ),
    person(
      9,
      {},
      {
        identifiedOn: '2024-12-31',
        remobilisationStart: '2025-01-01',
        accompanimentStart: '2025-12-31',
      },
    ),
    person(1, {}, {}),
  ];
  const results = compute({ persons });

  it('counts the persons identified in the year, first and last day included', () => {
    expect(ids(result(results, 'REP_PERSONS', 1))).toEqual([2, 5]);
    expect(result(results, 'REP_PERSONS', 1).value).toBe(2);
    expect(result(results, 'REP_PERSONS', 2).value).toBe(0);
  });

  it('counts the persons whose remobilisation starts in the year', () => {
    expect(ids(result(results, 'REMOB_PERSONS', 1))).toEqual([5, 9]);
    expect(ids(result(results, 'REMOB_PERSONS', 2))).toEqual([2]);
  });

  it('counts the persons entering accompaniment in the year', () => {
    expect(ids(result(results, 'ACC_ENTRIES', 1))).toEqual([9]);
    expect(ids(result(results, 'ACC_ENTRIES', 2))).toEqual([2, 5]);
    expect(result(results, 'ACC_ENTRIES', 2).records[0]).toEqual({ kind: 'person', id: 2 });
  });

  it('counts a person loaded twice once', () => {
    const twice = compute({
      persons: [accompanied(1, '2025-05-01'), accompanied(1, '2025-05-01')],
    });
    expect(result(twice, 'ACC_ENTRIES').value).toBe(1);
    expect(ids(result(twice, 'ACC_ENTRIES'))).toEqual([1]);
  });
});

describe('ACC_ACTIVE', () => {
  const results = compute({
    persons: [
      accompanied(1, '2025-12-31'), // entered on the last day: active
      exited(2, '2025-03-01', '2025-12-31', 'abandon'), // exited on the last day: not active
      exited(3, '2025-03-01', '2026-01-01', 'abandon'), // exited the day after: active
      accompanied(4, '2026-01-01'), // not yet entered
      exited(5, '2024-03-01', '2024-12-31', 'abandon'),
      person(6, {}, { identifiedOn: '2025-01-01' }), // never accompanied
    ],
  });

  it('counts the persons in accompaniment on the last day of the year', () => {
    expect(ids(result(results, 'ACC_ACTIVE', 1))).toEqual([1, 3]);
    expect(result(results, 'ACC_ACTIVE', 1).value).toBe(2);
    expect(ids(result(results, 'ACC_ACTIVE', 2))).toEqual([1, 4]);
  });
});

describe('profile shares', () => {
  const results = compute({
    persons: [
      accompanied(1, '2025-01-01', {
        sex: 'F',
        eligibilityGround: 'not_registered',
        qpv: true,
        birthYear: 2000,
      }),
      accompanied(2, '2025-06-01', {
        sex: 'M',
        eligibilityGround: 'no_contact_5_months',
        zrr: true,
        birthYear: 1999,
      }),
      // Exited on the first day of 2025: still accompanied in 2025.
      exited(3, '2024-06-01', '2025-01-01', 'abandon'),
      // Exited before 2025: not in the 2025 population.
      { ...exited(4, '2024-01-01', '2024-12-31', 'abandon'), sex: 'F' },
      // Enters after 2025.
      accompanied(5, '2026-01-01', { sex: 'F', birthYear: 2010 }),
      // Only identified: not accompanied.
      person(6, { sex: 'F', qpv: true }, { identifiedOn: '2025-02-01' }),
    ],
  });

  it('computes the shares over the persons accompanied in the year', () => {
    const women = result(results, 'WOMEN_SHARE');
    expect(women).toMatchObject({ numerator: 1, denominator: 3 });
    expect(women.value).toBeCloseTo(100 / 3, 10);
    expect(ids(women)).toEqual([1]);
    expect(result(results, 'INVISIBLE_SHARE')).toMatchObject({ numerator: 1, denominator: 3 });
    expect(result(results, 'QPV_SHARE')).toMatchObject({ numerator: 1, denominator: 3 });
    expect(ids(result(results, 'ZRR_SHARE'))).toEqual([2]);
  });

  it('leaves persons without birth year out of YOUTH_SHARE entirely', () => {
    // Person 1: 2025 − 2000 = 25 < 26; person 2: 2025 − 1999 = 26, not young; person 3 unknown.
    const youth = result(results, 'YOUTH_SHARE');
    expect(youth).toMatchObject({ value: 50, numerator: 1, denominator: 2 });
    expect(ids(youth)).toEqual([1]);
  });

  it('uses the entry year for the age, not the convention year', () => {
    const later = compute({ persons: [accompanied(1, '2025-12-31', { birthYear: 2000 })] });
    expect(result(later, 'YOUTH_SHARE', 2)).toMatchObject({
      value: 100,
      numerator: 1,
      denominator: 1,
    });
  });

  it('is null when nobody is accompanied', () => {
    const empty = compute({ persons: [person(1, { sex: 'F' }, { identifiedOn: '2025-01-01' })] });
    for (const code of [
      'INVISIBLE_SHARE',
      'WOMEN_SHARE',
      'YOUTH_SHARE',
      'QPV_SHARE',
      'ZRR_SHARE',
    ]) {
      expect(result(empty, code)).toMatchObject({
        value: null,
        numerator: 0,
        denominator: 0,
        records: [],
      });
    }
  });

  it('is null for YOUTH_SHARE when no accompanied person has a birth year', () => {
    const r = result(
      compute({ persons: [accompanied(1, '2025-02-01', { sex: 'F' })] }),
      'YOUTH_SHARE',
    );
    expect(r.value).toBeNull();
    expect(
      result(compute({ persons: [accompanied(1, '2025-02-01', { sex: 'F' })] }), 'WOMEN_SHARE')
        .value,
    ).toBe(100);
  });
});

describe('DURATION_AVG', () => {
  it('averages the length in months of the accompaniments ended in the year', () => {
    const results = compute({
      persons: [
        exited(1, '2025-01-01', '2025-12-31', 'training'), // 364 days
        exited(2, '2025-06-01', '2025-06-01', null), // 0 days, no type: still measured
        exited(3, '2024-01-01', '2024-12-31', 'training'), // other year
        person(4, {}, { exitDate: '2025-05-01', exitType: 'abandon' }), // no entry date
        accompanied(5, '2025-01-01'), // still in
      ],
    });
    const r = result(results, 'DURATION_AVG');
    expect(r.value).toBeCloseTo(364 / (365.25 / 12) / 2, 10);
    expect(r.denominator).toBe(2);
    expect(ids(r)).toEqual([1, 2]);
    expect(r.detail).toEqual({ over9Months: 1, over9MonthsPercent: 50 });
  });

  it('counts over 9 months strictly after entry + 9 calendar months', () => {
    const results = compute({
      persons: [
        exited(1, '2025-01-15', '2025-10-15', 'abandon'),
        exited(2, '2025-01-15', '2025-10-16', 'abandon'),
      ],
    });
    expect(result(results, 'DURATION_AVG').detail).toEqual({
      over9Months: 1,
      over9MonthsPercent: 50,
    });
  });

  it('leaves out an exit dated before the entry', () => {
    const r = result(
      compute({ persons: [exited(1, '2025-06-01', '2025-05-01', 'abandon')] }),
      'DURATION_AVG',
    );
    expect(r).toMatchObject({ value: null, denominator: 0, records: [] });
  });

  it('is null with no exit in the year', () => {
    const r = result(compute({ persons: [accompanied(1, '2025-01-01')] }), 'DURATION_AVG');
    expect(r.value).toBeNull();
    expect(r.detail).toEqual({ over9Months: 0 });
  });
});

describe('exits', () => {
  const results = compute({
    persons: [
      exited(1, '2025-01-01', '2025-01-01', 'employment_durable'),
      exited(2, '2025-01-01', '2025-12-31', 'employment_other'),
      exited(3, '2025-01-01', '2025-03-01', 'training'),
      exited(4, '2025-01-01', '2025-03-01', 'orientation_france_travail'),
      exited(5, '2025-01-01', '2025-03-01', 'orientation_siae'),
      exited(6, '2025-01-01', '2025-03-01', 'abandon'),
      exited(7, '2025-01-01', '2025-03-01', 'lost_contact'),
      exited(8, '2025-01-01', '2025-03-01', 'moved'),
      exited(9, '2025-01-01', '2025-03-01', 'other'),
      exited(10, '2025-01-01', '2025-03-01', null),
      exited(11, '2025-01-01', '2026-01-01', 'employment_durable'),
      exited(12, '2024-01-01', '2024-12-31', 'training'),
    ],
  });

  it('counts the exits of the year by group, first and last day included', () => {
    const employment = result(results, 'EXIT_EMPLOYMENT');
    expect(ids(employment)).toEqual([1, 2]);
    expect(employment.detail).toEqual({ durable: 1, other: 1 });
    expect(ids(result(results, 'EXIT_TRAINING'))).toEqual([3]);
    expect(ids(result(results, 'EXIT_DROIT_COMMUN'))).toEqual([4, 5]);
    expect(ids(result(results, 'DROP_OUT'))).toEqual([6, 7, 8]);
    expect(ids(result(results, 'EXIT_EMPLOYMENT', 2))).toEqual([11]);
  });

  it('rates positive exits over the exits with a type', () => {
    // 9 typed exits (1 to 9), 5 positive; exit 10 has no type and is left out.
    const rate = result(results, 'EXIT_POSITIVE_RATE');
    expect(rate).toMatchObject({ numerator: 5, denominator: 9, detail: { exitsWithoutType: 1 } });
    expect(rate.value).toBeCloseTo(500 / 9, 10);
    expect(ids(rate)).toEqual([1, 2, 3, 4, 5]);
  });

  it('is null with no exit', () => {
    const r = result(compute({ persons: [accompanied(1, '2025-01-01')] }), 'EXIT_POSITIVE_RATE');
    expect(r).toMatchObject({ value: null, numerator: 0, denominator: 0, records: [] });
  });

  it('is null when every exit lacks a type', () => {
    const r = result(
      compute({ persons: [exited(1, '2025-01-01', '2025-02-01', null)] }),
      'EXIT_POSITIVE_RATE',
    );
    expect(r).toMatchObject({ value: null, denominator: 0, detail: { exitsWithoutType: 1 } });
  });

  it('is 0 % when every typed exit is negative', () => {
    const r = result(
      compute({ persons: [exited(1, '2025-01-01', '2025-02-01', 'moved')] }),
      'EXIT_POSITIVE_RATE',
    );
    expect(r.value).toBe(0);
  });
});

describe('BARRIERS_LIFTED', () => {
  const results = compute({
    persons: [
      accompanied(1, '2025-01-01', {
        barriers: [
          barrier(30, 'housing', '2025-01-01', '2025-12-31'), // lifted on the last day
          barrier(10, 'housing', '2025-02-01', '2026-01-01'), // lifted the next year
          barrier(20, 'mobility', '2025-12-31', null),
          barrier(40, 'health', '2026-01-01', '2026-02-01'), // identified the next year
        ],
      }),
      // Exited on the first day of 2025: accompanied in 2025, so its barriers count.
      accompanied(
        2,
        '2024-01-01',
        { barriers: [barrier(5, 'money', '2024-02-01', '2024-06-01')] },
        { exitDate: '2025-01-01', exitType: 'abandon' },
      ),
      // Exited before 2025: its barriers do not count.
      accompanied(
        3,
        '2024-01-01',
        { barriers: [barrier(6, 'money', '2024-02-01', '2024-06-01')] },
        { exitDate: '2024-12-31', exitType: 'abandon' },
      ),
    ],
  });

  it('rates the barriers lifted by the year end among those identified by then', () => {
    const r = result(results, 'BARRIERS_LIFTED');
    expect(r).toMatchObject({ numerator: 2, denominator: 4, value: 50 });
    expect(r.records).toEqual([
      { kind: 'barrier', id: 5 },
      { kind: 'barrier', id: 30 },
    ]);
    expect(r.detail).toMatchObject({
      housingIdentified: 2,
      housingLifted: 1,
      mobilityIdentified: 1,
      mobilityLifted: 0,
      moneyIdentified: 1,
      moneyLifted: 1,
      healthIdentified: 0,
    });
  });

  it('counts, the next year, the barriers of the persons still accompanied', () => {
    const r = result(results, 'BARRIERS_LIFTED', 2);
    expect(r).toMatchObject({ numerator: 3, denominator: 4, value: 75 });
    expect(ids(r)).toEqual([10, 30, 40]);
  });

  it('is null without barriers', () => {
    expect(
      result(compute({ persons: [accompanied(1, '2025-01-01')] }), 'BARRIERS_LIFTED').value,
    ).toBeNull();
  });
});

describe('FOLLOWUP_6M', () => {
  it('counts the follow-ups of the year in employment or training', () => {
    const follow = (id: number, date: string, situation: PathwayDates['followUpSituation']) =>
      accompanied(
        id,
        '2024-01-01',
        {},
        {
          exitDate: '2024-06-01',
          exitType: 'abandon',
          followUpDate: date,
          followUpSituation: situation,
        },
      );
    const results = compute({
      persons: [
        follow(1, '2025-01-01', 'employment'),
        follow(2, '2025-12-31', 'training'),
        follow(3, '2025-06-01', 'job_seeking'),
        follow(4, '2026-01-01', 'employment'),
        follow(5, '2025-06-01', null),
      ],
    });
    const r = result(results, 'FOLLOWUP_6M');
    expect(ids(r)).toEqual([1, 2]);
    expect(r.value).toBe(2);
    expect(r.detail).toEqual({ employment: 1, training: 1, followUps: 3 });
    expect(ids(result(results, 'FOLLOWUP_6M', 2))).toEqual([4]);
  });
});

describe('PARTNERS', () => {
  it('counts the distinct partners of the coordination records of the year', () => {
    const results = compute({
      coordination: [
        coordination(3, '2025-01-01', [1, 2]),
        coordination(1, '2025-12-31', [2, 3], 'cte'),
        coordination(2, '2025-05-01', [], 'copil'),
        coordination(4, '2026-01-01', [9]),
      ],
    });
    const r = result(results, 'PARTNERS');
    expect(r.value).toBe(3);
    expect(r.records).toEqual([
      { kind: 'coordination', id: 1 },
      { kind: 'coordination', id: 2 },
      { kind: 'coordination', id: 3 },
    ]);
    expect(r.detail).toEqual({ coordinationActions: 1, committees: 2 });
    expect(result(results, 'PARTNERS', 2).value).toBe(1);
  });
});

describe('window shapes', () => {
  it('follows partial and non-calendar years', () => {
    const partial: YearWindow = { index: 1, start: '2025-09-01', end: '2026-06-30' };
    const results = computeIndicators(
      inputs({
        persons: [
          accompanied(1, '2025-08-31'),
          accompanied(2, '2025-09-01'),
          accompanied(3, '2026-06-30'),
          accompanied(4, '2026-07-01'),
        ],
      }),
      [partial],
    );
    expect(ids(result(results, 'ACC_ENTRIES'))).toEqual([2, 3]);
    expect(ids(result(results, 'ACC_ACTIVE'))).toEqual([1, 2, 3]);
  });
});

// ---------------------------------------------------------------------------------------
// Properties

const COUNT_CODES = [
  'REP_PERSONS',
  'REMOB_PERSONS',
  'ACC_ENTRIES',
  'ACC_ACTIVE',
  'EXIT_EMPLOYMENT',
  'EXIT_TRAINING',
  'EXIT_DROIT_COMMUN',
  'DROP_OUT',
  'FOLLOWUP_6M',
];
const SHARE_CODES = [
  'INVISIBLE_SHARE',
  'WOMEN_SHARE',
  'YOUTH_SHARE',
  'QPV_SHARE',
  'ZRR_SHARE',
  'EXIT_POSITIVE_RATE',
  'BARRIERS_LIFTED',
];

describe('properties', () => {
  it('never gives a negative count, and counts equal their number of records', () => {
    fc.assert(
      fc.property(inputsArb, (data) => {
        for (const r of computeIndicators(data, PROPERTY_YEARS)) {
          if (r.value !== null) expect(r.value).toBeGreaterThanOrEqual(0);
          if (COUNT_CODES.includes(r.code)) expect(r.records.length).toBe(r.value);
        }
      }),
    );
  });

  it('keeps shares within [0, 100] and consistent with their terms', () => {
    fc.assert(
      fc.property(inputsArb, (data) => {
        for (const r of computeIndicators(data, PROPERTY_YEARS)) {
          if (!SHARE_CODES.includes(r.code)) continue;
          const { numerator = -1, denominator = -1 } = r;
          expect(numerator).toBeGreaterThanOrEqual(0);
          expect(numerator).toBeLessThanOrEqual(denominator);
          expect(r.records.length).toBe(numerator);
          if (denominator === 0) expect(r.value).toBeNull();
          else {
            expect(r.value).toBeGreaterThanOrEqual(0);
            expect(r.value).toBeLessThanOrEqual(100);
          }
        }
      }),
    );
  });

  it('gives records deduplicated and sorted by id', () => {
    fc.assert(
      fc.property(inputsArb, (data) => {
        for (const r of computeIndicators(data, PROPERTY_YEARS)) {
          const list = ids(r);
          expect(list).toEqual([...new Set(list)].sort((a, b) => a - b));
        }
      }),
    );
  });

  it('counts as positive exactly the employment, training and droit commun exits', () => {
    fc.assert(
      fc.property(inputsArb, (data) => {
        const results = computeIndicators(data, PROPERTY_YEARS);
        for (const year of PROPERTY_YEARS) {
          const value = (code: string) => result(results, code, year.index).value ?? 0;
          expect(result(results, 'EXIT_POSITIVE_RATE', year.index).numerator).toBe(
            value('EXIT_EMPLOYMENT') + value('EXIT_TRAINING') + value('EXIT_DROIT_COMMUN'),
          );
        }
      }),
    );
  });

  it('keeps the funnel monotone when the steps are dated in order within the year', () => {
    const year: YearWindow = { index: 1, start: '2025-01-01', end: '2025-12-31' };
    const inYear = fc.integer({ min: utcDays(year.start), max: utcDays(year.end) });
    // Each person goes as far as `steps` (0: identified only … 2: accompanied).
    const orderedPerson = (id: number) =>
      fc
        .tuple(fc.array(inYear, { minLength: 3, maxLength: 3 }), fc.integer({ min: 0, max: 2 }))
        .map(([days, steps]) => {
          const [a = 0, b = 0, c = 0] = [...days].sort((x, y) => x - y).map((d) => d);
          return person(
            id,
            {},
            {
              identifiedOn: isoFromUtcDays(a),
              remobilisationStart: steps >= 1 ? isoFromUtcDays(b) : null,
              accompanimentStart: steps >= 2 ? isoFromUtcDays(c) : null,
            },
          );
        });
    const arb = fc
      .integer({ min: 0, max: 30 })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => orderedPerson(i + 1))));
    fc.assert(
      fc.property(arb, (persons) => {
        const results = computeIndicators(inputs({ persons }), [year]);
        const value = (code: string) => result(results, code).value ?? 0;
        expect(value('ACC_ENTRIES')).toBeLessThanOrEqual(value('REMOB_PERSONS'));
        expect(value('REMOB_PERSONS')).toBeLessThanOrEqual(value('REP_PERSONS'));
      }),
    );
  });
});
