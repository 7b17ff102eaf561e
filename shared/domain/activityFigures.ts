/**
 * The figures of the activity and final reports that the indicator rules
 * (`shared/domain/indicators.ts`) do not already give: breakdowns by category of the same
 * records, counted with the same conventions ("in the year" = `start <= date <= end`;
 * "accompanied in the year" = entered on or before the year end and not exited before its
 * start). Figures the indicators give (entries, exits by group, mean length, contacts per
 * channel, barriers per category…) are never recomputed here: the report service reads
 * them from `computeIndicators`. Everything returned is an aggregate: counts and labels of
 * coded lists, never a record.
 */
import { addMonths } from 'date-fns';
import { fromIso, toIso, type IsoDate } from './conventionYears';
import {
  barrierCategories,
  coordinationKinds,
  eligibilityGrounds,
  exitTypes,
  followUpSituations,
  partnerTypes,
  sexes,
  type CodedItem,
} from './peopleLists';
import { accompaniedInYear, inYear as isInYear } from './indicators';
import type { IndicatorUnit } from './referenceLists';
import type { CoordinationRecord, OutreachRecord, PersonRecord, YearWindow } from './records';

export interface LabelledCount {
  label: string;
  count: number;
}

/** Accompaniment is 6 to 9 months; an extension takes it past 9 months (up to 12). */
const USUAL_MAX_MONTHS = 9;

export const NOT_GIVEN = 'Non renseigné';

/**
 * Counts per code of a coded list, in the list's order; codes outside the list, and missing
 * values, under `otherLabel`. Zero rows are left out (a report lists what happened).
 */
function byCode(
  items: readonly CodedItem[],
  values: readonly (string | null)[],
  otherLabel = NOT_GIVEN,
): LabelledCount[] {
  const counts = new Map<string, number>();
  for (const value of values) {
    const key = value !== null && items.some((item) => item.code === value) ? value : '';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const rows = items.map((item) => ({ label: item.label, count: counts.get(item.code) ?? 0 }));
  rows.push({ label: otherLabel, count: counts.get('') ?? 0 });
  return rows.filter((row) => row.count > 0);
}

/**
 * Exits dated in the year, by exit type (list order, zero rows left out), with whether the
 * type is a positive exit. Exits without a type are left out, as in EXIT_POSITIVE_RATE, so
 * that the counts add up to its denominator and the positive ones to its numerator.
 */
export function exitsByType(
  persons: readonly PersonRecord[],
  year: YearWindow,
): (LabelledCount & { code: string; positive: boolean; group: string })[] {
  const counts = new Map<string, number>();
  for (const person of persons) {
    const { exitDate, exitType } = person.pathway;
    if (exitType === null || !isInYear(exitDate, year)) continue;
    counts.set(exitType, (counts.get(exitType) ?? 0) + 1);
  }
  return exitTypes
    .map((type) => ({
      code: type.code,
      label: type.label,
      positive: type.positive,
      group: type.group as string,
      count: counts.get(type.code) ?? 0,
    }))
    .filter((row) => row.count > 0);
}

/**
 * Follow-ups dated in the year with a situation, by situation: they add up to
 * FOLLOWUP_6M's `detail.followUps`.
 */
export function followUpsBySituation(
  persons: readonly PersonRecord[],
  year: YearWindow,
): LabelledCount[] {
  const situations = persons
    .filter(
      (person) =>
        isInYear(person.pathway.followUpDate, year) && person.pathway.followUpSituation !== null,
    )
    .map((person) => person.pathway.followUpSituation);
  return byCode(followUpSituations, situations);
}

/** The follow-up is due six months after the exit (o2r-cpo.md, FOLLOWUP_6M). */
const FOLLOW_UP_MONTHS = 6;

/**
 * Follow-ups due in the year — six months after an exit, on or before `asOf` (the report
 * date, for a year in progress) — and, of them, those done (a situation recorded). So the
 * report can say « 12 dus, 0 réalisés » instead of « 0 personnes en emploi ».
 */
export function followUpsDue(
  persons: readonly PersonRecord[],
  year: YearWindow,
  asOf: IsoDate,
): { due: number; done: number } {
  const window = { ...year, end: asOf < year.end ? asOf : year.end };
  let due = 0;
  let done = 0;
  for (const person of persons) {
    const { exitDate, followUpSituation } = person.pathway;
    if (exitDate === null) continue;
    if (!isInYear(toIso(addMonths(fromIso(exitDate), FOLLOW_UP_MONTHS)), window)) continue;
    due += 1;
    if (followUpSituation !== null) done += 1;
  }
  return { due, done };
}

/**
 * Extensions counted in the year they take effect. No decision date is recorded: an
 * extension takes the accompaniment past its usual 9 months, so it is counted in the year
 * of entry + 9 calendar months, for the persons with an extension recorded. Each
 * extension falls in exactly one year.
 */
export function extensionsInYear(persons: readonly PersonRecord[], year: YearWindow): number {
  let count = 0;
  for (const person of persons) {
    const { accompanimentStart: start, extendedUntil } = person.pathway;
    if (start === null || extendedUntil === null) continue;
    if (isInYear(toIso(addMonths(fromIso(start), USUAL_MAX_MONTHS)), year)) count += 1;
  }
  return count;
}

/** Age bands of the public profile, by age reached in the calendar year of the year end. */
export const ageBands = [
  { label: 'Moins de 26 ans', below: 26 },
  { label: '26 à 44 ans', below: 45 },
  { label: '45 à 54 ans', below: 55 },
  { label: '55 ans et plus', below: Number.POSITIVE_INFINITY },
] as const;
export const AGE_NOT_GIVEN = 'Année de naissance non renseignée';

export interface PublicProfile {
  persons: number;
  sex: LabelledCount[];
  ageBands: LabelledCount[];
  qpv: number;
  zrr: number;
  eligibility: LabelledCount[];
}

/**
 * The persons accompanied in the year: by sex, age band at the year end (year of the end
 * date − birth year), QPV, ZRR and eligibility ground. `persons` equals the denominator of
 * WOMEN_SHARE; the women, QPV and ZRR counts its numerators.
 */
export function publicProfile(persons: readonly PersonRecord[], year: YearWindow): PublicProfile {
  const accompanied = persons.filter((person) => accompaniedInYear(person, year));
  const endYear = Number(year.end.slice(0, 4));
  const bandCounts = new Array<number>(ageBands.length).fill(0);
  let noBirthYear = 0;
  for (const person of accompanied) {
    if (person.birthYear === null) {
      noBirthYear += 1;
      continue;
    }
    const age = endYear - person.birthYear;
    const band = ageBands.findIndex((candidate) => age < candidate.below);
    bandCounts[band] = (bandCounts[band] ?? 0) + 1;
  }
  return {
    persons: accompanied.length,
    sex: byCode(
      sexes,
      accompanied.map((person) => person.sex),
    ),
    ageBands: [
      ...ageBands.map((band, index) => ({ label: band.label, count: bandCounts[index] ?? 0 })),
      { label: AGE_NOT_GIVEN, count: noBirthYear },
    ].filter((row) => row.count > 0),
    qpv: accompanied.filter((person) => person.qpv).length,
    zrr: accompanied.filter((person) => person.zrr).length,
    eligibility: byCode(
      eligibilityGrounds,
      accompanied.map((person) => person.eligibilityGround),
    ),
  };
}

/** Contacts of the outreach log dated in the year, by commune (most contacts first). */
export function contactsByPlace(
  outreach: readonly OutreachRecord[],
  year: YearWindow,
): LabelledCount[] {
  const counts = new Map<string, number>();
  for (const record of outreach) {
    if (!isInYear(record.date, year)) continue;
    const place = record.commune.trim() || 'Lieu non renseigné';
    counts.set(place, (counts.get(place) ?? 0) + record.count);
  }
  return [...counts]
    .map(([label, count]) => ({ label, count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'fr'));
}

/** Per-code counts (e.g. REP_CONTACTS' contacts per channel) as labelled rows, zeros left out. */
export function labelledDetail(
  items: readonly CodedItem[],
  detail: Readonly<Record<string, number>> | undefined,
): LabelledCount[] {
  return items
    .map((item) => ({ label: item.label, count: detail?.[item.code] ?? 0 }))
    .filter((row) => row.count > 0);
}

/**
 * Barriers per category from BARRIERS_LIFTED's detail (`${code}Identified`,
 * `${code}Lifted`): identified by the year end and lifted by then, for the persons
 * accompanied in the year. Categories with nothing identified are left out.
 */
export function barriersFromDetail(
  detail: Readonly<Record<string, number>> | undefined,
): { label: string; identified: number; lifted: number }[] {
  return barrierCategories
    .map((category) => ({
      label: category.label,
      identified: detail?.[`${category.code}Identified`] ?? 0,
      lifted: detail?.[`${category.code}Lifted`] ?? 0,
    }))
    .filter((row) => row.identified > 0);
}

/** An action of a person, without the person: what the remobilisation figures need. */
export interface ActionFact {
  type: string;
  date: IsoDate;
  volet: number;
  staff: string;
}

/**
 * Remobilisation (volet 2) actions dated in the year. Each participant of a workshop has
 * their own action row, so a collective session is a distinct (date, staff) among the
 * `workshop` actions; every other volet-2 action is an individual session.
 */
export function remobilisationSessions(
  actions: readonly ActionFact[],
  year: YearWindow,
): { collectiveSessions: number; individualSessions: number } {
  const collective = new Set<string>();
  let individualSessions = 0;
  for (const action of actions) {
    if (action.volet !== 2 || !isInYear(action.date, year)) continue;
    if (action.type === 'workshop') collective.add(`${action.date}|${action.staff.trim()}`);
    else individualSessions += 1;
  }
  return { collectiveSessions: collective.size, individualSessions };
}

/**
 * Volet 4 for the year: the distinct partners named in the coordination records by partner
 * type (they add up to PARTNERS), the committees (the log records the meetings the
 * operator took part in: each is one meeting held and attended), and the coordination
 * actions by kind.
 */
export function coordinationFigures(
  coordination: readonly CoordinationRecord[],
  partnerTypeById: ReadonlyMap<number, string>,
  year: YearWindow,
): {
  partnersByType: LabelledCount[];
  committees: { label: string; held: number; attended: number }[];
  actions: LabelledCount[];
} {
  const partners = new Set<number>();
  const actions: string[] = [];
  const committees: string[] = [];
  for (const record of coordination) {
    if (!isInYear(record.date, year)) continue;
    for (const partnerId of record.partnerIds) partners.add(partnerId);
    // As PARTNERS counts them: kind `coordination` is an action, every other kind a committee.
    (record.kind === 'coordination' ? actions : committees).push(record.kind);
  }
  const actionKinds = coordinationKinds.filter((kind) => kind.code === 'coordination');
  const committeeKinds = coordinationKinds.filter((kind) => kind.code !== 'coordination');
  return {
    partnersByType: byCode(
      partnerTypes,
      [...partners].map((id) => partnerTypeById.get(id) ?? null),
      'Type non renseigné',
    ),
    committees: byCode(committeeKinds, committees, 'Instance non répertoriée').map((row) => ({
      label: row.label,
      held: row.count,
      attended: row.count,
    })),
    actions: byCode(actionKinds, actions),
  };
}

const overseas = new Set(['Guadeloupe', 'Guyane', 'Martinique', 'La Réunion', 'Mayotte']);

/** The signing service as printed: "DREETS Bretagne"; overseas it is a DEETS. */
export function dreetsName(region: string): string {
  return `${overseas.has(region) ? 'DEETS' : 'DREETS'} ${region}`;
}

/** Count indicators whose figure counts people (masked when small in what leaves the app). */
export const peopleCountCodes: ReadonlySet<string> = new Set([
  'REP_CONTACTS',
  'REP_PERSONS',
  'REMOB_PERSONS',
  'ACC_ENTRIES',
  'ACC_ACTIVE',
  'EXIT_EMPLOYMENT',
  'EXIT_TRAINING',
  'EXIT_DROIT_COMMUN',
  'DROP_OUT',
  'FOLLOWUP_6M',
]);

/**
 * Indicators whose target is a ceiling (lower is better): the reports say whether the ceiling
 * is kept, never a rate, and leave them out of the realised-vs-target chart.
 */
export const ceilingIndicatorCodes: ReadonlySet<string> = new Set(['DROP_OUT', 'COST_PER_PERSON']);

/** Indicators that are a stock on the year's last day: they do not add up over years. */
export const stockIndicatorCodes: ReadonlySet<string> = new Set(['ACC_ACTIVE']);

/** The app keeps percentages as 0–100 (targets and figures); the reports take a ratio 0–1. */
export function toReportScale(unit: IndicatorUnit, value: number | null): number | null {
  if (value === null) return null;
  return unit === 'percent' ? value / 100 : value;
}

/**
 * A realised figure in the reports' scale. A share with its terms is given as their exact
 * ratio (12 / 18, not 66.666… / 100), so that it equals what a reader recomputes.
 */
export function reportValue(
  unit: IndicatorUnit,
  value: number | null,
  terms: { numerator?: number | undefined; denominator?: number | undefined } = {},
): number | null {
  const { numerator, denominator } = terms;
  if (unit === 'percent' && numerator !== undefined && denominator !== undefined)
    return denominator === 0 ? null : numerator / denominator;
  return toReportScale(unit, value);
}

export interface YearFigure {
  realised: number | null;
  target: number | null;
  /** Of the realised figure, when it has one (persons measured for a mean). */
  denominator?: number;
}

/**
 * The CPO total of one indicator (final report), in the app's scale.
 *
 * - `wholeCpo`: the figure computed by the indicator rules over one window from the CPO's
 *   start to its end (null for an indicator not computed from the records). For a count of
 *   events this is the sum of the years; for a share or a mean it is the ratio recomputed
 *   from the numerator and denominator over the whole CPO (each person counted once), never
 *   an average of the yearly ratios; for PARTNERS the distinct partners over the CPO.
 * - Manual counts: the sum of the years, when every year has a value.
 * - A stock (ACC_ACTIVE), a manual share, mean or amount: null — it does not add up.
 * - Target: the sum of the yearly targets for counts of events (null when a year has none
 *   and for PARTNERS, whose partners recur from year to year); for a share or a mean, the
 *   yearly targets weighted by each year's denominator (plain mean when there is none), so
 *   it compares with the recomputed ratio; null for a stock and for amounts.
 */
export function cpoTotal(
  code: string,
  unit: IndicatorUnit,
  years: readonly YearFigure[],
  wholeCpo: number | null | undefined,
): { realised: number | null; target: number | null } {
  if (stockIndicatorCodes.has(code) || unit === 'euros' || years.length === 0)
    return { realised: null, target: null };
  const computed = wholeCpo !== undefined;
  const targets = years.map((year) => year.target);
  const allTargets = targets.every((target) => target !== null);
  if (unit === 'count') {
    const realised = computed
      ? wholeCpo
      : years.every((year) => year.realised !== null)
        ? years.reduce((sum, year) => sum + (year.realised ?? 0), 0)
        : null;
    const target =
      allTargets && code !== 'PARTNERS'
        ? targets.reduce<number>((sum, value) => sum + (value ?? 0), 0)
        : null;
    return { realised, target };
  }
  // A share or a mean: only the records give its numerator and denominator.
  if (!computed) return { realised: null, target: null };
  let target: number | null = null;
  if (allTargets) {
    const weights = years.map((year) => year.denominator ?? 0);
    const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
    target =
      totalWeight > 0
        ? targets.reduce<number>((sum, value, index) => sum + (value ?? 0) * weights[index]!, 0) /
          totalWeight
        : targets.reduce<number>((sum, value) => sum + (value ?? 0), 0) / targets.length;
  }
  return { realised: wholeCpo, target };
}
