/**
 * Personal data (GDPR): retention and purge of identities, access export and erasure on
 * request, and the register of those requests. Purge and erasure keep the anonymous
 * pathway, so the indicators of past years do not move. Once either has committed, the
 * backend truncates the WAL and rewrites every backup copy without the erased identities
 * (backend.ts → backups.scrubCopies); freed pages are zeroed (secure_delete, db/open.ts).
 */
import { and, desc, eq, isNull, like, lte, or } from 'drizzle-orm';
import { addMonths } from 'date-fns';
import { fromIso, toIso } from '../../../shared/domain/conventionYears';
import { AppError } from '../../../shared/errors';
import { formatDate } from '../../../shared/format';
import type { MutationContext } from '../context';
import type { Db } from '../db/open';
import {
  auditLog,
  conventions,
  pathways,
  personIdentities,
  persons,
  privacyRegister,
} from '../db/schema';
import type { HandlerGroup } from '../handlerTypes';
import { conventionRow } from './lookup';
import { personRow } from './people';
import { peopleHandlers } from './people';

/** What the register says an erasure reaches (see backend.ts, forgetErasedIdentities). */
export const ERASED_EVERYWHERE =
  'Effacée de la base, de son journal et de toutes les copies de sauvegarde (réécrites, ou supprimées si illisibles).';

/** Exits on or before the cutoff have passed the retention period. */
function purgeCutoff(today: string, retentionMonths: number) {
  return toIso(addMonths(fromIso(today), -retentionMonths));
}

function purgeCandidates(db: Db, conventionId: number, cutoff: string) {
  return db
    .select({ id: persons.id, fileNumber: persons.fileNumber })
    .from(persons)
    .innerJoin(pathways, eq(pathways.personId, persons.id))
    .innerJoin(personIdentities, eq(personIdentities.personId, persons.id))
    .where(
      and(
        eq(persons.conventionId, conventionId),
        isNull(persons.anonymisedAt),
        lte(pathways.exitDate, cutoff),
      ),
    )
    .orderBy(persons.fileNumber)
    .all();
}

function register(
  ctx: MutationContext,
  conventionId: number,
  kind: 'access' | 'erasure' | 'purge',
  fileNumber: string,
  details: string,
) {
  ctx.db
    .insert(privacyRegister)
    .values({
      conventionId,
      at: ctx.now().toISOString(),
      user: ctx.userName ?? 'inconnu',
      kind,
      fileNumber,
      details,
    })
    .run();
}

function anonymise(
  ctx: MutationContext,
  personId: number,
  conventionId: number,
  fileNumber: string,
  why: string,
) {
  ctx.db.delete(personIdentities).where(eq(personIdentities.personId, personId)).run();
  ctx.db
    .update(persons)
    .set({ anonymisedAt: ctx.now().toISOString() })
    .where(eq(persons.id, personId))
    .run();
  ctx.audit.updated(
    'identité',
    fileNumber,
    conventionId,
    { identite: 'renseignée' },
    { identite: `effacée (${why})` },
  );
}

export const privacyHandlers = {
  'privacy.updateSettings'({ conventionId, retentionMonths, smallCellThreshold }, ctx) {
    const before = conventionRow(ctx.db, conventionId);
    const changed = ctx.audit.updated(
      'convention',
      conventionId,
      conventionId,
      { retentionMonths: before.retentionMonths, smallCellThreshold: before.smallCellThreshold },
      { retentionMonths, smallCellThreshold },
    );
    if (changed > 0) {
      ctx.db
        .update(conventions)
        .set({ retentionMonths, smallCellThreshold })
        .where(eq(conventions.id, conventionId))
        .run();
    }
    return { ok: true as const };
  },
  'privacy.purgePreview'({ conventionId, today }, ctx) {
    const cutoff = purgeCutoff(today, conventionRow(ctx.db, conventionId).retentionMonths);
    const candidates = purgeCandidates(ctx.db, conventionId, cutoff);
    return {
      cutoff,
      count: candidates.length,
      fileNumbers: candidates.slice(0, 200).map((c) => c.fileNumber),
    };
  },
  'privacy.purge'({ conventionId, today }, ctx) {
    const settings = conventionRow(ctx.db, conventionId);
    const cutoff = purgeCutoff(today, settings.retentionMonths);
    const candidates = purgeCandidates(ctx.db, conventionId, cutoff);
    for (const candidate of candidates) {
      anonymise(
        ctx,
        candidate.id,
        conventionId,
        candidate.fileNumber,
        `durée de conservation de ${settings.retentionMonths} mois dépassée`,
      );
    }
    if (candidates.length > 0) {
      register(
        ctx,
        conventionId,
        'purge',
        '',
        `${candidates.length} identité(s) effacée(s) : sorties au plus tard le ${formatDate(cutoff)}. ${ERASED_EVERYWHERE}`,
      );
    }
    return { purged: candidates.length };
  },
  'privacy.exportPerson'({ personId }, ctx) {
    const person = personRow(ctx.db, personId);
    const detail = peopleHandlers['people.get'](
      { id: personId, today: ctx.today() },
      { ...ctx, kind: 'query' },
    );
    const history = ctx.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.conventionId, person.conventionId),
          or(
            eq(auditLog.entityId, person.fileNumber),
            like(auditLog.entityId, `${person.fileNumber}/%`),
          ),
        ),
      )
      .orderBy(auditLog.id)
      .all();
    register(
      ctx,
      person.conventionId,
      'access',
      person.fileNumber,
      'Export de toutes les données détenues (droit d’accès).',
    );
    const content = JSON.stringify(
      {
        exporteLe: ctx.now().toISOString(),
        exportePar: ctx.userName,
        objet: "Données détenues par l'opérateur sur cette personne (droit d'accès, RGPD art. 15)",
        dossier: detail,
        historique: history,
      },
      null,
      2,
    );
    return { fileName: `donnees-${person.fileNumber}.json`, content };
  },
  'privacy.erasePerson'({ personId, reason }, ctx) {
    const person = personRow(ctx.db, personId);
    if (person.anonymisedAt) {
      throw AppError.validation([
        {
          path: 'personId',
          message: `L'identité du dossier ${person.fileNumber} a déjà été effacée.`,
        },
      ]);
    }
    anonymise(ctx, personId, person.conventionId, person.fileNumber, 'demande de la personne');
    register(
      ctx,
      person.conventionId,
      'erasure',
      person.fileNumber,
      `${reason} — ${ERASED_EVERYWHERE}`,
    );
    return { ok: true as const };
  },
  'privacy.register'({ conventionId }, ctx) {
    return ctx.db
      .select()
      .from(privacyRegister)
      .where(eq(privacyRegister.conventionId, conventionId))
      .orderBy(desc(privacyRegister.id))
      .all()
      .map((row) => ({
        id: row.id,
        at: row.at,
        user: row.user,
        kind: row.kind,
        fileNumber: row.fileNumber,
        details: row.details,
      }));
  },
} satisfies HandlerGroup<
  | 'privacy.updateSettings'
  | 'privacy.purgePreview'
  | 'privacy.purge'
  | 'privacy.exportPerson'
  | 'privacy.erasePerson'
  | 'privacy.register'
>;
