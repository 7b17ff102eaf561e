/**
 * The operator and its convention: create, read, update, delete. A convention's children
 * (volets, territories, co-holders, State contribution per year) are saved with it, in the
 * same transaction, and every changed field goes to the audit log.
 */
import { and, asc, eq, ne } from 'drizzle-orm';
import {
  conventionWarnings,
  type ConventionDetail,
  type ConventionValues,
} from '../../../shared/contract/conventions';
import { changedParameters } from '../../../shared/domain/compensation';
import { conventionYears } from '../../../shared/domain/conventionYears';
import { recordsKeptUntil, recordsUnderRetention } from '../../../shared/domain/retention';
import { formatDate } from '../../../shared/format';
import { AppError, type FieldError } from '../../../shared/errors';
import type { Db } from '../db/open';
import {
  allocationKeys,
  coHolders,
  conventions,
  fecImports,
  indicatorTargets,
  indicatorDefinitions,
  operators,
  reportArchive,
  stateContributions,
  territories,
  volets,
} from '../db/schema';
import type { MutationContext } from '../context';
import type { HandlerGroup } from '../handlerTypes';
import { conventionRow } from './lookup';
import { seedIndicatorCatalogue } from './indicatorCatalogue';
import { bumpVersion, refuseStaleVersion, staleVersionError } from './versions';

type OperatorRow = typeof operators.$inferSelect;

function operatorValues(row: OperatorRow) {
  return {
    name: row.name,
    legalForm: row.legalForm as ConventionValues['operator']['legalForm'],
    siret: row.siret,
    rna: row.rna,
    address: row.address,
    postalCode: row.postalCode,
    city: row.city,
    representativeName: row.representativeName,
    representativeRole: row.representativeRole,
  };
}

export function readConvention(db: Db, id: number): ConventionDetail {
  const row = conventionRow(db, id);
  const operator = db.select().from(operators).where(eq(operators.id, row.operatorId)).get();
  if (!operator) throw AppError.notFound("L'opérateur de cette convention est introuvable.");
  const voletRows = db
    .select()
    .from(volets)
    .where(eq(volets.conventionId, id))
    .orderBy(asc(volets.number))
    .all();
  const territoryRows = db
    .select()
    .from(territories)
    .where(eq(territories.conventionId, id))
    .orderBy(asc(territories.position), asc(territories.id))
    .all();
  const holderRows = db
    .select()
    .from(coHolders)
    .where(eq(coHolders.conventionId, id))
    .orderBy(asc(coHolders.position), asc(coHolders.id))
    .all();
  const contributionRows = db
    .select()
    .from(stateContributions)
    .where(eq(stateContributions.conventionId, id))
    .orderBy(asc(stateContributions.yearIndex))
    .all();
  const years = conventionYears(row.startDate, row.endDate, row.fiscalYearEnd);
  return {
    id: row.id,
    operatorId: row.operatorId,
    operator: operatorValues(operator),
    reference: row.reference,
    title: row.title,
    dreetsRegion: row.dreetsRegion as ConventionDetail['dreetsRegion'],
    signedOn: row.signedOn,
    startDate: row.startDate,
    endDate: row.endDate,
    fiscalYearEnd: row.fiscalYearEnd,
    regime: row.regime as ConventionDetail['regime'],
    reasonableProfitBp: row.reasonableProfitBp,
    ocNetting: row.ocNetting,
    ocAverageOver: row.ocAverageOver,
    controlPeriodYears: row.controlPeriodYears,
    compensationClause: row.compensationClause,
    followingConvention: row.followingConvention,
    isDemo: row.isDemo,
    retentionMonths: row.retentionMonths,
    smallCellThreshold: row.smallCellThreshold,
    volets: voletRows.map((v) => ({ number: v.number, label: v.label, covered: v.covered })),
    territories: territoryRows.map((t) => ({
      inseeCode: t.inseeCode,
      commune: t.commune,
      qpv: t.qpv,
      zrr: t.zrr,
    })),
    coHolders: holderRows.map((h) => ({ name: h.name, siret: h.siret, isLead: h.isLead })),
    stateContributions: contributionRows.map((c) => ({
      yearIndex: c.yearIndex,
      amountCents: c.amountCents,
    })),
    years,
    warnings: conventionWarnings(row),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

/** Rules that need the database: unique reference, no overlapping CPO with the same DREETS. */
function checkAgainstOthers(db: Db, values: ConventionValues, excludeId: number | null) {
  const errors: FieldError[] = [];
  const sameReference = db
    .select({ id: conventions.id })
    .from(conventions)
    .where(
      excludeId === null
        ? eq(conventions.reference, values.reference)
        : and(eq(conventions.reference, values.reference), ne(conventions.id, excludeId)),
    )
    .get();
  if (sameReference) {
    errors.push({
      path: 'reference',
      message: `La référence « ${values.reference} » est déjà utilisée par une autre convention.`,
    });
  }
  const operator = db
    .select({ id: operators.id })
    .from(operators)
    .where(eq(operators.siret, values.operator.siret))
    .get();
  if (operator) {
    const others = db
      .select()
      .from(conventions)
      .where(
        and(
          eq(conventions.operatorId, operator.id),
          eq(conventions.dreetsRegion, values.dreetsRegion),
        ),
      )
      .all()
      .filter((other) => other.id !== excludeId);
    const overlapping = others.find(
      (other) => other.startDate <= values.endDate && values.startDate <= other.endDate,
    );
    if (overlapping) {
      errors.push({
        path: 'startDate',
        message: `Cette période chevauche la convention ${overlapping.reference} du même opérateur avec la même DREETS (du ${formatDate(overlapping.startDate)} au ${formatDate(overlapping.endDate)}).`,
      });
    }
  }
  if (errors.length > 0) throw AppError.validation(errors);
}

/** Finds the operator by SIRET (one legal entity, one row) or creates it. */
function upsertOperator(ctx: MutationContext, values: ConventionValues['operator']): number {
  const existing = ctx.db.select().from(operators).where(eq(operators.siret, values.siret)).get();
  if (existing) {
    const changed = ctx.audit.updated(
      'operateur',
      existing.id,
      null,
      operatorValues(existing),
      values,
    );
    if (changed > 0) {
      ctx.db
        .update(operators)
        .set({ ...values, updatedAt: ctx.now().toISOString() })
        .where(eq(operators.id, existing.id))
        .run();
    }
    return existing.id;
  }
  const inserted = ctx.db.insert(operators).values(values).returning({ id: operators.id }).get();
  ctx.audit.created('operateur', inserted.id, null, values);
  return inserted.id;
}

function conventionColumns(values: ConventionValues) {
  return {
    reference: values.reference,
    title: values.title,
    dreetsRegion: values.dreetsRegion,
    signedOn: values.signedOn,
    startDate: values.startDate,
    endDate: values.endDate,
    fiscalYearEnd: values.fiscalYearEnd,
    regime: values.regime,
    reasonableProfitBp: values.reasonableProfitBp,
    ocNetting: values.ocNetting,
    ocAverageOver: values.ocAverageOver,
    controlPeriodYears: values.controlPeriodYears,
    compensationClause: values.compensationClause,
    followingConvention: values.followingConvention,
  };
}

function childValues(
  values: Pick<ConventionValues, 'volets' | 'territories' | 'coHolders' | 'stateContributions'>,
) {
  return {
    volets: values.volets,
    territories: values.territories,
    coHolders: values.coHolders,
    stateContributions: values.stateContributions,
  };
}

function writeChildren(db: Db, conventionId: number, values: ConventionValues) {
  db.delete(volets).where(eq(volets.conventionId, conventionId)).run();
  db.delete(territories).where(eq(territories.conventionId, conventionId)).run();
  db.delete(coHolders).where(eq(coHolders.conventionId, conventionId)).run();
  db.delete(stateContributions).where(eq(stateContributions.conventionId, conventionId)).run();
  for (const volet of values.volets)
    db.insert(volets)
      .values({ conventionId, ...volet })
      .run();
  values.territories.forEach((territory, position) =>
    db
      .insert(territories)
      .values({ conventionId, position, ...territory })
      .run(),
  );
  values.coHolders.forEach((holder, position) =>
    db
      .insert(coHolders)
      .values({ conventionId, position, ...holder })
      .run(),
  );
  for (const contribution of values.stateContributions) {
    db.insert(stateContributions)
      .values({ conventionId, ...contribution })
      .run();
  }
}

export function createConvention(
  ctx: MutationContext,
  values: ConventionValues,
  options: { isDemo?: boolean } = {},
): number {
  checkAgainstOthers(ctx.db, values, null);
  const operatorId = upsertOperator(ctx, values.operator);
  const inserted = ctx.db
    .insert(conventions)
    .values({ ...conventionColumns(values), operatorId, isDemo: options.isDemo ?? false })
    .returning({ id: conventions.id })
    .get();
  writeChildren(ctx.db, inserted.id, values);
  ctx.audit.created('convention', inserted.id, inserted.id, {
    ...conventionColumns(values),
    ...childValues(values),
  });
  seedIndicatorCatalogue(ctx, inserted.id);
  return inserted.id;
}

/**
 * The records of a CPO are kept ten years after its end (shared/domain/retention.ts):
 * deleting the convention would delete its FEC imports, keys and archived documents with it.
 * The demo convention holds no real records.
 */
function refuseUnderRetention(ctx: MutationContext, before: ConventionDetail) {
  if (before.isDemo || !recordsUnderRetention(before.endDate, ctx.today())) return;
  const held = [
    ctx.db
      .select({ id: fecImports.id })
      .from(fecImports)
      .where(eq(fecImports.conventionId, before.id))
      .get() && 'des FEC importés',
    ctx.db
      .select({ id: allocationKeys.id })
      .from(allocationKeys)
      .where(eq(allocationKeys.conventionId, before.id))
      .get() && 'des clés de répartition et leurs justificatifs',
    ctx.db
      .select({ id: reportArchive.id })
      .from(reportArchive)
      .where(eq(reportArchive.conventionId, before.id))
      .get() && 'des documents archivés',
  ].filter((what): what is string => typeof what === 'string');
  if (held.length === 0) return;
  throw new AppError(
    'CONFLICT',
    `Cette convention contient ${held.join(', ')} : ils doivent être conservés au moins dix ans après la fin de la CPO, jusqu’au ${formatDate(recordsKeptUntil(before.endDate))} (décision 2012/21/UE, article 8). Elle ne peut pas être supprimée avant.`,
  );
}

export function deleteConvention(ctx: MutationContext, id: number) {
  const before = readConvention(ctx.db, id);
  refuseUnderRetention(ctx, before);
  ctx.db.delete(conventions).where(eq(conventions.id, id)).run();
  // The operator goes too when nothing else refers to it.
  const stillUsed = ctx.db
    .select({ id: conventions.id })
    .from(conventions)
    .where(eq(conventions.operatorId, before.operatorId))
    .get();
  if (!stillUsed) ctx.db.delete(operators).where(eq(operators.id, before.operatorId)).run();
  // Kept outside the convention's scope so the deletion stays visible in the global history.
  ctx.audit.deleted('convention', id, null, {
    reference: before.reference,
    operateur: before.operator.name,
    debut: before.startDate,
    fin: before.endDate,
    demo: before.isDemo,
  });
}

/**
 * The compensation parameters are fixed in advance by the signed CPO (finance.md §1): once
 * a signature date is recorded, only an avenant changes them (tab « Compensation SIEG »).
 */
function refuseFixedParameterChanges(before: ConventionDetail, values: ConventionValues) {
  if (before.signedOn === null) return;
  const changed = changedParameters(before, values);
  if (changed.length === 0) return;
  throw AppError.validation(
    changed.map((key) => ({
      path: key,
      message: `Fixé par la convention signée le ${formatDate(before.signedOn)} : modifiez-le par un avenant (onglet « Compensation SIEG »).`,
    })),
  );
}

export const conventionHandlers = {
  'conventions.list'(_input, ctx) {
    return ctx.db
      .select({
        id: conventions.id,
        reference: conventions.reference,
        title: conventions.title,
        operatorName: operators.name,
        dreetsRegion: conventions.dreetsRegion,
        startDate: conventions.startDate,
        endDate: conventions.endDate,
        fiscalYearEnd: conventions.fiscalYearEnd,
        isDemo: conventions.isDemo,
      })
      .from(conventions)
      .innerJoin(operators, eq(operators.id, conventions.operatorId))
      .orderBy(asc(conventions.isDemo), asc(conventions.startDate), asc(conventions.reference))
      .all()
      .map(({ fiscalYearEnd, ...row }) => ({
        ...row,
        yearCount: conventionYears(row.startDate, row.endDate, fiscalYearEnd).length,
      }));
  },
  'conventions.get'(input, ctx) {
    return readConvention(ctx.db, input.id);
  },
  'conventions.create'(input, ctx) {
    const id = createConvention(ctx, input);
    return { id, warnings: conventionWarnings(input) };
  },
  'conventions.update'({ id, version, values }, ctx) {
    const before = readConvention(ctx.db, id);
    // The convention's own changes; its targets and operator are logged under other names.
    const trail = { conventionId: id, entities: ['convention'], entityIds: [id] };
    refuseStaleVersion(ctx, before.version, version, trail, () => ({ values: before }));
    let savedVersion = before.version;
    refuseFixedParameterChanges(before, values);
    checkAgainstOthers(ctx.db, values, id);
    const operatorId = upsertOperator(ctx, values.operator);
    const beforeColumns = { ...conventionColumns(before), ...childValues(before) };
    const afterColumns = { ...conventionColumns(values), ...childValues(values) };
    const changed = ctx.audit.updated('convention', id, id, beforeColumns, afterColumns);
    if (changed > 0 || operatorId !== before.operatorId) {
      ctx.db
        .update(conventions)
        .set({ ...conventionColumns(values), operatorId, updatedAt: ctx.now().toISOString() })
        .where(eq(conventions.id, id))
        .run();
      writeChildren(ctx.db, id, values);
      savedVersion = bumpVersion(ctx, conventions, conventions.id, id, before.version, () =>
        staleVersionError(ctx, trail, { values: before, version: before.version }),
      );
    }
    // Targets of years the new dates no longer cover would be orphans: remove them, logged.
    const yearCount = conventionYears(
      values.startDate,
      values.endDate,
      values.fiscalYearEnd,
    ).length;
    const orphanTargets = ctx.db
      .select({
        indicatorId: indicatorTargets.indicatorId,
        yearIndex: indicatorTargets.yearIndex,
        value: indicatorTargets.value,
        code: indicatorDefinitions.code,
      })
      .from(indicatorTargets)
      .innerJoin(indicatorDefinitions, eq(indicatorDefinitions.id, indicatorTargets.indicatorId))
      .where(eq(indicatorDefinitions.conventionId, id))
      .all()
      .filter((target) => target.yearIndex > yearCount);
    for (const target of orphanTargets) {
      ctx.db
        .delete(indicatorTargets)
        .where(
          and(
            eq(indicatorTargets.indicatorId, target.indicatorId),
            eq(indicatorTargets.yearIndex, target.yearIndex),
          ),
        )
        .run();
      ctx.audit.deleted('cible', `${target.code}/année ${target.yearIndex}`, id, {
        valeur: target.value,
      });
    }
    return { id, warnings: conventionWarnings(values), version: savedVersion };
  },
  'conventions.delete'(input, ctx) {
    deleteConvention(ctx, input.id);
    return { ok: true as const };
  },
} satisfies HandlerGroup<
  | 'conventions.list'
  | 'conventions.get'
  | 'conventions.create'
  | 'conventions.update'
  | 'conventions.delete'
>;
