/**
 * The realised figures of the default indicator catalogue (o2r-cpo.md, "Default indicator
 * catalogue"), computed from the records for each convention year. The dashboards, the
 * drill-down lists and the reports all call this one function, so a figure and the list of
 * records behind it can never disagree.
 *
 * Conventions shared by every indicator:
 * - "in the year" means `year.start <= date <= year.end` (ISO dates compare as strings);
 * - a person "is accompanied in the year" when `accompanimentStart <= year.end` and
 *   (`exitDate` is null or `exitDate >= year.start`);
 * - shares and rates are percentages (0–100, not rounded), `value = 100 × num / den`, and
 *   `null` when the denominator is 0: a share of nobody is not 0 %;
 * - `records` are deduplicated and sorted by id. Inputs are deduplicated by id first (the
 *   first occurrence wins), so a record loaded twice is never counted twice and the count
 *   indicators always equal their number of records.
 */
import { addMonths } from 'date-fns';
import type { IsoDate } from './conventionYears';
import {
  barrierCategories,
  exitTypes,
  outreachChannels,
  type BarrierCategory,
  type ExitGroup,
  type ExitTypeCode,
} from './peopleLists';
import type {
  CoordinationRecord,
  IndicatorInputs,
  OutreachRecord,
  PersonRecord,
  YearWindow,
} from './records';

export type RecordRef = { kind: 'person' | 'outreach' | 'coordination' | 'barrier'; id: number };

export interface IndicatorResult {
  code: string;
  yearIndex: number;
  /** Null when the denominator is 0 (a share or an average of nothing). */
  value: number | null;
  /** For shares and rates; for DURATION_AVG only the denominator (persons measured). */
  numerator?: number;
  denominator?: number;
  /** The records behind the figure: what a click on it opens. */
  records: RecordRef[];
  detail?: Record<string, number>;
}

/** Catalogue order. COST_PER_PERSON needs the finance data, so it is computed elsewhere. */
export const computedIndicatorCodes = [
  'REP_CONTACTS',
  'REP_PERSONS',
  'REMOB_PERSONS',
  'ACC_ENTRIES',
  'ACC_ACTIVE',
  'INVISIBLE_SHARE',
  'WOMEN_SHARE',
  'YOUTH_SHARE',
  'QPV_SHARE',
  'ZRR_SHARE',
  'DURATION_AVG',
  'EXIT_EMPLOYMENT',
  'EXIT_TRAINING',
  'EXIT_DROIT_COMMUN',
  'EXIT_POSITIVE_RATE',
  'DROP_OUT',
  'BARRIERS_LIFTED',
  'FOLLOWUP_6M',
  'PARTNERS',
] as const satisfies readonly string[];
export type ComputedIndicatorCode = (typeof computedIndicatorCodes)[number];

/** The age under which a person counts in YOUTH_SHARE (jeunes de moins de 26 ans). */
const YOUTH_AGE_LIMIT = 26;
/** Average month length, so that DURATION_AVG does not depend on which months are crossed. */
/** The average month of DURATION_AVG, in days (reports turn the mean back into days). */
export const DAYS_PER_MONTH = 365.25 / 12;
const DAY_MS = 86_400_000;
/** Usual maximum length of the accompaniment before an extension (6 to 9 months). */
const LONG_ACCOMPANIMENT_MONTHS = 9;

const exitTypeByCode = new Map<ExitTypeCode, (typeof exitTypes)[number]>(
  exitTypes.map((type) => [type.code, type]),
);

/** What every year needs to know about a person, worked out once (dates are the costly part). */
interface PersonFacts {
  person: PersonRecord;
  /**
   * What the records lists hold for the person: one object per record, kept with its
   * facts, so that a computation after a change to one person allocates lists, not 10 000
   * references again (frozen: every list shares it).
   */
  ref: RecordRef;
  /** Age reached during the calendar year of entry, or null without birth year or entry. */
  ageAtEntry: number | null;
  exitGroup: ExitGroup | null;
  positiveExit: boolean;
  durableExit: boolean;
  /** Accompaniment length in average months, when both dates are set and in order. */
  durationMonths: number | null;
  /** Exit strictly after entry + 9 calendar months. */
  over9Months: boolean;
  /** The person's barriers not already seen on another person (ids are unique). */
  barriers: BarrierFacts[];
  // The pathway's dates as day codes (see `dayCode`): the per-year loop compares numbers.
  // Absent: NaN, in no year, except the exit, +Infinity (never left).
  identified: number;
  remobilised: number;
  entered: number;
  exited: number;
  followedUp: number;
}

interface BarrierFacts {
  id: number;
  ref: RecordRef;
  /** Day codes; never lifted: +Infinity. */
  identified: number;
  lifted: number;
  /** Index in barrierCategories: the per-year loop counts in arrays, not by string keys. */
  category: number;
}

/**
 * A `YYYY-MM-DD` date as the number YYYYMMDD, which orders as the text does; NaN for no date
 * (every comparison with NaN is false: in no year). Comparing 10 000 people's dates as text
 * three years over cost more than everything else the indicators do; as numbers, nothing.
 * Dates are checked to be `YYYY-MM-DD` on entry (shared/contract/fields.ts, imports'
 * dateCell.ts); one that is not reads as no date.
 */
function dayCode(iso: IsoDate | null): number {
  if (iso === null || iso.length !== 10 || iso[4] !== '-' || iso[7] !== '-') return Number.NaN;
  return (
    Number(iso.slice(0, 4)) * 10_000 + Number(iso.slice(5, 7)) * 100 + Number(iso.slice(8, 10))
  );
}

const categoryIndex = new Map<BarrierCategory, number>(
  barrierCategories.map((category, index) => [category.code, index]),
);

function uniqueById<T extends { id: number }>(items: readonly T[]): readonly T[] {
  // Most often already so (people are numbered as they are created, and listed by number):
  // one look through instead of a set and a sort of 10 000 items.
  let increasing = true;
  for (let index = 1; index < items.length && increasing; index += 1)
    increasing = items[index - 1]!.id < items[index]!.id;
  if (increasing) return items;
  const seen = new Set<number>();
  const unique: T[] = [];
  for (const item of items) {
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    unique.push(item);
  }
  // Sorting the inputs once makes every records list come out sorted without a sort each.
  return unique.sort((a, b) => a.id - b.id);
}

// Records hold plain `YYYY-MM-DD` dates. parseISO reads every ISO form and, with
// differenceInCalendarDays, cost more than all the counting of a 10 000-person file.

/** Local midnight of an ISO calendar date, as parseISO gives it. */
function calendarDate(iso: IsoDate): Date {
  return new Date(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
}

/** Days since 1970-01-01: in UTC, so no daylight-saving change can shift a difference. */
function dayNumber(iso: IsoDate): number {
  return (
    Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) /
    DAY_MS
  );
}

/**
 * Each frozen record's facts, kept while the record lives. The backend keeps every
 * person's record frozen and, after a change to one person, hands the same objects for
 * everyone else (electron/backend/services/readCache.ts): their dates need no working out
 * again. A record that is not frozen could change after its facts were read: never kept.
 */
const factsByRecord = new WeakMap<PersonRecord, PersonFacts>();

/** The person's facts, with the barriers already seen on another person left out. */
function factsOf(person: PersonRecord, seenBarriers: Set<number>): PersonFacts {
  let facts = factsByRecord.get(person);
  if (!facts) {
    facts = personFacts(person);
    if (Object.isFrozen(person) && Object.isFrozen(person.barriers))
      factsByRecord.set(person, facts);
  }
  const all = facts.barriers;
  let unseen = all;
  for (let index = 0; index < all.length; index += 1) {
    const barrier = all[index]!;
    if (seenBarriers.has(barrier.id)) {
      if (unseen === all) unseen = all.slice(0, index);
      continue;
    }
    seenBarriers.add(barrier.id);
    if (unseen !== all) unseen.push(barrier);
  }
  return unseen === all ? facts : { ...facts, barriers: unseen };
}

function personFacts(person: PersonRecord): PersonFacts {
  const { accompanimentStart, exitDate, exitType } = person.pathway;
  const type = exitType ? exitTypeByCode.get(exitType) : undefined;
  let durationMonths: number | null = null;
  let over9Months = false;
  // An exit before the entry is a data error: its negative length would distort the mean.
  if (accompanimentStart && exitDate && exitDate >= accompanimentStart) {
    durationMonths = (dayNumber(exitDate) - dayNumber(accompanimentStart)) / DAYS_PER_MONTH;
    over9Months =
      calendarDate(exitDate) >
      addMonths(calendarDate(accompanimentStart), LONG_ACCOMPANIMENT_MONTHS);
  }
  return {
    person,
    ref: Object.freeze({ kind: 'person', id: person.id }),
    ageAtEntry:
      accompanimentStart && person.birthYear !== null
        ? Number(accompanimentStart.slice(0, 4)) - person.birthYear
        : null,
    exitGroup: type?.group ?? null,
    positiveExit: type?.positive ?? false,
    durableExit: type !== undefined && 'durable' in type && type.durable === true,
    durationMonths,
    over9Months,
    barriers: person.barriers.map((barrier) => ({
      id: barrier.id,
      ref: Object.freeze({ kind: 'barrier', id: barrier.id }),
      identified: dayCode(barrier.identifiedOn),
      lifted: barrier.liftedOn === null ? Infinity : dayCode(barrier.liftedOn),
      // A code outside the list still counts in the total, just not in a category.
      category: categoryIndex.get(barrier.category) ?? barrierCategories.length,
    })),
    identified: dayCode(person.pathway.identifiedOn),
    remobilised: dayCode(person.pathway.remobilisationStart),
    entered: dayCode(accompanimentStart),
    exited: exitDate === null ? Infinity : dayCode(exitDate),
    followedUp: dayCode(person.pathway.followUpDate),
  };
}

// The two rules every person indicator rests on, written once on day codes (`dayCode`: an
// absent date is NaN, every comparison false; an absent exit +Infinity, after every year).
// The per-year pass calls them on the codes kept in each person's facts; `inYear` and
// `accompaniedInYear`, for the reports' own tables, on the record's dates.

/** A day within [first, last]. */
const dayWithin = (day: number, first: number, last: number) => day >= first && day <= last;

/** Accompanied between first and last: entered on or before last, not gone before first. */
const accompaniedWithin = (entered: number, exited: number, first: number, last: number) =>
  entered <= last && exited >= first;

export const inYear = (date: IsoDate | null, year: YearWindow): date is IsoDate =>
  date !== null && dayWithin(dayCode(date), dayCode(year.start), dayCode(year.end));

function percent(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : (100 * numerator) / denominator;
}

/** A share of the persons accompanied in the year: records are the numerator persons. */
function share(code: string, year: YearWindow, numerator: RecordRef[], denominator: number) {
  return {
    code,
    yearIndex: year.index,
    value: percent(numerator.length, denominator),
    numerator: numerator.length,
    denominator,
    records: numerator,
  } satisfies IndicatorResult;
}

function count(
  code: string,
  year: YearWindow,
  records: RecordRef[],
  detail?: Record<string, number>,
) {
  const result: IndicatorResult = {
    code,
    yearIndex: year.index,
    value: records.length,
    records,
  };
  if (detail) result.detail = detail;
  return result;
}

function zeroes<T extends string>(keys: readonly T[]): Record<T, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<T, number>;
}

/** Accompanied in the year: entered on or before its end and not gone before its start. */
export function accompaniedInYear(person: PersonRecord, year: YearWindow): boolean {
  const { accompanimentStart, exitDate } = person.pathway;
  return accompaniedWithin(
    dayCode(accompanimentStart),
    exitDate === null ? Infinity : dayCode(exitDate),
    dayCode(year.start),
    dayCode(year.end),
  );
}

function personIndicators(facts: readonly PersonFacts[], year: YearWindow): IndicatorResult[] {
  const identified: RecordRef[] = [];
  const remobilised: RecordRef[] = [];
  const entries: RecordRef[] = [];
  const activeAtEnd: RecordRef[] = [];
  let accompanied = 0;
  const invisible: RecordRef[] = [];
  const women: RecordRef[] = [];
  const youth: RecordRef[] = [];
  let withBirthYear = 0;
  const qpv: RecordRef[] = [];
  const zrr: RecordRef[] = [];
  const measured: RecordRef[] = [];
  let totalMonths = 0;
  let over9Months = 0;
  const employment: RecordRef[] = [];
  let durable = 0;
  const training: RecordRef[] = [];
  const droitCommun: RecordRef[] = [];
  const dropOut: RecordRef[] = [];
  const positive: RecordRef[] = [];
  let typedExits = 0;
  let untypedExits = 0;
  const liftedBarriers: BarrierFacts[] = [];
  let barriersIdentified = 0;
  // One slot more than the categories, for a code outside the list.
  const identifiedPerCategory = new Array<number>(barrierCategories.length + 1).fill(0);
  const liftedPerCategory = new Array<number>(barrierCategories.length + 1).fill(0);
  const followUpPositive: RecordRef[] = [];
  const followUpDetail = { employment: 0, training: 0, followUps: 0 };

  const first = dayCode(year.start);
  const last = dayCode(year.end);
  for (const fact of facts) {
    const { person } = fact;
    const { pathway } = person;

    if (dayWithin(fact.identified, first, last)) identified.push(fact.ref);
    if (dayWithin(fact.remobilised, first, last)) remobilised.push(fact.ref);
    if (dayWithin(fact.entered, first, last)) entries.push(fact.ref);

    if (accompaniedWithin(fact.entered, fact.exited, first, last)) {
      accompanied += 1;
      if (fact.exited > last) activeAtEnd.push(fact.ref);
      if (person.eligibilityGround === 'not_registered') invisible.push(fact.ref);
      if (person.sex === 'F') women.push(fact.ref);
      if (fact.ageAtEntry !== null) {
        withBirthYear += 1;
        if (fact.ageAtEntry < YOUTH_AGE_LIMIT) youth.push(fact.ref);
      }
      if (person.qpv) qpv.push(fact.ref);
      if (person.zrr) zrr.push(fact.ref);
      for (const barrier of fact.barriers) {
        if (barrier.identified > last) continue;
        barriersIdentified += 1;
        identifiedPerCategory[barrier.category] =
          (identifiedPerCategory[barrier.category] ?? 0) + 1;
        if (barrier.lifted <= last) {
          liftedBarriers.push(barrier);
          liftedPerCategory[barrier.category] = (liftedPerCategory[barrier.category] ?? 0) + 1;
        }
      }
    }

    if (dayWithin(fact.exited, first, last)) {
      if (fact.durationMonths !== null) {
        measured.push(fact.ref);
        totalMonths += fact.durationMonths;
        if (fact.over9Months) over9Months += 1;
      }
      if (fact.exitGroup === null) {
        untypedExits += 1;
      } else {
        typedExits += 1;
        if (fact.positiveExit) positive.push(fact.ref);
        if (fact.exitGroup === 'employment') {
          employment.push(fact.ref);
          if (fact.durableExit) durable += 1;
        } else if (fact.exitGroup === 'training') training.push(fact.ref);
        else if (fact.exitGroup === 'droit_commun') droitCommun.push(fact.ref);
        else if (fact.exitGroup === 'drop_out') dropOut.push(fact.ref);
      }
    }

    if (dayWithin(fact.followedUp, first, last) && pathway.followUpSituation !== null) {
      followUpDetail.followUps += 1;
      const situation = pathway.followUpSituation;
      if (situation === 'employment' || situation === 'training') {
        followUpPositive.push(fact.ref);
        followUpDetail[situation] += 1;
      }
    }
  }

  const durationDetail: Record<string, number> = { over9Months };
  if (measured.length > 0)
    durationDetail.over9MonthsPercent = (100 * over9Months) / measured.length;

  // Barrier ids are not in person order: they need their own sort.
  const liftedSorted = liftedBarriers.sort((a, b) => a.id - b.id).map((barrier) => barrier.ref);
  const perCategory: Record<string, number> = {};
  barrierCategories.forEach(({ code }, index) => {
    perCategory[`${code}Identified`] = identifiedPerCategory[index] ?? 0;
    perCategory[`${code}Lifted`] = liftedPerCategory[index] ?? 0;
  });

  return [
    count('REP_PERSONS', year, identified),
    count('REMOB_PERSONS', year, remobilised),
    count('ACC_ENTRIES', year, entries),
    count('ACC_ACTIVE', year, activeAtEnd),
    share('INVISIBLE_SHARE', year, invisible, accompanied),
    share('WOMEN_SHARE', year, women, accompanied),
    share('YOUTH_SHARE', year, youth, withBirthYear),
    share('QPV_SHARE', year, qpv, accompanied),
    share('ZRR_SHARE', year, zrr, accompanied),
    {
      code: 'DURATION_AVG',
      yearIndex: year.index,
      value: measured.length === 0 ? null : totalMonths / measured.length,
      denominator: measured.length,
      records: measured,
      detail: durationDetail,
    },
    count('EXIT_EMPLOYMENT', year, employment, { durable, other: employment.length - durable }),
    count('EXIT_TRAINING', year, training),
    count('EXIT_DROIT_COMMUN', year, droitCommun),
    {
      ...share('EXIT_POSITIVE_RATE', year, positive, typedExits),
      detail: { exitsWithoutType: untypedExits },
    },
    count('DROP_OUT', year, dropOut),
    {
      code: 'BARRIERS_LIFTED',
      yearIndex: year.index,
      value: percent(liftedSorted.length, barriersIdentified),
      numerator: liftedSorted.length,
      denominator: barriersIdentified,
      records: liftedSorted,
      detail: perCategory,
    },
    count('FOLLOWUP_6M', year, followUpPositive, followUpDetail),
  ];
}

function outreachIndicator(outreach: readonly OutreachRecord[], year: YearWindow): IndicatorResult {
  const perChannel = zeroes(outreachChannels.map((channel) => channel.code));
  const ids: number[] = [];
  let contacts = 0;
  for (const record of outreach) {
    if (!inYear(record.date, year)) continue;
    ids.push(record.id);
    contacts += record.count;
    perChannel[record.channel] += record.count;
  }
  return {
    code: 'REP_CONTACTS',
    yearIndex: year.index,
    value: contacts,
    records: ids.map((id) => ({ kind: 'outreach', id })),
    detail: perChannel,
  };
}

function partnersIndicator(
  coordination: readonly CoordinationRecord[],
  year: YearWindow,
): IndicatorResult {
  const partners = new Set<number>();
  const ids: number[] = [];
  let coordinationActions = 0;
  let committees = 0;
  for (const record of coordination) {
    if (!inYear(record.date, year)) continue;
    ids.push(record.id);
    for (const partnerId of record.partnerIds) partners.add(partnerId);
    if (record.kind === 'coordination') coordinationActions += 1;
    else committees += 1;
  }
  return {
    code: 'PARTNERS',
    yearIndex: year.index,
    value: partners.size,
    records: ids.map((id) => ({ kind: 'coordination', id })),
    detail: { coordinationActions, committees },
  };
}

/**
 * Every computed indicator for every year, years in the given order and, within a year,
 * indicators in catalogue order.
 *
 * - REP_CONTACTS: sum of `count` of the outreach records dated in the year (anonymous
 *   contacts included); records: those outreach records; detail: contacts per channel.
 * - REP_PERSONS: persons with `identifiedOn` in the year.
 * - REMOB_PERSONS: persons with `remobilisationStart` in the year.
 * - ACC_ENTRIES: persons with `accompanimentStart` in the year.
 * - ACC_ACTIVE: persons accompanied on the year's last day: entered on or before it and not
 *   exited, or exited after it (an exit on the last day is not active).
 * - INVISIBLE_SHARE, WOMEN_SHARE, QPV_SHARE, ZRR_SHARE: % of the persons accompanied in the
 *   year whose eligibility ground is `not_registered`, whose sex is F, who live in a QPV, in
 *   a ZRR. Records: the numerator persons.
 * - YOUTH_SHARE: same, for persons under 26 at entry (entry year − birth year < 26). Persons
 *   without birth year are left out of both numerator and denominator.
 * - DURATION_AVG: mean length in months (days / (365.25 / 12)) of the accompaniments of the
 *   persons exited in the year who have an entry date on or before their exit; detail:
 *   `over9Months` (exit after entry + 9 calendar months) and `over9MonthsPercent`.
 * - EXIT_EMPLOYMENT (detail: durable / other), EXIT_TRAINING, EXIT_DROIT_COMMUN, DROP_OUT:
 *   persons whose exit date is in the year, by exit type group.
 * - EXIT_POSITIVE_RATE: positive exits / exits in the year, in %. Only exits with a type
 *   count, in both terms: an exit whose type is unknown is neither positive nor negative,
 *   and counting it as a failure would punish incomplete data entry as a bad outcome. The
 *   number left out is in `detail.exitsWithoutType`.
 * - BARRIERS_LIFTED: % of the barriers identified on or before the year end, of the persons
 *   accompanied in the year, that were lifted on or before the year end. Records: the lifted
 *   barriers; detail: `${category}Identified` and `${category}Lifted`.
 * - FOLLOWUP_6M: persons whose follow-up is dated in the year with the situation employment
 *   or training; detail: employment, training, and followUps (all follow-ups in the year).
 * - PARTNERS: distinct partners named in the coordination records dated in the year;
 *   records: those coordination records; detail: coordinationActions (kind `coordination`)
 *   and committees (every other kind).
 */
export function computeIndicators(
  inputs: IndicatorInputs,
  years: readonly YearWindow[],
): IndicatorResult[] {
  if (years.length === 0) return [];
  const seenBarriers = new Set<number>();
  const facts = uniqueById(inputs.persons).map((person) => factsOf(person, seenBarriers));
  const outreach = uniqueById(inputs.outreach);
  const coordination = uniqueById(inputs.coordination);
  const results: IndicatorResult[] = [];
  for (const year of years) {
    results.push(
      outreachIndicator(outreach, year),
      ...personIndicators(facts, year),
      partnersIndicator(coordination, year),
    );
  }
  return results;
}
