/** Volet 4: partners, coordination actions and committees attended. */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { AppError } from '../../../shared/errors';
import { coordinationEvents, partners } from '../db/schema';
import type { HandlerGroup } from '../handlers';
import { conventionRow } from './actuals';

export const coordinationHandlers = {
  'partners.list'({ conventionId }, ctx) {
    return ctx.db
      .select({
        id: partners.id,
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
    const { id, ...values } = partner;
    if (id === undefined) {
      const inserted = ctx.db
        .insert(partners)
        .values({ conventionId, ...values })
        .returning({ id: partners.id })
        .get();
      ctx.audit.created('partenaire', values.name, conventionId, values);
      return { id: inserted.id };
    }
    const before = ctx.db
      .select()
      .from(partners)
      .where(and(eq(partners.id, id), eq(partners.conventionId, conventionId)))
      .get();
    if (!before) throw AppError.notFound('Ce partenaire est introuvable.');
    if (ctx.audit.updated('partenaire', before.name, conventionId, before, values) > 0) {
      ctx.db.update(partners).set(values).where(eq(partners.id, id)).run();
    }
    return { id };
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
        date: row.date,
        kind: row.kind as 'coordination',
        title: row.title,
        decisions: row.decisions,
        partnerIds: JSON.parse(row.partnerIds) as number[],
      }));
  },
  'coordination.add'(input, ctx) {
    conventionRow(ctx.db, input.conventionId);
    const known = input.partnerIds.length
      ? ctx.db
          .select({ id: partners.id })
          .from(partners)
          .where(
            and(
              eq(partners.conventionId, input.conventionId),
              inArray(partners.id, input.partnerIds),
            ),
          )
          .all()
      : [];
    if (known.length !== new Set(input.partnerIds).size) {
      throw AppError.validation([
        { path: 'partnerIds', message: "Un des partenaires n'appartient pas à cette convention." },
      ]);
    }
    const { conventionId, partnerIds, ...values } = input;
    const inserted = ctx.db
      .insert(coordinationEvents)
      .values({
        conventionId,
        ...values,
        partnerIds: JSON.stringify([...new Set(partnerIds)].sort((a, b) => a - b)),
      })
      .returning({ id: coordinationEvents.id })
      .get();
    ctx.audit.created('coordination', inserted.id, conventionId, {
      ...values,
      partenaires: partnerIds,
    });
    return { id: inserted.id };
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
  | 'coordination.list'
  | 'coordination.add'
  | 'coordination.delete'
>;
