/**
 * Objectives: the indicator catalogue of a convention, its targets per year as signed,
 * the avenants that amend them, and the values in force at any date (computed by the
 * pure termsInForce rule in shared/, never stored).
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Avenant } from '../../../shared/contract/objectives';
import { conventionYears, daysBetween, nextDeadline } from '../../../shared/domain/conventionYears';
import {
  nextAvenantNumber,
  termsInForce,
  type AvenantChange,
  type AvenantTerms,
  type BaseTerms,
} from '../../../shared/domain/valuesInForce';
import { AppError, type FieldError } from '../../../shared/errors';
import { formatDate } from '../../../shared/format';
import type { Db } from '../db/open';
import {
  avenantChanges,
  avenants,
  budgetLines,
  indicatorDefinitions,
  indicatorTargets,
  stateContributions,
} from '../db/schema';
import type { HandlerGroup } from '../handlerTypes';
import { conventionRow } from './lookup';
import { cachedQuery } from './readCache';
import { refuseStaleCells } from './gridConflicts';

function conventionWithYears(db: Db, id: number) {
  const convention = conventionRow(db, id);
  return {
    convention,
    years: conventionYears(convention.startDate, convention.endDate, convention.fiscalYearEnd),
  };
}

function definitionsOf(db: Db, conventionId: number) {
  return db
    .select()
    .from(indicatorDefinitions)
    .where(eq(indicatorDefinitions.conventionId, conventionId))
    .orderBy(asc(indicatorDefinitions.position), asc(indicatorDefinitions.id))
    .all();
}

function baseTargets(db: Db, conventionId: number) {
  return db
    .select({
      indicatorId: indicatorTargets.indicatorId,
      yearIndex: indicatorTargets.yearIndex,
      value: indicatorTargets.value,
    })
    .from(indicatorTargets)
    .innerJoin(indicatorDefinitions, eq(indicatorDefinitions.id, indicatorTargets.indicatorId))
    .where(eq(indicatorDefinitions.conventionId, conventionId))
    .orderBy(asc(indicatorTargets.indicatorId), asc(indicatorTargets.yearIndex))
    .all();
}

export function listAvenants(db: Db, conventionId: number): Avenant[] {
  const rows = db
    .select()
    .from(avenants)
    .where(eq(avenants.conventionId, conventionId))
    .orderBy(asc(avenants.number))
    .all();
  if (rows.length === 0) return [];
  const changes = db
    .select()
    .from(avenantChanges)
    .where(
      inArray(
        avenantChanges.avenantId,
        rows.map((row) => row.id),
      ),
    )
    .orderBy(asc(avenantChanges.id))
    .all();
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    signedOn: row.signedOn,
    effectiveFrom: row.effectiveFrom,
    object: row.object,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    changes: changes
      .filter((change) => change.avenantId === row.id)
      .map((change): AvenantChange =>
        change.kind === 'target'
          ? {
              kind: 'target',
              indicatorId: change.indicatorId ?? 0,
              yearIndex: change.yearIndex,
              value: change.value ?? 0,
            }
          : change.kind === 'budgetLine'
            ? {
                kind: 'budgetLine',
                yearIndex: change.yearIndex,
                row: change.budgetRow ?? '',
                amountCents: change.amountCents ?? 0,
              }
            : {
                kind: 'stateContribution',
                yearIndex: change.yearIndex,
                amountCents: change.amountCents ?? 0,
              },
      ),
  }));
}

/** Everything the termsInForce rule needs, read in one place. */
export function loadTerms(
  db: Db,
  conventionId: number,
): { base: BaseTerms; avenants: AvenantTerms[] } {
  return {
    base: {
      targets: baseTargets(db, conventionId),
      contributions: db
        .select({
          yearIndex: stateContributions.yearIndex,
          amountCents: stateContributions.amountCents,
        })
        .from(stateContributions)
        .where(eq(stateContributions.conventionId, conventionId))
        .all(),
      budget: db
        .select({
          yearIndex: budgetLines.yearIndex,
          row: budgetLines.row,
          amountCents: budgetLines.amountCents,
        })
        .from(budgetLines)
        .where(eq(budgetLines.conventionId, conventionId))
        .all(),
    },
    avenants: listAvenants(db, conventionId),
  };
}

/** The convention's indicator catalogue and the targets as entered. */
export function indicatorCatalogue(db: Db, conventionId: number) {
  conventionRow(db, conventionId);
  return {
    definitions: definitionsOf(db, conventionId).map((row) => ({
      id: row.id,
      code: row.code,
      label: row.label,
      unit: row.unit as 'count',
      source: row.source,
      computed: row.computed,
      active: row.active,
      position: row.position,
    })),
    targets: baseTargets(db, conventionId),
  };
}

export const objectiveHandlers = {
  'indicators.list'({ conventionId }, ctx) {
    return indicatorCatalogue(ctx.db, conventionId);
  },

  'indicators.save'({ conventionId, definitions }, ctx) {
    conventionRow(ctx.db, conventionId);
    const existing = definitionsOf(ctx.db, conventionId);
    const errors: FieldError[] = [];
    const codes = new Map<string, number>();
    definitions.forEach((definition, index) => {
      const previous = codes.get(definition.code);
      if (previous !== undefined) {
        errors.push({
          path: `definitions.${index}.code`,
          message: `Le code ${definition.code} est utilisé deux fois (lignes ${previous + 1} et ${index + 1}).`,
        });
      }
      codes.set(definition.code, index);
      if (definition.id !== undefined && !existing.some((row) => row.id === definition.id)) {
        errors.push({
          path: `definitions.${index}.id`,
          message: "Cet indicateur n'appartient pas à la convention.",
        });
      }
    });
    const missing = existing.filter((row) => !definitions.some((d) => d.id === row.id));
    if (missing.length > 0) {
      errors.push({
        path: 'definitions',
        message: `Un indicateur ne se supprime pas (ses cibles font partie de l'historique) : désactivez plutôt ${missing.map((row) => row.code).join(', ')}.`,
      });
    }
    if (errors.length > 0) throw AppError.validation(errors);

    definitions.forEach((definition, position) => {
      const values = {
        code: definition.code,
        label: definition.label,
        unit: definition.unit,
        source: definition.source,
        active: definition.active,
        position,
      };
      const before = existing.find((row) => row.id === definition.id);
      if (before) {
        const changed = ctx.audit.updated(
          'indicateur',
          `${before.code}`,
          conventionId,
          before,
          values,
        );
        if (changed > 0) {
          ctx.db
            .update(indicatorDefinitions)
            .set(values)
            .where(eq(indicatorDefinitions.id, before.id))
            .run();
        }
      } else {
        ctx.db
          .insert(indicatorDefinitions)
          .values({ ...values, conventionId, computed: false })
          .run();
        ctx.audit.created('indicateur', definition.code, conventionId, values);
      }
    });
    return { ok: true as const };
  },

  'targets.set'({ conventionId, targets }, ctx) {
    const { years } = conventionWithYears(ctx.db, conventionId);
    const definitions = new Map(definitionsOf(ctx.db, conventionId).map((row) => [row.id, row]));
    const errors: FieldError[] = [];
    targets.forEach((target, index) => {
      const definition = definitions.get(target.indicatorId);
      if (!definition) {
        errors.push({
          path: `targets.${index}.indicatorId`,
          message: "Cet indicateur n'appartient pas à la convention.",
        });
      } else if (target.yearIndex > years.length) {
        errors.push({
          path: `targets.${index}.yearIndex`,
          message: `${definition.code} : la convention ne compte que ${years.length} année(s).`,
        });
      } else if (definition.unit === 'percent' && target.value !== null && target.value > 100) {
        errors.push({
          path: `targets.${index}.value`,
          message: `${definition.code} : un pourcentage ne dépasse pas 100.`,
        });
      } else if (
        definition.unit === 'euros' &&
        target.value !== null &&
        !Number.isInteger(target.value)
      ) {
        errors.push({
          path: `targets.${index}.value`,
          message: `${definition.code} : montant en centimes entiers attendu.`,
        });
      }
    });
    if (errors.length > 0) throw AppError.validation(errors);

    const current = new Map(
      baseTargets(ctx.db, conventionId).map((row) => [
        `${row.indicatorId}:${row.yearIndex}`,
        row.value,
      ]),
    );
    refuseStaleCells(
      ctx,
      conventionId,
      'cible',
      targets.map((target) => ({
        entityId: `${definitions.get(target.indicatorId)?.code ?? target.indicatorId}/année ${target.yearIndex}`,
        indicatorId: target.indicatorId,
        yearIndex: target.yearIndex,
        stored: current.get(`${target.indicatorId}:${target.yearIndex}`) ?? null,
        was: target.was,
        value: target.value,
      })),
      (stale) => ({
        targets: stale.map((cell) => ({
          indicatorId: cell.indicatorId,
          yearIndex: cell.yearIndex,
          value: cell.stored,
        })),
      }),
    );
    let changed = 0;
    for (const { was: _was, ...target } of targets) {
      const key = `${target.indicatorId}:${target.yearIndex}`;
      const before = current.get(key) ?? null;
      if (before === target.value) continue;
      const where = and(
        eq(indicatorTargets.indicatorId, target.indicatorId),
        eq(indicatorTargets.yearIndex, target.yearIndex),
      );
      if (target.value === null) {
        ctx.db.delete(indicatorTargets).where(where).run();
      } else if (before === null) {
        ctx.db
          .insert(indicatorTargets)
          .values({ ...target, value: target.value })
          .run();
      } else {
        ctx.db.update(indicatorTargets).set({ value: target.value }).where(where).run();
      }
      const code = definitions.get(target.indicatorId)?.code ?? String(target.indicatorId);
      ctx.audit.updated(
        'cible',
        `${code}/année ${target.yearIndex}`,
        conventionId,
        { valeur: before },
        { valeur: target.value },
      );
      current.set(key, target.value ?? (undefined as never));
      changed += 1;
    }
    return { changed };
  },

  'terms.inForce'({ conventionId, date }, ctx) {
    conventionRow(ctx.db, conventionId);
    const { base, avenants: amendments } = loadTerms(ctx.db, conventionId);
    return termsInForce(base, amendments, date);
  },

  'avenants.list'({ conventionId }, ctx) {
    conventionRow(ctx.db, conventionId);
    return listAvenants(ctx.db, conventionId);
  },

  'avenants.create'(input, ctx) {
    const { convention, years } = conventionWithYears(ctx.db, input.conventionId);
    const definitions = new Map(
      definitionsOf(ctx.db, input.conventionId).map((row) => [row.id, row]),
    );
    const errors: FieldError[] = [];
    // An annual financial avenant is often signed in spring and effective from 1 January:
    // an effective date before the signature is normal, one before the convention is not.
    if (input.effectiveFrom < convention.startDate) {
      errors.push({
        path: 'effectiveFrom',
        message: `La convention commence le ${formatDate(convention.startDate)} : l'avenant ne peut pas prendre effet avant.`,
      });
    }
    if (input.effectiveFrom > convention.endDate) {
      errors.push({
        path: 'effectiveFrom',
        message: `La convention se termine le ${formatDate(convention.endDate)} : l'avenant doit prendre effet avant.`,
      });
    }
    const seen = new Set<string>();
    input.changes.forEach((change, index) => {
      if (change.yearIndex > years.length) {
        errors.push({
          path: `changes.${index}.yearIndex`,
          message: `La convention ne compte que ${years.length} année(s).`,
        });
      }
      const key =
        change.kind === 'target'
          ? `t${change.indicatorId}:${change.yearIndex}`
          : change.kind === 'budgetLine'
            ? `b${change.row}:${change.yearIndex}`
            : `c${change.yearIndex}`;
      if (seen.has(key)) {
        errors.push({
          path: `changes.${index}`,
          message: 'Cette valeur est modifiée deux fois dans le même avenant.',
        });
      }
      seen.add(key);
      if (change.kind === 'target') {
        const definition = definitions.get(change.indicatorId);
        if (!definition) {
          errors.push({
            path: `changes.${index}.indicatorId`,
            message: "Cet indicateur n'appartient pas à la convention.",
          });
        } else if (definition.unit === 'percent' && change.value > 100) {
          errors.push({
            path: `changes.${index}.value`,
            message: `${definition.code} : un pourcentage ne dépasse pas 100.`,
          });
        }
      }
    });
    if (errors.length > 0) throw AppError.validation(errors);

    const number = nextAvenantNumber(listAvenants(ctx.db, input.conventionId));
    const inserted = ctx.db
      .insert(avenants)
      .values({
        conventionId: input.conventionId,
        number,
        signedOn: input.signedOn,
        effectiveFrom: input.effectiveFrom,
        object: input.object,
        createdBy: ctx.userName ?? 'inconnu',
      })
      .returning({ id: avenants.id })
      .get();
    for (const change of input.changes) {
      ctx.db
        .insert(avenantChanges)
        .values(
          change.kind === 'target'
            ? {
                avenantId: inserted.id,
                kind: 'target',
                indicatorId: change.indicatorId,
                yearIndex: change.yearIndex,
                value: change.value,
              }
            : change.kind === 'budgetLine'
              ? {
                  avenantId: inserted.id,
                  kind: 'budgetLine',
                  yearIndex: change.yearIndex,
                  amountCents: change.amountCents,
                  budgetRow: change.row,
                }
              : {
                  avenantId: inserted.id,
                  kind: 'stateContribution',
                  yearIndex: change.yearIndex,
                  amountCents: change.amountCents,
                },
        )
        .run();
    }
    ctx.audit.created('avenant', `n° ${number}`, input.conventionId, {
      numero: number,
      signeLe: input.signedOn,
      effetLe: input.effectiveFrom,
      objet: input.object,
      modifications: input.changes.map((change) =>
        change.kind === 'target'
          ? `${definitions.get(change.indicatorId)?.code ?? change.indicatorId} année ${change.yearIndex} → ${change.value}`
          : change.kind === 'budgetLine'
            ? `budget ${change.row} année ${change.yearIndex} → ${change.amountCents} centimes`
            : `contribution de l'État année ${change.yearIndex} → ${change.amountCents} centimes`,
      ),
    });
    return { id: inserted.id, number };
  },

  'dashboard.get'({ conventionId, today }, ctx) {
    // Also read by the watch list: computed once per change.
    return cachedQuery(ctx.db, 'dashboard.get', `${conventionId}:${today}`, () => {
      const { years } = conventionWithYears(ctx.db, conventionId);
      const active = definitionsOf(ctx.db, conventionId).filter((row) => row.active);
      const { base, avenants: amendments } = loadTerms(ctx.db, conventionId);
      const inForce = termsInForce(base, amendments, today);
      const activeIds = new Set(active.map((row) => row.id));
      return {
        years: years.map((year) => ({
          index: year.index,
          label: year.label,
          start: year.start,
          end: year.end,
          partial: year.partial,
          indicatorsActive: active.length,
          targetsSet: inForce.targets.filter(
            (target) => target.yearIndex === year.index && activeIds.has(target.indicatorId),
          ).length,
          stateContributionCents:
            inForce.contributions.find((contribution) => contribution.yearIndex === year.index)
              ?.amountCents ?? null,
          reportDue: year.reportDue,
          daysToReport: daysBetween(today, year.reportDue),
          status:
            today < year.start
              ? ('upcoming' as const)
              : today <= year.end
                ? ('current' as const)
                : ('closed' as const),
        })),
        nextDeadline: nextDeadline(years, today),
      };
    });
  },
} satisfies HandlerGroup<
  | 'indicators.list'
  | 'indicators.save'
  | 'targets.set'
  | 'terms.inForce'
  | 'avenants.list'
  | 'avenants.create'
  | 'dashboard.get'
>;
