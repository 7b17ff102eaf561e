/**
 * Realised indicators: computed from the records by the pure rules of shared/ (one place
 * for every figure), or typed by hand with a comment when no record can give them; set
 * against the targets in force, and opened onto the records behind each figure.
 */
import { and, asc, eq } from 'drizzle-orm';
import {
  computeIndicators,
  computedIndicatorCodes,
  type IndicatorResult,
} from '../../../shared/domain/indicators';
import { conventionYears } from '../../../shared/domain/conventionYears';
import {
  barrierCategories,
  coordinationKinds,
  exitTypes,
  followUpSituations,
  labelOf,
  outreachChannels,
} from '../../../shared/domain/peopleLists';
import type {
  CoordinationRecord,
  IndicatorInputs,
  OutreachRecord,
} from '../../../shared/domain/records';
import { termsInForce } from '../../../shared/domain/valuesInForce';
import { AppError } from '../../../shared/errors';
import { formatDate, formatNumber } from '../../../shared/format';
import type { Db } from '../db/open';
import {
  coordinationEvents,
  indicatorDefinitions,
  manualIndicatorValues,
  outreachContacts,
} from '../db/schema';
import type { HandlerGroup } from '../handlerTypes';
import { conventionRow } from './lookup';
import { loadTerms } from './objectives';
import { readPersonRecords, type PersonRecordRow } from './personRecords';
import { callTopics } from '../../../shared/contract/topics';
import { cachedRead } from './readCache';

export function readIndicatorInputs(db: Db, conventionId: number) {
  const persons = readPersonRecords(db, conventionId);
  const outreach: OutreachRecord[] = db
    .select()
    .from(outreachContacts)
    .where(eq(outreachContacts.conventionId, conventionId))
    .all()
    .map((row) => ({
      id: row.id,
      date: row.date,
      channel: row.channel as OutreachRecord['channel'],
      commune: row.commune,
      qpv: row.qpv,
      zrr: row.zrr,
      count: row.count,
    }));
  const coordination: CoordinationRecord[] = db
    .select()
    .from(coordinationEvents)
    .where(eq(coordinationEvents.conventionId, conventionId))
    .all()
    .map((row) => ({
      id: row.id,
      date: row.date,
      kind: row.kind as CoordinationRecord['kind'],
      partnerIds: JSON.parse(row.partnerIds) as number[],
    }));
  const inputs: IndicatorInputs = { persons, outreach, coordination };
  return { inputs, persons, outreach, coordination };
}

export function conventionYearWindows(db: Db, conventionId: number) {
  const convention = conventionRow(db, conventionId);
  return conventionYears(convention.startDate, convention.endDate, convention.fiscalYearEnd);
}

/** Every computed figure of a convention, per year. */
export function computeConventionIndicators(db: Db, conventionId: number) {
  // Read once per change of the database: every screen of a convention needs it.
  return cachedRead(
    db,
    `indicators:${conventionId}`,
    () => {
      const years = conventionYearWindows(db, conventionId);
      const loaded = readIndicatorInputs(db, conventionId);
      const results = computeIndicators(loaded.inputs, years);
      return { years, results, ...loaded };
    },
    callTopics['indicators.realised'],
  );
}

const personDateFor: Record<
  string,
  'identifiedOn' | 'remobilisationStart' | 'accompanimentStart' | 'exitDate' | 'followUpDate'
> = {
  REP_PERSONS: 'identifiedOn',
  REMOB_PERSONS: 'remobilisationStart',
  FOLLOWUP_6M: 'followUpDate',
  DURATION_AVG: 'exitDate',
  EXIT_EMPLOYMENT: 'exitDate',
  EXIT_TRAINING: 'exitDate',
  EXIT_DROIT_COMMUN: 'exitDate',
  EXIT_POSITIVE_RATE: 'exitDate',
  DROP_OUT: 'exitDate',
};

/** What the drill-down says of a person: the step the indicator counts, in words. */
function personDetail(
  pathway: PersonRecordRow['pathway'],
  dateField: (typeof personDateFor)[string],
): string {
  switch (dateField) {
    case 'exitDate':
      return pathway.exitType ? `Sortie : ${labelOf(exitTypes, pathway.exitType)}` : 'Sortie';
    case 'followUpDate':
      return pathway.followUpSituation
        ? `Suivi à 6 mois : ${labelOf(followUpSituations, pathway.followUpSituation)}`
        : 'Suivi à 6 mois';
    case 'identifiedOn':
      return 'Repérage';
    case 'remobilisationStart':
      return 'Début de remobilisation';
    default:
      return pathway.exitDate
        ? `Accompagnement du ${formatDate(pathway.accompanimentStart)} au ${formatDate(pathway.exitDate)}`
        : `En accompagnement depuis le ${formatDate(pathway.accompanimentStart)}`;
  }
}

/** Realised and target in force per active indicator and year: the objectives tab's figures. */
export function realisedIndicators(db: Db, conventionId: number, date: string) {
  const { years, results } = computeConventionIndicators(db, conventionId);
  const definitions = db
    .select()
    .from(indicatorDefinitions)
    .where(
      and(
        eq(indicatorDefinitions.conventionId, conventionId),
        eq(indicatorDefinitions.active, true),
      ),
    )
    .orderBy(asc(indicatorDefinitions.position))
    .all();
  const manual = db
    .select({
      indicatorId: manualIndicatorValues.indicatorId,
      yearIndex: manualIndicatorValues.yearIndex,
      value: manualIndicatorValues.value,
      comment: manualIndicatorValues.comment,
    })
    .from(manualIndicatorValues)
    .innerJoin(indicatorDefinitions, eq(indicatorDefinitions.id, manualIndicatorValues.indicatorId))
    .where(eq(indicatorDefinitions.conventionId, conventionId))
    .all();
  const { base, avenants } = loadTerms(db, conventionId);
  const targets = termsInForce(base, avenants, date).targets;
  const byKey = new Map<string, IndicatorResult>(
    results.map((r) => [`${r.code}:${r.yearIndex}`, r]),
  );
  return definitions.flatMap((definition) =>
    years.map((year) => {
      const target =
        targets.find((t) => t.indicatorId === definition.id && t.yearIndex === year.index)?.value ??
        null;
      const computed = (computedIndicatorCodes as readonly string[]).includes(definition.code)
        ? byKey.get(`${definition.code}:${year.index}`)
        : undefined;
      const typed = manual.find(
        (m) => m.indicatorId === definition.id && m.yearIndex === year.index,
      );
      const value = computed ? computed.value : typed ? typed.value : null;
      return {
        indicatorId: definition.id,
        code: definition.code,
        yearIndex: year.index,
        source: computed ? ('records' as const) : typed ? ('manual' as const) : ('none' as const),
        value,
        ...(computed?.numerator !== undefined ? { numerator: computed.numerator } : {}),
        ...(computed?.denominator !== undefined ? { denominator: computed.denominator } : {}),
        ...(computed?.detail ? { detail: computed.detail } : {}),
        ...(typed && !computed ? { comment: typed.comment } : {}),
        target,
        achievement: value !== null && target !== null && target > 0 ? value / target : null,
      };
    }),
  );
}

export const indicatorHandlers = {
  'indicators.realised'({ conventionId, date }, ctx) {
    return realisedIndicators(ctx.db, conventionId, date);
  },
  'indicators.drilldown'({ conventionId, code, yearIndex }, ctx) {
    const { results, persons, outreach, coordination } = computeConventionIndicators(
      ctx.db,
      conventionId,
    );
    const result = results.find((r) => r.code === code && r.yearIndex === yearIndex);
    if (!result)
      throw AppError.notFound(`L'indicateur ${code} n'est pas calculé à partir des saisies.`);
    const definition = ctx.db
      .select({ label: indicatorDefinitions.label })
      .from(indicatorDefinitions)
      .where(
        and(
          eq(indicatorDefinitions.conventionId, conventionId),
          eq(indicatorDefinitions.code, code),
        ),
      )
      .get();
    const personById = new Map(persons.map((p) => [p.id, p]));
    const barrierOwner = new Map(
      persons.flatMap((p) => p.barriers.map((b) => [b.id, { person: p, barrier: b }] as const)),
    );
    const outreachById = new Map(outreach.map((o) => [o.id, o]));
    const coordinationById = new Map(coordination.map((c) => [c.id, c]));
    const dateField = personDateFor[code] ?? 'accompanimentStart';
    const rows = result.records.map((ref) => {
      if (ref.kind === 'person') {
        const person = personById.get(ref.id);
        return {
          kind: ref.kind,
          id: ref.id,
          reference: person?.fileNumber ?? `#${ref.id}`,
          date: person?.pathway[dateField] ?? null,
          detail: person ? personDetail(person.pathway, dateField) : '',
          personId: ref.id,
        };
      }
      if (ref.kind === 'barrier') {
        const owner = barrierOwner.get(ref.id);
        return {
          kind: ref.kind,
          id: ref.id,
          reference: owner?.person.fileNumber ?? `#${ref.id}`,
          date: owner?.barrier.liftedOn ?? owner?.barrier.identifiedOn ?? null,
          detail: owner
            ? `${labelOf(barrierCategories, owner.barrier.category)}, identifié le ${formatDate(owner.barrier.identifiedOn)}`
            : '',
          personId: owner?.person.id ?? null,
        };
      }
      if (ref.kind === 'outreach') {
        const contact = outreachById.get(ref.id);
        return {
          kind: ref.kind,
          id: ref.id,
          reference: `Contact n° ${ref.id}`,
          date: contact?.date ?? null,
          detail: contact
            ? `${labelOf(outreachChannels, contact.channel)} — ${formatNumber(contact.count)} contact(s)${contact.commune ? `, ${contact.commune}` : ''}`
            : '',
          personId: null,
        };
      }
      const event = coordinationById.get(ref.id);
      return {
        kind: ref.kind,
        id: ref.id,
        reference: `Coordination n° ${ref.id}`,
        date: event?.date ?? null,
        detail: event
          ? `${labelOf(coordinationKinds, event.kind)} — ${event.partnerIds.length} partenaire(s)`
          : '',
        personId: null,
      };
    });
    return { label: definition?.label ?? code, rows };
  },

  'indicators.setManual'({ conventionId, indicatorId, yearIndex, value, comment }, ctx) {
    const definition = ctx.db
      .select()
      .from(indicatorDefinitions)
      .where(
        and(
          eq(indicatorDefinitions.id, indicatorId),
          eq(indicatorDefinitions.conventionId, conventionId),
        ),
      )
      .get();
    if (!definition)
      throw AppError.validation([
        { path: 'indicatorId', message: "Cet indicateur n'appartient pas à la convention." },
      ]);
    if ((computedIndicatorCodes as readonly string[]).includes(definition.code)) {
      throw AppError.validation([
        {
          path: 'value',
          message: `${definition.code} est calculé à partir des saisies : il ne se saisit pas à la main.`,
        },
      ]);
    }
    if (yearIndex > conventionYearWindows(ctx.db, conventionId).length) {
      throw AppError.validation([
        { path: 'yearIndex', message: "Cette année n'existe pas dans la convention." },
      ]);
    }
    const where = and(
      eq(manualIndicatorValues.indicatorId, indicatorId),
      eq(manualIndicatorValues.yearIndex, yearIndex),
    );
    const before = ctx.db.select().from(manualIndicatorValues).where(where).get();
    if (value === null) {
      ctx.db.delete(manualIndicatorValues).where(where).run();
    } else {
      ctx.db
        .insert(manualIndicatorValues)
        .values({ indicatorId, yearIndex, value, comment })
        .onConflictDoUpdate({
          target: [manualIndicatorValues.indicatorId, manualIndicatorValues.yearIndex],
          set: { value, comment },
        })
        .run();
    }
    ctx.audit.updated(
      'réalisé saisi',
      `${definition.code}/année ${yearIndex}`,
      conventionId,
      { valeur: before?.value ?? null, commentaire: before?.comment ?? null },
      { valeur: value, commentaire: value === null ? null : comment },
    );
    return { ok: true as const };
  },
} satisfies HandlerGroup<'indicators.realised' | 'indicators.drilldown' | 'indicators.setManual'>;
