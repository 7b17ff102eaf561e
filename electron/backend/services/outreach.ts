/** Volet 1: the outreach log (mostly anonymous contacts), and turning a contact into a person. */
import { desc, eq } from 'drizzle-orm';
import { AppError } from '../../../shared/errors';
import { outreachContacts, persons } from '../db/schema';
import type { HandlerGroup } from '../handlerTypes';
import { conventionRow } from './lookup';
import { insertPerson } from './people';

export const outreachHandlers = {
  'outreach.list'({ conventionId }, ctx) {
    return ctx.db
      .select({ contact: outreachContacts, fileNumber: persons.fileNumber })
      .from(outreachContacts)
      .leftJoin(persons, eq(persons.id, outreachContacts.personId))
      .where(eq(outreachContacts.conventionId, conventionId))
      .orderBy(desc(outreachContacts.date), desc(outreachContacts.id))
      .all()
      .map(({ contact, fileNumber }) => ({
        id: contact.id,
        date: contact.date,
        channel: contact.channel as 'street',
        commune: contact.commune,
        inseeCode: contact.inseeCode,
        qpv: contact.qpv,
        zrr: contact.zrr,
        count: contact.count,
        volet: contact.volet,
        staff: contact.staff,
        personId: contact.personId,
        personFileNumber: fileNumber,
      }));
  },
  'outreach.add'(input, ctx) {
    conventionRow(ctx.db, input.conventionId);
    const inserted = ctx.db
      .insert(outreachContacts)
      .values(input)
      .returning({ id: outreachContacts.id })
      .get();
    const { conventionId, ...values } = input;
    ctx.audit.created('repérage', inserted.id, conventionId, values);
    return { id: inserted.id };
  },
  'outreach.delete'({ id }, ctx) {
    const contact = ctx.db.select().from(outreachContacts).where(eq(outreachContacts.id, id)).get();
    if (!contact) throw AppError.notFound('Ce contact est introuvable.');
    ctx.db.delete(outreachContacts).where(eq(outreachContacts.id, id)).run();
    ctx.audit.deleted('repérage', id, contact.conventionId, contact);
    return { ok: true as const };
  },
  'outreach.toPerson'({ contactId, fileNumber }, ctx) {
    const contact = ctx.db
      .select()
      .from(outreachContacts)
      .where(eq(outreachContacts.id, contactId))
      .get();
    if (!contact) throw AppError.notFound('Ce contact est introuvable.');
    if (contact.personId) {
      throw AppError.validation([{ path: 'contactId', message: 'Ce contact a déjà un dossier.' }]);
    }
    const personId = insertPerson(
      ctx,
      contact.conventionId,
      {
        fileNumber,
        sex: null,
        birthYear: null,
        commune: contact.commune,
        inseeCode: contact.inseeCode,
        qpv: contact.qpv,
        qpvName: '',
        zrr: contact.zrr,
        eligibilityGround: null,
        lastReferentContact: null,
        situationFlags: [],
      },
      { lastName: '', firstName: '', phone: '', email: '' },
      {
        identifiedOn: contact.date,
        identificationChannel: contact.channel as 'street',
        remobilisationStart: null,
        accompanimentStart: null,
        plannedEnd: null,
        extendedUntil: null,
        extensionReason: '',
        exitDate: null,
        exitType: null,
        exitPartner: '',
        followUpDate: null,
        followUpSituation: null,
        referent: contact.staff,
      },
    );
    ctx.db
      .update(outreachContacts)
      .set({ personId })
      .where(eq(outreachContacts.id, contactId))
      .run();
    ctx.audit.updated(
      'repérage',
      contactId,
      contact.conventionId,
      { dossier: null },
      { dossier: fileNumber },
    );
    return { personId };
  },
} satisfies HandlerGroup<
  'outreach.list' | 'outreach.add' | 'outreach.delete' | 'outreach.toPerson'
>;
