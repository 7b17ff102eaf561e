/**
 * Random indicator inputs for the property tests: persons with every pathway step and
 * barriers over three convention years (not on 31 December), outreach and coordination,
 * ids sometimes repeated (the rules count a record loaded twice once).
 */
import fc from 'fast-check';
import { exitTypes } from '../../shared/domain/peopleLists';
import type {
  BarrierRecord,
  CoordinationRecord,
  OutreachRecord,
  PathwayDates,
  PersonRecord,
  YearWindow,
} from '../../shared/domain/records';
import { personRecord as person } from '../fixtures/personRecord';

const DAY_MS = 86_400_000;
export const isoFromUtcDays = (days: number) => new Date(days * DAY_MS).toISOString().slice(0, 10);
export const utcDays = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const FIRST = utcDays('2024-01-01');
const LAST = utcDays('2027-06-30');

const dateArb = fc.integer({ min: FIRST, max: LAST }).map(isoFromUtcDays);
const maybeDate = fc.option(dateArb, { nil: null });
const exitTypeArb = fc.option(fc.constantFrom(...exitTypes.map((type) => type.code)), {
  nil: null,
});

const barrierArb = fc.record({
  id: fc.integer({ min: 1, max: 500 }),
  category: fc.constantFrom('health', 'housing', 'mobility', 'money') as fc.Arbitrary<
    BarrierRecord['category']
  >,
  identifiedOn: dateArb,
  liftedOn: maybeDate,
});

export const personArb = (id: number) =>
  fc
    .record({
      sex: fc.constantFrom('F', 'M', 'X', null) as fc.Arbitrary<PersonRecord['sex']>,
      birthYear: fc.option(fc.integer({ min: 1950, max: 2010 }), { nil: null }),
      qpv: fc.boolean(),
      zrr: fc.boolean(),
      eligibilityGround: fc.constantFrom(
        'not_registered',
        'registered_no_support',
        'no_contact_5_months',
        null,
      ) as fc.Arbitrary<PersonRecord['eligibilityGround']>,
      identifiedOn: maybeDate,
      remobilisationStart: maybeDate,
      accompanimentStart: maybeDate,
      exitDate: maybeDate,
      exitType: exitTypeArb,
      followUpDate: maybeDate,
      followUpSituation: fc.constantFrom(
        'employment',
        'training',
        'inactive',
        null,
      ) as fc.Arbitrary<PathwayDates['followUpSituation']>,
      barriers: fc.array(barrierArb, { maxLength: 3 }),
    })
    .map(({ sex, birthYear, qpv, zrr, eligibilityGround, barriers, ...pathway }) =>
      person(id, { sex, birthYear, qpv, zrr, eligibilityGround, barriers }, pathway),
    );

const personsArb = fc
  .integer({ min: 0, max: 25 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => personArb(i + 1))));

export const inputsArb = fc.record({
  persons: personsArb,
  outreach: fc.array(
    fc.record({
      id: fc.integer({ min: 1, max: 50 }),
      date: dateArb,
      channel: fc.constantFrom('street', 'digital', 'event') as fc.Arbitrary<
        OutreachRecord['channel']
      >,
      commune: fc.constant('Rennes'),
      qpv: fc.boolean(),
      zrr: fc.boolean(),
      count: fc.integer({ min: 0, max: 30 }),
    }),
    { maxLength: 10 },
  ),
  coordination: fc.array(
    fc.record({
      id: fc.integer({ min: 1, max: 50 }),
      date: dateArb,
      kind: fc.constantFrom('coordination', 'cte', 'copil') as fc.Arbitrary<
        CoordinationRecord['kind']
      >,
      partnerIds: fc.array(fc.integer({ min: 1, max: 10 }), { maxLength: 4 }),
    }),
    { maxLength: 10 },
  ),
});

export const PROPERTY_YEARS: YearWindow[] = [
  { index: 1, start: '2024-07-01', end: '2025-06-30' },
  { index: 2, start: '2025-07-01', end: '2026-06-30' },
  { index: 3, start: '2026-07-01', end: '2027-06-30' },
];

