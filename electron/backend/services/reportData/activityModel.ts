/**
 * The figures of the activity report (one convention year) and of the final report's
 * indicator table (every year and the whole CPO), read from the database.
 *
 * Nothing here counts on its own what the app already counts: the indicator table is what
 * `indicators.realised` returns (the same handler is called), the sections take their
 * figures from `computeIndicators` (through `computeConventionIndicators`), and the
 * breakdowns the indicators do not give come from the pure rules of
 * `shared/domain/activityFigures.ts`. People are read with `readPersonRecords` (pseudonymous
 * records): the identity table is never read, and the model holds only aggregates.
 */
import { and, eq } from 'drizzle-orm';
import { reportParties } from './parties';
import { DAYS_PER_MONTH } from '../../../../shared/domain/indicators';
import {
  barriersFromDetail,
  contactsByPlace,
  coordinationFigures,
  cpoTotal,
  exitsByType,
  extensionsInYear,
  followUpsBySituation,
  followUpsDue,
  labelledDetail,
  peopleCountCodes,
  publicProfile,
  remobilisationSessions,
  reportValue,
  toReportScale,
  type ActionFact,
} from '../../../../shared/domain/activityFigures';
import {
  computedIndicatorCodes,
  computeIndicators,
  type IndicatorResult,
} from '../../../../shared/domain/indicators';
import { coordinationKinds, outreachChannels } from '../../../../shared/domain/peopleLists';
import type { IndicatorUnit } from '../../../../shared/domain/referenceLists';
import { AppError } from '../../../../shared/errors';
import type { Db } from '../../db/open';
import { coordinationEvents, partners, personActions, persons } from '../../db/schema';
import type {
  ActivityReportModel,
  FinalIndicatorFigures,
  IndicatorFigure,
} from '../../reports/model';
import { compensationOf } from '../compensation';
import { readConvention } from '../conventions';
import { computeConventionIndicators, realisedIndicators } from '../indicators';
import { indicatorCatalogue } from '../objectives';
import { cachedRead } from '../readCache';

export type ActivityFigures = Omit<
  ActivityReportModel,
  'narratives' | 'draft' | 'missingItems' | 'generatedOn' | 'source' | 'smallCellThreshold'
>;

/** Active indicators × years: realised (records or manual) and target in force at `date`. */
function realisedRows(db: Db, conventionId: number, date: string) {
  const rows = realisedIndicators(db, conventionId, date);
  const definitions = new Map(
    indicatorCatalogue(db, conventionId).definitions.map((definition) => [
      definition.id,
      definition,
    ]),
  );
  return rows.map((row) => {
    const definition = definitions.get(row.indicatorId);
    return {
      ...row,
      label: definition?.label ?? row.code,
      unit: (definition?.unit ?? 'count') as IndicatorUnit,
    };
  });
}

type RealisedRow = ReturnType<typeof realisedRows>[number];

function countsPeople(row: RealisedRow): boolean {
  return row.unit === 'count' && row.source === 'records' && peopleCountCodes.has(row.code);
}

function indicatorFigure(row: RealisedRow): IndicatorFigure {
  const figure: IndicatorFigure = {
    code: row.code,
    label: row.label,
    unit: row.unit,
    realised: reportValue(row.unit, row.value, row),
    target: toReportScale(row.unit, row.target),
  };
  if (countsPeople(row)) figure.countsPeople = true;
  if (row.unit === 'percent' && row.numerator !== undefined && row.denominator !== undefined)
    figure.base = { numerator: row.numerator, denominator: row.denominator };
  return figure;
}

/**
 * Indicators of a year for which nothing was ever recorded, so that the report prints
 * « non renseigné » and not a 0 that would read as a result: no follow-up with a situation
 * in the year (FOLLOWUP_6M), no barrier ever lifted over the convention (BARRIERS_LIFTED).
 */
function notRecordedCodes(results: readonly IndicatorResult[], yearIndex: number): Set<string> {
  const codes = new Set<string>();
  const of = (code: string) =>
    results.find((result) => result.code === code && result.yearIndex === yearIndex);
  if ((of('FOLLOWUP_6M')?.detail?.followUps ?? 0) === 0) codes.add('FOLLOWUP_6M');
  const lifted = results
    .filter((result) => result.code === 'BARRIERS_LIFTED')
    .reduce((sum, result) => sum + (result.numerator ?? 0), 0);
  if (lifted === 0) codes.add('BARRIERS_LIFTED');
  return codes;
}

export const COST_PER_PERSON_FORMULA =
  'Coût net SIEG par personne accompagnée = (coût du service K − autres recettes R) du SIEG ' +
  'de l’année, selon le contrôle de la compensation, divisé par le nombre de personnes ' +
  'accompagnées dans l’année.';

/**
 * The net SIEG cost per person accompanied in the year, in cents: (K − R) of the year as the
 * compensation control has them, over the persons accompanied (WOMEN_SHARE's denominator).
 * Null before the year's accounts (K and R would be forecasts) or with nobody accompanied.
 */
function costPerPerson(
  db: Db,
  conventionId: number,
  yearIndex: number,
  today: string,
  accompanied: number,
): number | null {
  if (accompanied === 0) return null;
  // The control of every year, once per change of the data: each year's figures ask.
  const compensation = cachedRead(db, `compensation:${conventionId}:${today}`, () =>
    compensationOf(db, conventionId, today),
  );
  const year = compensation.years.find((candidate) => candidate.yearIndex === yearIndex);
  if (!year || year.basis !== 'actual') return null;
  return Math.round((year.k - year.r) / accompanied);
}

/** Volet-2 actions of the convention's people: type, date and staff only, no person. */
function remobilisationActions(db: Db, conventionId: number): readonly ActionFact[] {
  // Every year's figures and the masks read them: once per change of the data.
  return cachedRead(db, `remobilisationActions:${conventionId}`, () =>
    db
      .select({
        type: personActions.type,
        date: personActions.date,
        volet: personActions.volet,
        staff: personActions.staff,
      })
      .from(personActions)
      .innerJoin(persons, eq(persons.id, personActions.personId))
      .where(and(eq(persons.conventionId, conventionId), eq(personActions.volet, 2)))
      .all(),
  );
}

/**
 * The coordination log of the year, by date: kind, title, partner organisations (names of
 * organisations, never of people) and the decisions recorded.
 */
function meetingsOf(db: Db, conventionId: number, start: string, end: string) {
  const names = new Map(
    db
      .select({ id: partners.id, name: partners.name })
      .from(partners)
      .where(eq(partners.conventionId, conventionId))
      .all()
      .map((row) => [row.id, row.name]),
  );
  return db
    .select()
    .from(coordinationEvents)
    .where(eq(coordinationEvents.conventionId, conventionId))
    .all()
    .filter((row) => row.date >= start && row.date <= end)
    .sort((a, b) => a.date.localeCompare(b.date) || a.id - b.id)
    .map((row) => ({
      date: row.date,
      kind: coordinationKinds.find((kind) => kind.code === row.kind)?.label ?? row.kind,
      title: row.title,
      partners: (JSON.parse(row.partnerIds) as number[])
        .flatMap((id) => names.get(id) ?? [])
        .sort((a, b) => a.localeCompare(b, 'fr')),
      decisions: row.decisions,
    }));
}

function partnerTypes(db: Db, conventionId: number): Map<number, string> {
  return new Map(
    db
      .select({ id: partners.id, type: partners.type })
      .from(partners)
      .where(eq(partners.conventionId, conventionId))
      .all()
      .map((row) => [row.id, row.type]),
  );
}

/**
 * The activity report's figures for convention year `yearIndex` (1-based). Targets are
 * those in force on `today` (the signed ones as amended by the avenants in effect).
 */
export function activityFigures(
  db: Db,
  conventionId: number,
  yearIndex: number,
  today: string,
): ActivityFigures {
  const { operator, convention } = reportParties(readConvention(db, conventionId));
  const { years, results, persons, outreach, coordination } = computeConventionIndicators(
    db,
    conventionId,
  );
  const year = years.find((candidate) => candidate.index === yearIndex);
  if (!year)
    throw AppError.notFound(
      `La convention ne compte que ${years.length} année(s) : l'année ${yearIndex} n'existe pas.`,
    );
  const byCode = new Map<string, IndicatorResult>(
    results.filter((result) => result.yearIndex === yearIndex).map((r) => [r.code, r]),
  );
  const value = (code: string) => byCode.get(code)?.value ?? null;
  const count = (code: string) => value(code) ?? 0;
  const duration = byCode.get('DURATION_AVG');
  const notRecorded = notRecordedCodes(results, yearIndex);
  const profile = publicProfile(persons, year);

  return {
    operator,
    convention,
    year: {
      label: `Année ${year.index} (${year.label})`,
      startDate: year.start,
      endDate: year.end,
    },
    indicators: realisedRows(db, conventionId, today)
      .filter((row) => row.yearIndex === yearIndex)
      .map((row) => {
        const figure = indicatorFigure(row);
        if (row.source === 'records' && notRecorded.has(row.code)) figure.notRecorded = true;
        if (row.code === 'COST_PER_PERSON' && row.unit === 'euros') {
          const value = costPerPerson(db, conventionId, yearIndex, today, profile.persons);
          figure.computed = { value, formula: COST_PER_PERSON_FORMULA };
          // A value typed by hand stays, as an override the report labels as such.
          if (figure.realised !== null) figure.manualOverride = figure.realised !== value;
          else figure.realised = value;
        }
        return figure;
      }),
    outreach: {
      totalContacts: count('REP_CONTACTS'),
      personsIdentified: count('REP_PERSONS'),
      byChannel: labelledDetail(outreachChannels, byCode.get('REP_CONTACTS')?.detail),
      byPlace: contactsByPlace(outreach, year),
    },
    remobilisation: {
      persons: count('REMOB_PERSONS'),
      ...remobilisationSessions(remobilisationActions(db, conventionId), year),
    },
    accompaniment: {
      entries: count('ACC_ENTRIES'),
      activeAtYearEnd: count('ACC_ACTIVE'),
      averageLengthDays:
        duration?.value === null || duration?.value === undefined
          ? null
          : duration.value * DAYS_PER_MONTH,
      over9Months: duration?.detail?.over9Months ?? 0,
      extensions: extensionsInYear(persons, year),
    },
    barriers: barriersFromDetail(byCode.get('BARRIERS_LIFTED')?.detail),
    exits: {
      byType: exitsByType(persons, year).map(({ label, count: exits, positive, group }) => ({
        label,
        count: exits,
        positive,
        group,
      })),
      followUp6m: followUpsBySituation(persons, year),
      followUpsDue: followUpsDue(persons, year, today),
    },
    coordination: {
      activePartners: count('PARTNERS'),
      ...coordinationFigures(coordination, partnerTypes(db, conventionId), year),
      meetings: meetingsOf(db, conventionId, year.start, year.end),
    },
    profile,
  };
}

/**
 * The final report's indicator table: every active indicator, realised and target in force
 * on `today` for each convention year, and over the whole CPO (`cpoTotal`: counts of events
 * summed, shares and means recomputed by the indicator rules over one window from the CPO's
 * start to its end, null where a total makes no sense).
 */
export function finalIndicatorFigures(
  db: Db,
  conventionId: number,
  today: string,
): FinalIndicatorFigures[] {
  const { years, inputs, results, persons } = computeConventionIndicators(db, conventionId);
  const first = years[0];
  const last = years[years.length - 1];
  if (!first || !last) return [];
  const wholeCpo = new Map(
    computeIndicators(inputs, [{ index: 0, start: first.start, end: last.end }]).map((result) => [
      result.code,
      result,
    ]),
  );
  const rows = realisedRows(db, conventionId, today);
  const indicators = new Map<number, RealisedRow[]>();
  for (const row of rows) {
    const list = indicators.get(row.indicatorId) ?? [];
    list.push(row);
    indicators.set(row.indicatorId, list);
  }
  // Totals over the years begun only: the realised of those years against their targets.
  const begun = years.map((year) => year.start <= today);
  const notRecorded = years.map((year) => notRecordedCodes(results, year.index));
  const termsOf = (row: { numerator?: number; denominator?: number } | undefined) =>
    row?.numerator !== undefined && row.denominator !== undefined
      ? { base: { numerator: row.numerator, denominator: row.denominator } }
      : {};
  return [...indicators.values()].map((indicatorRows) => {
    const head = indicatorRows[0]!;
    const byYear = years.map((year) => indicatorRows.find((row) => row.yearIndex === year.index));
    const whole =
      head.source === 'records' && (computedIndicatorCodes as readonly string[]).includes(head.code)
        ? wholeCpo.get(head.code)
        : undefined;
    const total = cpoTotal(
      head.code,
      head.unit,
      byYear
        .filter((_, index) => begun[index])
        .map((row) => ({
          realised: row?.value ?? null,
          target: row?.target ?? null,
          ...(row?.denominator !== undefined ? { denominator: row.denominator } : {}),
        })),
      whole ? whole.value : undefined,
    );
    const percentTerms = (row: Parameters<typeof termsOf>[0]) =>
      head.unit === 'percent' ? termsOf(row) : {};
    return {
      code: head.code,
      label: head.label,
      unit: head.unit,
      ...(countsPeople(head) ? { countsPeople: true } : {}),
      byYear: byYear.map((row, index) => ({
        // A year not begun has nothing realised yet: "—", not 0.
        realised: !begun[index] ? null : reportValue(head.unit, row?.value ?? null, row),
        target: toReportScale(head.unit, row?.target ?? null),
        ...(begun[index] ? percentTerms(row) : {}),
        ...(begun[index] && head.source === 'records' && notRecorded[index]!.has(head.code)
          ? { notRecorded: true }
          : {}),
        // What « non renseigné » means for the follow-ups: none due, or N due and not recorded.
        ...(begun[index] && head.code === 'FOLLOWUP_6M'
          ? { followUpsDue: followUpsDue(persons, years[index]!, today).due }
          : {}),
      })),
      total: {
        realised:
          total.realised !== null && whole
            ? reportValue(head.unit, total.realised, whole)
            : toReportScale(head.unit, total.realised),
        target: toReportScale(head.unit, total.target),
        ...(whole ? percentTerms(whole) : {}),
      },
    };
  });
}
