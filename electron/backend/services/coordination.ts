/** Volet 4: partners, coordination actions and committees attended. */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { AppError } from '../../../shared/errors';
import { auditLog, coordinationEvents, partners } from '../db/schema';
import type { BaseContext, MutationContext } from '../context';
import type { HandlerGroup } from '../handlerTypes';
import { conventionRow } from './lookup';
import { bumpVersion, refuseStaleVersion, requireVersion, staleVersionError } from './versions';

/**
 * The audit ids a partner's latest change may be logged under. The log names a partner by
 * its name, and a rename is logged under the name it had: a colleague's rename to the name
 * the partner has now is found through the row that set it.
 */
function partnerAuditIds(ctx: MutationContext, conventionId: number, name: string): string[] {
  const renamedFrom = ctx.db
    .select({ entityId: auditLog.entityId })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.conventionId, conventionId),
        eq(auditLog.entity, 'partenaire'),
        eq(auditLog.field, 'name'),
        eq(auditLog.newValue, name),
      ),
    )
    .all();
  return [name, ...renamedFrom.map((row) => row.entityId)];
}

export const coordinationHandlers = {
  'partners.list'({ conventionId }, ctx) {
    return ctx.db
      .select({
        id: partners.id,
        version: partners.version,
        name: partners.name,
        type: partners.type,
        commune: partners.commune,
      })
      .from(partners)
      .where(eq(partners.conventionId, conventionId))
      .orderBy(asc(partners.name))
      .all();
  },
  'partners.save'({ conventionId, partner }, ctx) {
    // A missing convention is a French 404, not SQLite's foreign-key failure.
    conventionRow(ctx.db, conventionId);
    const { id, version, ...values } = partner;
    if (id === undefined) {
      const inserted = ctx.db
        .insert(partners)
        .values({ conventionId, ...values })
        .returning({ id: partners.id })
        .get();
      ctx.audit.created('partenaire', values.name, conventionId, values);
      return { id: inserted.id, version: 1 };
    }
    const expected = requireVersion(version, 'partner.version');
    const before = ctx.db
      .select()
      .from(partners)
      .where(and(eq(partners.id, id), eq(partners.conventionId, conventionId)))
      .get();
    if (!before) throw AppError.notFound('Ce partenaire est introuvable.');
    const trail = {
      conventionId,
      entities: ['partenaire'],
      entityIds: partnerAuditIds(ctx, conventionId, before.name),
    };
    const current = () => ({ id, name: before.name, type: before.type, commune: before.commune });
    refuseStaleVersion(ctx, before.version, expected, trail, current);
    if (ctx.audit.updated('partenaire', before.name, conventionId, before, values) === 0)
      return { id, version: before.version };
    ctx.db.update(partners).set(values).where(eq(partners.id, id)).run();
    const saved = bumpVersion(ctx, partners, partners.id, id, before.version, () =>
      staleVersionError(ctx, trail, { ...current(), version: before.version }),
    );
    return { id, version: saved };
  },
  'coordination.list'({ conventionId }, ctx) {
    return ctx.db
      .select()
      .from(coordinationEvents)
      .where(eq(coordinationEvents.conventionId, conventionId))
      .orderBy(desc(coordinationEvents.date), desc(coordinationEvents.id))
      .all()
      .map((row) => ({
        id: row.id,
        version: row.version,
        date: row.date,
        kind: row.kind as 'coordination',
        title: row.title,
        decisions: row.decisions,
        partnerIds: JSON.parse(row.partnerIds) as number[],
      }));
  },
  'partners.delete'({ id }, ctx) {
    const row = ctx.db.select().from(partners).where(eq(partners.id, id)).get();
    if (!row) throw AppError.notFound('Ce partenaire est introuvable.');
    // Refused rather than silently unlinked: an action's list of partners is what the user
    // typed, and the annex names them; the user removes the partner from those actions first.
    const linked = ctx.db
      .select({ title: coordinationEvents.title, partnerIds: coordinationEvents.partnerIds })
      .from(coordinationEvents)
      .where(eq(coordinationEvents.conventionId, row.conventionId))
      .all()
      .filter((event) => (JSON.parse(event.partnerIds) as number[]).includes(id));
    if (linked.length > 0) {
      throw AppError.validation([
        {
          path: 'id',
          message:
            `Le partenaire « ${row.name} » est cité dans ${linked.length} action(s) de ` +
            `coordination (${linked.map((event) => `« ${event.title} »`).join(', ')}) : ` +
            'retirez-le de ces actions avant de le supprimer.',
        },
      ]);
    }
    ctx.db.delete(partners).where(eq(partners.id, id)).run();
    ctx.audit.deleted('partenaire', row.name, row.conventionId, row);
    return { ok: true as const };
  },
  'coordination.add'(input, ctx) {
    conventionRow(ctx.db, input.conventionId);
    checkPartners(ctx, input.conventionId, input.partnerIds);
    const { conventionId, partnerIds, ...values } = input;
    const inserted = ctx.db
      .insert(coordinationEvents)
      .values({ conventionId, ...values, partnerIds: partnerIdsJson(partnerIds) })
      .returning({ id: coordinationEvents.id })
      .get();
    ctx.audit.created('coordination', inserted.id, conventionId, {
      ...values,
      partenaires: partnerIds,
    });
    return { id: inserted.id };
  },
  'coordination.update'(input, ctx) {
    const { id, version, conventionId, partnerIds, ...values } = input;
    const before = ctx.db
      .select()
      .from(coordinationEvents)
      .where(and(eq(coordinationEvents.id, id), eq(coordinationEvents.conventionId, conventionId)))
      .get();
    if (!before) throw AppError.notFound('Cette action de coordination est introuvable.');
    const trail = { conventionId, entities: ['coordination'], entityIds: [id] };
    const { date, kind, title, decisions } = before;
    const current = () => ({
      conventionId,
      date,
      kind,
      title,
      decisions,
      partnerIds: JSON.parse(before.partnerIds) as number[],
    });
    refuseStaleVersion(ctx, before.version, version, trail, current);
    checkPartners(ctx, conventionId, partnerIds);
    const after = { ...values, partnerIds: partnerIdsJson(partnerIds) };
    const previous = { date, kind, title, decisions, partnerIds: before.partnerIds };
    if (ctx.audit.updated('coordination', id, conventionId, previous, after) === 0) {
      return { ok: true as const, version: before.version };
    }
    ctx.db.update(coordinationEvents).set(after).where(eq(coordinationEvents.id, id)).run();
    const saved = bumpVersion(
      ctx,
      coordinationEvents,
      coordinationEvents.id,
      id,
      before.version,
      () => staleVersionError(ctx, trail, { ...current(), version: before.version }),
    );
    return { ok: true as const, version: saved };
  },
  'coordination.delete'({ id }, ctx) {
    const row = ctx.db.select().from(coordinationEvents).where(eq(coordinationEvents.id, id)).get();
    if (!row) throw AppError.notFound('Cette action de coordination est introuvable.');
    ctx.db.delete(coordinationEvents).where(eq(coordinationEvents.id, id)).run();
    ctx.audit.deleted('coordination', id, row.conventionId, row);
    return { ok: true as const };
  },
} satisfies HandlerGroup<
  | 'partners.list'
  | 'partners.save'
  | 'partners.delete'
  | 'coordination.list'
  | 'coordination.add'
  | 'coordination.update'
  | 'coordination.delete'
>;

/** Every partner named must belong to the convention (nothing written otherwise). */
function checkPartners(ctx: BaseContext, conventionId: number, partnerIds: number[]): void {
  const known = partnerIds.length
    ? ctx.db
        .select({ id: partners.id })
        .from(partners)
        .where(and(eq(partners.conventionId, conventionId), inArray(partners.id, partnerIds)))
        .all()
    : [];
  if (known.length !== new Set(partnerIds).size) {
    throw AppError.validation([
      { path: 'partnerIds', message: "Un des partenaires n'appartient pas à cette convention." },
    ]);
  }
}

/** Stored deduplicated and sorted, so an unchanged list compares equal in the audit. */
function partnerIdsJson(partnerIds: number[]): string {
  return JSON.stringify([...new Set(partnerIds)].sort((a, b) => a - b));
}
