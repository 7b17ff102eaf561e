/**
 * People and their pathways: the pseudonymous person, their identity (kept apart), the
 * pathway dates, barriers and actions. Identity values never go to the audit log — only
 * the fact that they changed — so a purge really removes them.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  identityInput,
  pathwayInput,
  PersonDetail,
  personInput,
  PersonRow,
} from '../../../shared/contract/people';
import { barrierLiftIssue } from '../../../shared/domain/barrierRules';
import { birthYearInFuture, INVALID_BIRTH_YEAR } from '../../../shared/domain/birthYear';
import { pathwayWarnings } from '../../../shared/domain/pathwayWarnings';
import { normaliseText } from '../../../shared/domain/peopleLists';
import { AppError } from '../../../shared/errors';
import type { MutationContext } from '../context';
import type { Db } from '../db/open';
import { barriers, personActions, personIdentities, pathways, persons } from '../db/schema';
import type { HandlerGroup } from '../handlerTypes';
import { conventionRow } from './lookup';
import {
  PERSON_TOPICS,
  readPersonRecords,
  stageOf,
  type PersonRecordRow,
} from './personRecords';
import { cachedRead } from './readCache';
import { bumpVersion, refuseStaleVersion, staleVersionError } from './versions';

export type PersonValues = z.output<typeof personInput>;
export type IdentityValues = z.output<typeof identityInput>;
export type PathwayValues = z.output<typeof pathwayInput>;

const emptyIdentity: IdentityValues = { lastName: '', firstName: '', phone: '', email: '' };

export function personColumns(values: PersonValues) {
  return {
    fileNumber: values.fileNumber,
    sex: values.sex,
    birthYear: values.birthYear,
    commune: values.commune,
    inseeCode: values.inseeCode,
    qpv: values.qpv,
    qpvName: values.qpvName,
    zrr: values.zrr,
    eligibilityGround: values.eligibilityGround,
    lastReferentContact: values.lastReferentContact,
    situationFlags: JSON.stringify([...values.situationFlags].sort()),
  };
}

export function pathwayColumns(values: PathwayValues) {
  return {
    identifiedOn: values.identifiedOn,
    identificationChannel: values.identificationChannel,
    remobilisationStart: values.remobilisationStart,
    accompanimentStart: values.accompanimentStart,
    plannedEnd: values.plannedEnd,
    extendedUntil: values.extendedUntil,
    extensionReason: values.extensionReason,
    exitDate: values.exitDate,
    exitType: values.exitType,
    exitPartner: values.exitPartner,
    followUpDate: values.followUpDate,
    followUpSituation: values.followUpSituation,
    referent: values.referent,
  };
}

const hasIdentity = (identity: IdentityValues) =>
  Object.values(identity).some((value) => value.trim() !== '');

/** Only which identity fields changed, never their values. */
function auditIdentity(
  ctx: MutationContext,
  conventionId: number,
  fileNumber: string,
  before: IdentityValues,
  after: IdentityValues,
) {
  const changed = (Object.keys(after) as (keyof IdentityValues)[]).filter(
    (key) => before[key] !== after[key],
  );
  if (changed.length > 0) {
    ctx.audit.updated(
      'identité',
      fileNumber,
      conventionId,
      { champs: null },
      { champs: `${changed.join(', ')} (valeurs non journalisées)` },
    );
  }
}

export function personRow(db: Db, personId: number) {
  const row = db.select().from(persons).where(eq(persons.id, personId)).get();
  if (!row)
    throw AppError.notFound(
      'Cette personne est introuvable (son dossier a peut-être été supprimé).',
    );
  return row;
}

function readIdentity(db: Db, personId: number): IdentityValues | null {
  const row = db
    .select()
    .from(personIdentities)
    .where(eq(personIdentities.personId, personId))
    .get();
  return row
    ? { lastName: row.lastName, firstName: row.firstName, phone: row.phone, email: row.email }
    : null;
}

function writeIdentity(db: Db, personId: number, identity: IdentityValues) {
  if (!hasIdentity(identity)) {
    db.delete(personIdentities).where(eq(personIdentities.personId, personId)).run();
    return;
  }
  db.insert(personIdentities)
    .values({ personId, ...identity })
    .onConflictDoUpdate({ target: personIdentities.personId, set: identity })
    .run();
}

function assertFreeFileNumber(
  db: Db,
  conventionId: number,
  fileNumber: string,
  exceptId: number | null,
) {
  const existing = db
    .select({ id: persons.id })
    .from(persons)
    .where(and(eq(persons.conventionId, conventionId), eq(persons.fileNumber, fileNumber)))
    .get();
  if (existing && existing.id !== exceptId) {
    throw AppError.validation([
      {
        path: 'person.fileNumber',
        message: `Le n° de dossier ${fileNumber} existe déjà dans cette convention.`,
      },
    ]);
  }
}

/** The contract checks the lower bound; the upper one is the backend's current year. */
function refuseFutureBirthYear(person: PersonValues, today: string) {
  if (birthYearInFuture(person.birthYear, today)) {
    throw AppError.validation([{ path: 'person.birthYear', message: INVALID_BIRTH_YEAR }]);
  }
}

export function insertPerson(
  ctx: MutationContext,
  conventionId: number,
  person: PersonValues,
  identity: IdentityValues,
  pathway: PathwayValues,
): number {
  assertFreeFileNumber(ctx.db, conventionId, person.fileNumber, null);
  const inserted = ctx.db
    .insert(persons)
    .values({ conventionId, ...personColumns(person) })
    .returning({ id: persons.id })
    .get();
  writeIdentity(ctx.db, inserted.id, identity);
  ctx.db
    .insert(pathways)
    .values({ personId: inserted.id, ...pathwayColumns(pathway) })
    .run();
  ctx.audit.created(
    'personne',
    person.fileNumber,
    conventionId,
    createdValues(person, identity, pathway),
  );
  return inserted.id;
}

/** What the audit log records for a new person (the import's bulk writer logs the same). */
export function createdValues(
  person: PersonValues,
  identity: IdentityValues,
  pathway: PathwayValues,
) {
  return {
    ...personColumns(person),
    ...pathwayColumns(pathway),
    identite: hasIdentity(identity) ? 'renseignée (valeurs non journalisées)' : null,
  };
}

/** The person as a form edits it (people.update's input), for a conflict's current values. */
function currentPerson(db: Db, personId: number) {
  const row = personRow(db, personId);
  return { person: personValuesOf(row), identity: readIdentity(db, personId) ?? emptyIdentity };
}

/** A person's changes in the audit log, under their file number before and after a renumbering. */
const personTrail = (conventionId: number, ...fileNumbers: string[]) => ({
  conventionId,
  entities: ['personne', 'identité'],
  entityIds: fileNumbers,
});

/**
 * Returns how many fields changed (0: nothing written). `expectedVersion`: the version the
 * form was loaded from (undefined for an import); the version moves on any change.
 */
export function updatePerson(
  ctx: MutationContext,
  personId: number,
  person: PersonValues,
  identity: IdentityValues | null,
  expectedVersion?: number,
): number {
  const before = personRow(ctx.db, personId);
  const trail = personTrail(before.conventionId, before.fileNumber, person.fileNumber);
  refuseStaleVersion(ctx, before.version, expectedVersion, trail, () =>
    currentPerson(ctx.db, personId),
  );
  assertFreeFileNumber(ctx.db, before.conventionId, person.fileNumber, personId);
  const beforeColumns = {
    fileNumber: before.fileNumber,
    sex: before.sex,
    birthYear: before.birthYear,
    commune: before.commune,
    inseeCode: before.inseeCode,
    qpv: before.qpv,
    qpvName: before.qpvName,
    zrr: before.zrr,
    eligibilityGround: before.eligibilityGround,
    lastReferentContact: before.lastReferentContact,
    situationFlags: before.situationFlags,
  };
  const after = personColumns(person);
  let changed = ctx.audit.updated(
    'personne',
    before.fileNumber,
    before.conventionId,
    beforeColumns,
    after,
  );
  if (changed > 0) {
    ctx.db
      .update(persons)
      .set({ ...after, updatedAt: ctx.now().toISOString() })
      .where(eq(persons.id, personId))
      .run();
  }
  if (identity) {
    if (before.anonymisedAt) {
      if (hasIdentity(identity)) {
        throw AppError.validation([
          {
            path: 'identity',
            message: "L'identité de cette personne a été effacée : elle ne peut plus être saisie.",
          },
        ]);
      }
    } else {
      const beforeIdentity = readIdentity(ctx.db, personId) ?? emptyIdentity;
      auditIdentity(ctx, before.conventionId, person.fileNumber, beforeIdentity, identity);
      writeIdentity(ctx.db, personId, identity);
      changed += (Object.keys(identity) as (keyof IdentityValues)[]).filter(
        (key) => beforeIdentity[key] !== identity[key],
      ).length;
    }
  }
  if (changed > 0) {
    bumpVersion(ctx, persons, persons.id, personId, before.version, () =>
      staleVersionError(ctx, trail, { ...currentPerson(ctx.db, personId) }),
    );
  }
  return changed;
}

/** `expectedVersion`: the version the form was loaded from (undefined for an import). */
export function updatePathway(
  ctx: MutationContext,
  personId: number,
  pathway: PathwayValues,
  expectedVersion?: number,
): number {
  const person = personRow(ctx.db, personId);
  const before = ctx.db.select().from(pathways).where(eq(pathways.personId, personId)).get();
  const after = pathwayColumns(pathway);
  const trail = {
    conventionId: person.conventionId,
    entities: ['parcours'],
    entityIds: [person.fileNumber],
  };
  if (before) {
    refuseStaleVersion(ctx, before.version, expectedVersion, trail, () => ({
      pathway: pathwayValuesOf(before),
    }));
  }
  if (!before) {
    ctx.db
      .insert(pathways)
      .values({ personId, ...after })
      .run();
    ctx.audit.created('parcours', person.fileNumber, person.conventionId, after);
    return Object.keys(after).length;
  }
  const changed = ctx.audit.updated(
    'parcours',
    person.fileNumber,
    person.conventionId,
    before,
    after,
  );
  if (changed > 0) {
    ctx.db.update(pathways).set(after).where(eq(pathways.personId, personId)).run();
    bumpVersion(ctx, pathways, pathways.id, before.id, before.version, () =>
      staleVersionError(ctx, trail, { pathway: pathwayValuesOf(before) }),
    );
  }
  return changed;
}

function pathwayValuesOf(pathway: typeof pathways.$inferSelect | undefined) {
  return {
    identifiedOn: pathway?.identifiedOn ?? null,
    identificationChannel: pathway?.identificationChannel ?? null,
    remobilisationStart: pathway?.remobilisationStart ?? null,
    accompanimentStart: pathway?.accompanimentStart ?? null,
    plannedEnd: pathway?.plannedEnd ?? null,
    extendedUntil: pathway?.extendedUntil ?? null,
    extensionReason: pathway?.extensionReason ?? '',
    exitDate: pathway?.exitDate ?? null,
    exitType: pathway?.exitType ?? null,
    exitPartner: pathway?.exitPartner ?? '',
    followUpDate: pathway?.followUpDate ?? null,
    followUpSituation: pathway?.followUpSituation ?? null,
    referent: pathway?.referent ?? '',
  };
}

function personValuesOf(row: typeof persons.$inferSelect) {
  return {
    fileNumber: row.fileNumber,
    sex: row.sex as PersonDetail['person']['sex'],
    birthYear: row.birthYear,
    commune: row.commune,
    inseeCode: row.inseeCode,
    qpv: row.qpv,
    qpvName: row.qpvName,
    zrr: row.zrr,
    eligibilityGround: row.eligibilityGround as PersonDetail['person']['eligibilityGround'],
    lastReferentContact: row.lastReferentContact,
    situationFlags: JSON.parse(row.situationFlags) as string[],
  };
}

function readDetail(db: Db, personId: number, today: string): PersonDetail {
  const row = personRow(db, personId);
  const pathway = db.select().from(pathways).where(eq(pathways.personId, personId)).get();
  const [record] = readPersonRecords(db, row.conventionId, personId);
  return {
    id: row.id,
    conventionId: row.conventionId,
    person: personValuesOf(row),
    identity: readIdentity(db, personId),
    pathway: pathwayValuesOf(pathway) as PersonDetail['pathway'],
    barriers: db
      .select({
        id: barriers.id,
        version: barriers.version,
        category: barriers.category,
        identifiedOn: barriers.identifiedOn,
        liftedOn: barriers.liftedOn,
      })
      .from(barriers)
      .where(eq(barriers.personId, personId))
      .orderBy(asc(barriers.identifiedOn), asc(barriers.id))
      .all(),
    actions: db
      .select({
        id: personActions.id,
        type: personActions.type,
        date: personActions.date,
        minutes: personActions.minutes,
        volet: personActions.volet,
        staff: personActions.staff,
      })
      .from(personActions)
      .where(eq(personActions.personId, personId))
      .orderBy(asc(personActions.date), asc(personActions.id))
      .all(),
    warnings: record ? pathwayWarnings(record, today) : [],
    anonymisedAt: row.anonymisedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
    pathwayVersion: pathway?.version ?? 1,
  };
}

function barrierOwner(db: Db, barrierId: number) {
  const barrier = db.select().from(barriers).where(eq(barriers.id, barrierId)).get();
  if (!barrier) throw AppError.notFound('Ce frein est introuvable.');
  return { barrier, person: personRow(db, barrier.personId) };
}

/**
 * Every person of the convention as the list shows them, with the counts the filters show.
 * Kept until the database changes: scrolling and typing a search ask for windows of it,
 * and the indicators read the same records.
 */
/**
 * The text a search looks in, per row of `listRows` (file number, commune, referent;
 * accents and case ignored): built at the first search only.
 */
function searchTexts(db: Db, conventionId: number, rows: readonly PersonRow[]) {
  return cachedRead(
    db,
    `peopleSearch:${conventionId}`,
    () => rows.map((row) => normaliseText(`${row.fileNumber} ${row.commune} ${row.referent}`)),
    PERSON_TOPICS,
  );
}

/**
 * Each kept record's row for a day, kept while the record lives: after a change to one
 * person the read cache hands the same record objects for everyone else (readCache.ts).
 */
const rowsByRecord = new WeakMap<PersonRecordRow, { today: string; row: PersonRow }>();

function listRow(record: PersonRecordRow, today: string): PersonRow {
  const kept = rowsByRecord.get(record);
  if (kept?.today === today) return kept.row;
  const row: PersonRow = {
    id: record.id,
    fileNumber: record.fileNumber,
    sex: record.sex,
    birthYear: record.birthYear,
    commune: record.commune,
    qpv: record.qpv,
    zrr: record.zrr,
    stage: stageOf(record.pathway),
    referent: record.referent,
    identifiedOn: record.pathway.identifiedOn,
    accompanimentStart: record.pathway.accompanimentStart,
    exitDate: record.pathway.exitDate,
    warnings: pathwayWarnings(record, today).map((warning) => warning.code),
    anonymised: record.anonymised,
  };
  // Only a frozen record cannot change under its row (the kept ones are).
  if (Object.isFrozen(record)) rowsByRecord.set(record, { today, row });
  return row;
}

function listRows(db: Db, conventionId: number, today: string) {
  return cachedRead(
    db,
    `peopleList:${conventionId}:${today}`,
    () => {
      const rows = readPersonRecords(db, conventionId).map((record) => listRow(record, today));
      const byStage = { identified: 0, remobilisation: 0, accompaniment: 0, exited: 0 };
      let withWarnings = 0;
      for (const row of rows) {
        byStage[row.stage] += 1;
        if (row.warnings.length > 0) withWarnings += 1;
      }
      return { rows, byStage, withWarnings };
    },
    PERSON_TOPICS,
  );
}

export const peopleHandlers = {
  'people.list'({ conventionId, today }, ctx) {
    return listRows(ctx.db, conventionId, today).rows;
  },
  'people.page'(input, ctx) {
    const { rows, byStage, withWarnings } = listRows(ctx.db, input.conventionId, input.today);
    const wanted = normaliseText(input.search);
    const texts = wanted === '' ? [] : searchTexts(ctx.db, input.conventionId, rows);
    const matching: PersonRow[] = [];
    rows.forEach((row, index) => {
      if (
        (input.stage === 'all' || row.stage === input.stage) &&
        (!input.withWarnings || row.warnings.length > 0) &&
        (wanted === '' || texts[index]!.includes(wanted))
      )
        matching.push(row);
    });
    return {
      total: rows.length,
      matching: matching.length,
      offset: input.offset,
      rows: matching.slice(input.offset, input.offset + input.limit),
      byStage,
      withWarnings,
    };
  },
  'people.get'({ id, today }, ctx) {
    return readDetail(ctx.db, id, today);
  },
  'people.create'({ conventionId, person, identity, pathway }, ctx) {
    // A missing convention is a French 404, not SQLite's foreign-key failure.
    conventionRow(ctx.db, conventionId);
    refuseFutureBirthYear(person, ctx.today());
    const id = insertPerson(ctx, conventionId, person, identity, pathway);
    // A person not in the kept list: everyone is read again (patchRecords), in order.
    ctx.changedPeople(id);
    return { id };
  },
  'people.update'({ id, version, person, identity }, ctx) {
    refuseFutureBirthYear(person, ctx.today());
    updatePerson(ctx, id, person, identity, version);
    ctx.changedPeople(id);
    return { ok: true as const, version: personRow(ctx.db, id).version };
  },
  'pathways.update'({ personId, version, pathway }, ctx) {
    updatePathway(ctx, personId, pathway, version);
    ctx.changedPeople(personId);
    const saved = ctx.db.select().from(pathways).where(eq(pathways.personId, personId)).get();
    return { ok: true as const, version: saved?.version ?? 1 };
  },
  'barriers.add'(input, ctx) {
    const person = personRow(ctx.db, input.personId);
    const liftIssue = barrierLiftIssue(input.identifiedOn, input.liftedOn);
    if (liftIssue) throw AppError.validation([{ path: 'liftedOn', message: liftIssue }]);
    const inserted = ctx.db.insert(barriers).values(input).returning({ id: barriers.id }).get();
    ctx.changedPeople(person.id);
    ctx.audit.created('frein', `${person.fileNumber}/${inserted.id}`, person.conventionId, {
      categorie: input.category,
      identifieLe: input.identifiedOn,
      leveLe: input.liftedOn,
    });
    return { id: inserted.id };
  },
  'barriers.update'({ id, version, liftedOn }, ctx) {
    const { barrier, person } = barrierOwner(ctx.db, id);
    const trail = {
      conventionId: person.conventionId,
      entities: ['frein'],
      entityIds: [`${person.fileNumber}/${id}`],
    };
    const current = () => ({ liftedOn: barrier.liftedOn });
    refuseStaleVersion(ctx, barrier.version, version, trail, current);
    const liftIssue = barrierLiftIssue(barrier.identifiedOn, liftedOn);
    if (liftIssue) throw AppError.validation([{ path: 'liftedOn', message: liftIssue }]);
    const changed = ctx.audit.updated(
      'frein',
      `${person.fileNumber}/${id}`,
      person.conventionId,
      { leveLe: barrier.liftedOn },
      { leveLe: liftedOn },
    );
    if (changed === 0) return { ok: true as const, version: barrier.version };
    ctx.db.update(barriers).set({ liftedOn }).where(eq(barriers.id, id)).run();
    ctx.changedPeople(person.id);
    const saved = bumpVersion(ctx, barriers, barriers.id, id, barrier.version, () =>
      staleVersionError(ctx, trail, { ...current(), version: barrier.version }),
    );
    return { ok: true as const, version: saved };
  },
  'barriers.delete'({ id }, ctx) {
    const { barrier, person } = barrierOwner(ctx.db, id);
    ctx.db.delete(barriers).where(eq(barriers.id, id)).run();
    ctx.changedPeople(person.id);
    ctx.audit.deleted('frein', `${person.fileNumber}/${id}`, person.conventionId, barrier);
    return { ok: true as const };
  },
  'actions.add'(input, ctx) {
    const person = personRow(ctx.db, input.personId);
    const inserted = ctx.db
      .insert(personActions)
      .values(input)
      .returning({ id: personActions.id })
      .get();
    ctx.changedPeople(person.id);
    ctx.audit.created('action', `${person.fileNumber}/${inserted.id}`, person.conventionId, {
      type: input.type,
      date: input.date,
      minutes: input.minutes,
      volet: input.volet,
      intervenant: input.staff,
    });
    return { id: inserted.id };
  },
  'actions.delete'({ id }, ctx) {
    const action = ctx.db.select().from(personActions).where(eq(personActions.id, id)).get();
    if (!action) throw AppError.notFound('Cette action est introuvable.');
    const person = personRow(ctx.db, action.personId);
    ctx.db.delete(personActions).where(eq(personActions.id, id)).run();
    ctx.changedPeople(person.id);
    ctx.audit.deleted('action', `${person.fileNumber}/${id}`, person.conventionId, action);
    return { ok: true as const };
  },
} satisfies HandlerGroup<
  | 'people.list'
  | 'people.page'
  | 'people.get'
  | 'people.create'
  | 'people.update'
  | 'pathways.update'
  | 'barriers.add'
  | 'barriers.update'
  | 'barriers.delete'
  | 'actions.add'
  | 'actions.delete'
>;
