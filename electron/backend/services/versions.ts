/**
 * Optimistic locking for records edited in place. Every such record carries a `version`
 * (migration 0012); an update call sends the version its form was loaded from. Saving over
 * a newer version is refused with a CONFLICT that names who changed the record and when
 * (from the audit log) and carries the current values: nothing is overwritten silently,
 * whether the other writer is a colleague on the team server or a second window.
 */
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { AppError } from '../../../shared/errors';
import { formatChangedAt } from '../../../shared/format';
import type { BaseContext, MutationContext } from '../context';
import { auditLog } from '../db/schema';

/** Where the audit log records the record's changes. */
export interface AuditTrail {
  conventionId: number | null;
  /** Audit entities that change the record (a person: 'personne', 'identité'). */
  entities: string[];
  /** Its audit entity ids (a person's file number, before and after a renumbering). */
  entityIds: (string | number)[];
}

/** Who made the record's latest logged change, and when. */
export function lastChange(ctx: BaseContext, trail: AuditTrail) {
  return ctx.db
    .select({ user: auditLog.user, at: auditLog.at })
    .from(auditLog)
    .where(
      and(
        trail.conventionId === null
          ? isNull(auditLog.conventionId)
          : eq(auditLog.conventionId, trail.conventionId),
        inArray(auditLog.entity, trail.entities),
        inArray(
          auditLog.entityId,
          trail.entityIds.map((entityId) => String(entityId)),
        ),
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(1)
    .get();
}

export function staleVersionError(
  ctx: BaseContext,
  trail: AuditTrail,
  current: Record<string, unknown>,
): AppError {
  const change = lastChange(ctx, trail);
  const who = change
    ? `par ${change.user} à ${formatChangedAt(change.at, ctx.now())}`
    : 'par un autre utilisateur';
  return AppError.staleVersion(
    `Cette fiche a été modifiée ${who} : vos changements n'ont pas été enregistrés. ` +
      'Voici les valeurs actuelles.',
    current,
  );
}

/**
 * Refuses the save when the stored version is not the one the form was loaded from. Runs
 * before anything is written or logged, so the latest audit row is the other writer's.
 * `expected` undefined: a writer without a form (an import), which always applies.
 */
export function refuseStaleVersion(
  ctx: BaseContext,
  stored: number,
  expected: number | undefined,
  trail: AuditTrail,
  current: () => Record<string, unknown>,
): void {
  if (expected !== undefined && stored !== expected) {
    throw staleVersionError(ctx, trail, { ...current(), version: stored });
  }
}

/**
 * `UPDATE table SET version = version + 1 WHERE id = ? AND version = ?`: the write that
 * claims the version. No row changed means someone saved in between: CONFLICT, and the
 * call's transaction rolls back whatever it wrote. Returns the new version.
 */
export function bumpVersion(
  ctx: MutationContext,
  table: SQLiteTable & { version: SQLiteColumn },
  key: SQLiteColumn,
  id: number,
  stored: number,
  refusal: () => AppError,
): number {
  const result = ctx.db
    .update(table)
    .set({ version: sql`${table.version} + 1` } as never)
    .where(and(eq(key, id), eq(table.version, stored)))
    .run();
  if (result.changes !== 1) throw refusal();
  return stored + 1;
}

/**
 * The `save` upserts (payments, supports, de minimis aids, partners) create without a
 * version and edit with one: an edit without it is refused in French, before anything is
 * written, rather than saved unchecked over someone else's change.
 */
export function requireVersion(version: number | undefined, path: string): number {
  if (version === undefined)
    throw AppError.validation([{ path, message: 'Version de la fiche manquante.' }]);
  return version;
}
